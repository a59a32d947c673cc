"""Recognise date and time expressions in English prose, with the standard library only.

One compiled pattern, one left-to-right pass. Every span keeps its offsets into
the text passed in (``text[span.start:span.end] == span.raw``) and, when the
calendar day can be known, its ISO 8601 resolution.

Resolution. Words that leave part of the date out ("On the 13th", "In the
evening", "around 11 am", "The next day") take the missing parts from the
latest explicit date before them in the same call, else from the defaults
passed in. What cannot be resolved keeps ``begin = finish = None``: a span is
never given a date it does not have.

Parts of the day and nights are resolved to clock windows (``PART_WINDOWS``)
so that a timeline sorts "the end of the afternoon" of the 9th before "the
night of 9 to 10 January"; ``precision`` says how exact the window is. A night
runs from 20:00 on its first day to 06:00 on the next, and a part of the day
that follows a night (dawn, morning) falls on the night's second day.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import attrgetter, le
from typing import Any

from konna_tui.text import lower_in_place

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
# Lower-case month word (full name or abbreviation) -> month number.
MONTHS: dict[str, int] = {name.lower(): n for n, name in enumerate(MONTH_NAMES, start=1)}
MONTHS.update(
    {
        "jan": 1,
        "feb": 2,
        "mar": 3,
        "apr": 4,
        "jun": 6,
        "jul": 7,
        "aug": 8,
        "sep": 9,
        "sept": 9,
        "oct": 10,
        "nov": 11,
        "dec": 12,
    }
)

# Clock windows (start, end, days added to the end) for parts of the day.
PART_WINDOWS: dict[str, tuple[str, str, int]] = {
    "dawn": ("05:00", "07:00", 0),
    "daybreak": ("05:00", "07:00", 0),
    "sunrise": ("05:00", "07:00", 0),
    "first light": ("05:00", "07:00", 0),
    "morning": ("06:00", "12:00", 0),
    "afternoon": ("12:00", "18:00", 0),
    "evening": ("18:00", "22:00", 0),
    "dusk": ("18:00", "20:00", 0),
    "sunset": ("18:00", "20:00", 0),
    "nightfall": ("18:00", "20:00", 0),
    "night": ("20:00", "06:00", 1),
}
PRECISIONS = ("time", "part_of_day", "night", "day", "day_range", "month", "year")

# Words after a bare number that still let it be a day ("night of 16 to 17 according to ...").
_FUNCTION_WORDS_TEXT = """
    a an the and or but nor so yet in on at by to of for from with without into onto upon over under
    after before during until till since when while as that which who whom whose where whereas it its they
    them their he him his she her we us our i you this these those there then also respectively inclusive
    local according was were is are be been being had has have did do does would will could should might
    may must not no only just even still both either neither each all some many several more most"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_TEXT.split())

_MONTH_FULL = "|".join(MONTH_NAMES)
_MONTH_ABBR = "Sept|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
MONTH_PATTERN = rf"(?-i:(?:{_MONTH_FULL})|(?:{_MONTH_ABBR})(?:\.(?=\s*\d))?)(?![A-Za-z])"
"""Regex source matching a capitalised month name or abbreviation (use inside any pattern)."""

_S1 = r"(?:[ \t\u00a0]+\n?[ \t\u00a0]*|\n[ \t\u00a0]*)"  # white space, at most one line break
_S0 = rf"(?:{_S1})?"
_MON = MONTH_PATTERN
_MONFULL = rf"(?-i:{_MONTH_FULL})(?![A-Za-z])"
_DAY = r"(?<![\d,.:])(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:]|[.,]\d)(?![A-Za-z])"
_ORD = r"(?<![\d,.:])(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)(?!\w)"
_YEAR = r"(?<![\d,.])(?:1\d{3}|20\d{2})(?!\d|[.,]\d)"
_DASH = rf"{_S0}[–—-]{_S0}"
_TO = rf"(?:{_S1}(?:to|until|till|through|and){_S1}|{_DASH})"
_DM = rf"(?:the{_S1})?{_DAY}{_S1}(?:of{_S1})?{_MON}"
_MD = rf"{_MON}{_S1}(?:the{_S1})?{_DAY}"
_FULL = rf"(?:{_DM}|{_MD})"
_YR = rf"(?:,?{_S1}{_YEAR})?"
_WEEKDAY = rf"(?:(?-i:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?{_S1})?"
# Word lists the patterns below and ``_OPENERS`` both read (a word added here is opened on too).
_PREP_WORDS = "in since until till by during throughout before after from of early late mid"
_PART_WORDS = "morning afternoon evening night"
_PREP = rf"\b(?:{'|'.join(_PREP_WORDS.split())})"
_APPROX = rf"(?:around|about|approximately|roughly|circa|towards?|(?:shortly|just|soon){_S1}(?:before|after))"
_PART = rf"(?-i:{'|'.join(_PART_WORDS.split())})"

