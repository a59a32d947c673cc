"""Date and time recognition on the forms the articles use."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from konna_tui.ingest.article import parse_file, parse_text
from konna_tui.ingest.dates import (
    _DATE_BY_OPENER,
    DATE_RE,
    DateContext,
    DateSpan,
    _opener,
    article_dates,
    clean_end,
    document_context,
    find_dates,
    month_number,
)

DATA = Path(__file__).resolve().parent.parent / "data"
SHARED = Path("/work/shared/articles")


def one(text: str, **ctx: int) -> DateSpan:
    spans = find_dates(
        text,
        default_year=ctx.get("year", 2013),
        default_month=ctx.get("month", 1),
        default_day=ctx.get("day"),
    )
    assert len(spans) == 1, spans
    return spans[0]


@pytest.mark.parametrize(
    "text, raw, kind, begin, finish, precision",
    [
        ("On January 1, 2013, representatives", "January 1, 2013", "date", "2013-01-01", "2013-01-01", "day"),
        (
            "Consequently, on 3 January 2013, Ansar",
            "3 January 2013",
            "date",
            "2013-01-03",
            "2013-01-03",
            "day",
        ),
        (
            "- Date: 10–18 January 2013, ()",
            "10–18 January 2013",
            "date_range",
            "2013-01-10",
            "2013-01-18",
            "day_range",
        ),
        (
            "from January 10 and 11, Special",
            "from January 10 and 11",
            "date_range",
            "2013-01-10",
            "2013-01-11",
            "day_range",
        ),
        (
            "from January 11 to 14, the jihadists",
            "from January 11 to 14",
            "date_range",
            "2013-01-11",
            "2013-01-14",
            "day_range",
        ),
        (
            "disappeared between 9 and 18 January in",
            "between 9 and 18 January",
            "date_range",
            "2013-01-09",
            "2013-01-18",
            "day_range",
        ),
        (
            "Date: 18 February – 31 March 2013",
            "18 February – 31 March 2013",
            "date_range",
            "2013-02-18",
            "2013-03-31",
            "day_range",
        ),
        ("In December 2012, the newspaper", "December 2012", "month", "2012-12", "2012-12", "month"),
        ("In February 2013, Konna Mayor", "February 2013", "month", "2013-02", "2013-02", "month"),
        (
            "the French Senate on 23 April 2013, 1,500",
            "23 April 2013",
            "date",
            "2013-04-23",
            "2013-04-23",
            "day",
        ),
        ("On the 4th, Ansar Dine handed", "the 4th", "ordinal_day", "2013-01-04", "2013-01-04", "day"),
        (
            "On the 13th, contacted by Sahara Media",
            "the 13th",
            "ordinal_day",
            "2013-01-13",
            "2013-01-13",
            "day",
        ),
        (
            "However, since January the 2nd, from",
            "January the 2nd",
            "date",
            "2013-01-02",
            "2013-01-02",
            "day",
        ),
        ("On the 7th, about fifty", "the 7th", "ordinal_day", "2013-01-07", "2013-01-07", "day"),
    ],
)
def test_calendar_forms(text: str, raw: str, kind: str, begin: str, finish: str, precision: str) -> None:
    span = one(text)
    assert (span.raw, span.kind, span.begin, span.finish, span.precision) == (
        raw,
        kind,
        begin,
        finish,
        precision,
    )
    assert text[span.start : span.end] == span.raw


@pytest.mark.parametrize(
    "text, raw, begin, finish",
    [
        (
            "On the night of 9 January to 10 January, a teacher",
            "the night of 9 January to 10 January",
            "2013-01-09T20:00",
            "2013-01-10T06:00",
        ),
        (
            "reached Konna in the night of 9 to 10 January.",
            "the night of 9 to 10 January",
            "2013-01-09T20:00",
            "2013-01-10T06:00",
        ),
        (
            "were killed in the night of 16 to 17 according to",
            "the night of 16 to 17",
            "2013-01-16T20:00",
            "2013-01-17T06:00",
        ),
        (
            "during the night between the 11th and the 12th.",
            "the night between the 11th and the 12th",
            "2013-01-11T20:00",
            "2013-01-12T06:00",
        ),
        (
            "On the night of January 12 to 13, the 2000D",
            "the night of January 12 to 13",
            "2013-01-12T20:00",
            "2013-01-13T06:00",
        ),
        (
            "bodies on the night of January 10, before",
            "the night of January 10",
            "2013-01-10T20:00",
            "2013-01-11T06:00",
        ),
    ],
)
def test_nights_run_from_one_evening_to_the_next_morning(
    text: str, raw: str, begin: str, finish: str
) -> None:
    span = one(text)
    assert (span.raw, span.kind, span.precision, span.begin, span.finish) == (
        raw,
        "night",
        "night",
        begin,
        finish,
    )


@pytest.mark.parametrize(
    "text, raw, begin",
    [
        ("the clashes beganat 8:30 am and", "8:30 am", "2013-01-10T08:30"),
        ("and ended at 4 pm.", "4 pm", "2013-01-10T16:00"),
        ("Around 11 am, the Malians", "Around 11 am", "2013-01-10T11:00"),
        ("take off around 19:15 local time", "around 19:15", "2013-01-10T19:15"),
        (
            "The Malian forces entered the first, at around 17 hours, followed",
            "around 17 hours",
            "2013-01-10T17:00",
        ),
        ("then around midnight a second wave", "around midnight", "2013-01-11T00:00"),
    ],
)
def test_clock_times_take_the_day_from_context(text: str, raw: str, begin: str) -> None:
    span = one(text, day=10)
    assert (span.raw, span.kind, span.precision, span.begin, span.finish) == (
        raw,
        "time",
        "time",
        begin,
        begin,
    )


@pytest.mark.parametrize(
    "text, raw, begin, finish",
    [
        (
            "On the morning of the 18th, only eight",
            "the morning of the 18th",
            "2013-01-18T06:00",
            "2013-01-18T12:00",
        ),
        (
            "On the evening of January 16, the French",
            "the evening of January 16",
            "2013-01-16T18:00",
            "2013-01-16T22:00",
        ),
        ("In the late afternoon, they clashed", "the late afternoon", "2013-01-16T16:00", "2013-01-16T18:00"),
        (
            "at the end of the afternoon, Lieutenant",
            "the end of the afternoon",
            "2013-01-16T16:00",
            "2013-01-16T18:00",
        ),
        ("Then in the evening, Mirage 2000D", "the evening", "2013-01-16T18:00", "2013-01-16T22:00"),
        (
            "Shortly before dawn, the two Mi-24s",
            "Shortly before dawn",
            "2013-01-16T03:00",
            "2013-01-16T05:00",
        ),
    ],
)
def test_parts_of_the_day(text: str, raw: str, begin: str, finish: str) -> None:
    span = one(text, day=16)
    assert (span.raw, span.kind, span.precision, span.begin, span.finish) == (
        raw,
        "part_of_day",
        "part_of_day",
        begin,
        finish,
    )


def test_the_next_day_counts_from_the_last_date() -> None:
    text = "On the morning of the 18th, eight fled. The next day the city was controlled."
    first, nxt = find_dates(text, default_year=2013, default_month=1)
    assert first.begin == "2013-01-18T06:00"
    assert (nxt.raw, nxt.kind, nxt.begin) == ("The next day", "relative_day", "2013-01-19")


def test_a_day_stated_in_the_sentence_anchors_its_clock_times() -> None:
    text = "On the 10th, the clashes beganat 8:30 am and ended at 4 pm."
    day, begin, end = find_dates(text, default_year=2013, default_month=1, default_day=3)
    assert day.begin == "2013-01-10"
    assert (begin.begin, end.begin) == ("2013-01-10T08:30", "2013-01-10T16:00")


def test_dawn_after_a_night_falls_on_the_next_morning() -> None:
    text = "The fight continued through the night. Shortly before dawn, the Mi-24s attacked."
    night, dawn = find_dates(text, default_year=2013, default_month=1, default_day=16)
    assert night.begin == "2013-01-16T20:00"
    assert dawn.begin.startswith("2013-01-17")


def test_unknown_context_leaves_dates_unresolved() -> None:
    spans = find_dates("On the 13th, at 4 pm, on March 3, they left.")
    assert [s.raw for s in spans] == ["the 13th", "4 pm", "March 3"]
    assert all(s.begin is None and s.finish is None for s in spans)


@pytest.mark.parametrize(
    "text",
    [
        "the 62nd Motorized Infantry Regiment and the 4th Special Forces Helicopter Regiment",
        "Four Mirage 2000-D jets and the 2000D Mirages",
        "After several hours of fighting, after 17 hours of fighting",
        "on January 10 and 11 vehicles",  # 11 is a count here, not a day
        "from 1,500 to 3,000 jihadists; 1500 to 3000 men; 300 men from AQIM to 600 from MUJAO",
        "Commando No. 10 (CPA-10), BM-21, T-55, ESNO 43, 25px",
        "He may march. In the following days some of them would appear.",
    ],
)
def test_numbers_that_are_not_dates_are_left_alone(text: str) -> None:
    spans = find_dates(text, default_year=2013, default_month=1)
    assert [s.raw for s in spans if s.raw != "January 10"] == []


def test_invalid_calendar_days_are_not_dates() -> None:
    assert [s.raw for s in find_dates("on 31 February 2013")] == ["February 2013"]


def test_month_names_and_abbreviations() -> None:
    assert month_number("Sept.") == 9 and month_number("january") == 1 and month_number("Konna") is None
    assert one("Jan. 5, 2013 was").begin == "2013-01-05"


def test_offsets_point_into_the_text_passed_in() -> None:
    text = "xx On the 4th, yy. On 13 January zz."
    spans = find_dates(text, 3, 18, default_year=2013, default_month=1)
    assert [s.raw for s in spans] == ["the 4th"]
    assert all(text[s.start : s.end] == s.raw for s in spans)


def test_document_context_reads_the_infobox_date() -> None:
    assert document_context(parse_file(DATA / "battle_of_konna.txt")) == (2013, 1)
    if (SHARED / "battle_of_ifoghas.txt").exists():
        assert document_context(parse_file(SHARED / "battle_of_ifoghas.txt")) == (2013, 2)


def test_every_date_form_in_the_konna_article_is_found() -> None:
    article = parse_file(DATA / "battle_of_konna.txt")
    raws = [s.raw for s in find_dates(article.text, default_year=2013, default_month=1)]
    for expected in (
        "10–18 January 2013",
        "January 1, 2013",
        "the 4th",
        "January the 2nd",
        "the night of 9 January to 10 January",
        "the end of the afternoon",
        "8:30 am",
        "Around 11 am",
        "around 19:15",
        "around midnight",
        "the night between the 11th and the 12th",
        "the evening of January 16",
        "Shortly before dawn",
        "around 17 hours",
        "The next day",
        "the night of 16 to 17",
        "the 13th",
        "February 2013",
        "between 9 and 18 January",
    ):
        assert expected in raws


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            list("0123456789 ,.:–-\n")
            + [
                "the ",
                "of ",
                "night ",
                "to ",
                "and ",
                "January",
                "May",
                "the 4th",
                " am",
                " pm",
                " hours",
                "2013",
            ]
        ),
        max_size=40,
    ).map("".join),
    st.integers(min_value=0, max_value=90),
)
def test_any_text_gives_well_formed_spans(text: str, start: int) -> None:
    spans = find_dates(text, start, default_year=2013, default_month=1, default_day=31)
    last_end = start
    for s in spans:
        assert text[s.start : s.end] == s.raw
        assert s.start >= last_end
        last_end = s.end
        assert s.precision in {"time", "part_of_day", "night", "day", "day_range", "month", "year"}
        if s.begin and s.finish:
            assert s.begin[:10] <= s.finish[:10]


OPENING_WORDS = [
    "the ", "The ", "THE ", "night ", "between ", "from ", "On ", "of ", "early ", "mid-", "Monday, ",
    "around ", "shortly before ", "at ", "that ", "this ", "first light", "noon", "overnight", "in ",
    "ſince ", "\u212aate ", "İn ", "ınto ", "thé ", "dawn",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            OPENING_WORDS
            + list("0123456789 ,.:–-\n\u00a0")
            + ["January", "Sept.", "May", "4th", "21st", " am", "p.m.", " hours", "h30", "2013", "o'clock"]
        ),
        max_size=30,
    ).map("".join)
)
# One of each alternative, and the letters that case folding matches to ASCII ones ("ſ" to "s").
@example("In the night of 16 to 17 January, between 9 and 18 January, from the 4th to the 6th.")
@example("The end of the morning of 12 January, on Monday, 14 January 2013, in early May 2012.")
@example("Since March, by 2012, on the 13th, at 8:30 am, at 23h15, at 10 hours, 10 o'clock.")
@example("Around noon, shortly before dawn, late in the evening, overnight, the next day, that day.")
@example("ſince March, \u212aate in the evening, İn 2012, the night of 9 to 10 Jan. 2013")
def test_the_first_word_of_a_place_keeps_every_date_that_can_start_there(text: str) -> None:
    """Only the alternatives a place's first word can open on are tried there: none is ever missed."""
    for s in range(len(text)):
        full = DATE_RE.match(text, s)
        opener = _opener(text, s)
        pattern = _DATE_BY_OPENER.own(opener) if opener else DATE_RE if opener == "" else None
        kept = pattern.match(text, s) if pattern is not None else None
        assert (kept and (kept.span(), kept.lastgroup)) == (full and (full.span(), full.lastgroup)), s


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_never_crashes(text: str) -> None:
    for s in find_dates(text):
        assert text[s.start : s.end] == s.raw


