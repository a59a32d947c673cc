"""Dated happenings for the timeline: one event per dated sentence of the body.

A sentence's date is its first expression that resolves to a calendar day,
refined by the clock times and parts of the day that follow it on that same
day ("On the 10th, the clashes began at 8:30 am and ended at 4 pm" runs from
08:30 to 16:00). Words that leave the day out ("On the 13th", "Around 11 am",
"The next day") are resolved from the dated sentences before them in the same
section, else from the document's year and month: the context starts afresh
at every heading, so one section's day never leaks into the next.

A sentence dated only by when something was said ("On January 12, the Malian
army indicated...") is still an event: the statement. Its label is the
sentence itself, so the timeline never claims more than the text does.
"""

from __future__ import annotations

from konna_tui.ingest.article import Article
from konna_tui.ingest.dates import DateSpan, article_dates, forget_dates
from konna_tui.ingest.records import Event

# Finest first: the order in which precisions refine each other.
_FINENESS = {"time": 0, "part_of_day": 1, "night": 2, "day": 3, "day_range": 4, "month": 5, "year": 6}
_REFINERS = {"time", "part_of_day"}


def extract_events(article: Article) -> list[Event]:
    """Every dated sentence of the body, as an event with ISO start and end."""
    events: list[Event] = []
    text = article.text
    dates = article_dates(article)
    claims = article.claims
    for index, found in dates.by_sentence.items():  # the sentences holding a date, in order
        claim = claims[index]
        spans = [s for s in found if s.begin and s.finish]
        if not spans:
            continue
        cluster = _dating_cluster(spans)
        finest = min(_FINENESS[s.precision] for s in cluster)
        exact = [s for s in cluster if _FINENESS[s.precision] == finest]
        start = min(s.begin for s in exact if s.begin)
        end = max(s.finish for s in exact if s.finish)
        raw_start, raw_end = cluster[0].start, cluster[-1].end
        events.append(
            Event(
                claim=claim.index,
                start=start,
                end=end,
                precision=exact[0].precision,
                raw=text[raw_start:raw_end],
                raw_start=raw_start,
                raw_end=raw_end,
                label=claim.text,
            )
        )
    forget_dates(article)  # the last stage to read them (sources read them first)
    return events


def _dating_cluster(spans: list[DateSpan]) -> list[DateSpan]:
    """The sentence's first dated expression and the same-day times that refine it."""
    first = spans[0]
    cluster = [first]
    for span in spans[1:]:
        if span.precision not in _REFINERS or not _same_day(first, span):
            break
        cluster.append(span)
    return cluster


def _same_day(first: DateSpan, span: DateSpan) -> bool:
    assert first.begin is not None and first.finish is not None and span.begin is not None
    if first.precision in ("time", "part_of_day", "day"):
        return span.begin[:10] == first.begin[:10]
    if first.precision == "night":
        return first.begin <= span.begin <= first.finish
    return False