_ALTERNATIVES: list[tuple[str, str]] = [
    (
        "night",
        rf"(?:the{_S1})?night{_S1}(?:of|between|from){_S1}(?:the{_S1})?(?:{_FULL}|{_DAY})"
        rf"(?:{_TO}(?:the{_S1})?(?:{_FULL}|{_DAY}))?{_YR}",
    ),
    (
        "range",
        rf"(?:(?:between|from){_S1})?(?:{_FULL}{_TO}{_FULL}|{_DAY}{_TO}{_DM}|{_MD}{_TO}(?:the{_S1})?{_DAY})"
        rf"{_YR}|(?:between|from){_S1}the{_S1}{_ORD}{_TO}the{_S1}{_ORD}",
    ),
    (
        "podof",
        rf"(?:the{_S1})?(?:(?:early|late){_S1})?(?:(?:end|beginning|start|middle){_S1}of{_S1}the{_S1})?"
        rf"(?:{_PART}|day){_S1}of{_S1}(?:the{_S1})?(?:{_FULL}|{_DAY}){_YR}",
    ),
    ("date", rf"{_WEEKDAY}{_FULL}{_YR}"),
    ("monthyear", rf"(?:(?:early|late|mid)(?:-|{_S1}))?{_MON},?{_S1}{_YEAR}"),
    ("month", rf"{_PREP}(?:{_S1}|-)(?P<month_in>{_MONFULL})(?![\w-])(?!{_S0},?{_S0}(?:the{_S1})?\d)"),
    (
        "year",
        rf"{_PREP}(?:{_S1}|-)(?P<year_in>{_YEAR})(?![\w-]|{_S0}[–—]{_S0}\d|{_S1}(?:to|and|or){_S1}\d)",
    ),
    (
        "ordday",
        rf"\b(?:on|of|since|until|till|by|from|before|after|and|to|between){_S1}(?P<ordday_in>the{_S1}{_ORD})"
        rf"(?!{_S0}(?:of{_S1})?{_MON})(?!{_S1}(?-i:[A-Z]))",
    ),
    (
        "clock12",
        rf"(?:{_APPROX}{_S1})?(?<![\d,.:])(?:1[0-2]|0?[1-9])(?:[:.][0-5]\d)?{_S0}"
        r"(?:a\.m\.|p\.m\.|a\.m|p\.m|am|pm)(?!\w)",
    ),
    ("clock24", rf"(?:{_APPROX}{_S1})?(?<![\d,.:])(?:[01]?\d|2[0-3])(?::|h)[0-5]\d(?![\d:]|[.,]\d)(?!\w)"),
    (
        "hours",
        rf"\b(?:at|around|about|towards?|by|until|till|from|before|after|since){_S1}"
        rf"(?P<hours_in>(?:(?:around|about|approximately){_S1})?(?:(?:[01]\d|2[0-3])[0-5]\d|[01]?\d|2[0-3])"
        rf"{_S0}(?:hours|hrs|h)\b)"
        rf"(?!{_S1}(?:of|later|earlier|before|after|long|ago|in|to|and|or)\b)",
    ),
    ("oclock", rf"(?:{_APPROX}{_S1})?(?<![\d,.:])(?:1[0-2]|0?[1-9]){_S1}o['’]clock\b"),
    ("named", rf"(?:{_APPROX}{_S1}|before{_S1}|after{_S1})?(?-i:noon|midday|midnight)\b"),
    (
        "pod",
        rf"(?:(?:shortly|just|soon){_S1}(?:before|after){_S1}|before{_S1}|after{_S1})?"
        rf"(?-i:dawn|dusk|daybreak|sunrise|sunset|nightfall|first{_S1}light)\b",
    ),
    (
        "pod2",
        rf"(?:(?:the|this|that){_S1}(?:(?:very{_S1})?(?:early|late){_S1})?|(?:early|late){_S1}(?:in{_S1}the{_S1})?"
        rf"|(?:the{_S1})?(?:end|beginning|start|middle){_S1}of{_S1}the{_S1}){_PART}\b",
    ),
    ("overnight", rf"\b(?:overnight|at{_S1}(?-i:night))\b"),
    (
        "rel",
        rf"\bthe{_S1}(?:next|following|previous|preceding|same){_S1}(?-i:day|morning|afternoon|evening|night)\b"
        rf"|\bthe{_S1}day{_S1}(?:after|before)\b|\bthat{_S1}(?-i:day)\b",
    ),
]
_RANGE_KINDS = {"night", "range", "podof"}
_INNER = {"month": "month_in", "year": "year_in", "ordday": "ordday_in", "hours": "hours_in"}


def _compile(names: set[str] | None = None) -> re.Pattern[str]:
    parts = [f"(?P<{name}>{pat})" for name, pat in _ALTERNATIVES if names is None or name in names]
    return re.compile("|".join(parts), re.IGNORECASE)


DATE_RE = _compile()

# The words each alternative can open on (lower-cased; "0" for an ASCII digit). Every alternative opens
# on a whole word of ASCII letters or on a digit, so the word at a candidate start says which can match
# there: the pattern of those alone finds what DATE_RE would (the others cannot match), at a fraction of
# the cost of trying all of them (a failing DATE_RE.match costs several microseconds).
_APPROX_WORDS = "around about approximately roughly circa toward towards shortly just soon"
_MONTH_WORDS = " ".join(MONTHS)
_OPENERS: dict[str, str] = {
    "night": "the night",
    "range": f"between from the 0 {_MONTH_WORDS}",
    "podof": f"the early late end beginning start middle {_PART_WORDS} day",
    "date": f"monday tuesday wednesday thursday friday saturday sunday the 0 {_MONTH_WORDS}",
    "monthyear": f"early late mid {_MONTH_WORDS}",
    "month": _PREP_WORDS,
    "year": _PREP_WORDS,
    "ordday": "on of since until till by from before after and to between",
    "clock12": f"{_APPROX_WORDS} 0",
    "clock24": f"{_APPROX_WORDS} 0",
    "hours": "at around about toward towards by until till from before after since",
    "oclock": f"{_APPROX_WORDS} 0",
    "named": f"{_APPROX_WORDS} before after noon midday midnight",
    "pod": "shortly just soon before after dawn dusk daybreak sunrise sunset nightfall first",
    "pod2": "the this that early late end beginning start middle",
    "overnight": "overnight at",
    "rel": "the that",
}
_OPENER_RE = re.compile(r"[A-Za-z]+")


