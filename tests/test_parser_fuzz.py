"""Thousands of generated articles through the parser and the number extractor.

The articles are built from the pieces real ones are made of (titles, infobox
lines with blank values, headings closed or not, repeated, paragraphs full of
figures, number words, dashes, quotes and abbreviations) and from the things
files carry that they should not: CRLF and lone CR line ends, a BOM, tabs,
no-break spaces, other scripts and their digits, and plain random text.

What must hold for every one: the parser either builds or raises ArticleError
(a one-line message), every claim's text is the document text at its span, a
sentence lies inside its paragraph, and every digit run and number word is
covered by exactly one figure or non-quantity whose raw text is the document
text at its span.
"""

from __future__ import annotations

import bisect
import random
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from konna_tui.ingest.article import Article, ArticleError, parse_file, parse_text
from konna_tui.ingest.numbers import extract_numbers
from konna_tui.ingest.records import Figure, NonQuantity
from tests.test_numbers import numbers_in

EXAMPLES = 4000
PIPELINE_EXAMPLES = 300
RAN = {"parse": 0, "file": 0, "pipeline": 0}

# Pieces of real articles, and of what breaks parsers. A Random seeded by hypothesis assembles them
# (one draw per article keeps generation cheap enough for thousands of examples; a failure prints the
# article itself); hypothesis's own text strategy adds arbitrary Unicode to titles, headings and junk.
PIECES = [
    "Konna",
    "Malian",
    "soldiers",
    "were",
    "killed",
    "the",
    "jihadists",
    "vehicles",
    "about",
    "at least",
    "more than",
    "several dozen",
    "a dozen",
    "dozens",
    "a hundred",
    "one",
    "one sixty",
    "forty or so",
    "twenty-five",
    "first",
    "second",
    "No.",
    "Gen.",
    "U.S.",
    "e.g.",
    "Lt.",
    "J.",
    "Mi-24s",
    "BM-21",
    "2000D",
    "Mirage 2000-D",
    "BTR-60PB 3",
    "25px",
    "25pxName",
    "1st RPIMa",
    "62nd",
    "the 13th",
    "On the 4th",
    "January the 2nd",
    "10–18 January 2013",
    "9 to 10 January",
    "between 9 and 18 January",
    "night of 16 to 17",
    "8:30 am",
    "4 pm",
    "19:15",
    "around 17 hours",
    "1,200",
    "1,500 to 3,000",
    "50–150",
    "~50",
    "60 +",
    "4+",
    "20 mm",
    "ESNO 43",
    "(CPA-10)",
    "Total:",
    "including",
    "of them",
    "others",
    "French",
    "civilians",
    "Солдаты",
    "погибли",
    "جنود",
    "٣",
    "١٢",
    "士兵",
    "३०",
    "Ωμέγα",
    "İİİ at night",  # lower-cases longer: offsets found in lowered text must still fit
    "Straße",
    "9" * 400,  # too long for a float or an SQLite integer
    "1.5",
    "3.",
    "10,000",
    "1,2,3",
    "—",
    "–",
    "-",
    "+",
    "%",
    "$",
    "'",
    '"',
    "“",
    "”",
    "«",
    "»",
    "(",
    ")",
    ":",
    ";",
    ",",
    "...",
    "?",
    "!",
]
SPACES = [" ", " ", " ", " ", "\t", "\u00a0", "  "]
ENDS = [".", ".", ".", "?", "!", '."', '. "', "…", ".)", ""]
INFOBOX_KEYS = [
    "Conflict",
    "Date",
    "Place",
    "Result",
    "Combatant1",
    "Combatant2",
    "Commander1",
    "Strength1",
    "Strength2",
    "Casualties1",
    "Casualties2",
    "Casualties3",
    "Units1",
    "Partof",
    "",
]


def number(rnd) -> str:
    kind = rnd.randrange(5)
    if kind == 0:
        return str(rnd.randrange(3_000_000))
    if kind == 1:
        return f"{rnd.randrange(1000, 99_999):,}"
    if kind == 2:
        low = rnd.randrange(1, 500)
        return f"{low}{rnd.choice(['–', '-', ' to ', ' or '])}{low + rnd.randrange(1, 900)}"
    if kind == 3:
        return f"{rnd.randrange(100)}.{rnd.randrange(100)}"
    return str(rnd.randrange(32))


def sentence(rnd) -> str:
    parts = [number(rnd) if rnd.random() < 0.3 else rnd.choice(PIECES) for _ in range(rnd.randrange(1, 15))]
    out = "".join(p + rnd.choice(SPACES) for p in parts).rstrip()
    if rnd.random() < 0.5:
        out = out[:1].upper() + out[1:]
    return out + rnd.choice(ENDS)


def paragraph(rnd) -> str:
    return " ".join(sentence(rnd) for _ in range(rnd.randrange(1, 6)))


def heading(rnd, title: str) -> str:
    level = rnd.choice(["==", "===", "====", "="])
    return level + title + rnd.choice([level, level, "", "=", "=="])


def infobox(rnd) -> str:
    lines = ["Infobox"]
    for _ in range(rnd.randrange(9)):
        key = rnd.choice(INFOBOX_KEYS)
        value = rnd.choice([sentence(rnd), sentence(rnd), ", , 1,400, , 1,400–1,500", "", ", "])
        lines.append(f"- {key}: {value}" if rnd.random() < 0.9 else f"- {key} {value}")
    return "\n".join(lines)


