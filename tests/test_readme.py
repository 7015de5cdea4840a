"""Every `$ policyx …` line of the README runs as written and gives its exit code and the line shown under it.

A code block is one session, run in a fresh folder that sees the repository's corpus/. Under a
`$ policyx …` command, the first line shown is looked for in what it printed (stdout and stderr,
spaces folded), or, written `NAME: text`, in the file NAME the command wrote with -o; a bare
`policyx …` line (no output shown) is checked by its exit code. A trailing `# exit N` gives the
exit code when it is not 0. `policyx serve` runs until stopped and is left to tests/test_serve.py.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"^```[a-z]*\n(.*?)^```", re.S | re.M)
EXIT = re.compile(r"\s+#\s*exit (\d+)\s*$")


def sessions() -> list[list[tuple[str, list[str]]]]:
    """Each code block that holds `$ policyx` lines: (command, lines shown under it) in order."""
    found = []
    for block in BLOCK.findall(README):
        steps: list[tuple[str, list[str]]] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            elif line.startswith("policyx "):  # a command shown without its output: its exit code is checked
                steps.append((line, []))
            elif steps and line.strip() and not line.startswith(("#", ".venv/", "python", "datasette", "dask")):
                steps[-1][1].append(line)
        if any(command.startswith("policyx ") for command, _ in steps):
            found.append(steps)
    return found


def test_the_sessions_hold_every_kind_of_user():
    commands = [command for steps in sessions() for command, _ in steps]
    assert len(commands) >= 20
    assert {c.split()[1] for c in commands} >= {"ingest", "show", "extract", "calc", "match", "profile", "diff", "eval",
                                                 "search", "export", "schema"}


SERVER = ("policyx serve",)  # runs until Ctrl-C; tests/test_serve.py starts it and stops it


def _folded(text: str) -> str:
    return " ".join(text.split())


def _written(command: str) -> str | None:
    words = shlex.split(command.split(" #")[0])
    for option in ("-o", "--out"):
        if option in words:
            return words[words.index(option) + 1]
    return None


@pytest.mark.parametrize("steps", sessions(), ids=lambda steps: steps[0][0].split(" #")[0][:60])
def test_readme_session(steps, tmp_path):
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    script = Path(sys.executable).parent / "policyx"
    path = str(script.parent) if script.exists() else str(tmp_path / "bin")
    if not script.exists():  # the console script is where the README's set-up puts it; else run the module
        (tmp_path / "bin").mkdir()
        (tmp_path / "bin" / "policyx").write_text(f'#!/bin/sh\nexec {sys.executable} -m extractor "$@"\n')
        (tmp_path / "bin" / "policyx").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LC_")}
    env |= {"LANG": "C.UTF-8", "PATH": f"{path}:{os.environ['PATH']}"}
    for command, shown in steps:
        if command.startswith(SERVER):
            continue
        done = subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        expected = int(EXIT.search(command).group(1)) if EXIT.search(command) else 0
        assert done.returncode == expected, f"{command}\n{done.stderr[-2000:]}"
        if not shown:
            continue
        target = _written(command)
        if target and shown[0].startswith(f"{target}: "):
            written = (tmp_path / target).read_bytes()
            assert shown[0][len(target) + 2:].encode("utf-8") in written, command
        else:
            assert _folded(shown[0]) in _folded(done.stdout + done.stderr), f"{command}\n{done.stdout[-2000:]}"
