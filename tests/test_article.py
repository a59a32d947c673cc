"""The article's structure: sections and battle phases, paragraphs, and one claim per sentence."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from konna_tui.ingest.article import (
    Article,
    ArticleError,
    _split_at_full_stops,
    _split_tracking_quotes,
    parse_file,
    parse_text,
    split_sentences,
)

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTICLES = [DATA / "battle_of_konna.txt", *sorted(FIXTURES.glob("*.txt"))]


@pytest.fixture(scope="module")
def konna() -> Article:
    return parse_file(DATA / "battle_of_konna.txt")


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, 0, len(text))]


def claim_with(article: Article, words: str):
    found = [c for c in article.claims if words in c.text]
    assert len(found) == 1, f"{len(found)} claims contain {words!r}"
    return found[0]


# ---------------------------------------------------------------------------------------------
# Sections, phases, paragraphs.


def test_konna_sections_in_order_with_levels(konna: Article) -> None:
    assert [(s.level, s.title) for s in konna.sections] == [
        (1, "Infobox"),
        (1, "Introduction"),
        (2, "Background"),
        (2, "Forces in presence"),
        (2, "The battle"),
        (3, "Konna's capture by Islamists"),
        (3, "Jihadist coalition advances in Sevare and Mopti and Operation Serval"),
        (3, "Recapturing the Konna from the terrorists"),
        (2, "Aftermath and casualties"),
        (2, "Executions"),
    ]
    assert konna.title == "Battle of Konna"
    assert konna.warnings == []


def test_the_battles_subsections_are_its_three_phases(konna: Article) -> None:
    battle = next(s for s in konna.sections if s.title == "The battle")
    phases = [(s.phase, s.title) for s in konna.sections if s.phase is not None]
    assert phases == [
        (1, "Konna's capture by Islamists"),
        (2, "Jihadist coalition advances in Sevare and Mopti and Operation Serval"),
        (3, "Recapturing the Konna from the terrorists"),
    ]
    assert all(s.parent == battle.index for s in konna.sections if s.phase)
    # A phase's span lies inside the battle section's span.
    for s in konna.sections:
        if s.phase:
            assert battle.start <= s.start < s.end <= battle.end


def test_paragraphs_belong_to_their_sections(konna: Article) -> None:
    assert len(konna.paragraphs) == 19
    for p in konna.paragraphs:
        sec = konna.sections[p.section]
        assert sec.start <= p.start < p.end <= sec.end
        assert "\n\n" not in konna.text[p.start : p.end]
    executions = [p for p in konna.paragraphs if konna.sections[p.section].title == "Executions"]
    assert len(executions) == 1


def test_infobox_fields_are_claims_starting_with_their_key(konna: Article) -> None:
    keys = [f.key for f in konna.infobox]
    assert keys[:3] == ["Conflict", "Partof", "Date"]
    assert "Casualties3" in keys
    for f in konna.infobox:
        claim = konna.claims[f.claim]
        assert claim.kind == "infobox"
        assert claim.text.startswith(f.key + ":")
        assert konna.text[f.start : f.end] == f.value
    casualties = next(f for f in konna.infobox if f.key == "Casualties3")
    assert casualties.value == "15 civilians dead, Total: 149 killed overall"


# ---------------------------------------------------------------------------------------------
# Sentences.


def test_commando_no_10_does_not_end_a_sentence(konna: Article) -> None:
    claim = claim_with(konna, "Commando No. 10 (CPA-10)")
    assert claim.text.startswith("COS personnel in Sévaré also increased to about 100 men")
    assert claim.text.endswith("the Marine Commandos of the ESNO 43.")


def test_a_sentence_may_start_with_a_digit(konna: Article) -> None:
    claim = claim_with(konna, "6 other Islamists")
    assert claim.text.startswith("6 other Islamists were killed in the night of 16 to 17 according to")
    assert claim.text.endswith("the statements of Malian officers.")
    assert claim_with(konna, "71 people, wounded").text.startswith("71 people")
    assert claim_with(konna, "30 pick-ups formed").text.startswith("30 pick-ups")


def test_a_quotation_closing_after_its_full_stop_stays_in_the_sentence(konna: Article) -> None:
    claim = claim_with(konna, "This version is also defended")
    assert claim.text.endswith('the men of Iyad Ag Ghaly. "')
    following = konna.claims[claim.index + 1]
    assert following.text.startswith("Street fighting took place")


def test_decimals_initials_and_abbreviations_do_not_split() -> None:
    text = (
        "He saw J. Smith 2.5 km away. The next day, U.S. troops came. Gen. Barrera led the "
        "Air Parachute Commando No. 10 (CPA-10). It ended at 4 p.m. The night was calm."
    )
    assert sentences(text) == [
        "He saw J. Smith 2.5 km away.",
        "The next day, U.S. troops came.",
        "Gen. Barrera led the Air Parachute Commando No. 10 (CPA-10).",
        "It ended at 4 p.m.",
        "The night was calm.",
    ]


def test_quotes_questions_and_ellipses() -> None:
    assert sentences('They said "it is over." Then they left.') == [
        'They said "it is over."',
        "Then they left.",
    ]
    assert sentences("“Curly quote.” Next one.") == ["“Curly quote.”", "Next one."]
    assert sentences("Really? Yes! 4 more came.") == ["Really?", "Yes!", "4 more came."]
    assert sentences("It ends... Then more.") == ["It ends...", "Then more."]


def test_a_full_stop_inside_a_word_does_not_split(konna: Article) -> None:
    claim = claim_with(konna, "food.and 10 civilians")
    assert claim.text.startswith("In the following days")


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_claims_cover_paragraphs_without_overlap(path: Path) -> None:
    article = parse_file(path)
    text = article.text
    sentences_ = [c for c in article.claims if c.kind == "sentence"]
    assert sentences_, "every article has sentences"
    for c in article.claims:
        assert text[c.start : c.end] == c.text
        assert c.text == c.text.strip()
    for a, b in zip(article.claims, article.claims[1:], strict=False):
        assert a.end <= b.start, f"claims overlap: {a.text!r} / {b.text!r}"
    for p in article.paragraphs:
        inside = [c for c in sentences_ if c.paragraph == p.index]
        assert inside[0].start == p.start and inside[-1].end == p.end
        for a, b in zip(inside, inside[1:], strict=False):
            assert text[a.end : b.start].strip() == "", "text between two sentences of a paragraph is lost"


PLAIN_PIECES = st.sampled_from(
    [
        *"aAbZé É..'’»)]([‘\t\n\u00a019x",
        "No.",
        "Mr.",
        "e.g.",
        "U.S.",
        "J.",
        "A.",
        "approx.",
        "İ.",
        "½.",
        "Konna.",
    ]
)


@settings(max_examples=2000, deadline=None)
@given(st.lists(PLAIN_PIECES, max_size=40).map("".join))
def test_a_paragraph_without_quotes_splits_as_the_quote_tracking_reader_splits_it(text: str) -> None:
    """The quick reader of paragraphs without double quotes, ! or ? keeps the general rules."""
    assert _split_at_full_stops(text, 0, len(text)) == _split_tracking_quotes(text, 0, len(text))


LINES = st.one_of(
    st.sampled_from(
        [
            "",
            "Infobox",
            "- Date: 11 January 2013",
            "- Casualties1: 11 killed. 60 wounded",
            "==Battle==",
            "===Assault===",
            "==Open",
            "= Other =",
            'Gen. Smith said 2.5 km. Then "Stop." he said.',
        ]
    ),
    st.text(alphabet=st.sampled_from('ab C.!?"“”- :=\t'), max_size=30),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, min_size=1, max_size=25))
def test_claims_come_in_text_order_numbered_by_position(lines: list[str]) -> None:
    """Later stages bisect claims by offset and index them by position: the parser must hand them so."""
    try:
        article = parse_text("= T =\n" + "\n".join(lines))
    except ArticleError:
        return
    claims = article.claims
    assert [c.index for c in claims] == list(range(len(claims)))
    assert all(a.end <= b.start for a, b in zip(claims, claims[1:], strict=False))
    for f in article.infobox:
        holder = claims[f.claim]
        assert holder.kind == "infobox" and holder.start <= f.start and f.end == holder.end


def test_uncurated_articles_cut_mid_word_or_with_blank_values() -> None:
    diabaly = parse_file(FIXTURES / "battle_of_diabaly.txt")
    assert diabaly.claims[-1].text.endswith("Tuaregs, Bam")
    ifoghas = parse_file(FIXTURES / "battle_of_ifoghas.txt")
    strength = next(f for f in ifoghas.infobox if f.key == "Strength1")
    assert strength.value == ", 1,400, , 1,400–1,500"


# ---------------------------------------------------------------------------------------------
# Odd input: what it keeps, what it says.


def test_unclosed_and_duplicate_headings_are_kept_with_a_warning() -> None:
    text = "= T =\n\nInfobox\n- Date: 2013\n\nLead.\n\n==Dup==\nOne.\n\n==Dup==\nTwo.\n\n==Open\nThree.\n"
    article = parse_text(text)
    assert [s.title for s in article.sections] == ["Infobox", "Introduction", "Dup", "Dup", "Open"]
    assert any("not closed" in w for w in article.warnings)
    assert [c.text for c in article.claims if c.kind == "sentence"] == ["Lead.", "One.", "Two.", "Three."]


def test_empty_or_blank_text_is_an_article_error() -> None:
    with pytest.raises(ArticleError, match="empty"):
        parse_text("  \n\n ")


def test_binary_file_is_an_article_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(b"= T =\n\x00\x01\x02")
    with pytest.raises(ArticleError, match=r"junk\.txt:2: binary"):
        parse_file(path)


def test_crlf_and_bom_read_as_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "win.txt"
    path.write_bytes(b"\xef\xbb\xbf= Win =\r\n\r\nInfobox\r\n- Date: 2013\r\n\r\nOne. Two.\r\n")
    article = parse_file(path)
    assert article.title == "Win"
    assert "\r" not in article.text
    assert [c.text for c in article.claims] == ["Date: 2013", "One.", "Two."]