LINE = st.text(max_size=30).map(lambda t: t.replace("\n", " ").replace("\r", " "))


@st.composite
def articles(draw) -> str:
    rnd = random.Random(draw(st.integers(min_value=0, max_value=2**32)))
    title, head, junk = draw(LINE), draw(LINE), draw(st.text(max_size=120))
    blocks: list[str] = []
    if rnd.random() < 0.8:
        blocks.append(f"= {title} =")
    if rnd.random() < 0.8:
        blocks.append(infobox(rnd))
    for _ in range(rnd.randrange(9)):
        choice = rnd.random()
        if choice < 0.65:
            blocks.append(paragraph(rnd))
        else:
            blocks.append(
                heading(rnd, head if rnd.random() < 0.5 else rnd.choice(["Background", "The battle", "2013"]))
            )
    if rnd.random() < 0.1:
        blocks.append(junk)
    text = "\n\n".join(blocks)
    if rnd.random() < 0.2:
        text = text[: rnd.randrange(len(text) + 1)]  # cut off mid-word
    return text


def check_article(article: Article) -> None:
    text = article.text
    claims = article.claims
    for c in claims:
        assert text[c.start : c.end] == c.text
        assert c.start < c.end
    for a, b in zip(claims, claims[1:], strict=False):
        assert a.end <= b.start
    paragraphs_ = article.paragraphs
    for c in claims:
        if c.kind == "sentence" and c.paragraph is not None:
            p = paragraphs_[c.paragraph]
            assert p.start <= c.start and c.end <= p.end
    for a, b in zip(claims, claims[1:], strict=False):
        if a.kind == b.kind == "sentence" and a.paragraph == b.paragraph:
            assert not text[a.end : b.start].strip(), "a paragraph's text fell between two sentences"
    for p in paragraphs_:
        inside = [c for c in claims if c.paragraph == p.index]
        assert inside and inside[0].start == p.start and inside[-1].end == p.end, "a paragraph lost text"
    figures, nqs = extract_numbers(article)
    spans = []
    records: list[Figure | NonQuantity] = [*figures, *nqs]
    for x in records:
        assert text[x.start : x.end] == x.raw
        assert x.start < x.end
        if x.claim is not None:
            assert claims[x.claim].start <= x.start and x.end <= claims[x.claim].end
        spans.append((x.start, x.end))
    spans.sort()
    for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False):
        assert e1 <= s2
    starts = [s for s, _ in spans]
    for m in numbers_in(text):
        k = bisect.bisect_right(starts, m.start()) - 1
        assert k >= 0 and spans[k][0] <= m.start() and m.end() <= spans[k][1], (
            m.group(),
            text[m.start() - 20 : m.end() + 20],
        )


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


@FUZZ
@given(articles())
def fuzz_parse_text(text: str) -> None:
    RAN["parse"] += 1
    try:
        article = parse_text(text)
    except ArticleError as exc:
        assert "\n" not in str(exc)
        return
    check_article(article)


@settings(FUZZ, max_examples=EXAMPLES // 5)
@given(articles(), st.sampled_from(["\n", "\r\n", "\r"]), st.booleans())
def fuzz_parse_file(text: str, newline: str, bom: bool) -> None:
    RAN["file"] += 1
    data = (("\ufeff" if bom else "") + text.replace("\n", newline)).encode("utf-8", "surrogatepass")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzzed_article.txt"
        path.write_bytes(data)
        try:
            article = parse_file(path)
        except ArticleError as exc:
            assert str(exc).startswith(str(path))
            return
    assert "\r" not in article.text and not article.text.startswith("\ufeff")
    check_article(article)


@settings(FUZZ, max_examples=PIPELINE_EXAMPLES)
@given(articles())
def fuzz_pipeline(text: str) -> None:
    from konna_tui.ingest.pipeline import extract

    RAN["pipeline"] += 1
    try:
        article = parse_text(text, path="/nonexistent/fuzzed_article.txt")
    except ArticleError:
        return
    out = extract(article)
    text = article.text
    for f in out.figures:
        assert text[f.start : f.end] == f.raw
    for m in out.mentions:
        assert text[m.start : m.end] == m.text
    for ev in out.events:
        assert text[ev.raw_start : ev.raw_end] == ev.raw
    for a in out.attributions:
        assert a.cue_start is None or a.cue_end is not None and a.cue_start <= a.cue_end


def test_generated_articles_parse_and_keep_every_number() -> None:
    fuzz_parse_text()
    print(f"parse_text + extract_numbers: {RAN['parse']} generated articles")
    assert RAN["parse"] >= EXAMPLES * 0.9


def test_generated_files_with_crlf_cr_and_bom() -> None:
    fuzz_parse_file()
    print(f"parse_file + extract_numbers: {RAN['file']} generated files")
    assert RAN["file"] >= EXAMPLES // 5 * 0.9


def test_generated_articles_through_the_whole_pipeline() -> None:
    fuzz_pipeline()
    print(f"pipeline.extract: {RAN['pipeline']} generated articles")
    assert RAN["pipeline"] >= PIPELINE_EXAMPLES * 0.9


def test_numbers_regex_sees_unicode_digits() -> None:
    # The coverage property counts every Unicode decimal digit, not only 0-9.
    assert [m.group() for m in numbers_in("٣ and ३० and 7")] == ["٣", "३०", "7"]
    assert re.fullmatch(r"\d+", "١٢")
