"""Parse the plain-text article format into sections, paragraphs and claims.

The format (see ``shared/articles/SOURCES.md``): a ``= Title =`` line, an
``Infobox`` block of ``- Key: value`` lines, then ``==Section==`` and
``===Subsection===`` headings over paragraphs. Every record keeps character
offsets into ``Article.text`` so that any later stage can point back to the
exact words it annotates.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

MAX_ARTICLE_BYTES = 64 * 1024 * 1024


class ArticleError(Exception):
    """Input that cannot be built; carries the file and line for a one-line message."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


@dataclass
class Section:
    index: int
    level: int  # 1 infobox/lead, 2 ==, 3 ===
    title: str
    start: int
    end: int
    parent: int | None = None
    phase: int | None = None

    @property
    def anchor(self) -> str:
        return re.sub(r"[^\w]+", "_", self.title.strip()).strip("_")


@dataclass
class Paragraph:
    index: int
    section: int
    start: int
    end: int


@dataclass
class Claim:
    index: int
    section: int
    paragraph: int | None  # None for infobox claims
    kind: str  # "sentence" or "infobox"
    start: int
    end: int
    text: str


@dataclass
class InfoboxField:
    index: int
    key: str
    value: str
    start: int  # offset of the value
    end: int
    claim: int  # index of the claim holding the field


@dataclass
class Article:
    path: Path
    slug: str
    title: str
    text: str
    sha256: str
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    infobox: list[InfoboxField] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def line_of(self, offset: int) -> int:
        """1-based line number of an offset, for error messages."""
        return self.text.count("\n", 0, offset) + 1

    _ends: list[int] = field(default_factory=list, init=False, repr=False, compare=False)

    def claim_ends(self) -> list[int]:
        """Each claim's end, in order, listed once: what every "which claim holds this offset" bisects.

        Claims are sorted and never overlap, so their ends are sorted too. The list is made again
        when claims were added since (the parser appends them as it reads).
        """
        if len(self._ends) != len(self.claims):
            self._ends = [c.end for c in self.claims]
        return self._ends

    def claim_at(self, offset: int) -> Claim | None:
        """The claim whose span contains ``offset``."""
        k = bisect_right(self.claim_ends(), offset)
        claims = self.claims
        return claims[k] if k < len(claims) and claims[k].start <= offset else None


TITLE_RE = re.compile(r"^[ \t]*=(?!=)[ \t]*(?P<title>.*?)[ \t]*=?[ \t]*$")
HEADING_RE = re.compile(r"^[ \t]*(?P<open>={2,6})[ \t]*(?P<title>[^=\n]*?)[ \t]*(?P<close>=*)[ \t]*$")
INFOBOX_FIELD_RE = re.compile(r"^[ \t]*-[ \t]*(?P<key>[^:\n]{1,60}?)[ \t]*:[ \t]?(?P<value>.*?)[ \t]*$")
PHASE_PARENT_RE = re.compile(
    r"\b(battle|fighting|course|assault|offensive|engagement|operations?|siege)\b", re.I
)

FIELD_LABELS = {
    "partof": "Part of",
    "combatant": "Belligerents",
    "commander": "Commanders and leaders",
    "strength": "Strength",
    "casualties": "Casualties and losses",
    "units": "Units involved",
}


def field_label(key: str) -> str:
    """A readable label for an infobox key: ``Casualties2`` -> ``Casualties and losses (2)``."""
    m = re.fullmatch(r"([A-Za-z_ ]+?)(\d*)", key.strip())
    if not m:
        return key
    base, num = m.group(1), m.group(2)
    label = FIELD_LABELS.get(base.lower().replace(" ", ""), base.strip().replace("_", " ").capitalize())
    return f"{label} ({num})" if num else label