class _PatternsByOpener(dict[str, re.Pattern[str] | None]):
    """Opening word -> a pattern finding, where that word opens, what ``full`` finds: None if nothing can.

    The pattern of only the alternatives that can open on the word (``own``) fails several times
    faster where no date begins, but costs up to 14 ms to compile (0.1 s for all 45). Words opening
    the same alternatives share one pattern (every month name opens range, date and monthyear),
    compiled once they were asked for ``COMPILE_AFTER`` times together, ``full`` until then: a short
    article compiles few or none, a corpus soon has the frequent ones.
    """

    COMPILE_AFTER = 256

    def __init__(self, names: set[str], full: re.Pattern[str]) -> None:
        super().__init__()
        kinds: dict[str, set[str]] = {}
        for name in names:
            for word in _OPENERS[name].split():
                kinds.setdefault(word, set()).add(name)
        self.kinds = {word: frozenset(ks) for word, ks in kinds.items()}
        self.full = full
        self.asked: dict[frozenset[str], int] = {}

    def __missing__(self, opener: str) -> re.Pattern[str] | None:
        kinds = self.kinds.get(opener)
        if kinds is None:
            self[opener] = None  # openers come from closed word lists: the dict stays small
            return None
        asked = self.asked[kinds] = self.asked.get(kinds, 0) + 1
        if asked < self.COMPILE_AFTER:
            return self.full
        pattern = self[opener] = self.own(opener)
        return pattern

    def own(self, opener: str) -> re.Pattern[str] | None:
        """The pattern of the alternatives that can open on ``opener`` alone."""
        kinds = self.kinds.get(opener)
        return None if kinds is None else _compiled(kinds)


@functools.cache
def _compiled(kinds: frozenset[str]) -> re.Pattern[str]:
    """One pattern per set of alternatives, whichever opening words share it."""
    return _compile(set(kinds))


# Triggers: every expression holds one (a month, an ordinal, a clock time, a year, a part of the day).
_TRIGGER_MONTHS = (*MONTH_NAMES, *(k.capitalize() for k in MONTHS if len(k) <= 4))
_TRIGGER_WORDS_TEXT = """
    hours hrs o'clock o’clock noon midday midnight night overnight morning afternoon evening
    dawn dusk daybreak sunrise sunset nightfall day"""
_TRIGGER_WORDS = _TRIGGER_WORDS_TEXT.split()
_DIGIT_TRIGGER_RE = re.compile(
    r"[0-9](?<![\w.,:][0-9])(?:[0-9]?(?:st|nd|rd|th|[ \t\u00a0]*[aApP]\.?[mM](?![A-Za-z])|[:h][0-5][0-9]"
    r"|[ \t\u00a0]*h\b)|(?<=1)[0-9]{3}(?![0-9])|(?<=2)0[0-9]{2}(?![0-9]))"
)
_FIRST_LIGHT_RE = re.compile(r"first\s+light(?![a-z])")
# Trigger words are sought through a few pieces they hold ("night" finds "overnight" and "nightfall"), and
# month names through the three letters each opens on: fewer passes over the text.
_MONTH_NEEDLE_RE = re.compile("|".join(dict.fromkeys(name[:3] for name in _TRIGGER_MONTHS)))
_MONTHS_BY_NEEDLE: dict[str, list[tuple[str, int]]] = {}
for _word in _TRIGGER_MONTHS:
    _MONTHS_BY_NEEDLE.setdefault(_word[:3], []).append((_word, 0))
_WORD_NEEDLES = ("hours", "hrs", "clock", "noon", "night", "day", "morning", "evening", "dawn", "dusk", "sun")
_WORDS_BY_NEEDLE: dict[str, list[tuple[str, int]]] = {}
for _word in _TRIGGER_WORDS:
    _needle = next(needle for needle in _WORD_NEEDLES if needle in _word)
    _WORDS_BY_NEEDLE.setdefault(_needle, []).append((_word, _word.index(_needle)))
_trigger_cache: tuple[str, list[int]] | None = None
_LEAD_TOKEN_RE = re.compile(r"[\w'’]+|[–—-]")
_LEAD_WORDS_TEXT = """
    the of between from and to until till through early late mid very end beginning start middle shortly
    just soon before after around about approximately roughly circa toward towards at on in since by during
    throughout this that next following previous preceding same first night day morning afternoon evening
    monday tuesday wednesday thursday friday saturday sunday – — -"""
_LEAD_WORDS = frozenset(_LEAD_WORDS_TEXT.split())
_MAX_LEAD = 48
_SIMPLE_RE = _compile({name for name, _ in _ALTERNATIVES} - _RANGE_KINDS)
_DATE_BY_OPENER = _PatternsByOpener({name for name, _ in _ALTERNATIVES}, DATE_RE)
_SIMPLE_BY_OPENER = _PatternsByOpener({name for name, _ in _ALTERNATIVES} - _RANGE_KINDS, _SIMPLE_RE)
_TOKEN_RE = re.compile(
    rf"(?P<y>{_YEAR})|(?P<d>(?<![\d,.:])\d{{1,2}})(?:st|nd|rd|th)?(?![\d:])|(?P<m>{_MON})", re.IGNORECASE
)
_CLOCK12_RE = re.compile(r"(\d{1,2})(?:[:.](\d\d))?\s*([ap])", re.IGNORECASE)
_CLOCK24_RE = re.compile(r"(\d{1,2})[:hH](\d\d)")
_MILITARY_RE = re.compile(r"(?<!\d)(\d\d)(\d\d)(?!\d)")
_WORD_RE = re.compile(r"[ \t\u00a0\n]*([A-Za-z]+)")


@dataclass(frozen=True)
class DateSpan:
    """A date or time expression: where it is, what kind, and what it resolves to.

    kind: date, date_range, month, year, time, part_of_day, night, ordinal_day, relative_day.
    begin/finish: ISO 8601 ("2013-01-10", "2013-01-10T08:30", "2013-01", "2013"), None when unknown.
    precision: time, part_of_day, night, day, day_range, month or year.
    """

    start: int
    end: int
    raw: str
    kind: str
    begin: str | None
    finish: str | None
    precision: str

    @property
    def day(self) -> date | None:
        """The calendar day the span starts on, when it is known."""
        if self.begin and len(self.begin) >= 10:
            return date.fromisoformat(self.begin[:10])
        return None


