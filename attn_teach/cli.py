"""The ``attn-teach`` command line (also ``python -m attn_teach``).

Why one module over 300 lines: one function per subcommand and the parser that names them,
read top to bottom; the views come from :mod:`attn_teach.view_registry`, the hub from
:mod:`attn_teach.models.hub`, printing from :mod:`attn_teach.terminal`.

Subcommands::

    attn-teach [--lang en|ja] COMMAND ...   (messages in that language, for every command)
    attn-teach reproduce [--out DIR] [--lesson N ...] [--models embedded|article] [--force]
    attn-teach extract TEXT --model NAME -o FILE.npz [--layers L ...] [--force]
    attn-teach plot TEXT --model NAME --view VIEW [--layer L] [--head H] [--words] [--no-special]
                    -o FILE.png|.svg|.pdf|.html [--force]
    attn-teach models
    attn-teach download NAME
    attn-teach practice [init [DIR] | check [N] | hint N | watch | solution N] [--lang ja|en]

Bad input ends with one line, ``attn-teach: error: ...``, and exit code 2; nothing
is written, and no existing file is replaced unless ``--force`` is given. Ctrl-C ends
with ``attn-teach: interrupted`` and exit code 130. Every name, token and path is
printed with its control characters escaped (:mod:`attn_teach.terminal`); a report
that stdout cannot take after the work is done is a note saying the work was done.
The views of ``plot`` and the options each takes are declared in
:mod:`attn_teach.view_registry`.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sys
import time
import warnings
from typing import NoReturn

from attn_teach import view_registry
from attn_teach.errors import AttnTeachError
from attn_teach.i18n import LANGUAGES, use_language
from attn_teach.i18n import gettext as _
from attn_teach.terminal import StdoutLost, flush_stdout, say, silence_stdout, tolerant_streams


def _fail(message: str) -> int:
    say(_("attn-teach: error: {message}").format(message=message), err=True)
    return 2


class _Parser(argparse.ArgumentParser):
    """argparse's refusals said like the kit's: one line on stderr, control characters escaped, exit 2.

    argparse prints its usage and then the refused words as they are (``unrecognized arguments:``
    with an escape sequence or a newline in it); the sub-commands' parsers are of this class too.
    """

    def error(self, message: str) -> NoReturn:
        say(
            _("attn-teach: error: {message} (see {command} --help)").format(message=message, command=self.prog),
            err=True,
        )
        raise SystemExit(2)


def _check_new_file(path: pathlib.Path, force: bool, suffixes: tuple[str, ...]) -> None:
    if path.suffix.lower() not in suffixes:
        raise AttnTeachError(
            _("{path}: the output must end in {suffixes}").format(path=path, suffixes=_(" or ").join(suffixes))
        )
    if path.is_dir():
        raise AttnTeachError(_("{path} is a folder; give a file name").format(path=path))
    if path.is_symlink() and not path.exists() and not force:  # never followed to create a file elsewhere
        raise AttnTeachError(
            _(
                "{path} is a symbolic link to nothing; choose another name or add --force to replace the link itself"
            ).format(path=path)
        )
    if os.path.lexists(path) and not force:
        raise AttnTeachError(
            _("{path} already exists; choose another name or add --force to replace it").format(path=path)
        )
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
    attention = extract(args.text, _loaded_model(args), layers=args.layers, measure=args.measure)
    attention.save(out, overwrite=args.force)
    say(
        _("{out}: {attention}, weights {shape} (layer, head, query, key)").format(
            out=out, attention=repr(attention), shape=attention.weights.shape
        )
    )
    return 0


def cmd_models(args) -> int:
    from attn_teach.models import ARTICLE, EMBEDDED, embedded_model_path
    from attn_teach.models.hub import cached_models

    say(_("embedded models (ship with the kit, work offline):"))
    for name in EMBEDDED:
        say(
            _("  {name:<16} stands in for {article:<28} {path}").format(
                name=name, article=ARTICLE[name], path=embedded_model_path(name)
            )
        )
    say(_("hub models in the local cache:"))
    cached = cached_models()
    if cached is None:
        say(_("  (none: the cache folder does not exist yet)"))
    elif not cached:
        say(_("  (none)"))
    for repo, size, safe in cached or ():
        note = "" if safe else _("  (no safetensors: needs --allow-pickle)")
        say(_("  {repo:<44} {size:8.1f} MB{note}").format(repo=repo, size=size / 1e6, note=note))
    return 0


def cmd_download(args) -> int:
    from attn_teach.models import EMBEDDED, resolve
    from attn_teach.models.hub import download

    if args.name in EMBEDDED:
        say(_("{name} is embedded in the kit: nothing to download").format(name=args.name))
        return 0
    if resolve(args.name)[1]:  # also rejects names that cannot be hub ids, with one line
        say(_("{name} is a local folder: nothing to download").format(name=args.name))
        return 0
    path = download(args.name)
    say(_("{name}: config, tokenizer and safetensors weights in {path}").format(name=args.name, path=path))
    return 0


def cmd_reproduce(args) -> int:
    import matplotlib

    matplotlib.use("Agg")  # files only: never open a window
    from attn_teach.reproduce import reproduce

    reproduce(pathlib.Path(args.out), lessons=args.lesson, models=args.models, force=args.force)
    return 0


def _options_fit(view: view_registry.View, args) -> None:
    """Refuse options that ``view`` does not take (:func:`~attn_teach.view_registry.views`), before the model runs."""
    given = [
        o
        for o in view_registry.options()  # a switch is False when not given, a number None (--layer 0 is given)
        if (value := getattr(args, o.name, None)) is not None and value is not False
    ]
    refused = [o.flag for o in given if o.name not in view.options]
    if refused:
        raise AttnTeachError(
            _("--view {view} {limits}; drop {options}").format(
                view=view.name, limits=view.limits, options=_(" and ").join(refused)
            )
        )


def cmd_plot(args) -> int:
    view = view_registry.views()[args.view]
    out = pathlib.Path(args.output)
    _check_new_file(out, args.force, view_registry.suffixes(view))
    _options_fit(view, args)
    if args.measure == "norm" and view.name == "rollout":
        raise AttnTeachError(_("--view rollout follows attention weights; drop --measure norm"))
    from attn_teach.extract import check_text, extract

    check_text(args.text)  # before the model loads
    if view.output == "html":
        return _plot_html(view, args, out, extract)
    import matplotlib

    matplotlib.use("Agg")  # files only: never open a window
    import matplotlib.pyplot as plt

    from attn_teach.views.style import save_figure

    layers = None if view.every_layer else [-1 if args.layer is None else args.layer]
    attention = extract(
        args.text,
        _loaded_model(args),
        layers=layers,  # an out-of-range --layer stops here
        measure=args.measure,
    )
    if args.words:
        attention = attention.words()
    if args.no_special:
        attention = attention.without_special()
    if args.head is not None:
        attention.head_index(args.head)  # an out-of-range --head stops here, with the number of heads
    fig = view.draw(attention, head=args.head)
    try:  # atomic: a failed save leaves no half-written file
        save_figure(fig, out, force=args.force, format=out.suffix.lower()[1:])
    finally:
        plt.close(fig)
    say(_("{out}: {view} of {attention}").format(out=out, view=view.name, attention=repr(attention)))
    return 0


def _plot_html(view: view_registry.View, args, out: pathlib.Path, extract) -> int:
    """``--view interactive``: one offline HTML file (:func:`attn_teach.interactive`)."""
    layers = None if args.layer is None else [args.layer]  # every layer (rollout needs them) unless one is chosen
    attention = extract(args.text, _loaded_model(args), layers=layers, measure=args.measure)
    page = view.load()(attention, head=args.head, hide_special=args.no_special, words=args.words)
    page.save(out, force=args.force)
    say(
        _("{out}: interactive view of {attention}, {size:.1f} MB").format(
            out=out, attention=repr(attention), size=out.stat().st_size / 1e6
        )
    )
    for note in page.data["omitted"]:
        say(_("attn-teach: note: left out: {note}").format(note=note), err=True)
    return 0


def _add_plot_parser(sub) -> None:
    p = sub.add_parser(
        "plot",
        help=_("draw one view of a text's attention as PNG, SVG or PDF"),
        description=_(
            "Draw one view of a text's attention. --words merges sub-word pieces "
            "into words; --no-special then drops [CLS]/[SEP]/</s> and re-normalises rows."
        ),
    )
    p.add_argument("text")
    p.add_argument("--model", default="tiny-bert-en", help=_("embedded name, folder or hub id (default: %(default)s)"))
    p.add_argument(
        "--allow-pickle",
        action="store_true",
        help=_("accept a model whose weights are only pickled (.bin); unpickling can run code"),
    )
    views = view_registry.views()
    described = "; ".join(f"{v.name}: {v.description}" for v in views.values())
    p.add_argument(
        "--view",
        choices=list(views),
        default="heatmap",
        help=_("{views} (default: %(default)s)").format(views=described),
    )
    for option in view_registry.options():  # which views take each one: view_registry.views()
        if option.type is None:
            p.add_argument(option.flag, dest=option.name, action="store_true", help=option.help)
        else:
            p.add_argument(option.flag, dest=option.name, type=option.type, metavar=option.metavar, help=option.help)
    p.add_argument("--measure", choices=["weight", "norm"], default="weight", help=_measure_help())
    p.add_argument("-o", "--output", required=True, help=_("output file: .png, .svg or .pdf (.html for interactive)"))
    p.add_argument("--force", action="store_true", help=_("replace the output file if it exists"))
    p.set_defaults(func=cmd_plot)


def _measure_help() -> str:  # read when the parser is built, in the kit's language
    return _(
        "weight (default): attention weights; norm: each key's contribution ||αf(x)|| "
        "(Kobayashi et al. 2020, lesson 16), not a probability"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="attn-teach",
        description=_("Where does a Transformer's attention go? Lessons, figures and attention files, reproducibly."),
    )
    parser.add_argument(
        "--lang",
        dest="top_lang",
        choices=LANGUAGES,
        help=_("language of every message (default: ATTN_TEACH_LANG, else the locale)"),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("reproduce", help=_("run the lessons and save every figure as PNG"))
    p.add_argument("--out", default="attn_teach_figures", help=_("output folder (default: %(default)s)"))
    p.add_argument("--lesson", nargs="+", metavar="N", help=_("only these lessons (ids such as 4 or 00a)"))
    p.add_argument(
        "--models",
        choices=["embedded", "article"],
        default="embedded",
        help=_("embedded (offline, default) or the article's hub models"),
    )
    p.add_argument("--force", action="store_true", help=_("replace figures already in the folder"))
    p.set_defaults(func=cmd_reproduce)

    p = sub.add_parser("extract", help=_("save a text's attention weights as .npz"))
    p.add_argument("text")
    p.add_argument("--model", default="tiny-bert-en", help=_("embedded name, folder or hub id (default: %(default)s)"))
    p.add_argument(
        "--allow-pickle",
        action="store_true",
        help=_("accept a model whose weights are only pickled (.bin); unpickling can run code"),
    )
    p.add_argument("--layers", type=int, nargs="+", metavar="L", help=_("layers to keep (default: all)"))
    p.add_argument("-o", "--output", required=True, help=_("output file, .npz"))
    p.add_argument("--measure", choices=["weight", "norm"], default="weight", help=_measure_help())
    p.add_argument("--force", action="store_true", help=_("replace the output file if it exists"))
    p.set_defaults(func=cmd_extract)

    _add_plot_parser(sub)

    p = sub.add_parser("models", help=_("list embedded models and cached hub models"))
    p.set_defaults(func=cmd_models)

    p = sub.add_parser(
        "download",
        help=_(
            "fetch a hub model's config, tokenizer and safetensors weights (the article's `transformers-cli download`)"
        ),
    )
    p.add_argument("name", help=_("hub id, e.g. bert-base-uncased"))
    p.set_defaults(func=cmd_download)

    from attn_teach.practice.cli import add_parser as add_practice

    add_practice(sub)  # attn-teach practice [init | check | hint | watch | solution]
    return parser


def _language(argv: list[str]) -> str | None:
    """The top-level ``--lang`` (before the command's name), read before the parser is built in that language."""
    for i, word in enumerate(argv):
        if word.startswith("--lang="):
            value = word.split("=", 1)[1]
        elif word == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif word.startswith("-"):
            continue
        else:
            return None  # the command's name (or --lang's value, already taken): the rest is the command's
        return value if value in LANGUAGES else None  # argparse says why another value is refused
    return None


def _written(args) -> str | None:
    """What the command has made, to say so when its report cannot be printed."""
    if args.command in ("extract", "plot"):
        return _("{path} was written").format(path=args.output)
    if args.command == "reproduce":
        return _("the figures were written to {out}").format(out=args.out)
    if args.command == "download":
        return _("{name} was downloaded").format(name=args.name)
    return None


def main(argv: list[str] | None = None) -> int:
    tolerant_streams()
    argv = sys.argv[1:] if argv is None else list(argv)
    with use_language(_language(argv)):
        return _run(build_parser().parse_args(argv))


def _run(args) -> int:
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    if args.command == "practice":
        # The practice checks draw into files, never into windows. The environment variable
        # reaches the worker and the checks' processes without importing matplotlib here
        # (0.15 s of every number stage's check); a program that already imported it is told directly.
        os.environ["MPLBACKEND"] = "Agg"
        if "matplotlib" in sys.modules:
            sys.modules["matplotlib"].use("Agg")
        if args.top_lang and getattr(args, "lang", None) is None:
            args.lang = args.top_lang  # practice keeps its own --lang; the top-level one stands in for it
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
            flush_stdout()  # a full disk behind stdout shows here, not at the interpreter's exit
    except AttnTeachError as exc:
        return _fail(str(exc))
    except BrokenPipeError:  # `attn-teach ... | head`: the reader left after the work was done
        silence_stdout()
        return 0
    except StdoutLost as exc:  # `> /dev/full`: the work is done; only its report is lost
        silence_stdout()
        done = _written(args)
        if done is None:
            return _fail(_("could not print on stdout: {reason}").format(reason=exc))
        say(
            _("attn-teach: note: {done}, but its report could not be printed on stdout: {reason}").format(
                done=done, reason=exc
            ),
            err=True,
        )
        return 0
    except OSError as exc:  # a disk or permission problem: one line, not a traceback
        return _fail(f"{exc.strerror or exc}: {exc.filename}" if exc.filename else str(exc))
    except KeyboardInterrupt:
        say(_("attn-teach: interrupted"), err=True)
        return 130
    finally:
        for notice in notices:
            say(_("attn-teach: note: {message}").format(message=notice.message), err=True)
    if args.command not in ("models", "practice"):
        say(_("done in {seconds:.1f} s").format(seconds=time.perf_counter() - t0), err=True)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
