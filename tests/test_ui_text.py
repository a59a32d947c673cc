"""Linked text from any sentence: links cover exactly the figures, wrapping keeps every word, and the
words for dates never fail on what the database might hold."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

os.environ["TEXTUAL_ANIMATIONS"] = "none"

from konna_tui.queries.models import Claim, Event, Figure  # noqa: E402
from konna_tui.ui import format as fmt  # noqa: E402
from konna_tui.ui.widgets.doc import claim_doc  # noqa: E402
from konna_tui.ui.widgets.linktext import LinkText  # noqa: E402

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=200)


@st.composite
def claims_with_figures(draw: st.DrawFn) -> Claim:
    text = draw(TEXT)
    cuts = sorted(set(draw(st.lists(st.integers(0, len(text)), max_size=8))))
    figures = []
    for n, (start, end) in enumerate(zip(cuts[::2], cuts[1::2], strict=False)):
        if end > start:
            raw = text[start:end]
            figures.append(
                Figure(n + 1, 1, start, end, raw, 1.0, 1.0, 1.0, "exact", None, None, None, None, None)
            )
    return Claim(1, 1, 1, "sentence", 0, text, figures, [], [], [])


@settings(max_examples=400)
@given(claim=claims_with_figures(), highlight=st.booleans())
def test_every_figure_becomes_a_link_over_its_own_words(claim: Claim, highlight: bool) -> None:
    chosen = claim.figures[0].id if highlight and claim.figures else None
    doc = claim_doc(claim, highlight=chosen, claim_link=True)
    linked = [k for k in doc.links if k.kind == "figure"]
    expected = [f for f in claim.figures if f.id != chosen]
    assert [k.text for k in linked] == [f.raw for f in expected]
    assert all(doc.text[k.start : k.end] == k.text for k in doc.links)
    assert doc.text.replace("⟦", "").replace("⟧", "") == claim.text.replace("⟦", "").replace("⟧", "")
    if chosen is not None:
        assert f"⟦{claim.figures[0].raw}⟧" in doc.text
    if not claim.figures:
        assert [k.kind for k in doc.links] == ["claim"], "a sentence without figures is itself a link"


@settings(max_examples=300)
@given(text=TEXT, offsets=st.lists(st.integers(0, 200), max_size=5), width=st.integers(1, 120))
def test_wrapped_lines_find_the_line_of_any_offset(text: str, offsets: list[int], width: int) -> None:
    from textual.content import Content

    lines = Content(text).wrap(width)
    for offset in offsets:
        row = LinkText._line_of(text, lines, min(offset, len(text)))
        assert 0 <= row < max(1, len(lines))


@settings(max_examples=300)
@given(
    start=st.text(max_size=25)
    | st.dates().map(str)
    | st.datetimes().map(lambda d: d.isoformat(timespec="minutes")),
    end=st.text(max_size=25) | st.dates().map(str),
    precision=st.sampled_from(["time", "part_of_day", "night", "day", "day_range", "month", "year", "other"]),
    raw=st.text(max_size=30),
)
def test_date_words_never_fail(start: str, end: str, precision: str, raw: str) -> None:
    label = fmt.event_label(Event(1, 1, None, start, end, precision, raw, ""))
    assert isinstance(label, str)
    assert isinstance(fmt.span_label(start or None, end or None), str)
    assert isinstance(fmt.day_label(start), str)


def test_date_words_read_as_a_person_writes_them() -> None:
    def label(start: str, end: str, precision: str, raw: str = "") -> str:
        return fmt.event_label(Event(1, 1, None, start, end, precision, raw, ""))

    assert label("2013-01-10T08:30", "2013-01-10T16:00", "time") == "10 Jan 08:30"
    assert label("2013-01-09T20:00", "2013-01-10T06:00", "night") == "9–10 Jan night"
    assert label("2013-01-09T16:00", "2013-01-09T18:00", "part_of_day", "at the end of the afternoon") == (
        "9 Jan afternoon"
    )
    assert label("2013-01", "2013-01", "month") == "Jan 2013"
    assert label("2013-01-10", "2013-01-11", "day_range") == "10–11 Jan"