@dataclass
class DateContext:
    """The date known so far while reading: explicit dates update it, dayless words read it."""

    year: int | None
    month: int | None
    day: int | None

    def today(self) -> date | None:
        if self.year is None or self.month is None or self.day is None:
            return None
        try:
            return date(self.year, self.month, self.day)
        except ValueError:
            return None

    def set(self, d: date) -> None:
        self.year, self.month, self.day = d.year, d.month, d.day


def month_number(word: str) -> int | None:
    """1-12 for a month name or abbreviation ("Jan", "Sept."), else None."""
    return MONTHS.get(word.strip().rstrip(".").lower())


def find_dates(
    text: str,
    start: int = 0,
    end: int | None = None,
    *,
    default_year: int | None = None,
    default_month: int | None = None,
    default_day: int | None = None,
    context: DateContext | None = None,
) -> list[DateSpan]:
    """Every date or time expression in ``text[start:end]``, in order, not overlapping.

    Offsets are into ``text``. The defaults stand for the date already known
    from context (the document's year and month, the day of the previous dated
    sentence); explicit dates in the text update that context as the scan goes.
    Pass ``context`` instead to carry it from one call to the next (it is
    updated in place; the defaults are then ignored).
    """
    end = len(text) if end is None else min(end, len(text))
    ctx = context if context is not None else DateContext(default_year, default_month, default_day)
    scan = _Scan(text, _trigger_positions(text), max(0, start), end, ctx)
    return scan.run_until(end)


# The only pattern element that reads on past a final full stop and the white space after it: a month
# abbreviation's own stop ("Mar." is taken when a digit follows, even on the next line).
_MONTH_STOPS = tuple(f"{abbr}." for abbr in _MONTH_ABBR.split("|"))
_CLEAN_LAST = frozenset(".!?\"'”’»)]")


def clean_end(text: str, end: int) -> bool:
    """Whether a scan of ``text`` that stops at ``end`` matches exactly what a scan of the whole text would.

    True at the end of the text, and where ``end`` follows closing punctuation and comes before white
    space (a sentence's end): no pattern reads a stop, a quote or a bracket and then goes on into what
    follows, except a month abbreviation's full stop (``_MONTH_STOPS``), and what follows white space
    there is looked at the same way as the end of the text.
    """
    if end >= len(text):
        return True
    return (
        end > 0
        and text[end].isspace()
        and text[end - 1] in _CLEAN_LAST
        and not text.endswith(_MONTH_STOPS, 0, end)
    )


class _Scan:
    """One left-to-right reading of ``text[start:end]`` that can be run in steps (``run_until``)."""

    __slots__ = ("text", "triggers", "end", "ctx", "pos", "k", "spans")

    def __init__(self, text: str, triggers: list[int], start: int, end: int, ctx: DateContext) -> None:
        self.text, self.triggers, self.end, self.ctx = text, triggers, end, ctx
        self.pos = start
        self.k = bisect_left(triggers, start)
        self.spans: list[DateSpan] = []

    def run_until(self, limit: int) -> list[DateSpan]:
        """Read on through every trigger before ``limit``; the spans found so far."""
        triggers = self.triggers
        if self.k == len(triggers) or triggers[self.k] >= limit:  # most calls: nothing to read
            return self.spans
        text, triggers, end, ctx, spans, pos = (
            self.text,
            self.triggers,
            self.end,
            self.ctx,
            self.spans,
            self.pos,
        )
        stop = bisect_left(triggers, limit if limit < end else end, self.k)  # (min and max cost a call)
        for k in range(self.k, stop):
            ts = triggers[k]
            while ts >= pos:
                found = _match_before(text, pos, ts, end, ctx)
                if found is None:
                    break
                spans.append(found)
                pos = found.end
                if pos > ts:
                    break
        self.pos = pos
        if stop > self.k:
            self.k = stop
        return spans


def _match_before(text: str, pos: int, ts: int, end: int, ctx: DateContext) -> DateSpan | None:
    """The first valid expression starting at the trigger at ``ts`` or in the lead-in words before it.

    Every expression holds a trigger (a month, an ordinal, a clock time, a
    part of the day...) and at most a few words of a closed vocabulary before
    it ("between 9 and", "On the", "Shortly before"), so only those positions
    are tried, each with the alternatives its first word can open (``_opener``).
    """
    # The lead-in words (``_LEAD_TOKEN_RE``) are read backwards from the trigger, space-separated piece
    # by piece (no word runs across a space), and the reading stops at the first that cannot lead in.
    lo = pos if pos > ts - _MAX_LEAD else ts - _MAX_LEAD
    starts: list[tuple[int, str | None]] = []  # last first
    i = ts  # where the piece read next ends
    for piece in reversed(text[lo:ts].split(" ")):
        j = i - len(piece)
        if piece:
            reading = _pieces.get(piece) or _read_piece(piece)
            for at, opener in reading[0]:
                starts.append((j + at, opener))
            if reading[1]:
                break
        i = j - 1
    starts.reverse()
    starts.append((ts, "0" if "0" <= text[ts] <= "9" else _opener(text, ts)))  # most triggers: digits
    for s, opener in starts:
        pattern = _DATE_BY_OPENER[opener] if opener else DATE_RE if opener == "" else None
        m = pattern.match(text, s, end) if pattern is not None else None
        if m is None:
            continue
        span = _interpret(text, m, ctx, end)
        if span is None and m.lastgroup in _RANGE_KINDS:
            simple = _SIMPLE_BY_OPENER[opener] if opener else _SIMPLE_RE
            fallback = simple.match(text, s, end) if simple is not None else None
            if fallback:
                span = _interpret(text, fallback, ctx, end)
        if span is not None:
            return span
    return None


