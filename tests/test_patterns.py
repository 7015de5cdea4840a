"""Compiled patterns kept between runs: the same patterns as `re.compile`, from a file that may be lost or broken.

Each case runs Python in a fresh process with `POLICYX_CACHE_DIR` pointing at a folder of its
own, so that the first run compiles and writes, and the second reads what the first wrote.
Patterns compare equal (`==` on `re.Pattern` compares the engine's code, flags and text).
"""

from __future__ import annotations

import marshal
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHECK = r"""
import re, sys
import extractor.lexicon as lexicon
from extractor import patterns
kept = [v for v in vars(lexicon).values() if isinstance(v, re.Pattern)]
kept += [rule[2] for rule in lexicon.CONDITION_RULES.values()]
assert len(kept) > 140, len(kept)
for pattern in kept:
    assert pattern == re.compile(pattern.pattern, pattern.flags), pattern.pattern[:60]
    assert pattern.groupindex == re.compile(pattern.pattern, pattern.flags).groupindex
from extractor import normalize
simplified = normalize.traditional_to_simplified()
assert simplified == normalize._read_opencc(normalize._opencc_characters()) and simplified["單"] == "单"
assert normalize._notable()[0].search("a\u200bb").start() == 1 and normalize._deleted().search("x\r\n")
print(sum(store.added for store in patterns._STORES.values()))
"""


def run_check(cache: Path) -> int:
    """How many patterns this run compiled (and would add to the kept file)."""
    env = {**os.environ, "POLICYX_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", CHECK], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


def kept_file(cache: Path) -> Path:
    """The file of the lexicon's patterns (each module has a file of its own)."""
    [path] = cache.glob("patterns.extractor.lexicon.*.marshal")
    return path


def test_a_second_run_compiles_nothing_and_gets_the_same_patterns(tmp_path):
    assert run_check(tmp_path) > 140
    assert stat.S_IMODE(kept_file(tmp_path).stat().st_mode) == 0o644
    assert run_check(tmp_path) == 0


@pytest.mark.parametrize("content", [b"", b"\x00not marshal", marshal.dumps([1, 2, 3])], ids=["empty", "garbage", "not-a-dict"])
def test_a_broken_file_is_ignored_and_written_again(tmp_path, content):
    run_check(tmp_path)
    kept_file(tmp_path).write_bytes(content)
    assert run_check(tmp_path) > 140  # the lexicon's patterns, compiled again
    assert run_check(tmp_path) == 0


def test_wrong_code_under_a_pattern_is_compiled_again(tmp_path):
    run_check(tmp_path)
    path = kept_file(tmp_path)
    entries = marshal.loads(path.read_bytes())
    for key, entry in entries.items():
        if len(key) == 2:  # (pattern, flags) → the engine's code: give it code that is no program
            entries[key] = (entry[0], [99, 99, 99], *entry[2:])
    path.write_bytes(marshal.dumps(entries))
    assert run_check(tmp_path) > 140


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_folder_that_cannot_be_written_costs_only_the_compiling(tmp_path):
    tmp_path.chmod(0o555)
    try:
        assert run_check(tmp_path) > 140
        assert run_check(tmp_path) > 140
        assert list(tmp_path.iterdir()) == []
    finally:
        tmp_path.chmod(0o755)


def test_a_cache_folder_that_is_a_file_costs_only_the_compiling(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert run_check(blocker) > 140
    assert run_check(blocker) > 140
    assert blocker.read_text() == "not a folder"
