"""The language a run speaks: Chinese unless set, per context.

Kept apart from the label tables (`labels.py`, which re-exports all of this) so that choosing the
language, as every run of `policyx` does before it parses the line, loads no tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

LANGUAGES = ("zh", "en")
_LANGUAGE: ContextVar[str] = ContextVar("policyx_language", default="zh")


def language() -> str:
    """The language reports are written in: zh or en."""
    return _LANGUAGE.get()


def set_language(lang: str) -> None:
    """Write reports in `lang` (zh or en) from now on in this context."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is none of {', '.join(LANGUAGES)}")
    _LANGUAGE.set(lang)


@contextmanager
def use_language(lang: str) -> Iterator[None]:
    """Write reports in `lang` inside the block."""
    token = _LANGUAGE.set(lang) if lang in LANGUAGES else None
    if token is None:
        raise ValueError(f"language {lang!r} is none of {', '.join(LANGUAGES)}")
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


def say(zh: str, en: str) -> str:
    """The Chinese or the English words, by the language in use.

    >>> say("上限", "cap")
    '上限'
    """
    return en if _LANGUAGE.get() == "en" else zh