def read_text(path: Path) -> tuple[str, str]:
    """Read an article file as text, or raise ArticleError saying what is wrong with it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ArticleError(path, None, "no such file") from None
    except OSError as exc:
        raise ArticleError(path, None, f"cannot read: {exc.strerror or exc}") from None
    if path.is_dir():
        raise ArticleError(path, None, "is a directory, not an article file")
    if size > MAX_ARTICLE_BYTES:
        raise ArticleError(path, None, f"too large ({size:,} bytes; the limit is {MAX_ARTICLE_BYTES:,})")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ArticleError(path, None, f"cannot read: {exc.strerror or exc}") from None
    digest = hashlib.sha256(raw).hexdigest()
    if b"\x00" in raw:
        line = raw.count(b"\n", 0, raw.index(b"\x00")) + 1
        raise ArticleError(path, line, "binary data (NUL byte), not an article")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ArticleError(path, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x})") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, digest


def parse_file(path: str | Path) -> Article:
    """Read and parse one article file."""
    path = Path(path)
    text, digest = read_text(path)
    return parse_text(text, path=path, sha256=digest)


def parse_text(text: str, path: str | Path = "<text>", sha256: str | None = None) -> Article:
    """Parse article text (already newline-normalised) into its structure."""
    path = Path(path)
    if sha256 is None:
        sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if not text.strip():
        raise ArticleError(path, None, "empty article: nothing to build")
    slug = re.sub(r"[^a-z0-9]+", "_", path.stem.lower()).strip("_") or "article"
    article = Article(path=path, slug=slug, title="", text=text, sha256=sha256)

    lines = _lines_with_offsets(text)
    i = 0
    # Title.
    while i < len(lines) and not lines[i][1].strip():
        i += 1
    if i < len(lines) and (m := TITLE_RE.match(lines[i][1])) and not HEADING_RE.match(lines[i][1]):
        article.title = m.group("title").strip() or path.stem.replace("_", " ")
        i += 1
    else:
        article.title = path.stem.replace("_", " ").title()
        article.warnings.append(f"{path}:{i + 1}: no '= Title =' line; title taken from file name")

    # Infobox block.
    while i < len(lines) and not lines[i][1].strip():
        i += 1
    if i < len(lines) and lines[i][1].strip().lower() == "infobox":
        box_start = lines[i][0]
        i += 1
        fields: list[tuple[int, str, int, int]] = []
        while i < len(lines) and lines[i][1].strip():
            off, line = lines[i]
            m = INFOBOX_FIELD_RE.match(line)
            if m:
                fields.append(
                    (off + line.index("-") + 1, m.group("key"), off + m.start("value"), off + m.end("value"))
                )
            else:
                article.warnings.append(f"{path}:{i + 1}: infobox line skipped (not '- Key: value')")
            i += 1
        box_end = lines[i - 1][0] + len(lines[i - 1][1])
        if fields:
            sec = _add_section(article, 1, "Infobox", box_start, None)
            for key_pos, key, vstart, vend in fields:
                cstart = key_pos
                while cstart < vend and text[cstart] in " \t":
                    cstart += 1
                cidx = len(article.claims)
                article.claims.append(
                    Claim(cidx, sec.index, None, "infobox", cstart, vend, text[cstart:vend])
                )
                article.infobox.append(
                    InfoboxField(len(article.infobox), key.strip(), text[vstart:vend], vstart, vend, cidx)
                )
            sec.end = box_end
    else:
        article.warnings.append(f"{path}: no infobox")

    # Body: lead, then headings.
    current: Section | None = None
    block: list[tuple[int, str]] = []

    def flush() -> None:
        nonlocal block
        if block:
            assert current is not None
            _add_paragraph(article, current, block)
            block = []

    for lineno in range(i, len(lines)):
        off, line = lines[lineno]
        hm = HEADING_RE.match(line) if line.lstrip().startswith("==") else None
        if hm and hm.group("title").strip():
            flush()
            level = min(len(hm.group("open")), 3)
            if len(hm.group("close")) != len(hm.group("open")):
                article.warnings.append(
                    f"{path}:{lineno + 1}: heading '{line.strip()}' is not closed with "
                    f"{hm.group('open')}; read as a level-{level} heading"
                )
            current = _add_section(article, level, hm.group("title").strip(), off, None)
            continue
        if hm:
            article.warnings.append(f"{path}:{lineno + 1}: empty heading skipped")
            continue
        if not line.strip():
            flush()
            continue
        if current is None:
            current = _add_section(article, 1, "Introduction", off, None)
        block.append((off, line))
    flush()

    _close_sections(article)
    _assign_phases(article)
    # Sets built once: checking every paragraph for every section was quadratic (119 s at 50 MB).
    with_text = {p.section for p in article.paragraphs}
    with_children = {s.parent for s in article.sections}
    for sec in article.sections:
        if sec.level > 1 and sec.index not in with_text and sec.index not in with_children:
            article.warnings.append(
                f"{path}:{article.line_of(sec.start)}: heading '{sec.title}' has no text under it"
            )
    if not article.claims:
        raise ArticleError(path, None, "no infobox fields and no sentences: nothing to build")
    # Claims are made in text order (the infobox, then the body, paragraph after paragraph) and numbered
    # as they come: nothing to sort or renumber (tests/test_article.py holds the parser to it).
    return article


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _add_section(article: Article, level: int, title: str, start: int, parent: int | None) -> Section:
    if level >= 2:
        for prev in reversed(article.sections):
            if prev.level < level and prev.title != "Infobox":
                parent = prev.index if prev.level >= 2 else None
                break
    sec = Section(len(article.sections), level, title, start, start, parent)
    article.sections.append(sec)
    return sec


def _close_sections(article: Article) -> None:
    secs = article.sections
    n = len(article.text.rstrip())
    for k, sec in enumerate(secs):
        if sec.title == "Infobox" and sec.level == 1:
            continue
        end = n
        for later in secs[k + 1 :]:
            if later.level <= sec.level or (sec.level == 1):
                end = later.start
                break
        sec.end = max(sec.start, min(end, n))
        while sec.end > sec.start and article.text[sec.end - 1].isspace():
            sec.end -= 1


def _assign_phases(article: Article) -> None:
    """Number the === subsections of the battle's == section as its phases."""
    for sec in article.sections:
        if sec.level == 2 and PHASE_PARENT_RE.search(sec.title):
            children = [s for s in article.sections if s.parent == sec.index and s.level == 3]
            if children:
                for n, child in enumerate(children, start=1):
                    child.phase = n
                return


