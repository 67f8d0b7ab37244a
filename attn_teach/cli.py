"""The ``attn-teach`` command line (also ``python -m attn_teach``).

Subcommands::

    attn-teach reproduce [--out DIR] [--lesson N ...] [--models embedded|article] [--force]
    attn-teach extract TEXT --model NAME -o FILE.npz [--layers L ...] [--force]
    attn-teach plot TEXT --model NAME --view VIEW [--layer L] [--head H] [--words] [--no-special]
                    -o FILE.png|.svg|.pdf|.html [--force]
    attn-teach models
    attn-teach download NAME
    attn-teach practice [init [DIR] | check [N] | hint N | watch | solution N] [--lang ja|en]

Bad input ends with one line, ``attn-teach: error: ...``, and exit code 2; nothing
is written, and no existing file is replaced unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import time
import warnings

from attn_teach.errors import AttnTeachError
from attn_teach.i18n import gettext as _


def _fail(message: str) -> int:
    print(_("attn-teach: error: {message}").format(message=message), file=sys.stderr)
    return 2


def _check_new_file(path: pathlib.Path, force: bool, suffixes: tuple[str, ...]) -> None:
    if path.suffix.lower() not in suffixes:
        raise AttnTeachError(_("{path}: the output must end in {suffixes}").format(
            path=path, suffixes=_(" or ").join(suffixes)))
    if path.is_dir():
        raise AttnTeachError(_("{path} is a folder; give a file name").format(path=path))
    if path.is_symlink() and not path.exists() and not force:  # never followed to create a file elsewhere
        raise AttnTeachError(_("{path} is a symbolic link to nothing; choose another name or add --force "
                               "to replace the link itself").format(path=path))
    if os.path.lexists(path) and not force:
        raise AttnTeachError(_("{path} already exists; choose another name or add --force to replace it")
                             .format(path=path))
    if not path.parent.exists():
        raise AttnTeachError(_("the folder {folder} does not exist; create it first").format(folder=path.parent))


def _loaded_model(args):
    """The model named by ``--model``, with pickled weights only if ``--allow-pickle`` was given."""
    from attn_teach.models import load_model

    return load_model(args.model, allow_pickle=args.allow_pickle)


def cmd_extract(args) -> int:
    from attn_teach.extract import check_text, extract

    out = pathlib.Path(args.output)
    _check_new_file(out, args.force, (".npz",))
    check_text(args.text)  # before the model loads
    attention = extract(args.text, _loaded_model(args), layers=args.layers)
    attention.save(out, overwrite=args.force)
    print(_("{out}: {attention}, weights {shape} (layer, head, query, key)").format(
        out=out, attention=repr(attention), shape=attention.weights.shape))
    return 0


def cmd_models(args) -> int:
    from attn_teach.models import ARTICLE, EMBEDDED, embedded_model_path

    print(_("embedded models (ship with the kit, work offline):"))
    for name in EMBEDDED:
        print(_("  {name:<16} stands in for {article:<28} {path}").format(
            name=name, article=ARTICLE[name], path=embedded_model_path(name)))
    print(_("hub models in the local cache:"))
    for repo, size, safe in _cached_models():
        note = "" if safe else _("  (no safetensors: needs --allow-pickle)")
        print(_("  {repo:<44} {size:8.1f} MB{note}").format(repo=repo, size=size / 1e6, note=note))
    return 0


def _cached_models():
    from huggingface_hub import scan_cache_dir

    try:
        info = scan_cache_dir()
    except Exception:  # noqa: BLE001 - no cache folder yet means no cached models
        print(_("  (none: the cache folder does not exist yet)"))
        return []
    rows = []
    for repo in sorted(info.repos, key=lambda r: r.repo_id):
        if repo.repo_type == "model":
            files = {f.file_name for rev in repo.revisions for f in rev.files}
            rows.append((repo.repo_id, repo.size_on_disk, any(f.endswith(".safetensors") for f in files)))
    if not rows:
        print(_("  (none)"))
    return rows


def cmd_download(args) -> int:
    from attn_teach.models import DOWNLOAD_PATTERNS, EMBEDDED, _check_reachable, _offline, resolve

    if args.name in EMBEDDED:
        print(_("{name} is embedded in the kit: nothing to download").format(name=args.name))
        return 0
    if resolve(args.name)[1]:  # also rejects names that cannot be hub ids, with one line
        print(_("{name} is a local folder: nothing to download").format(name=args.name))
        return 0
    if _offline():
        raise AttnTeachError(_("HF_HUB_OFFLINE=1 is set: unset it to download {name}").format(name=args.name))
    _check_reachable(args.name)
    from huggingface_hub import snapshot_download

    try:
        path = snapshot_download(args.name, allow_patterns=DOWNLOAD_PATTERNS)
    except Exception as exc:  # noqa: BLE001 - hub errors (not found, network, disk) become one line
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise AttnTeachError(_("could not download {name}: {reason}").format(name=args.name, reason=first)) from exc
    print(_("{name}: config, tokenizer and safetensors weights in {path}").format(name=args.name, path=path))
    return 0


def cmd_reproduce(args) -> int:
    import matplotlib

    matplotlib.use("Agg")  # files only: never open a window
    from attn_teach.reproduce import reproduce

    reproduce(pathlib.Path(args.out), lessons=args.lesson, models=args.models, force=args.force)
    return 0


PLOT_VIEWS = ("heatmap", "annotated", "line", "bars", "grid", "rollout", "3d")  # figures: PNG, SVG or PDF
HTML_VIEWS = ("interactive",)  # one offline .html file
PLOT_SUFFIXES = (".png", ".svg", ".pdf")
ALL_LAYER_VIEWS = ("grid", "rollout", "3d")  # these draw every layer, so --layer does not apply


def _plot_options_fit(args) -> None:
    """Refuse option combinations that a view cannot honour, before the model runs."""
    if args.view in ALL_LAYER_VIEWS and args.layer is not None:
        raise AttnTeachError(_("--view {view} draws every layer; drop --layer "
                               "(it applies to heatmap, annotated, line and bars)").format(view=args.view))
    if args.view in ("grid", "rollout") and args.head is not None:
        message = (_("--view {view} draws every head; drop --head") if args.view == "grid"
                   else _("--view {view} draws the mean of heads; drop --head"))
        raise AttnTeachError(message.format(view=args.view))
    if args.view == "rollout" and (args.words or args.no_special):
        raise AttnTeachError(_("--view rollout follows attention through every token of every layer; "
                               "drop --words and --no-special"))


def _draw(view: str, attention, head: int | None):
    from attn_teach import views

    if view == "heatmap":
        return views.heatmap(attention, -1, head)
    if view == "annotated":
        return views.heatmap(attention, -1, head, annotate="auto")
    if view in ("line", "bars"):
        return views.received_plot(attention, -1, head, kind="line" if view == "line" else "bar")
    if view == "grid":
        return views.grid(attention)
    if view == "rollout":
        return views.rollout_view(attention)
    return views.bars_by_layer(attention, head=head)  # "3d"


def cmd_plot_interactive(args) -> int:
    """``--view interactive``: one offline HTML file (:func:`attn_teach.interactive`)."""
    from attn_teach.extract import extract
    from attn_teach.html_view import interactive

    out = pathlib.Path(args.output)
    _check_new_file(out, args.force, (".html",))
    layers = None if args.layer is None else [args.layer]  # every layer (rollout needs them) unless one is chosen
    attention = extract(args.text, _loaded_model(args), layers=layers)
    view = interactive(attention, head=args.head, hide_special=args.no_special, words=args.words)
    view.save(out, force=args.force)
    print(_("{out}: interactive view of {attention}, {size:.1f} MB").format(
        out=out, attention=repr(attention), size=out.stat().st_size / 1e6))
    for note in view.data["omitted"]:
        print(_("attn-teach: note: left out: {note}").format(note=note), file=sys.stderr)
    return 0


def cmd_plot(args) -> int:
    if args.view == "interactive":
        return cmd_plot_interactive(args)
    import matplotlib

    matplotlib.use("Agg")  # files only: never open a window
    import matplotlib.pyplot as plt

    from attn_teach.extract import check_text, extract
    from attn_teach.views.style import save_figure

    out = pathlib.Path(args.output)
    _check_new_file(out, args.force, PLOT_SUFFIXES)
    _plot_options_fit(args)
    check_text(args.text)  # before the model loads
    layers = None if args.view in ALL_LAYER_VIEWS else [-1 if args.layer is None else args.layer]
    attention = extract(args.text, _loaded_model(args), layers=layers)  # an out-of-range --layer stops here
    if args.words:
        attention = attention.words()
    if args.no_special:
        attention = attention.without_special()
    if args.head is not None:
        attention.head_index(args.head)  # an out-of-range --head stops here, with the number of heads
    fig = _draw(args.view, attention, args.head)
    try:  # atomic: a failed save leaves no half-written file
        save_figure(fig, out, force=args.force, format=out.suffix.lower()[1:])
    finally:
        plt.close(fig)
    print(_("{out}: {view} of {attention}").format(out=out, view=args.view, attention=repr(attention)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="attn-teach", description=_("Where does a Transformer's attention go? "
                                     "Lessons, figures and attention files, reproducibly."))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("reproduce", help=_("run the lessons and save every figure as PNG"))
    p.add_argument("--out", default="attn_teach_figures", help=_("output folder (default: %(default)s)"))
    p.add_argument("--lesson", nargs="+", metavar="N", help=_("only these lessons (ids such as 4 or 00a)"))
    p.add_argument("--models", choices=["embedded", "article"], default="embedded",
                   help=_("embedded (offline, default) or the article's hub models"))
    p.add_argument("--force", action="store_true", help=_("replace figures already in the folder"))
    p.set_defaults(func=cmd_reproduce)

    p = sub.add_parser("extract", help=_("save a text's attention weights as .npz"))
    p.add_argument("text")
    p.add_argument("--model", default="tiny-bert-en", help=_("embedded name, folder or hub id (default: %(default)s)"))
    p.add_argument("--allow-pickle", action="store_true",
                   help=_("accept a model whose weights are only pickled (.bin); unpickling can run code"))
    p.add_argument("--layers", type=int, nargs="+", metavar="L", help=_("layers to keep (default: all)"))
    p.add_argument("-o", "--output", required=True, help=_("output file, .npz"))
    p.add_argument("--force", action="store_true", help=_("replace the output file if it exists"))
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("plot", help=_("draw one view of a text's attention as PNG, SVG or PDF"),
                       description=_("Draw one view of a text's attention. --words merges sub-word pieces "
                       "into words; --no-special then drops [CLS]/[SEP]/</s> and re-normalises rows."))
    p.add_argument("text")
    p.add_argument("--model", default="tiny-bert-en", help=_("embedded name, folder or hub id (default: %(default)s)"))
    p.add_argument("--allow-pickle", action="store_true",
                   help=_("accept a model whose weights are only pickled (.bin); unpickling can run code"))
    p.add_argument("--view", choices=PLOT_VIEWS + HTML_VIEWS, default="heatmap",
                   help=_("heatmap, annotated (cell values), line or bars (attention received per token), "
                   "grid (every layer x head), rollout (attention flow), 3d (bars by layer), "
                   "interactive (one offline .html file); default: %(default)s"))
    p.add_argument("--layer", type=int, metavar="L", help=_("layer for heatmap/annotated/line/bars (default: last)"))
    p.add_argument("--head", type=int, metavar="H", help=_("one head instead of the mean of heads"))
    p.add_argument("--words", action="store_true", help=_("merge sub-word pieces into words"))
    p.add_argument("--no-special", action="store_true", help=_("drop special tokens, re-normalising rows"))
    p.add_argument("-o", "--output", required=True, help=_("output file: .png, .svg or .pdf (.html for interactive)"))
    p.add_argument("--force", action="store_true", help=_("replace the output file if it exists"))
    p.set_defaults(func=cmd_plot)

    p = sub.add_parser("models", help=_("list embedded models and cached hub models"))
    p.set_defaults(func=cmd_models)

    p = sub.add_parser("download", help=_("fetch a hub model's config, tokenizer and safetensors weights "
                       "(the article's `transformers-cli download`)"))
    p.add_argument("name", help=_("hub id, e.g. bert-base-uncased"))
    p.set_defaults(func=cmd_download)

    from attn_teach.practice.cli import add_parser as add_practice

    add_practice(sub)  # attn-teach practice [init | check | hint | watch | solution]
    return parser


def _tolerant_streams() -> None:
    """Never fail on a character the terminal cannot show (cp932, cp1252 and Japanese tokens)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):  # not a text stream we can reconfigure
            pass