# Sentences dense in date words, ending in every way a sentence can: on a stop, a quote, a month
# abbreviation's stop ("Mar."), a bare number or a year (the ends after which a scan of the sentence
# alone may read differently from a scan of the whole text).
SENTENCE_WORDS = [
    "On the 13th,",
    "the night of 16 to 17",
    "between 9 and 18 January",
    "from January 11 to 14",
    "In February 2013",
    "at 8:30 am",
    "The next day",
    "in the morning",
    "On January 12,",
    "the 31st",
    "on 30 February",
    "Shortly before dawn",
    "that day",
    "Mar",
    "Jan.",
    "12",
    "2013",
    "of",
    "the",
    "to",
    "and",
    "France",
    "killed",
    "said",
]
sentences = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(st.sampled_from(SENTENCE_WORDS), min_size=1, max_size=8),
    st.sampled_from([".", ".", "!", '."', ".”", " Mar.", " Jan.", " 12", " 2013", ""]),
)
paragraphs = st.lists(sentences, min_size=1, max_size=4).map(" ".join)
sections = st.tuples(
    st.sampled_from(["", "==Background==\n", "==The night of 9 to 10 January==\n", "===On the 12th===\n"]),
    st.lists(paragraphs, min_size=1, max_size=3).map("\n\n".join),
).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["10–11 January 2013", "9 March 2012", "sometime"]),
    st.lists(sections, min_size=1, max_size=3).map("\n\n".join),
)
# Ends a sentence alone reads differently: "Mar." before a digit, a month before a paragraph opening on one.
@example("9 March 2012", "It fell on 12 Mar. 12 men died. It fell in January\n\n12 men died.")
# A date ending inside a word: what follows it starts a word of its own ("21st of February").
@example("9 March 2012", "It began on 12 January21st of February. Then it ended.")
# A date running on into the next sentence ("Mar. 13th"), a sentence glued to a quote ("'On the 12th").
@example("9 March 2012", "On 13 March it fell in Mar. 13th of March was bloody.")
@example("9 March 2012", "It fell on 9 January, he said 'stop.'On the 12th it fell.")
def test_one_pass_reads_as_the_whole_text_and_each_sentence_alone_would(date: str, body: str) -> None:
    """The shared pass gives what a scan of the whole text and a scan of each sentence would give alone."""
    article = parse_text(f"= Battle =\n\nInfobox\n- Date: {date}\n\n{body}\n")
    year, month = document_context(article)
    running: dict[int, list[DateSpan]] = {}
    for span in find_dates(article.text, default_year=year, default_month=month):
        claim = article.claim_at(span.start)
        if claim is not None:
            running.setdefault(claim.index, []).append(span)
    by_sentence: dict[int, list[DateSpan]] = {}
    section, ctx = None, DateContext(year, month, None)
    for claim in article.claims:
        if claim.kind == "sentence":
            if claim.section != section:
                section, ctx = claim.section, DateContext(year, month, None)
            if spans := find_dates(article.text, claim.start, claim.end, context=ctx):
                by_sentence[claim.index] = spans
    dates = article_dates(article)
    assert dates.running == running
    assert dates.by_sentence == by_sentence


