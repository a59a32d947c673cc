"""Every number of an article becomes a figure (a quantity) or a classified non-quantity."""

from __future__ import annotations

import bisect
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konna_tui.ingest.article import Article, parse_file, parse_text
from konna_tui.ingest.dates import find_dates
from konna_tui.ingest.numbers import extract_numbers
from konna_tui.ingest.records import Figure, NonQuantity

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLES = [DATA / "battle_of_konna.txt", *sorted(FIXTURES.glob("*.txt"))]

# What counts as a number word, written out here independently of the code under test.
NUMBER_WORDS = str.split(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
    "thousand million billion dozen dozens hundreds thousands millions first second third fourth fifth "
    "sixth seventh eighth ninth tenth eleventh twelfth"
)
NUMBER_RE = re.compile(r"\d+|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)


def numbers_in(text: str) -> list[re.Match[str]]:
    """Digit runs and number words (lower case or capitalised: ALL-CAPS words are names)."""
    return [m for m in NUMBER_RE.finditer(text) if m.group()[0].isdigit() or not m.group().isupper()]


@pytest.fixture(scope="module")
def konna() -> tuple[Article, list[Figure], list[NonQuantity]]:
    article = parse_file(DATA / "battle_of_konna.txt")
    return (article, *extract_numbers(article))


def _inside(konna, context: str, raw: str, records):
    """The record with ``raw`` inside the one place the article says ``context`` (which holds ``raw``)."""
    article = konna[0]
    assert article.text.count(context) == 1, f"context {context!r} is not unique"
    pos = article.text.index(context)
    found = [x for x in records if x.raw == raw and pos <= x.start and x.end <= pos + len(context)]
    assert len(found) == 1, f"{len(found)} records {raw!r} inside {context!r}"
    return found[0]


def find(konna, context: str, raw: str) -> Figure:
    return _inside(konna, context, raw, konna[1])


def non_quantity(konna, context: str, raw: str) -> NonQuantity:
    return _inside(konna, context, raw, konna[2])


# ---------------------------------------------------------------------------------------------
# Figures: value, qualifier, unit, side, outcome.

FIGURES = [
    # context, raw, low, best, high, qualifier, unit, side, outcome
    ("Around 25 Malian soldiers", "Around 25", 25, 25, 25, "about", "soldiers", "mali", "killed"),
    (
        "An estimated 1,200 Islamist",
        "An estimated 1,200",
        1200,
        1200,
        1200,
        "about",
        "fighters",
        "islamists",
        "engaged",
    ),
    (
        "Strength2: Estimated 1,200",
        "Estimated 1,200",
        1200,
        1200,
        1200,
        "about",
        "fighters",
        "islamists",
        "engaged",
    ),
    ("Casualties2: 50–150", "50–150", 50, 100, 150, "range", None, "islamists", "killed"),
    ("2013, 1,500 to 3,000", "1,500 to 3,000", 1500, 2250, 3000, "range", "fighters", "islamists", "engaged"),
    ("mass grave of 25 to 30", "25 to 30", 25, 27.5, 30, "range", "bodies", None, "killed"),
    ("including 300 men", "300", 300, 300, 300, "exact", "men", "islamists", "engaged"),
    ("to 600 from MUJAO", "600", 600, 600, 600, "exact", "men", "islamists", "engaged"),
    ("~50 vehicles", "~50", 50, 50, 50, "about", "vehicles", "islamists", "destroyed"),
    ("60 + injured", "60 +", 60, 60, None, "at_least", "soldiers", "mali", "wounded"),
    ("at least 13 people", "at least 13", 13, 13, None, "at_least", "people", None, "executed"),
    (
        "more than 2,000 soldiers",
        "more than 2,000",
        2000,
        2000,
        None,
        "at_least",
        "soldiers",
        None,
        "engaged",
    ),
    ("about sixty were", "about sixty", 60, 60, 60, "about", "soldiers", "mali", "wounded"),
    ("that 11 of its", "11", 11, 11, 11, "exact", "soldiers", "mali", "killed"),
    ("to a hundred killed", "a hundred", 100, 100, 100, "about", None, "islamists", "killed"),
    ("about twenty armored", "about twenty", 20, 20, 20, "about", "BRDM-2", "mali", None),
    ("by forty or so French", "forty or so", 40, 40, 40, "about", "soldiers", "france", "engaged"),
    ("a dozen Marine", "a dozen", 12, 12, 12, "about", "commandos", "france", "engaged"),
    ("a dozen BRDM-2", "a dozen", 12, 12, 12, "about", "armoured vehicles", None, None),
    (
        "including several dozen Malian army",
        "several dozen",
        24,
        None,
        None,
        "vague",
        "soldiers",
        "mali",
        "killed",
    ),
    ("148 dead", "148", 148, 148, 148, "exact", None, None, "killed"),
    ("dozens of bodies", "dozens", 24, None, None, "vague", "bodies", None, "killed"),
    ("at least 46 Islamists", "at least 46", 46, 46, None, "at_least", "fighters", "islamists", "killed"),
    ("open fire in one sixty", "one sixty", 60, 60, 60, "about", "soldiers", None, None),
    ("of twelve pickups", "twelve", 12, 12, 12, "exact", "pick-ups", None, None),
    ("destroyed four.", "four", 4, 4, 4, "exact", "pick-ups", None, "destroyed"),
    ("its four occupants", "four", 4, 4, 4, "exact", "occupants", None, "killed"),
    ("Two first aircraft", "Two", 2, 2, 2, "exact", "aircraft", None, None),
    ("reported one casualty", "one", 1, 1, 1, "exact", "casualties", "france", None),
    ("Total: 149", "149", 149, 149, 149, "exact", None, None, "killed"),
    ("Casualties3: 15", "15", 15, 15, 15, "exact", "civilians", "civilians", "killed"),
    ("at least 502", "at least 502", 502, 502, None, "at_least", "fighters", "islamists", "killed"),
    ("and 19 injured", "19", 19, 19, 19, "exact", "civilians", "civilians", "wounded"),
    ("counted 47 bodies", "47", 47, 47, 47, "exact", "bodies", "mali", "killed"),
    ("36 Malian soldiers were buried", "36", 36, 36, 36, "exact", "soldiers", "mali", "killed"),
    ("military source, 58", "58", 58, 58, 58, "exact", "soldiers", "mali", "killed"),
    ("claimed to have killed 25", "25", 25, 25, 25, "exact", "soldiers", "mali", "killed"),
    ("that 60 Malian", "60", 60, 60, 60, "exact", "soldiers", "mali", "killed"),
    ("6 tanks", "6", 6, 6, 6, "exact", "tanks", "mali", "captured"),
    ("two French helicopters", "two", 2, 2, 2, "exact", "helicopters", "france", "destroyed"),
    ("lost 130 men", "130", 130, 130, 130, "exact", "men", "islamists", "killed"),
    ("4 BRDM-2 destroyed", "4", 4, 4, 4, "exact", "BRDM-2", "islamists", "destroyed"),
    ("101 jihadists", "101", 101, 101, 101, "exact", "fighters", "islamists", "killed"),
    ("14 of their pick-up trucks", "14", 14, 14, 14, "exact", "pick-ups", "islamists", "destroyed"),
    ("including one by sniper", "one", 1, 1, 1, "exact", "soldiers", "mali", "killed"),
    ("seven Malian soldiers, including five", "seven", 7, 7, 7, "exact", "soldiers", "mali", "executed"),
    ("20 kilometers", "20", 20, 20, 20, "exact", "km", None, None),
    ("several dozen kilometres", "several dozen", 24, None, None, "vague", "km", None, None),
    ("neutralized two other", "two", 2, 2, 2, "exact", "vehicles", None, "destroyed"),
    ("the four others flee", "four", 4, 4, 4, "exact", "fighters", "islamists", None),
]


@pytest.mark.parametrize(
    ("context", "raw", "low", "best", "high", "qualifier", "unit", "side", "outcome"),
    FIGURES,
    ids=[f"{r[1]}|{r[0][:24]}" for r in FIGURES],
)
def test_konna_figure(konna, context, raw, low, best, high, qualifier, unit, side, outcome) -> None:
    f = find(konna, context, raw)
    assert (f.low, f.best, f.high, f.qualifier) == (low, best, high, qualifier)
    assert (f.unit, f.side, f.outcome) == (unit, side, outcome)


def test_a_side_named_before_a_destructive_verb_is_the_doer_not_the_victim(konna) -> None:
    # "a French Tiger and Gazelle neutralized two other vehicles": not French vehicles.
    assert find(konna, "neutralized two other", "two").side is None
    # ... but "the jihadists lost 130 men" are jihadists: losing is not done to someone else.
    assert find(konna, "jihadists lost 130", "130").side == "islamists"


def test_the_infobox_side_comes_from_the_belligerent_column(konna) -> None:
    assert (
        find(konna, "Strength1: 100 French", "100").side == "france"
    )  # "100 French Special Forces": said in the value
    assert find(konna, "4 Gazelle helicopters", "4").side == "france"  # carried along the list
    assert find(konna, "fighters, 300 vehicles", "300").side == "islamists"  # Combatant2
    assert find(konna, "Casualties1: 58", "58").side == "mali"  # Combatant1
    assert find(konna, "Casualties3: 15", "15").side == "civilians"  # the third column


def test_figures_in_other_articles() -> None:
    diabaly = parse_file(FIXTURES / "battle_of_diabaly.txt")
    figures, _ = extract_numbers(diabaly)
    by_raw = {(diabaly.claims[f.claim].text.split(":")[0], f.raw): f for f in figures}
    plus = by_raw[("Strength2", "4+")]
    assert (plus.low, plus.high, plus.qualifier, plus.unit) == (4, None, "at_least", "aircraft")
    about = by_raw[("Casualties2", "~12")]
    assert (about.best, about.qualifier, about.outcome) == (12, "about", "killed")
    assert by_raw[("Casualties3", "4+")].side == "civilians"
    assert by_raw[("Casualties1", "47")].side == "islamists"  # Combatant1 is the Islamists here
    hundreds = next(f for f in figures if f.raw == "hundreds")
    assert (hundreds.low, hundreds.qualifier, hundreds.side) == (200, "vague", "islamists")

    ifoghas = parse_file(FIXTURES / "battle_of_ifoghas.txt")
    raws = [f.raw for f in extract_numbers(ifoghas)[0] if ifoghas.claims[f.claim].kind == "infobox"]
    assert raws == ["1,400", "1,400–1,500", "400–600", "3", "120", "30", "200–300", "50"]

    gao = parse_file(FIXTURES / "second_battle_of_gao.txt")
    gao_figures = {f.raw: f for f in extract_numbers(gao)[0]}
    assert gao_figures["about 100,000"].unit == "population"
    assert gao_figures["about 100,000"].side is None
    assert gao_figures["a few dozen"].qualifier == "vague"
    assert gao_figures["500"].unit == "km"


@pytest.mark.parametrize(
    ("sentence", "raw", "low", "best", "high", "qualifier", "unit"),
    [
        ("They saw twenty-five soldiers.", "twenty-five", 25, 25, 25, "exact", "soldiers"),
        ("Some two hundred and fifty men came.", "Some two hundred and fifty", 250, 250, 250, "about", "men"),
        (
            "Nearly 1.5 million people fled.",
            "Nearly 1.5 million",
            1500000,
            1500000,
            1500000,
            "about",
            "people",
        ),
        ("Up to 40 vehicles were seen.", "Up to 40", None, 40, 40, "at_most", "vehicles"),
        ("Between 20 and 30 fighters died.", "Between 20 and 30", 20, 25, 30, "range", "fighters"),
        ("Two or three trucks burned.", "Two or three", 2, 2.5, 3, "range", "vehicles"),
        ("Hundreds of rebels fled.", "Hundreds", 200, None, None, "vague", "fighters"),
        ("A few hundred men remained.", "A few hundred", 200, None, None, "vague", "men"),
        ("It took 10km of road.", "10", 10, 10, 10, "exact", "km"),
        ("They lost 5% of their men.", "5", 5, 5, 5, "exact", "percent"),
    ],
)
def test_number_forms_in_any_article(sentence, raw, low, best, high, qualifier, unit) -> None:
    article = parse_text(f"= T =\n\n{sentence}\n")
    figures, _ = extract_numbers(article)
    f = next(f for f in figures if f.raw == raw)
    assert (f.low, f.best, f.high, f.qualifier, f.unit) == (low, best, high, qualifier, unit)


@pytest.mark.parametrize(
    ("sentence", "figures", "non_quantities"),
    [
        ("The raid began at 17 h near the river.", [], [("17 h", "time")]),
        ("They left at 5 am with 12 helicopters.", [("12", "exact", "helicopters")], [("5 am", "time")]),
        ("Fighting lasted 9 to 10 January.", [], [("9 to 10 January", "date")]),
        ("The convoy left on 12 Jan. with 14 trucks.", [("14", "exact", "vehicles")], [("12 Jan.", "date")]),
        ("The unit fired 20 mm shells at 20 men.", [("20", "exact", "men")], [("20 mm", "identifier")]),
        (
            "He saw 17 hostages and 40 + rebels.",
            [("17", "exact", "hostages"), ("40 +", "at_least", "fighters")],
            [],
        ),
        ("They lost 30 odd vehicles.", [("30 odd", "about", "vehicles")], []),
        ("They held No 4 and 12 tanks.", [("12", "exact", "tanks")], [("No 4", "identifier")]),
        ("Then 1,200 soldiers arrived.", [("1,200", "exact", "soldiers")], []),
        (
            "They lost two tanks and twenty-five men.",
            [("two", "exact", "tanks"), ("twenty-five", "exact", "men")],
            [],
        ),
        (
            "One of them left at five pm with about forty men.",
            [("about forty", "about", "men")],
            [("One", "other"), ("five pm", "time")],
        ),
        (
            "Some forty or so rebels and 40 + soldiers.",
            [("Some forty or so", "about", "fighters"), ("40 +", "at_least", "soldiers")],
            [],
        ),
        ("At 0400 hours, 30 men left.", [("30", "exact", "men")], [("0400 hours", "time")]),
        (
            "Then 0530 hrs came; at 1630 hours they stopped.",
            [],
            [("0530 hrs", "time"), ("1630 hours", "time")],
        ),
        ("The pilots flew 1200 hours.", [("1200", "exact", "hours")], []),
    ],
)
def test_the_words_around_a_count_decide_what_it_is(sentence, figures, non_quantities) -> None:
    """A count is read by the word before it and the letters after it: '17 h' is a time, '40 +' a bound."""
    found, nqs = extract_numbers(parse_text(f"= T =\n\n{sentence}\n"))
    assert [(f.raw, f.qualifier, f.unit) for f in found] == figures
    assert [(q.raw, q.category) for q in nqs] == non_quantities


@pytest.mark.parametrize(
    "sentence, outcomes",
    [
        ("200 fighters killed 11 soldiers.", [("200", None), ("11", "killed")]),
        ("Two jets destroyed 5 vehicles.", [("Two", None), ("5", "destroyed")]),
        ("3 helicopters destroyed 12 pick-ups.", [("3", None), ("12", "destroyed")]),
        ("58 soldiers were killed, 11 of them officers.", [("58", "killed"), ("11", "killed")]),
        ("30 soldiers killed 2 hours later.", [("30", "killed"), ("2", None)]),
        ("Some 40 rebels killed.", [("Some 40", "killed")]),
    ],
)
def test_a_count_that_does_it_to_the_next_is_not_its_victim(sentence, outcomes) -> None:
    """ "200 fighters killed 11 soldiers": the 11 were killed, not the 200 who killed them."""
    found, _ = extract_numbers(parse_text(f"= T =\n\n{sentence}\n"))
    assert [(f.raw, f.outcome) for f in found] == outcomes


QUALIFIED = st.sampled_from(
    [
        ("about", "about"),
        ("around", "about"),
        ("nearly", "about"),
        ("some", "about"),
        ("over", "at_least"),
        ("at least", "at_least"),
        ("more than", "at_least"),
        ("up to", "at_most"),
        ("fewer than", "at_most"),
    ]
)


@settings(max_examples=150, deadline=None)
@given(QUALIFIED, st.sampled_from(["(", "[", '"', "“", "‘", "«"]), st.integers(2, 99_999))
def test_a_qualifier_reads_the_same_after_an_opening_bracket_or_quote(qualified, opener, n) -> None:
    """'(about 50 men)' is an estimate just as 'about 50 men' is, not an exact 50."""
    words, qualifier = qualified
    closer = {"(": ")", "[": "]", "“": "”", "‘": "’", "«": "»"}.get(opener, opener)
    article = parse_text(
        f"= T =\n\nThe army lost men ({words} {n} soldiers) and {opener}{words} {n} trucks{closer}.\n"
    )
    figures, _ = extract_numbers(article)
    read = [(f.raw, f.qualifier) for f in figures]
    assert read == [(f"{words} {n}", qualifier)] * 2, read


# ---------------------------------------------------------------------------------------------
# Non-quantities.

NON_QUANTITIES = [
    # context, raw, category
    ("two T-55 tanks", "T-55", "identifier"),
    ("three BM-21", "BM-21", "identifier"),
    ("two Malian Mi-24", "Mi-24", "identifier"),
    ("the two Mi-24s", "Mi-24s", "identifier"),
    ("6 Mirage 2000D fighter", "2000D", "identifier"),
    ("Four Mirage 2000-D", "2000-D", "identifier"),
    ("the 2000D Mirages", "2000D", "identifier"),
    ("a dozen BRDM-2", "BRDM-2", "identifier"),
    ("BTR-60PB", "BTR-60PB", "identifier"),
    ("AK-47", "AK-47", "identifier"),
    ("No. 10 (CPA-10)", "CPA-10", "identifier"),
    ("No. 10 (CPA-10)", "No. 10", "identifier"),
    ("the ESNO 43", "ESNO 43", "identifier"),
    ("Atlantic-2", "Atlantic-2", "identifier"),
    ("HOT missiles and 20 mm guns", "20 mm", "identifier"),
    ("62nd Motorized", "62nd", "ordinal"),
    ("35th Armored", "35th", "ordinal"),
    ("the 13th Parachute Dragoon", "13th", "ordinal"),
    ("the 4th Special Forces Helicopter Regiment to counter", "4th", "ordinal"),
    ("Commandos of the 1st RPIMa", "1st", "ordinal"),
    ("the first column attacked", "first", "ordinal"),
    ("Two first aircraft", "first", "ordinal"),
    ("Date: 10–18 January 2013", "10–18 January 2013", "date"),
    ("On January 1, 2013", "January 1, 2013", "date"),
    ("on 3 January 2013", "3 January 2013", "date"),
    ("On the 4th, Ansar Dine", "4th", "date"),
    ("since January the 2nd", "January the 2nd", "date"),
    ("On the 13th, contacted", "13th", "date"),
    ("in the night of 9 to 10 January", "9 to 10 January", "date"),
    ("between 9 and 18 January", "9 and 18 January", "date"),
    ("night of 16 to 17", "16 to 17", "date"),
    ("from January 10 to 12", "January 10 to 12", "date"),
    ("between the 11th and", "11th", "date"),
    ("In December 2012", "December 2012", "date"),
    ("beganat 8:30 am", "8:30 am", "time"),
    ("ended at 4 pm", "4 pm", "time"),
    ("around 19:15", "19:15", "time"),
    ("around 17 hours", "17 hours", "time"),
    ("Commander2: 25px", "25px", "wiki_markup"),
    ("BTR-60PB 3", "3", "wiki_markup"),
    ("Strength1:", "Strength1", "field_key"),
    ("Casualties3:", "Casualties3", "field_key"),
    ("one of the Ansar Dine commanders", "one", "other"),
]


@pytest.mark.parametrize(
    ("context", "raw", "category"), NON_QUANTITIES, ids=[f"{r[1]}|{r[0][:20]}" for r in NON_QUANTITIES]
)
def test_konna_non_quantity(konna, context, raw, category) -> None:
    nq = non_quantity(konna, context, raw)
    assert nq.category == category
    assert nq.note, "every non-quantity says why it is not a quantity"


def test_the_date_range_in_the_infobox_is_not_a_range_of_figures(konna) -> None:
    article, figures, _ = konna
    date_claim = next(c for c in article.claims if c.text.startswith("Date:"))
    assert [f for f in figures if f.claim == date_claim.index] == []


def test_the_stray_3_after_btr_60pb_is_a_footnote_marker(konna) -> None:
    nq = non_quantity(konna, "BTR-60PB 3", "3")
    assert "footnote" in nq.note


def test_years_times_and_numbers_in_headings_and_titles() -> None:
    text = (
        "= Second Battle of Gao =\n\nInfobox\n- Date: 2013\n\n"
        "In 2012, 300 fighters came at 10 pm.\n\n==The 2013 offensive==\nThe 3rd Battalion held.\n"
    )
    article = parse_text(text)
    figures, nqs = extract_numbers(article)
    assert [f.raw for f in figures] == ["300"]
    by_raw = {n.raw: n for n in nqs}
    assert by_raw["2012"].category == "year"
    assert by_raw["10 pm"].category == "time"
    assert by_raw["3rd"].category == "ordinal"
    heading = [n for n in nqs if n.claim is None]
    assert [(n.raw, n.category) for n in heading] == [("Second", "ordinal"), ("2013", "year")]
    assert by_raw["2013"].note  # the infobox Date "2013" and the heading's both classified


def test_dates_agree_with_the_date_recogniser(konna) -> None:
    """Every digit that dates.find_dates reads as a date or a clock time is not counted as a quantity."""
    article, figures, nqs = konna
    spans = sorted((n.start, n.end, n.category) for n in nqs)
    starts = [s for s, _, _ in spans]
    for claim in article.claims:
        for span in find_dates(article.text, claim.start, claim.end):
            for m in re.finditer(r"\d+", span.raw):
                pos = span.start + m.start()
                k = bisect.bisect_right(starts, pos) - 1
                assert k >= 0 and spans[k][0] <= pos < spans[k][1], f"{span.raw!r} digit not classified"
                assert spans[k][2] in ("date", "time", "year"), f"{span.raw!r} read as {spans[k][2]}"


# ---------------------------------------------------------------------------------------------
# Invariants, on every article.


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_every_span_is_exact_and_inside_its_claim(path: Path) -> None:
    article = parse_file(path)
    figures, nqs = extract_numbers(article)
    assert figures
    records: list[Figure | NonQuantity] = [*figures, *nqs]
    for x in records:
        assert article.text[x.start : x.end] == x.raw
        if x.claim is not None:
            claim = article.claims[x.claim]
            assert claim.start <= x.start < x.end <= claim.end
        else:
            assert article.claim_at(x.start) is None
    for f in figures:
        assert f.qualifier in ("exact", "about", "at_least", "at_most", "range", "vague")
        assert f.low is None or f.high is None or f.low <= f.high
    for n in nqs:
        assert n.category in (
            "identifier",
            "ordinal",
            "date",
            "year",
            "time",
            "wiki_markup",
            "field_key",
            "other",
        )


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_every_digit_run_and_number_word_is_covered_exactly_once(path: Path) -> None:
    article = parse_file(path)
    figures, nqs = extract_numbers(article)
    records: list[Figure | NonQuantity] = [*figures, *nqs]
    spans = sorted((x.start, x.end) for x in records)
    for (s1, e1), (s2, _) in zip(spans, spans[1:], strict=False):
        assert e1 <= s2, f"overlapping records at {article.text[s1:e1]!r}"
    starts = [s for s, _ in spans]
    for m in numbers_in(article.text):
        k = bisect.bisect_right(starts, m.start()) - 1
        covered = k >= 0 and spans[k][0] <= m.start() and m.end() <= spans[k][1]
        context = article.text[max(0, m.start() - 30) : m.end() + 30]
        assert covered, f"{m.group()!r} in {context!r} is neither a figure nor a non-quantity"


def test_a_digit_run_too_long_to_be_a_count_is_a_code_and_the_build_goes_through(tmp_path: Path) -> None:
    """400 or 5,000 digits once crashed the build (no float, no SQLite integer holds them)."""
    from konna_tui.build import build_database

    long_runs = ["9" * 400, "1" * 5000, "1,234,567,890,123,456,789"]
    text = "= Test battle =\n\n" + " ".join(f"They counted {run} rifles and 12 trucks." for run in long_runs)
    article = parse_text(text + "\n")
    figures, others = extract_numbers(article)
    assert [f.raw for f in figures] == ["12", "12", "12"]
    codes = [n for n in others if n.category == "identifier"]
    assert [article.text[n.start : n.end] for n in codes] == long_runs
    path = tmp_path / "test_battle.txt"
    path.write_text(text + "\n", encoding="utf-8")
    report = build_database([path], tmp_path / "t.db")
    assert report.counts["figures"] == 3


def test_a_huge_figure_or_range_end_still_builds(tmp_path: Path) -> None:
    """Past SQLite's integers a value is kept as a float; a code after a dash is no range end."""
    from konna_tui.build import build_database

    text = f"= Test battle =\n\nThey had 999,999,999,999,999 billion rifles and 13,664 – {'9' * 400} men.\n"
    figures, _ = extract_numbers(parse_text(text))
    assert [(f.raw, f.qualifier, f.low) for f in figures] == [
        ("999,999,999,999,999 billion", "exact", 999_999_999_999_999e9),
        ("13,664", "exact", 13_664),
    ]
    path = tmp_path / "test_battle.txt"
    path.write_text(text, encoding="utf-8")
    assert build_database([path], tmp_path / "t.db").counts["figures"] == 2
