"""Events: one per dated sentence, resolved from the sentences before it in the same section."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konna_tui.ingest.article import Article, parse_file, parse_text
from konna_tui.ingest.events import extract_events
from konna_tui.ingest.records import Event

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared/articles")
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="module")
def konna() -> Article:
    return parse_file(ROOT / "data" / "battle_of_konna.txt")


@pytest.fixture(scope="module")
def events(konna: Article) -> list[Event]:
    return extract_events(konna)


def event_for(article: Article, events: list[Event], sentence_start: str) -> Event:
    found = [e for e in events if article.claims[e.claim].text.startswith(sentence_start)]
    assert len(found) == 1, f"no single event for {sentence_start!r}: {found}"
    return found[0]


def when(e: Event) -> tuple[str, str, str]:
    return e.start, e.end, e.precision


@pytest.mark.parametrize(
    "sentence, start, end, precision",
    [
        ("On the 13th, contacted by Sahara Media", "2013-01-13", "2013-01-13", "day"),
        ("On the 9th, at the end of the afternoon", "2013-01-09T16:00", "2013-01-09T18:00", "part_of_day"),
        ("On the 10th, the clashes beganat", "2013-01-10T08:30", "2013-01-10T16:00", "time"),
        ("Around 11 am, the Malians begin", "2013-01-10T11:00", "2013-01-10T11:00", "time"),
        ("In the morning, two Malian Mi-24", "2013-01-11T06:00", "2013-01-11T12:00", "part_of_day"),
        ("The next day the city was entirely controlled", "2013-01-19", "2013-01-19", "day"),
        ("The jihadists reached Konna in the night", "2013-01-09T20:00", "2013-01-10T06:00", "night"),
        (
            "6 other Islamists were killed in the night of 16 to 17",
            "2013-01-16T20:00",
            "2013-01-17T06:00",
            "night",
        ),
        ("Shortly before dawn, the two Mi-24s", "2013-01-17T03:00", "2013-01-17T05:00", "part_of_day"),
        (
            "For the newspaper Nouvelle Libération, from January 11 to 14",
            "2013-01-11",
            "2013-01-14",
            "day_range",
        ),
        ("In February 2013, Konna Mayor", "2013-02", "2013-02", "month"),
        ("The planes continued their strikes", "2013-01-12T00:00", "2013-01-12T00:00", "time"),
    ],
)
def test_dates_resolve_from_context(
    konna: Article, events: list[Event], sentence: str, start: str, end: str, precision: str
) -> None:
    assert when(event_for(konna, events, sentence)) == (start, end, precision)


def test_a_statement_date_is_the_event_and_the_label_is_the_sentence(
    konna: Article, events: list[Event]
) -> None:
    e = event_for(konna, events, "On January 12, the Malian army, indicated")
    assert when(e) == ("2013-01-12", "2013-01-12", "day")
    assert e.label == konna.claims[e.claim].text
    assert e.raw == "January 12"


def test_the_background_gathers_forces_from_the_first_to_the_seventh(
    konna: Article, events: list[Event]
) -> None:
    background = next(s.index for s in konna.sections if s.title == "Background")
    days = [e.start for e in events if konna.claims[e.claim].section == background]
    assert days == ["2013-01-01", "2013-01-03", "2013-01-04", "2013-01-02", "2013-01-07"]
    by_day = {e.start: e for e in events}
    assert by_day["2013-01-08"].label.startswith(
        "On January 8, 2013, jihadists were near the demarcation line"
    )
    night = event_for(konna, events, "On the night of 9 January to 10 January")
    assert night.precision == "night"


def test_each_battle_phase_has_its_own_events(konna: Article, events: list[Event]) -> None:
    phase_days: dict[int, set[str]] = {}
    for e in events:
        phase = konna.sections[konna.claims[e.claim].section].phase
        if phase is not None:
            phase_days.setdefault(phase, set()).add(e.start[:10])
    assert sorted(phase_days) == [1, 2, 3]
    assert min(phase_days[1]) == "2013-01-08" and max(phase_days[1]) == "2013-01-10"
    assert "2013-01-11" in phase_days[2]
    assert min(phase_days[3]) == "2013-01-16" and max(phase_days[3]) >= "2013-01-18"


def test_one_event_per_dated_body_sentence_with_exact_spans(konna: Article, events: list[Event]) -> None:
    claims = [e.claim for e in events]
    assert len(claims) == len(set(claims)) > 50
    for e in events:
        claim = konna.claims[e.claim]
        assert claim.kind == "sentence"
        assert konna.text[e.raw_start : e.raw_end] == e.raw
        assert claim.start <= e.raw_start < e.raw_end <= claim.end
        assert e.start <= e.end
        assert e.precision in {"time", "part_of_day", "night", "day", "day_range", "month", "year"}


def test_context_starts_afresh_in_each_section() -> None:
    text = (
        "= Battle of Nowhere =\n\nInfobox\n- Date: 3–5 March 2014\n\n"
        "==First==\nOn 4 March, the town fell. Around 11 am, they left.\n\n"
        "==Second==\nAround 9 am, the rain began. On the 5th, it stopped.\n"
    )
    article = parse_text(text, path="nowhere.txt")
    evs = extract_events(article)
    labels = {e.label: e for e in evs}
    assert labels["Around 11 am, they left."].start == "2014-03-04T11:00"
    assert "Around 9 am, the rain began." not in labels  # no day known yet in this section
    assert labels["On the 5th, it stopped."].start == "2014-03-05"


@pytest.mark.parametrize(
    "sentence, start, end",
    [
        ("At 10 pm on 11 January, the rebels attacked.", "2013-01-11T22:00", "2013-01-11T22:00"),
        ("At dawn on 12 January, helicopters struck.", "2013-01-12T05:00", "2013-01-12T07:00"),
        ("Fighting resumed before dawn on Monday, 14 January.", "2013-01-14T03:00", "2013-01-14T05:00"),
        ("At 4 am on January 15, the column left.", "2013-01-15T04:00", "2013-01-15T04:00"),
        ("At noon on 12 January, the town fell.", "2013-01-12T12:00", "2013-01-12T12:00"),
        ("At 0530 hours on 12 January, the column left.", "2013-01-12T05:30", "2013-01-12T05:30"),
        ("On 13 January at 5 am, the town fell.", "2013-01-13T05:00", "2013-01-13T05:00"),
    ],
)
def test_a_time_followed_by_on_and_a_date_is_on_that_date(sentence: str, start: str, end: str) -> None:
    """ "At 10 pm on 11 January" after a sentence dated the 10th: the 11th, not the day read before."""
    text = f"= Battle of Nowhere =\n\n==Battle==\nThe army arrived on 10 January 2013. {sentence}\n"
    article = parse_text(text, path="nowhere.txt")
    [event] = [e for e in extract_events(article) if e.label == sentence]
    assert (event.start, event.end) == (start, end)


@pytest.mark.parametrize(
    "name, sentence, start",
    [
        ("battle_of_diabaly.txt", "On 13 January, the French Air Force", "2013-01-13"),
        ("second_battle_of_gao.txt", "Between 21 and 24 January", "2013-01-21"),
        ("battle_of_ifoghas.txt", "The valley is taken on March 3", "2013-03-03"),
    ],
)
def test_uncurated_articles_get_events(name: str, sentence: str, start: str) -> None:
    path = FIXTURES / name if (FIXTURES / name).exists() else SHARED / name
    if not path.exists():
        pytest.skip(f"{name} not available")
    article = parse_file(path)
    assert event_for(article, extract_events(article), sentence).start == start


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "On the 13th, ",
                "Around 11 am, ",
                "the next day ",
                "in the night of 9 to 10 January ",
                "On 3 May 2013, ",
                "they left. ",
                "In the morning ",
                "12 men. ",
                "between 9 and 18 January. ",
                "\n\n==Later==\n",
            ]
        ),
        min_size=1,
        max_size=25,
    ).map("".join)
)
def test_any_body_gives_well_formed_events(body: str) -> None:
    article = parse_text("= T =\n\nInfobox\n- Date: January 2013\n\n" + body + " End.", path="t.txt")
    for e in extract_events(article):
        assert article.text[e.raw_start : e.raw_end] == e.raw
        assert e.start <= e.end
        assert article.claims[e.claim].kind == "sentence"
