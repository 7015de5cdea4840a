"""The lexicon is the one home of cue words and patterns: every entry is read by a rule, none is copied."""

import ast
import re
from pathlib import Path

import extractor.lexicon as lexicon

PACKAGE = Path(lexicon.__file__).parent
SOURCE = Path(lexicon.__file__).read_text(encoding="utf-8")


def _entries() -> list[str]:
    return [node.targets[0].id for node in ast.parse(SOURCE).body
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name) and node.targets[0].id.isupper()]


def _modules() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in PACKAGE.rglob("*.py") if path.name != "lexicon.py"}


def test_every_entry_is_read_by_a_rule():
    modules = "\n".join(_modules().values())
    unused = []
    for name in _entries():
        word = re.compile(rf"\b{name}\b")
        in_lexicon = len(word.findall(SOURCE)) > 1  # an entry other entries are built from (NUMBER in MONEY)
        if not word.search(modules) and not in_lexicon:
            unused.append(name)
    assert unused == []


def test_no_module_keeps_its_own_copy_of_a_cue_list():
    # the role cues, unit-list openers and figure multipliers, written out anywhere else, are copies
    copies = {
        "cap cues": re.compile(r"\"最高\",\s*\"不超过\""),
        "unit-list openers": re.compile(r"责任单位\|责任部门"),
        "multipliers": re.compile(r"万亿\|亿\|万"),
    }
    found = [(path.name, what) for path, text in _modules().items() for what, pattern in copies.items() if pattern.search(text)]
    assert found == []
