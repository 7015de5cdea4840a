"""Turning normalized offsets into spans of the original text, with PDF pages."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from .models import Span
from .normalize import Normalized


@dataclass(frozen=True)
class Locator:
    """Maps normalized offsets to `Span`s of the original text and their pages."""

    norm: Normalized
    page_starts: tuple[int, ...] = ()

    def page(self, raw_offset: int) -> int | None:
        """1-based PDF page of an original offset; None for text files."""
        if not self.page_starts:
            return None
        return max(1, bisect_right(self.page_starts, raw_offset))

    def span(self, start: int, end: int) -> Span:
        """The original span behind normalized [start, end)."""
        raw_start, raw_end = self.norm.to_raw(start, end)
        return Span(start=raw_start, end=raw_end, page=self.page(raw_start))

    def raw_text(self, start: int, end: int) -> str:
        """The original characters behind normalized [start, end)."""
        return self.norm.raw_slice(start, end)

    def norm_range(self, raw_start: int, raw_end: int) -> tuple[int, int]:
        """Normalized [start, end) covering the original [raw_start, raw_end)."""
        origin = self.norm.origin
        return bisect_left(origin, raw_start), bisect_left(origin, raw_end)
