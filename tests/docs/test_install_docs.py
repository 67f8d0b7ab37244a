"""The install instructions keep the CPU-only PyTorch build first (README and CI)."""

import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]


def test_readme_installs_the_cpu_only_torch_before_the_kit():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### A lighter install: PyTorch's CPU-only build first", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^pip install .*$", section, flags=re.M)
    assert commands[0].startswith("pip install torch --index-url")
    assert commands[1] == "pip install -e ."
    assert "install selector" in section
    assert not re.search(r"https?://", section)  # no package index host named


def test_ci_installs_torch_before_the_kit_and_honours_the_cpu_index():
    script = (ROOT / ".ci" / "run").read_text()
    torch_line = next(i for i, line in enumerate(script.splitlines()) if 'pip install -q "torch==' in line)
    kit_line = next(i for i, line in enumerate(script.splitlines()) if "pip install -e" in line)
    assert torch_line < kit_line
    assert '${TORCH_CPU_INDEX:+--index-url "$TORCH_CPU_INDEX"}' in script.splitlines()[torch_line]