def _opener(text: str, s: int) -> str | None:
    """The key of ``_OPENERS`` at ``s``: "0" for a digit, the lower-cased word of ASCII letters, None where
    no alternative can open, "" where the word is not plain ASCII (case folding may match letters such
    as "ſ" or "K" to the patterns': every alternative is tried there)."""
    c = text[s]
    if "0" <= c <= "9":
        return "0"
    if c < "\x80":
        word = _OPENER_RE.match(text, s)
        if word is None:
            return None
        after = word.end()
        if after < len(text) and text[after] >= "\x80" and text[after].isalpha():
            return ""
        return word.group().lower()
    return "" if c.isalpha() else None


def _runs_across(text: str, pos: int) -> bool:
    """Whether a lead-in word (``_LEAD_TOKEN_RE``) runs across ``pos``: read from ``pos`` it would be cut.

    A word character (``[\\w'’]``) is one ``str.isalnum`` accepts (the regex engine's own test for \\w),
    an underscore or an apostrophe: two string tests cost less than two regex calls.
    """
    if pos <= 0 or pos >= len(text):
        return False
    before, after = text[pos - 1], text[pos]
    return (before.isalnum() or before in "_'’") and (after.isalnum() or after in "_'’")


def _trigger_positions(text: str) -> list[int]:
    """Sorted offsets of every trigger in ``text``, found with ``str.find`` (kept for the last text seen).

    Scanning for a handful of words with ``str.find`` (and for month names with one regex, which skips to
    their capitals) costs a fraction of a regular expression tried at every position, and a document's
    sentences are read one after the other: the whole text is scanned once.
    """
    global _trigger_cache
    cached = _trigger_cache
    if cached is not None and cached[0] is text:
        return cached[1]
    found = {m.start() for m in _DIGIT_TRIGGER_RE.finditer(text)}
    # A word is read where it occurs, left to right without overlapping itself ("noonoon" holds one
    # "noon"), as str.find from the end of the last one would read it.
    free: dict[str, int] = {}
    for m in _MONTH_NEEDLE_RE.finditer(text):  # every month name opens on one of these
        _check_words(text, text, m.start(), _MONTHS_BY_NEEDLE[m.group()], free, found)
    lower = lower_in_place(text)  # its offsets are read in the text
    for needle, words in _WORDS_BY_NEEDLE.items():
        hit = lower.find(needle)
        while hit != -1:
            _check_words(text, lower, hit, words, free, found)
            hit = lower.find(needle, hit + 1)
    for m in _FIRST_LIGHT_RE.finditer(lower):
        if m.start() == 0 or not text[m.start() - 1].isalnum():
            found.add(m.start())
    positions = sorted(found)
    _trigger_cache = (text, positions)
    return positions


def _check_words(
    text: str, haystack: str, hit: int, words: list[tuple[str, int]], free: dict[str, int], found: set[int]
) -> None:
    """Add where each of ``words`` holding a piece found at ``hit`` starts, when it stands alone."""
    n = len(text)
    for word, offset in words:
        at = hit - offset
        if at < free.get(word, 0) or not haystack.startswith(word, at):
            continue
        after = at + len(word)
        free[word] = after
        if (at == 0 or not text[at - 1].isalnum()) and (after >= n or not text[after].isalpha()):
            found.add(at)


@dataclass(frozen=True)
class ArticleDates:
    """The two readings of an article's dates, made in one pass over it.

    ``running``: every date of the text read from start to end with one context (the latest date before
    a dayless word resolves it), listed under the claim holding its start; what sources date statements by.
    ``by_sentence``: the dates of each body sentence read with the context reset at every section, so
    one section's day never leaks into the next; what events are made of (sentences without one are left out).
    """

    running: dict[int, list[DateSpan]]
    by_sentence: dict[int, list[DateSpan]]


_last_dates: list[tuple[Any, str, int, ArticleDates]] = []


def article_dates(article: Any) -> ArticleDates:
    """Both readings of ``article`` (kept for the article last asked for: sources and events both read it).

    Most sentences are read once: where the running reading reaches a sentence in the context the
    sentence's own reading starts from, ends it where nothing after it can change a match
    (``clean_end``) and nothing before the sentence reaches into it, its reading of the sentence is the
    sentence's own (unless it finds a date starting before the sentence). The others are read again.
    """
    text = article.text
    if _last_dates:
        known, known_text, count, dates = _last_dates[0]
        if known is article and known_text is text and count == len(article.claims):
            return dates
    year, month = document_context(article)
    triggers = _trigger_positions(text)
    running = _Scan(text, triggers, 0, len(text), DateContext(year, month, None))
    by_sentence: dict[int, list[DateSpan]] = {}
    section: int | None = None
    ctx = DateContext(year, month, None)
    sentences, all_hold = _holding_triggers(article.claims, triggers)
    for claim in sentences:
        if claim.section != section:
            section = claim.section
            ctx = DateContext(year, month, None)
        start = claim.start if claim.start > 0 else 0
        end = claim.end if claim.end < len(text) else len(text)
        if not all_hold:
            k = bisect_left(triggers, start)
            if k == len(triggers) or triggers[k] >= end:  # a sentence without a trigger holds no date
                continue
        running.run_until(start)
        now = running.ctx
        # (Compared field by field: a dataclass's == builds two tuples.)
        same_month = ctx.year == now.year and ctx.month == now.month
        same = same_month and ctx.day == now.day
        # Only the day unknown (a new section): whether an expression is a date never depends on the
        # day, so both readings find the same ones, and the first settles both contexts alike if it
        # names its own day, month or year (``_settles``).
        dayless = not same and ctx.day is None and same_month
        # With nothing before the sentence that can reach into it, and an end that cannot change a
        # match, the running reading of the sentence is then the sentence's own (unless it finds a date
        # starting before the sentence).
        alike = (
            (same or dayless)
            and running.pos <= start
            and clean_end(text, end)
            and not _runs_across(text, start)
        )
        before = len(running.spans)
        running.run_until(end)
        found = running.spans[before:]
        if alike and (not found or (found[0].start >= start and (same or _settles(found[0])))):
            spans = found
            if found:
                ctx.year, ctx.month, ctx.day = now.year, now.month, now.day
        else:
            spans = _Scan(text, triggers, start, end, ctx).run_until(end)
        if spans:
            by_sentence[claim.index] = spans
    by_claim: dict[int, list[DateSpan]] = {}
    claims = article.claims
    ends = article.claim_ends()
    for span in running.run_until(len(text)):
        k = bisect_right(ends, span.start)  # ``Article.claim_at``
        if k < len(claims) and claims[k].start <= span.start:
            by_claim.setdefault(claims[k].index, []).append(span)
    dates = ArticleDates(by_claim, by_sentence)
    _last_dates[:] = [(article, text, len(article.claims), dates)]
    return dates