@pytest.mark.parametrize(
    "text, end, clean",
    [
        ("It ended on 12 January. Then", 23, True),
        ('He said "on the 12th." Then', 22, True),
        ("It ended in Mar. 12 men died", 16, False),  # "Mar." reads on to the digit after it
        ("It ended at 12\n\nThen", 14, False),  # a bare number at a paragraph's end
        ("It ended.Then", 9, False),  # no space: the next word touches the stop
        ("It ended.", 9, True),
    ],
)
def test_a_sentence_end_is_clean_only_where_nothing_after_it_can_change_a_match(
    text: str, end: int, clean: bool
) -> None:
    assert clean_end(text, end) is clean


def test_a_letter_that_lower_cases_longer_does_not_shift_or_break_dates(tmp_path: Path) -> None:
    """'İ' lower-cases to two characters; offsets found in the lowered text once crashed the build."""
    from konna_tui.build import build_database
    from konna_tui.ingest.article import parse_text

    text = "= Test battle =\n\nİİİİİİİİİİ at night. İstanbul fighters attacked at dawn on 12 January 2013.\n"
    spans = [(d.start, d.end) for d in find_dates(parse_text(text).text)]
    plain = [(d.start, d.end) for d in find_dates(parse_text(text.replace("İ", "I")).text)]
    assert spans == plain and spans
    path = tmp_path / "test_battle.txt"
    path.write_text(text, encoding="utf-8")
    assert build_database([path], tmp_path / "t.db").counts["claims"] == 2
