"""What a fresh `policyx` process imports: help and completion load no reading, a command loads what it runs.

Each case runs the command in a new interpreter and looks at `sys.modules` when it ends. The group
built for a run (commands built when looked up) must say what the group typer builds at once says.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.main import get_command_name

from extractor.cli import app

from .conftest import ROOT, TEXTS

# Modules of the reading and of the reports: help, completion and usage errors need none of them.
READING = ("extractor.lexicon", "extractor.pipeline", "extractor.models", "extractor.gold", "extractor.extract",
           "extractor.ingest", "pydantic", "jieba", "rich")
# Modules of other commands, which `policyx extract` does not run.
OTHER_COMMANDS = ("extractor.diff", "extractor.match", "extractor.db", "extractor.calculate", "extractor.evaluate",
                  "extractor.render.diff", "extractor.render.match", "extractor.serve", "rich")

RUN_AND_LIST_MODULES = """
import json, runpy, sys
sys.argv = ["policyx", *json.loads(sys.argv[1])]
try:
    runpy.run_module("extractor", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
with open({out!r}, "w") as file:
    json.dump(sorted(sys.modules), file)
"""


def modules_after(tmp_path, *args: str, env: dict | None = None) -> tuple[set[str], subprocess.CompletedProcess]:
    """The modules loaded by `policyx ARGS` in a fresh interpreter, and the run."""
    out = tmp_path / "modules.json"
    code = RUN_AND_LIST_MODULES.format(out=str(out))
    done = subprocess.run([sys.executable, "-c", code, json.dumps(args)], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, **(env or {})}, timeout=120)
    return set(json.loads(out.read_text())), done


def loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(name for name in names if name in modules)


@pytest.mark.parametrize("args", [["--help"], ["--help", "--lang", "en"], [], ["extract", "--help"], ["show", "-h"],
                                  ["extract"], ["--version"]], ids=" ".join)
def test_help_and_usage_errors_load_no_reading(tmp_path, args):
    modules, done = modules_after(tmp_path, *args)
    assert done.stdout + done.stderr, "the command said nothing"
    assert loaded(modules, READING) == []


@pytest.mark.parametrize("words", ["policyx ", "policyx ex", "policyx extract --", "policyx extract -f "])
def test_shell_completion_loads_no_reading(tmp_path, words):
    env = {"_POLICYX_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)}
    modules, done = modules_after(tmp_path, env=env)
    assert done.stdout.strip(), done.stderr
    assert loaded(modules, READING) == []


def test_completion_lists_every_command_and_their_options(tmp_path):
    env = {"_POLICYX_COMPLETE": "complete_bash", "COMP_WORDS": "policyx ", "COMP_CWORD": "1"}
    _, done = modules_after(tmp_path, env=env)
    assert done.stdout.split() == [command.name or get_command_name(command.callback.__name__)
                                   for command in app.registered_commands]
    env = {"_POLICYX_COMPLETE": "complete_bash", "COMP_WORDS": "policyx extract -f ", "COMP_CWORD": "3"}
    _, done = modules_after(tmp_path, env=env)
    assert done.stdout.split() == ["jsonl", "json", "gold"]


def test_extract_loads_no_other_command(tmp_path):
    modules, done = modules_after(tmp_path, "extract", str(TEXTS / "yq-draft-2024.txt"))
    assert done.returncode == 0, done.stderr
    assert loaded(modules, OTHER_COMMANDS) == []
    assert "typer._adapters" not in modules  # its values are coerced without a pydantic adapter (cli/lazy.py)


EAGER = """
import sys, typer.main
from extractor.cli import app
typer.main.get_command(app)(sys.argv[1:], prog_name="policyx")
"""


@pytest.mark.parametrize("args", [["--help"], ["--help", "--lang", "en"], ["extract", "--help"], ["calc", "-h", "--lang", "en"],
                                  ["extrct"], ["--lang", "en"]], ids=" ".join)
def test_the_group_of_a_run_says_what_the_group_typer_builds_says(args):
    lazy, eager = (subprocess.run([sys.executable, *start, *args], capture_output=True, text=True, cwd=ROOT, timeout=60)
                   for start in (["-m", "extractor"], ["-c", EAGER]))
    assert (lazy.returncode, lazy.stdout, lazy.stderr) == (eager.returncode, eager.stdout, eager.stderr)