def _add_paragraph(article: Article, section: Section, block: list[tuple[int, str]]) -> None:
    text = article.text
    start = block[0][0]
    end = block[-1][0] + len(block[-1][1])
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    para = Paragraph(len(article.paragraphs), section.index, start, end)
    article.paragraphs.append(para)
    for s, e in split_sentences(text, start, end):
        article.claims.append(
            Claim(len(article.claims), section.index, para.index, "sentence", s, e, text[s:e])
        )


# Words after which a full stop does not end a sentence.
ABBREVIATIONS = {
    "no",
    "nos",
    "mr",
    "mrs",
    "ms",
    "dr",
    "col",
    "gen",
    "lt",
    "capt",
    "cpt",
    "maj",
    "sgt",
    "st",
    "mt",
    "jr",
    "sr",
    "vs",
    "e.g",
    "i.e",
    "eg",
    "ie",
    "approx",
    "ca",
    "cf",
    "jan",
    "feb",
    "apr",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "u.s",
    "u.n",
    "adm",
    "gov",
    "pres",
    "fr",
    "prof",
    "rev",
    "hon",
    "brig",
    "cmdr",
    "cdr",
    "lieut",
    "op",
    "vol",
    "art",
    "fig",
    "al",
    "inc",
    "ltd",
}
_TERMINAL = ".!?"
_CLOSERS = "\"'”’»)]"
_SPECIAL_RE = re.compile('[.!?"“”]')


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentence spans.

    A sentence ends at ``.``, ``!`` or ``?`` followed by white space and a
    capital, a digit or an opening quote; not after a known abbreviation or a
    lone initial ("No. 10", "J. Smith"), and not inside an open double quote.
    A closing quote that follows the full stop, even after a space, stays with
    the sentence it closes.
    """
    for mark in _QUOTES_AND_MARKS:
        if text.find(mark, start, end) != -1:
            return _split_tracking_quotes(text, start, end)
    return _split_at_full_stops(text, start, end)


def _split_tracking_quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``split_sentences`` for any paragraph: stops at . ! ?, with the double quotes open or closed."""
    spans: list[tuple[int, int]] = []
    sent_start = start
    quote_open = False
    pos = start
    # Only quotes and terminals change anything: jump from one to the next instead of reading every letter.
    while (found := _SPECIAL_RE.search(text, pos, end)) is not None:
        pos = found.start()
        ch = text[pos]
        if ch in '"“”':
            if ch == "“":
                quote_open = True
            elif ch == "”":
                quote_open = False
            else:
                quote_open = not quote_open
        if ch in _TERMINAL and _ends_sentence(text, pos, end, sent_start):
            stop = pos + 1
            # Absorb closing quotes/brackets directly after the stop.
            while stop < end and text[stop] in _CLOSERS:
                if text[stop] == '"':
                    quote_open = not quote_open
                stop += 1
            # A quote left open that closes after a space belongs here too.
            if quote_open:
                j = stop
                while j < end and text[j] in " \t\u00a0":
                    j += 1
                if j < end and text[j] in '"”' and (j + 1 >= end or text[j + 1].isspace()):
                    stop = j + 1
                    quote_open = False
                elif _closes_later(text, stop, end):
                    pos += 1
                    continue
                else:
                    quote_open = False
            nxt = _after_space(text, stop, end)
            if nxt >= end or _starts_sentence(text, nxt):
                spans.append((sent_start, stop))
                sent_start = nxt
                pos = nxt
                continue
        pos += 1
    _add_rest(spans, text, sent_start, end)
    return spans