def _silence_stdout() -> None:
    """Point stdout at the null device so that Python's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    _tolerant_streams()
    args = build_parser().parse_args(argv)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if args.command == "practice":
        import matplotlib

        matplotlib.use("Agg")  # the practice checks draw into files, never into windows
    t0 = time.perf_counter()
    notices: list = []
    try:
        with warnings.catch_warnings(record=True) as recorded:
            notices = recorded  # notices about the input (truncation, skipped labels) become one line each
            if args.command != "practice":  # (practice keeps its checking process free of these imports)
                from attn_teach.extract import TruncationWarning
                from attn_teach.views.matrix import AnnotationSkipped

                warnings.simplefilter("always", TruncationWarning)
                warnings.simplefilter("always", AnnotationSkipped)
            code = args.func(args)
    except AttnTeachError as exc:
        return _fail(str(exc))
    except BrokenPipeError:  # `attn-teach ... | head`: the reader left after the work was done
        _silence_stdout()
        return 0
    except OSError as exc:  # a disk or permission problem: one line, not a traceback
        return _fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
    except KeyboardInterrupt:
        return _fail(_("interrupted"))
    finally:
        for notice in notices:
            print(_("attn-teach: note: {message}").format(message=notice.message), file=sys.stderr)
    if args.command not in ("models", "practice"):
        print(_("done in {seconds:.1f} s").format(seconds=time.perf_counter() - t0), file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
