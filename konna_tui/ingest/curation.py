"""Curated data files: what rules cannot know, anchored to the exact text it annotates.

Curated files sit beside the article they annotate and are named
``<article stem>.<kind>.csv`` (e.g. ``battle_of_konna.quantities.csv``). Every
row has a ``text`` column holding words that must occur in the article; when
they no longer do, the build stops with the file, the line and the text it
expected, so curation never drifts silently.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from konna_tui.ingest.article import Article
from konna_tui.inputs import curation_files


class CurationError(Exception):
    """A curated row that does not match the article; says file, line and expected text."""

    def __init__(self, path: Path, line: int, message: str) -> None:
        self.path = path
        self.line = line
        super().__init__(f"{path}:{line}: {message}")


@dataclass
class CuratedRow:
    path: Path
    line: int
    fields: dict[str, str]

    def get(self, name: str, default: str = "") -> str:
        value = self.fields.get(name)
        return value.strip() if value else default

    def error(self, message: str) -> CurationError:
        return CurationError(self.path, self.line, message)


@dataclass
class Curation:
    """All curated rows for one article, by kind (the middle part of the file name)."""

    article: Article
    files: dict[str, list[CuratedRow]] = field(default_factory=dict)

    def rows(self, kind: str) -> list[CuratedRow]:
        return self.files.get(kind, [])

    def paths(self) -> list[Path]:
        return sorted({row.path for rows in self.files.values() for row in rows})

    def locate(
        self,
        row: CuratedRow,
        text: str | None = None,
        within: tuple[int, int] | None = None,
        occurrence: int | None = None,
    ) -> int:
        """Offset of ``text`` (default: the row's ``text`` column) in the article.

        ``occurrence`` (1-based, default the row's ``occurrence`` column or 1)
        picks among repeats. Raises CurationError naming file, line and the
        text expected when it is not there.
        """
        needle = row.get("text") if text is None else text
        if not needle:
            raise row.error("empty 'text' column: every curated row must name the text it annotates")
        if occurrence is None:
            occ = row.get("occurrence", "1")
            try:
                occurrence = int(occ)
            except ValueError:
                raise row.error(f"'occurrence' must be a whole number, not {occ!r}") from None
        lo, hi = within if within else (0, len(self.article.text))
        pos = lo - 1
        for _ in range(max(occurrence, 1)):
            pos = self.article.text.find(needle, pos + 1, hi)
            if pos < 0:
                where = "" if within is None else " within the annotated text"
                raise row.error(f"expected text not found in {self.article.path.name}{where}: {needle!r}")
        return pos


def load_curation(article: Article, files: list[Path] | None = None) -> Curation:
    """Read the curated files beside the article (``files``, if listed already); errors name file and line."""
    cur = Curation(article)
    for path in curation_files(article.path) if files is None else files:
        kind = path.name[len(article.path.stem) + 1 : -len(".csv")]
        try:
            with path.open(encoding="utf-8", newline="") as fh:
                lines = [ln for ln in fh]
        except (OSError, UnicodeDecodeError) as exc:
            raise CurationError(path, 1, f"cannot read curated file: {exc}") from None
        # Comment lines (starting with #) are skipped but still counted for line numbers.
        numbered = [(n, ln) for n, ln in enumerate(lines, start=1) if not ln.lstrip().startswith("#")]
        if not numbered:
            continue
        reader = csv.reader([ln for _, ln in numbered])
        try:
            header = [h.strip() for h in next(reader)]
        except (StopIteration, csv.Error) as exc:
            raise CurationError(path, numbered[0][0], f"bad CSV header: {exc}") from None
        if "text" not in header:
            raise CurationError(path, numbered[0][0], "curated file needs a 'text' column")
        rows: list[CuratedRow] = []
        for idx, values in enumerate(reader, start=1):
            line = numbered[idx][0] if idx < len(numbered) else numbered[-1][0]
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(header):
                raise CurationError(path, line, f"{len(values)} columns, header has {len(header)}")
            rows.append(CuratedRow(path, line, dict(zip(header, values, strict=False))))
        cur.files.setdefault(kind, []).extend(rows)
    return cur
