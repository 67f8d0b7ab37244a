"""``attn-teach practice``: progress, check, hint, watch and solution, in the learner's language.

::

    attn-teach practice [--lang ja|en] [--dir DIR]        progress and the next task
    attn-teach practice init [DIR]                        write the exercise files (missing ones only)
    attn-teach practice check [N]                         check stage N (default: every stage in order)
    attn-teach practice hint N                            one more tip for stage N per call
    attn-teach practice watch                             check again on every save
    attn-teach practice solution N [--give-up]            the lesson's solution, once the stage passes

Exit codes: 0 when the stages checked are done, 1 when one is not, 2 for bad input.
"""

from __future__ import annotations

import argparse
import pathlib
import time

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import LANGUAGES, process_language
from attn_teach.i18n import gettext as _
from attn_teach.practice.hints import tr
from attn_teach.practice.stages import STAGES, get_stage
from attn_teach.practice.workspace import DEFAULT_DIR, find_workspace, init, load_state, save_state


def add_parser(sub) -> None:
    """Register ``practice`` and its sub-commands on the ``attn-teach`` sub-parsers."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=_("language of tasks and hints (default: the workspace's, else the locale)"),
    )
    common.add_argument(
        "--dir", default=argparse.SUPPRESS, help=_("the workspace folder (default: here, or attn_practice/ below here)")
    )
    p = sub.add_parser("practice", parents=[common], help=_("write each stage yourself; the kit checks it"))
    ps = p.add_subparsers(dest="practice_command", metavar="ACTION")
    q = ps.add_parser("init", parents=[common], help=_("write the exercise files (never replaces yours)"))
    q.add_argument("folder", nargs="?", default=DEFAULT_DIR, help=_("default: %(default)s"))
    q = ps.add_parser("check", parents=[common], help=_("check one stage, or all in order"))
    q.add_argument("stage", nargs="?", type=int)
    q = ps.add_parser("hint", parents=[common], help=_("one more tip for a stage per call"))
    q.add_argument("stage", type=int)
    ps.add_parser("watch", parents=[common], help=_("check again each time you save a stage file"))
    q = ps.add_parser("solution", parents=[common], help=_("the lesson's solution, once the stage passes"))
    q.add_argument("stage", type=int)
    q.add_argument("--give-up", action="store_true", help=_("show it although the stage does not pass yet"))
    p.set_defaults(func=run)


def run(args) -> int:
    """Entry point from :mod:`attn_teach.cli`; the language chosen holds for this command only."""
    action = getattr(args, "practice_command", None)
    if action == "init":
        with process_language(getattr(args, "lang", None)):
            return _init(args)
    folder = find_workspace(getattr(args, "dir", None))
    with process_language(getattr(args, "lang", None) or load_state(folder).get("lang")):
        return _run(args, action, folder)


def _run(args, action, folder: pathlib.Path) -> int:
    if action == "check" and args.stage is not None:
        return _check_one(folder, args.stage)
    if action in (None, "check"):
        return _progress(folder, show_task=action is None)
    if action == "hint":
        return _hint(folder, args.stage)
    if action == "solution":
        return _solution(folder, args.stage, args.give_up)
    return watch(folder)


def _init(args) -> int:
    folder = pathlib.Path(getattr(args, "dir", None) or args.folder)
    written, kept = init(folder, getattr(args, "lang", None))
    print(
        tr(
            "{folder}: {written} files written, {kept} kept as they were",
            folder=folder,
            written=len(written),
            kept=len(kept),
        )
    )
    print(tr("next: cd {folder} && pytest   (or: attn-teach practice check 1)", folder=folder))
    return 0


def _check_one(folder: pathlib.Path, number: int) -> int:
    from attn_teach.practice.runner import run_stage

    get_stage(number)
    outcome = run_stage(number, workspace=folder)
    print(outcome.text())
    return 0 if outcome.passed else 1


def _progress(folder: pathlib.Path, show_task: bool) -> int:
    """Check the stages in order up to the first one not done; print progress and the next task."""
    from attn_teach.practice.runner import run_stage

    done = 0
    for stage in STAGES:
        outcome = run_stage(stage.number, workspace=folder)
        print(outcome.text())
        if not outcome.passed:
            print(tr("{done}/{total} stages done", done=done, total=len(STAGES)))
            if show_task:
                print(tr("next: stage {n}. Stuck? attn-teach practice hint {n}", n=stage.number))
                print("  " + tr(stage.task))
            return 1
        done += 1
    print(tr("{done}/{total} stages done", done=done, total=len(STAGES)))
    return 0


def _hint(folder: pathlib.Path, number: int) -> int:
    stage = get_stage(number)
    state = load_state(folder)
    shown = state.setdefault("tips", {})
    count = min(int(shown.get(str(number), 0)) + 1, len(stage.tips))
    shown[str(number)] = count
    save_state(folder, state)
    for i, tip in enumerate(stage.tips[:count], 1):
        print(tr("tip {i}/{total} for stage {n}: {tip}", i=i, total=len(stage.tips), n=stage.number, tip=tr(tip)))
    if count == len(stage.tips):
        print(tr("that was the last tip; `attn-teach practice solution {n} --give-up` shows the solution", n=number))
    else:
        print(tr("run `attn-teach practice hint {n}` again for the next tip", n=number))
    return 0


def _solution(folder: pathlib.Path, number: int, give_up: bool) -> int:
    from attn_teach.practice import solution_source
    from attn_teach.practice.runner import run_stage

    stage = get_stage(number)
    state = load_state(folder)
    opened = number in state.get("gave_up", [])
    if give_up and not opened:
        state.setdefault("gave_up", []).append(number)
        save_state(folder, state)
        opened = True
    if not opened and not run_stage(number, workspace=folder).passed:
        raise AttnTeachError(
            tr(
                "stage {n} does not pass yet: the solution opens once it does, or with "
                "`attn-teach practice solution {n} --give-up`",
                n=number,
            )
        )
    print(tr("# the reference solution of stage {n}, from the lesson {lesson}", n=number, lesson=stage.lesson))
    print(solution_source(number))
    return 0


def watch(folder: pathlib.Path, *, stop_after: float | None = None) -> int:
    """Check a stage each time its file is saved, until Ctrl-C (or ``stop_after`` seconds, for tests)."""
    import queue

    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    from attn_teach.practice.runner import run_stage

    by_file = {s.file: s.number for s in STAGES}
    saved: queue.Queue[int] = queue.Queue()

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event):
            for path in (getattr(event, "src_path", ""), getattr(event, "dest_path", "")):
                name = pathlib.Path(str(path)).name
                if event.event_type in ("modified", "created", "moved") and name in by_file:
                    saved.put(by_file[name])

    observer = Observer()
    observer.schedule(Handler(), str(folder), recursive=False)
    observer.start()
    print(tr("watching {folder}: save a stage file to check it (Ctrl-C to stop)", folder=folder.resolve()))
    end = None if stop_after is None else time.monotonic() + stop_after
    try:
        while end is None or time.monotonic() < end:
            try:
                number = saved.get(timeout=0.2)
            except queue.Empty:
                continue
            time.sleep(0.2)  # an editor may write a file in several steps
            pending = {number}
            while not saved.empty():
                pending.add(saved.get())
            for n in sorted(pending):
                print(run_stage(n, workspace=folder).text(), flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        observer.join()
    return 0
