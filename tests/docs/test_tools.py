"""The project's own tooling: the browser-skip summary line, the pre-commit checkers, one version.

These guard the habits written into files (noxfile.py, .pre-commit-config.yaml, tools/):
a checker that cannot fail would let a stale catalogue or a 50 MB file through unnoticed.
"""

import importlib.util
import pathlib
import shutil
import subprocess
import textwrap

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
pytest_plugins = ["pytester"]


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run_browser_probe(pytester, monkeypatch, ci: str):
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    for helper in ("state_guard", "spread"):  # the modules conftest.py imports
        pytester.makepyfile(**{helper: (ROOT / "tests" / f"{helper}.py").read_text(encoding="utf-8")})
    pytester.makeini("[pytest]\nmarkers =\n    browser: drives chromium\n")
    pytester.makepyfile(
        test_probe=textwrap.dedent("""
        import pytest
        pytestmark = pytest.mark.browser
        def test_one(): pass
        def test_two(): pass
    """)
    )
    monkeypatch.setenv("ATTN_TEACH_CHROMIUM", str(pytester.path / "no-such-chromium"))
    monkeypatch.setenv("CI", ci)
    return pytester.runpytest_subprocess("-p", "no:randomly", "-p", "no:mpl")


def test_skipped_browser_tests_end_the_run_with_one_line_saying_how_many_and_why(pytester, monkeypatch):
    result = _run_browser_probe(pytester, monkeypatch, ci="")
    result.assert_outcomes(skipped=2)
    result.stdout.fnmatch_lines(["2 browser tests skipped: chromium not found; `apt-get install chromium*"])


def test_in_ci_a_missing_browser_is_an_error_not_a_skip(pytester, monkeypatch):
    result = _run_browser_probe(pytester, monkeypatch, ci="true")
    assert result.ret != 0
    result.stderr.fnmatch_lines(["*browser tests are required in CI: chromium not found*"])


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")
def test_the_catalogue_checker_finds_a_stale_mo_and_fix_rebuilds_it(tmp_path):
    check = _tool("check_mo_current")
    po = tmp_path / "demo.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "layer"\nmsgstr "層"\n',
        encoding="utf-8",
    )
    subprocess.run(["msgfmt", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
    assert not check.stale(po)
    po.write_text(po.read_text(encoding="utf-8").replace("層", "レイヤ"), encoding="utf-8")
    assert check.stale(po)
    po.with_suffix(".mo").unlink()
    assert check.stale(po)


def test_the_large_file_guard_refuses_a_big_file_and_lets_the_models_through(tmp_path, monkeypatch, capsys):
    guard = _tool("check_large_files")
    monkeypatch.chdir(tmp_path)
    pathlib.Path("small.png").write_bytes(b"x" * 1000)
    pathlib.Path("big.png").write_bytes(b"x" * (guard.LIMIT + 1))
    assert guard.main(["small.png"]) == 0
    assert guard.main(["small.png", "big.png"]) == 1
    assert "big.png" in capsys.readouterr().out
    monkeypatch.chdir(ROOT)
    assert guard.main(list(guard.ALLOWED)) == 0


def test_the_version_has_one_source():
    """pyproject reads the version from attn_teach.__version__ (no second copy to forget)."""
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    from importlib.metadata import version

    import attn_teach

    assert version("attn_teach") == attn_teach.__version__