_START, _END, _SECTION = attrgetter("start"), attrgetter("end"), attrgetter("section")


def _holding_triggers(claims: list[Any], triggers: list[int]) -> tuple[list[Any], bool]:
    """The sentences that may hold a trigger (the others hold no date), in order, and whether each
    listed one does.

    With claims in order, without overlaps, and sections that never go back (as the parser makes
    them), those holding one are found by a bisect per trigger: a sentence left out between two of the
    same section would change nothing. Else every sentence is listed (one without a trigger may still
    start a section).
    """
    starts, ends, sections = list(map(_START, claims)), list(map(_END, claims)), list(map(_SECTION, claims))
    if all(map(le, starts, ends)) and all(map(le, ends, starts[1:])) and all(map(le, sections, sections[1:])):
        found: list[Any] = []
        last = -1
        for t in triggers:
            k = bisect_right(ends, t)
            if k != last and k < len(claims) and starts[k] <= t:
                last = k
                if claims[k].kind == "sentence":
                    found.append(claims[k])
        return found, True
    return [claim for claim in claims if claim.kind == "sentence"], False


def _settles(span: DateSpan) -> bool:
    """Whether reading ``span`` sets the context to what it names, whatever the day was before: a
    resolved date (``DateContext.set``), or a month or year (which clear the day)."""
    return span.kind in ("month", "year") or (span.kind in ("date", "ordinal_day") and span.begin is not None)


def forget_dates(article: Any) -> None:
    """Drop the readings kept for ``article`` once the last stage reading them is done."""
    if _last_dates and _last_dates[0][0] is article:
        _last_dates.clear()


_Piece = tuple[tuple[tuple[int, str | None], ...], bool]
_pieces: dict[str, _Piece] = {}


def _read_piece(piece: str) -> _Piece:
    """The lead-in words ending a space-free piece of text, last first, each with its offset in the piece
    and its ``_opener``, and whether a word that cannot lead in stops the reading there (remembered:
    pieces repeat). The character after a piece is a space or a trigger's first, an ASCII letter or
    digit, so the piece alone decides its openers."""
    leads: list[tuple[int, str | None]] = []
    stopped = False
    for tok in reversed(list(_LEAD_TOKEN_RE.finditer(piece))):
        word = tok.group().lower()
        if not (word in _LEAD_WORDS or word[0].isdigit() or word in MONTHS):
            stopped = True
            break
        leads.append((tok.start(), _opener(piece, tok.start())))
    if len(_pieces) >= 16384:
        _pieces.clear()
    reading = _pieces[piece] = (tuple(leads), stopped)
    return reading


def document_context(article: Any) -> tuple[int | None, int | None]:
    """(year, month) the article is about: its infobox Date field, else its first date with a year."""
    for f in getattr(article, "infobox", []):
        if f.key.strip().lower() == "date":
            ym = _first_year_month(f.value)
            if ym[0] is not None:
                return ym
    return _first_year_month(article.text)


def _first_year_month(text: str) -> tuple[int | None, int | None]:
    year: int | None = None
    for span in find_dates(text):
        if span.begin is not None:
            parts = span.begin[:7].split("-")
            return int(parts[0]), int(parts[1]) if len(parts) > 1 else None
        if year is None:
            year = _explicit_year(span.raw)
    return year, None


def _explicit_year(raw: str) -> int | None:
    for tok in _TOKEN_RE.finditer(raw):
        if tok.group("y"):
            return int(tok.group("y"))
    return None


# What a match reads as, by (alternative, its words, the context before, whether what follows lets a
# bare number be a date): (kind, begin, finish, precision or None when it is no date, the context after).
# An article repeats its expressions ("On the 21st", "Around 10 pm") in few contexts.
_Reading = tuple[str | None, str | None, str | None, str, int | None, int | None, int | None]
_readings: dict[tuple[str, str, int | None, int | None, int | None, bool], _Reading] = {}
_TAIL_KINDS = frozenset(("year", "range", "night", "podof"))
# A clock time or part of the day followed by "on" and a full date ("at 10 pm on 11 January", "at dawn
# on 12 January") is on that date, not on the day read before it.
_TIME_KINDS = frozenset(("clock12", "clock24", "hours", "oclock", "named", "pod", "pod2"))
_ON_DATE_RE = re.compile(rf"{_S1}on{_S1}{_WEEKDAY}(?P<on>{_FULL}{_YR})", re.IGNORECASE)
_new_span = object.__new__


