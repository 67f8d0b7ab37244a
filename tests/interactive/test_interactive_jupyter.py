"""The interactive view where learners run it: a JupyterLab server on localhost, driven in Chromium.

A real JupyterLab (from the test extra) is started on 127.0.0.1 with a kernel of this Python;
Chromium opens a notebook, runs a cell whose last line is an ``Attention``, points at a cell of
the matrix and reads the value. A notebook whose outputs were saved without a signature
(untrusted, as after a download, or in a viewer on a website) runs no script: the reader sees
the static picture and the one-line note. Every request that is not to this server is aborted.

VS Code's notebook renderer cannot be driven here (no VS Code on the machine); it is not tested.
"""

from __future__ import annotations

import json
import os
import pathlib
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from interactive_pages import TEXT

pytest.importorskip("jupyterlab", reason="jupyterlab is in the test extra (pip install -e '.[test]')")
pytestmark = pytest.mark.browser

CELL = f'from attn_teach import extract\nextract("{TEXT}", "tiny-bert-en")'
TOKEN = "attn-teach-test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _notebook(path: pathlib.Path, source: str, outputs: list | None = None) -> None:
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": outputs or [], "source": source}
    path.write_text(
        json.dumps(
            {
                "cells": [cell],
                "nbformat": 4,
                "nbformat_minor": 5,
                "metadata": {
                    "kernelspec": {"name": "attn-teach-test", "display_name": "attn_teach test", "language": "python"}
                },
            }
        ),
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on localhost with a kernel of this Python, its folder, its address."""
    root = tmp_path_factory.mktemp("lab")
    home = root / "home"
    kernel = home / "share" / "jupyter" / "kernels" / "attn-teach-test"
    kernel.mkdir(parents=True)
    (kernel / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "attn_teach test",
                "language": "python",
            }
        )
    )
    notebooks = root / "notebooks"
    notebooks.mkdir()
    # every cell drawn all the time: JupyterLab's default windowing skips the rendering of cells and
    # outputs outside the window, and a test under load then finds the cell's output hidden
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    port = _free_port()
    env = {
        **os.environ,
        "JUPYTER_PATH": str(home / "share" / "jupyter"),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "ATTN_TEACH_LANG": "en",
        "IPYTHONDIR": str(home / "ipython"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
    }
    log = (root / "server.log").open("w")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            f"--IdentityProvider.token={TOKEN}",
            f"--ServerApp.root_dir={notebooks}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []),
        ],  # CI containers run as root
        cwd=notebooks,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:  # the server answers its status API once it is up
        try:
            urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2).read()
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"JupyterLab did not start: {(root / 'server.log').read_text()[-2000:]}")
            time.sleep(0.5)
    yield notebooks, url
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


SHOWN = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook tab on screen, not one behind it


def _open(browser, url: str, name: str):
    blocked = []
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()

    def route(r):
        if r.request.url.startswith((url, "data:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    # reset: JupyterLab would reopen the module's other notebook too (its workspace remembers the
    # tabs), and its hidden cells would answer the locators below
    page.goto(f"{url}/lab/tree/{name}?token={TOKEN}&reset", timeout=120_000)
    page.wait_for_selector(f"{SHOWN} .jp-Cell", timeout=120_000)
    return context, page, blocked


@pytest.mark.heavy
def test_a_notebook_cell_shows_the_view_and_hovering_reads_the_right_value(lab, browser, tmp_path, bert_attention):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    notebooks, url = lab
    _notebook(notebooks / "view.ipynb", CELL)
    context, page, blocked = _open(browser, url, "view.ipynb")
    try:
        page.get_by_text("attn_teach test | Idle").wait_for(timeout=120_000)  # the kernel is up and connected
        prompt = page.locator(f"{SHOWN} .jp-Cell .jp-InputPrompt").first
        for _ in range(4):  # a keystroke sent while JupyterLab is still settling can be lost: send it again
            page.locator(f"{SHOWN} .jp-Cell .jp-InputArea-editor").first.click()
            page.keyboard.press("Shift+Enter")
            try:
                started = prompt.filter(has_text="[").filter(has_text="]").filter(has_not_text="[ ]")
                started.wait_for(state="attached", timeout=30_000)
                break
            except PlaywrightTimeout:
                continue
        # the prompt's text is the state; JupyterLab may hide the prompt itself (the input area scrolled
        # out of its window, a load the machine is slow under): attached is enough
        prompt.filter(has_text="[1]").wait_for(state="attached", timeout=120_000)
        view = page.locator(f"{SHOWN} .jp-OutputArea .attn-teach-view[data-complete]")
        view.wait_for(state="attached", timeout=180_000)
        view.evaluate("element => element.scrollIntoView()")  # the output, in the window
        view.wait_for(timeout=30_000)
        attention = bert_attention  # what the cell computes: extract(TEXT, "tiny-bert-en")
        matrix = attention.head_mean(-1)  # (query, key): what the view shows first
        n = len(attention.tokens)
        canvas = view.locator("canvas.atv-canvas")
        canvas.scroll_into_view_if_needed()
        box = canvas.bounding_box()
        cell = box["width"] / n
        q, k = 2, 4
        page.mouse.move(box["x"] + (k + 0.5) * cell, box["y"] + (q + 0.5) * cell)
        assert view.locator(".atv-rv").text_content() == f"{matrix[q, k]:.3f}"
        assert view.locator(".atv-keys .atv-val").all_text_contents() == [f"{v:.3f}" for v in matrix[q]]
        assert not view.locator(".atv-fallback").count()  # the script replaced the static picture
        outputs = page.locator(f"{SHOWN} .jp-OutputArea-output").all_inner_texts()
        assert not any("TqdmWarning" in text or "IProgress" in text for text in outputs)
        page.screenshot(path=str(tmp_path / "jupyterlab.png"))
        assert not [b for b in blocked if "127.0.0.1" in b], blocked
    except Exception:
        page.screenshot(path=str(tmp_path / "jupyterlab-failed.png"))  # what the page showed
        raise
    finally:
        context.close()


def test_an_untrusted_notebook_shows_the_static_picture_and_the_note(lab, browser, tmp_path, bert_attention):
    from attn_teach import interactive

    notebooks, url = lab
    attention = bert_attention
    html = interactive(attention, max_bytes=5_000_000, language="en")._repr_html_()
    output = {
        "output_type": "execute_result",
        "execution_count": 1,
        "metadata": {},
        "data": {"text/html": html, "text/plain": repr(attention)},
    }
    _notebook(notebooks / "saved.ipynb", CELL, [output])  # no signature: JupyterLab does not trust it
    context, page, blocked = _open(browser, url, "saved.ipynb")
    try:
        fallback = page.locator(f"{SHOWN} .jp-OutputArea .atv-fallback")
        fallback.wait_for(timeout=60_000)
        page.wait_for_timeout(1000)  # a script that were to run would have started by now
        assert fallback.locator("img").is_visible()
        assert fallback.locator("img").evaluate("img => img.naturalWidth") > 100
        assert "the live view needs JavaScript" in fallback.inner_text()
        assert page.locator(f"{SHOWN} .jp-OutputArea canvas.atv-canvas").count() == 0
        page.screenshot(path=str(tmp_path / "untrusted.png"))
    finally:
        context.close()
