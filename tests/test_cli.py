"""The command line: help for every command, show, schema, module entry point."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from extractor.cli import app

from .conftest import ROOT, TEXTS

runner = CliRunner()
COMMANDS = [command.name or command.callback.__name__ for command in app.registered_commands]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example: policyx " + command in " ".join(result.output.split())


def test_show_prints_the_clause_tree():
    result = runner.invoke(app, ["show", str(TEXTS / "jz-jinchuanggu-2025.txt")])
    assert result.exit_code == 0
    assert "一/（一）" in result.output and "四/（十四）" in result.output
    assert "责任单位: 晋中开发区管委会、晋中国家农高区管委会、运营公司" in result.output


def test_show_names_the_file_of_a_bad_input(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["show", str(empty)])
    assert result.exit_code == 65
    assert "E_EMPTY_FILE" in result.output and "empty.txt" in result.output


def test_schema_writes_every_schema(tmp_path):
    result = runner.invoke(app, ["schema", "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in (ROOT / "schemas").iterdir())


def test_python_dash_m_extractor_is_the_same_command():
    done = subprocess.run([sys.executable, "-m", "extractor", "--help"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "ingest" in done.stdout and "show" in done.stdout