def _interpret(text: str, m: re.Match[str], ctx: DateContext, limit: int) -> DateSpan | None:
    """The span a match stands for, resolved in ``ctx`` (which it updates), or None when it is no date."""
    kind = m.lastgroup or ""
    inner = _INNER.get(kind)
    s, e = m.span(inner) if inner else m.span()
    raw = text[s:e]
    if kind in _TIME_KINDS:
        _set_on_date(text, e, limit, ctx)
    tail = kind in _TAIL_KINDS and _tail_ok(text, e, limit)
    key = (kind, raw, ctx.year, ctx.month, ctx.day, tail)
    reading = _readings.get(key)
    if reading is None:
        after = DateContext(ctx.year, ctx.month, ctx.day)
        span = _read(kind, s, e, raw, after, tail)
        if len(_readings) >= 8192:
            _readings.clear()
        if span is None:
            reading = (None, None, None, "", after.year, after.month, after.day)
        else:
            reading = (span.kind, span.begin, span.finish, span.precision, after.year, after.month, after.day)
        _readings[key] = reading
    span_kind, begin, finish, precision, ctx.year, ctx.month, ctx.day = reading
    if not span_kind:
        return None
    span = _new_span(DateSpan)  # a frozen dataclass's __init__ sets each field with object.__setattr__
    span.__dict__.update(
        start=s, end=e, raw=raw, kind=span_kind, begin=begin, finish=finish, precision=precision
    )
    return span


def _set_on_date(text: str, e: int, limit: int, ctx: DateContext) -> None:
    """Set ``ctx`` to the day named by "on <date>" right after a time ending at ``e``, when there is one
    (the date sets it anyway when it is read next)."""
    on = _ON_DATE_RE.match(text, e, limit)
    if on is not None:
        points = _points(on.group("on"), ctx)
        if points is not None and len(points[0]) == 1 and points[0][0] is not None:
            ctx.set(points[0][0])


def _read(kind: str, s: int, e: int, raw: str, ctx: DateContext, tail: bool) -> DateSpan | None:
    """``_interpret`` without the memory; ``tail`` is ``_tail_ok`` after the match (read for
    ``_TAIL_KINDS`` only)."""
    low = raw.lower()
    if kind in ("month", "monthyear", "year"):
        return _month_or_year(kind, s, e, raw, ctx, tail)
    if kind in ("clock12", "clock24", "hours", "oclock", "named"):
        return _time(s, e, raw, low, ctx)
    if kind in ("pod", "pod2", "overnight"):
        return _part_of_day(s, e, raw, low, ctx, offset=0)
    if kind == "rel":
        return _relative(s, e, raw, low, ctx)
    points = _points(raw, ctx)
    if points is None:
        return None
    days, explicit_month = points
    if kind == "range" and len(days) != 2:
        return None
    if kind in ("range", "night", "podof") and _ends_in_bare_number(raw) and not tail:
        return None
    if kind == "night":
        return _night(s, e, raw, days, ctx)
    if kind == "range":
        first, last = days
        if first is not None and last is not None:
            if last < first and not explicit_month[0]:
                first = _shift_month(first, -1)
            if first is None or last <= first:
                return None
            ctx.set(first)
        return DateSpan(s, e, raw, "date_range", _iso(first), _iso(last), "day_range")
    if len(days) != 1:
        return None
    (day,) = days
    if kind == "podof":
        part = _part_word(low)
        if part == "day":
            if day is not None:
                ctx.set(day)
            return DateSpan(s, e, raw, "date", _iso(day), _iso(day), "day")
        if day is not None:
            ctx.set(day)
        return _part_of_day(s, e, raw, low, ctx, offset=0)
    if day is not None:
        ctx.set(day)
    return DateSpan(s, e, raw, "ordinal_day" if kind == "ordday" else "date", _iso(day), _iso(day), "day")


Points = tuple[tuple[date | None, ...], tuple[bool, ...]]


def _points(raw: str, ctx: DateContext) -> Points | None:
    """The calendar days named in ``raw``, filling missing months and years from context.

    Returns None when a day cannot exist (31 February); a day stays None when its
    month or year is unknown. (An article repeats its date expressions: each is read once.)
    """
    return _points_in(raw, ctx.month, ctx.year)


@functools.lru_cache(maxsize=4096)
def _points_in(raw: str, ctx_month: int | None, ctx_year: int | None) -> Points | None:
    points: list[list[int | None]] = []  # [day, month, year]
    pending_month: int | None = None
    for year_tok, day_tok, month_tok in _TOKEN_RE.findall(raw):
        if year_tok:
            year = int(year_tok)
            for p in points:
                if p[2] is None:
                    p[2] = year
        elif day_tok:
            points.append([int(day_tok), pending_month, None])
            pending_month = None
        else:
            month = MONTHS[month_tok.rstrip(".").lower()]
            if points and points[-1][1] is None:
                points[-1][1] = month
            else:
                pending_month = month
    if not points:
        return None
    explicit = [p[1] is not None for p in points]
    for k, p in enumerate(points):
        if p[1] is None:
            later = [q[1] for q in points[k + 1 :] if q[1] is not None]
            earlier = [q[1] for q in points[:k] if q[1] is not None]
            p[1] = later[0] if later else earlier[-1] if earlier else ctx_month
        if p[2] is None:
            later_y = [q[2] for q in points[k + 1 :] if q[2] is not None]
            p[2] = later_y[0] if later_y else ctx_year
    days: list[date | None] = []
    for d, mo, y in points:
        if d is None or not 1 <= d <= 31:
            return None
        if mo is None or y is None:
            days.append(None)
            continue
        try:
            days.append(date(y, mo, d))
        except ValueError:
            return None
    return tuple(days), tuple(explicit)


_NIGHT_DAY_RE = re.compile(r"\d(?:st|nd|rd|th)|[A-Za-z]{3}")


def _night(s: int, e: int, raw: str, days: tuple[date | None, ...], ctx: DateContext) -> DateSpan | None:
    first = days[0]
    if len(days) == 1:
        if not _NIGHT_DAY_RE.search(raw.split("of", 1)[-1].split("between", 1)[-1]):
            return None  # "night of 12" alone is too thin to be a date
        last = first + timedelta(days=1) if first else None
    elif len(days) == 2:
        last = days[1]
        if first is not None and last is not None and last < first:
            first = _shift_month(first, -1)
        if first is not None and last is not None and not first < last <= first + timedelta(days=2):
            return None
    else:
        return None
    if last is not None:
        ctx.set(last)
    begin = f"{first.isoformat()}T20:00" if first else None
    finish = f"{last.isoformat()}T06:00" if last else None
    return DateSpan(s, e, raw, "night", begin, finish, "night")