# Without these, a paragraph's sentences can only end at full stops, and no quote is ever open.
_QUOTES_AND_MARKS = ('"', "“", "”", "!", "?")
_PLAIN_CLOSERS = "'’»)]"


def _split_at_full_stops(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``split_sentences`` for a paragraph without double quotes, ! or ? (most of them).

    The same rules, with nothing to track: ``str.find`` jumps from one full stop to the
    next (a search for several characters reads them one at a time, at ten times the cost).
    """
    spans: list[tuple[int, int]] = []
    sent_start = start
    pos = text.find(".", start, end)
    while pos != -1:
        if _ends_sentence(text, pos, end, sent_start):
            stop = pos + 1
            while stop < end and text[stop] in _PLAIN_CLOSERS:
                stop += 1
            nxt = _after_space(text, stop, end)
            if nxt >= end or _starts_sentence(text, nxt):
                spans.append((sent_start, stop))
                sent_start = nxt
                pos = text.find(".", nxt, end)
                continue
        pos = text.find(".", pos + 1, end)
    _add_rest(spans, text, sent_start, end)
    return spans


def _after_space(text: str, pos: int, end: int) -> int:
    """The first offset from ``pos`` that is not white space (at most ``end``): where a sentence starts."""
    while pos < end and text[pos].isspace():
        pos += 1
    return pos


def _add_rest(spans: list[tuple[int, int]], text: str, sent_start: int, end: int) -> None:
    """Add what is left of a paragraph after its last stop, without trailing white space, as a sentence."""
    stop = end
    while stop > sent_start and text[stop - 1].isspace():
        stop -= 1
    if stop > sent_start:
        spans.append((sent_start, stop))


def _closes_later(text: str, pos: int, end: int) -> bool:
    """Whether an open quote closes later in the paragraph (then do not split inside it)."""
    return text.find('"', pos, end) != -1 or text.find("”", pos, end) != -1


def _ends_sentence(text: str, pos: int, end: int, sent_start: int) -> bool:
    if text[pos] != ".":
        return True
    # Decimal or thousands: "2.5", "1.200".
    if pos + 1 < end and text[pos + 1].isdigit():
        return False
    # The word before the full stop: letters and dots back to the last space, read char by char only
    # when something else is in between.
    k = text.rfind(" ", sent_start, pos) + 1 or sent_start
    if k < pos and not text[k:pos].replace(".", "").isalpha():
        k = pos
        while k > sent_start and (text[k - 1].isalpha() or text[k - 1] == "."):
            k -= 1
    word = text[k:pos].lower()
    if word in ABBREVIATIONS:
        return False
    # A lone capital initial ("J. Smith"), but not a one-letter word ending a sentence like "A."
    return not (len(word) == 1 and text[k].isupper() and pos - sent_start > 1)


def _starts_sentence(text: str, pos: int) -> bool:
    ch = text[pos]
    return ch.isupper() or ch.isdigit() or ch in "\"“'‘(["