def _month_or_year(kind: str, s: int, e: int, raw: str, ctx: DateContext, tail: bool) -> DateSpan | None:
    if kind == "year":
        if not tail:
            return None
        whole_year = int(raw)
        ctx.year, ctx.month, ctx.day = whole_year, None, None
        return DateSpan(s, e, raw, "year", str(whole_year), str(whole_year), "year")
    month_tok = re.search(_MON, raw)
    year_tok = re.search(_YEAR, raw)
    if not month_tok:
        return None
    month = MONTHS[month_tok.group().rstrip(".").lower()]
    year = int(year_tok.group()) if year_tok else ctx.year
    ctx.month, ctx.day = month, None
    if year_tok:
        ctx.year = year
    iso = f"{year:04d}-{month:02d}" if year is not None else None
    return DateSpan(s, e, raw, "month", iso, iso, "month")


def _time(s: int, e: int, raw: str, low: str, ctx: DateContext) -> DateSpan | None:
    day = ctx.today()
    if "midnight" in low:
        hour, minute = 0, 0
        day = day + timedelta(days=1) if day else None
    elif "noon" in low or "midday" in low:
        hour, minute = 12, 0
    elif (m12 := _CLOCK12_RE.search(raw)) and ("m" in low[m12.end() :] or "clock" in low):
        hour, minute = int(m12.group(1)), int(m12.group(2) or 0)
        if "clock" not in low:
            if hour > 12:
                return None
            hour = hour % 12 + (12 if m12.group(3).lower() == "p" else 0)
    elif m24 := _CLOCK24_RE.search(raw):
        hour, minute = int(m24.group(1)), int(m24.group(2))
    elif military := _MILITARY_RE.search(raw):  # "0400 hours"
        hour, minute = int(military.group(1)), int(military.group(2))
    else:
        digits = re.search(r"\d{1,2}", raw)
        if not digits:
            return None
        hour, minute = int(digits.group()), 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    iso = f"{day.isoformat()}T{hour:02d}:{minute:02d}" if day else None
    return DateSpan(s, e, raw, "time", iso, iso, "time")


def _part_word(low: str) -> str:
    for word in ("first light", "daybreak", "sunrise", "sunset", "nightfall", "dawn", "dusk"):
        if word in low:
            return word
    found = re.search(r"(morning|afternoon|evening|night|day)\b", low)
    return found.group(1) if found else "day"


def _part_of_day(s: int, e: int, raw: str, low: str, ctx: DateContext, offset: int) -> DateSpan:
    part = _part_word(low)
    base = ctx.today()
    if base is not None:
        base += timedelta(days=offset)
    begin_t, end_t, spill = PART_WINDOWS[part]
    start_dt = _at(base, begin_t)
    end_dt = _at(base, end_t, spill)
    if start_dt and end_dt:
        length = end_dt - start_dt
        if re.search(r"\b(late|end)\b", low):
            start_dt = end_dt - length / 3
        elif re.search(r"\b(early|beginning|start)\b", low):
            end_dt = start_dt + length / 3
        elif "middle" in low:
            start_dt, end_dt = start_dt + length / 3, end_dt - length / 3
        if re.search(r"\bbefore\b", low):
            start_dt, end_dt = start_dt - timedelta(hours=2), start_dt
        elif re.search(r"\bafter\b", low):
            start_dt, end_dt = end_dt, end_dt + timedelta(hours=2)
    if part == "night":
        if base is not None:
            ctx.set(base + timedelta(days=1))
        kind = precision = "night"
    else:
        if base is not None and offset:
            ctx.set(base)
        kind, precision = "part_of_day", "part_of_day"
    return DateSpan(s, e, raw, kind, _iso_dt(start_dt), _iso_dt(end_dt), precision)


def _relative(s: int, e: int, raw: str, low: str, ctx: DateContext) -> DateSpan:
    if re.search(r"next|following|after", low):
        offset = 1
    elif re.search(r"previous|preceding|before", low):
        offset = -1
    else:
        offset = 0
    part = _part_word(low.replace("day after", "").replace("day before", ""))
    if part != "day":
        span = _part_of_day(s, e, raw, low, ctx, offset=offset)
        return span
    base = ctx.today()
    day = base + timedelta(days=offset) if base else None
    if day is not None:
        ctx.set(day)
    return DateSpan(s, e, raw, "relative_day", _iso(day), _iso(day), "day")


def _at(day: date | None, hhmm: str, add_days: int = 0) -> datetime | None:
    if day is None:
        return None
    hour, minute = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute) + timedelta(days=add_days)


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _iso_dt(dt: datetime | None) -> str | None:
    return dt.strftime("%Y-%m-%dT%H:%M") if dt else None


def _shift_month(d: date, months: int) -> date | None:
    """The same day ``months`` earlier or later, None when it does not exist."""
    idx = d.year * 12 + d.month - 1 + months
    try:
        return date(idx // 12, idx % 12 + 1, d.day)
    except ValueError:
        return None


_ENDS_IN_DIGIT_RE = re.compile(r"\d\s*$")
_ENDS_IN_YEAR_RE = re.compile(r"\d{4}\s*$")


def _ends_in_bare_number(raw: str) -> bool:
    return bool(_ENDS_IN_DIGIT_RE.search(raw)) and not _ENDS_IN_YEAR_RE.search(raw)


def _tail_ok(text: str, end: int, limit: int) -> bool:
    """Whether what follows a bare number leaves it a date: punctuation, the end, or a function word."""
    m = _WORD_RE.match(text, end, limit)
    if not m:
        return True
    if m.start(1) > end and text[m.start(1) - 1] == "\n" and text[end : m.start(1)].count("\n") > 1:
        return True
    return m.group(1).lower() in FUNCTION_WORDS and not m.group(1).isupper()
