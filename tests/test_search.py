"""Search as a reader uses it: every example of issue 4 against the Konna database, ranking,
grouping, highlights, pages, and any input at all (hypothesis) without an error."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from konna_tui.queries.db import open_readonly
from konna_tui.queries.search import (
    GROUP_HEADINGS,
    MATCHES,
    NAMED_CAP,
    Searcher,
    SearchResults,
    Term,
    distance,
    excerpt,
    max_typos,
    parse,
    search,
)
from konna_tui.text import fold


@pytest.fixture(scope="session")
def search_db(bundled_db: Path) -> Path:
    """The bundled Konna database, as built (read only)."""
    return bundled_db


@pytest.fixture(scope="session")
def conn(search_db: Path) -> sqlite3.Connection:
    return open_readonly(search_db)


def entity_named(conn: sqlite3.Connection, alias: str) -> int:
    """The id of the entity that has ``alias`` among its names."""
    row = conn.execute("select entity_id from aliases where folded = ?", (fold(alias),)).fetchone()
    assert row, f"no entity has the alias {alias!r}"
    return row[0]


def first_entity(results: SearchResults) -> int | None:
    return next((h.id for h in results.hits if h.kind == "entity"), None)


def marked(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[s:e] for s, e in spans]


# -- the examples of issue 4 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "alias"),
    [
        ("Dacko", "Didier Dacko"),
        ("dacko", "Didier Dacko"),
        ("DACKO", "Didier Dacko"),
        ("red berets", "red berets"),
        ("RPIMa", "1st RPIMa"),
        ("RPI", "1st RPIMa"),
        ("rpi", "1st RPIMa"),
        ("Sevare", "Sévaré"),
        ("sévaré", "Sévaré"),
        ("Goita", "Kassim Goïta"),
        ("Diakite", "Ibrahima Diakité"),
        ("MOJWA", "MUJAO"),
        ("MUJAO", "MUJAO"),
        ("Movement of Oneness and Jihad in Western Africa", "MUJAO"),
        ("CPA-10", "Air Parachute Commando No. 10"),
        ("cpa 10", "Air Parachute Commando No. 10"),
        ("Air Parachute Commando No. 10", "CPA-10"),
        ("GCV", "Volunteer Commandos Group"),
        ("Volunteer Commandos Group", "GCV"),
    ],
)
def test_the_entity_a_reader_remembers_comes_first(conn: sqlite3.Connection, typed: str, alias: str) -> None:
    results = search(conn, typed)
    assert results.hits, typed
    assert results.hits[0].kind == "entity", [h.text for h in results.hits[:3]]
    assert results.hits[0].id == entity_named(conn, alias)
    assert results.hits[0].match in ("exact", "prefix", "word")
    assert not results.corrected


def test_abbreviation_and_full_name_lead_to_the_same_entity(conn: sqlite3.Connection) -> None:
    for names in (
        ("MUJAO", "MOJWA", "Movement of Oneness and Jihad in Western Africa"),
        ("CPA-10", "Air Parachute Commando No. 10"),
        ("GCV", "Volunteer Commandos Group"),
    ):
        assert len({first_entity(search(conn, name)) for name in names}) == 1, names


@pytest.mark.parametrize(
    ("typed", "target", "word"),
    [("Dako", "Didier Dacko", "dacko"), ("Boiteaux", "Damien Boiteux", "boiteux")],
)
def test_a_small_typo_still_finds_its_target(
    conn: sqlite3.Connection, typed: str, target: str, word: str
) -> None:
    results = search(conn, typed)
    assert results.corrected == (word,)
    assert results.hits[0].kind == "entity" and results.hits[0].id == entity_named(conn, target)
    assert results.hits[0].match == "fuzzy"
    claims = [h for h in results.hits if h.kind == "claim"]
    assert claims, "claims naming the corrected word are found too"
    for hit in claims:
        assert any(fold(s) == word for s in marked(hit.text, hit.spans)), hit.text


@st.composite
def misspelt(draw: st.DrawFn, vocabulary: list[str]) -> str:
    """A word of the names with up to three slips: a letter dropped, changed, added or two swapped."""
    word = draw(st.sampled_from(vocabulary))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(word)))
        letter = draw(st.sampled_from("aeiknorstu"))
        slip = draw(st.sampled_from(["drop", "change", "add", "swap"]))
        if slip == "drop":
            word = word[:at] + word[at + 1 :]
        elif slip == "change":
            word = word[:at] + letter + word[at + 1 :]
        elif slip == "add":
            word = word[:at] + letter + word[at:]
        else:
            word = word[:at] + word[at + 1 : at + 2] + word[at : at + 1] + word[at + 2 :]
    return word


def test_typo_corrections_are_the_nearest_name_words_of_all(conn: sqlite3.Connection) -> None:
    """The per-length indexes find exactly what comparing every name word would find."""
    vocabulary = Searcher(conn).vocabulary
    words = sorted(vocabulary.words)

    @settings(max_examples=600, deadline=None)
    @given(word=st.one_of(misspelt(words), st.text(alphabet="abdeikmnorstvz", max_size=12)))
    def check_word(word: str) -> None:
        limit = max_typos(word)
        near = [(distance(word, w, limit), w) for w in words if len(w) >= 3] if limit else []
        near = [(d, w) for d, w in near if d <= limit]
        nearest = min((d for d, _ in near), default=None)
        assert vocabulary.corrections(word) == tuple(sorted(w for d, w in near if d == nearest))
        typing = Term(word, prefix=True)
        assert vocabulary.known(typing) == any(w.startswith(word) for w in words)

    check_word()


def test_no_correction_when_something_matches_as_typed(conn: sqlite3.Connection) -> None:
    assert search(conn, "Dacko").corrected == ()
    assert search(conn, "Dacko").hits[0].match == "exact"


def test_accents_are_ignored_both_ways(conn: sqlite3.Connection) -> None:
    plain = search(conn, "Sevare", limit=200)
    accented = search(conn, "Sévaré", limit=200)
    assert [h.id for h in plain.hits] == [h.id for h in accented.hits]
    claims = [h for h in plain.hits if h.kind == "claim"]
    assert len(claims) >= 10  # Sévaré is named throughout the battle
    for hit in claims:
        assert "sevare" in [fold(s) for s in marked(hit.text, hit.spans)], hit.text


def test_claims_are_found_by_their_words(conn: sqlite3.Connection) -> None:
    results = search(conn, "malian soldiers killed", limit=100)
    claims = [h for h in results.hits if h.kind == "claim"]
    assert claims
    for hit in claims:
        words = {fold(s) for s in marked(hit.text, hit.spans)}
        assert {"malian", "soldiers"} <= words, hit.text
        assert any(w.startswith("killed") for w in words), hit.text
    # "58 Malian soldiers were killed" says it in few words: it ranks above longer sentences.
    short = next(h for h in claims if "58 Malian soldiers were killed" in h.text)
    assert claims.index(short) < len(claims) // 2


# -- ranking, groups, highlights ------------------------------------------------------------------


def test_exact_name_ranks_before_a_longer_name_it_begins(conn: sqlite3.Connection) -> None:
    results = search(conn, "Mopti")
    places = [h for h in results.hits if h.group == "place"]
    assert places[0].text == "Mopti" and places[0].match == "exact"
    assert any(h.match == "prefix" and h.text.startswith("Mopti ") for h in places[1:])


def test_match_tiers_are_in_order_within_each_group(conn: sqlite3.Connection) -> None:
    for typed in ("Mopti", "Konna", "d", "Air", "Ansar", "the", "Colonel Sevare"):
        results = search(conn, typed, limit=NAMED_CAP)
        for _, hits in results.groups():
            named = [MATCHES.index(h.match) for h in hits if h.kind != "claim"]
            assert named == sorted(named), typed


def test_groups_come_once_each_names_before_claims(conn: sqlite3.Connection) -> None:
    for typed in ("Konna", "Dacko", "a", "ma", "Human Rights Watch", "Sevare", "Gazelle"):
        results = search(conn, typed, limit=200)
        headings = [heading for heading, _ in results.groups()]
        assert len(headings) == len(set(headings)), (typed, headings)
        kinds = [h.kind for h in results.hits]
        if "claim" in kinds:
            assert all(k == "claim" for k in kinds[kinds.index("claim") :])
        assert results.named == sum(1 for k in kinds if k != "claim")
        for hit in results.hits:
            assert hit.heading == GROUP_HEADINGS.get(hit.group, hit.heading)


def test_an_entity_that_is_a_source_appears_once_and_names_its_source(conn: sqlite3.Connection) -> None:
    results = search(conn, "Human Rights Watch")
    named = [h for h in results.hits if h.kind != "claim"]
    assert len(named) == 1 and named[0].kind == "entity"
    assert named[0].source_id is not None
    hrw = conn.execute("select entity_id from sources where id = ?", (named[0].source_id,)).fetchone()[0]
    assert hrw == named[0].id


def test_a_source_that_is_no_entity_is_found_by_name(conn: sqlite3.Connection) -> None:
    row = conn.execute(
        "select id, name from sources where entity_id is null and type != 'article'"
    ).fetchone()
    assert row
    results = search(conn, row[1])
    assert any(h.kind == "source" and h.id == row[0] for h in results.hits)


def test_highlights_cover_exactly_the_words_that_match(conn: sqlite3.Connection) -> None:
    results = search(conn, "Sev", limit=100)
    assert results.hits
    for hit in results.hits:
        for s, e in hit.spans:
            assert fold(hit.text[s:e]) == "sev", (hit.text, hit.text[s:e])  # only the typed part
    results = search(conn, "Colonel Dacko", limit=100)
    for hit in results.hits:
        shown = [fold(w) for w in marked(hit.text, hit.spans) + marked(hit.alias or "", hit.alias_spans)]
        assert shown and set(shown) <= {"colonel", "dacko"}, hit


def test_a_single_letter_searches_names_only(conn: sqlite3.Connection) -> None:
    results = search(conn, "d")
    assert results.hits
    assert all(h.kind != "claim" for h in results.hits)
    assert all(fold(h.alias or h.text).startswith("d") for h in results.hits)


# -- pages ---------------------------------------------------------------------------------------


def all_pages(searcher: Searcher, typed: str, size: int) -> list[tuple[str, int]]:
    out: list[tuple[str, int]] = []
    offset = 0
    while True:
        page = searcher.search(typed, limit=size, offset=offset)
        out += [(h.kind, h.id) for h in page.hits]
        offset += size
        if not page.more:
            assert len(page.hits) <= size
            return out
        assert len(page.hits) == size


@pytest.mark.parametrize("window", [3, 40, 200])
@pytest.mark.parametrize("typed", ["the", "Konna", "malian so", "Sevare", "a"])
def test_pages_join_into_one_list_without_gaps_or_repeats(
    conn: sqlite3.Connection, window: int, typed: str
) -> None:
    searcher = Searcher(conn, rank_window=window)
    whole = [(h.kind, h.id) for h in searcher.search(typed, limit=1000).hits]
    assert len(whole) == len(set(whole))
    for size in (1, 7, 25):
        assert all_pages(searcher, typed, size) == whole
    claims = {i for k, i in whole if k == "claim"}
    expr = searcher.claims_query(parse(typed))
    expected = (
        {r[0] for r in conn.execute("select rowid from claims_fts where claims_fts match ?", (expr,))}
        if expr
        else set()
    )
    assert claims == expected


def test_a_terms_table_gives_the_same_results(search_db: Path, tmp_path: Path) -> None:
    """The claims_terms table (completions without an index scan) changes no result."""
    copy = tmp_path / "no-terms.db"
    shutil.copy(search_db, copy)
    with sqlite3.connect(copy) as db:
        db.execute("drop table claims_terms")
    plain = Searcher(open_readonly(copy))
    with_terms = Searcher(open_readonly(search_db))
    assert with_terms.has_terms and not plain.has_terms
    for typed in ("Sev", "malian so", "Dacko", "Dako", "kon", "helicop", "RPI"):
        a = {(h.kind, h.id) for h in plain.search(typed, limit=500).hits}
        b = {(h.kind, h.id) for h in with_terms.search(typed, limit=500).hits}
        assert a == b, typed


def test_excerpt_keeps_the_first_match_in_view() -> None:
    text = "word " * 40 + "Sévaré" + " more" * 40
    start = text.index("Sévaré")
    shown, spans = excerpt(text, ((start, start + 6),), 50)
    assert len(shown) <= 50
    assert [shown[s:e] for s, e in spans] == ["Sévaré"]
    assert shown.startswith("…") and shown.endswith("…")
    assert excerpt("short", ((0, 5),), 50) == ("short", ((0, 5),))


# -- any input -----------------------------------------------------------------------------------

HOSTILE = [
    '"',
    '""',
    "'",
    "*",
    "-",
    "(",
    ")",
    "NEAR",
    "NEAR(a b)",
    "AND",
    "OR",
    "NOT",
    "a AND",
    "OR OR",
    "konna NOT",
    "^",
    ":",
    "text:konna",
    "{text}: konna",
    "x*",
    "*x",
    "'; drop table claims; --",
    "1' or '1'='1",
    '" OR 1=1 --',
    "konna\x00",
    "\x00",
    "\u200f",
    "\u202e",
    "عربي",
    "עברית",
    "🇲🇱",
    "💥 konna",
    "Se\u0301vare\u0301",
    "ß",
    "İ",
    "ﬁ",
    "²",
    "\\",
    "%",
    "_",
    "[",
    "]",
    "$accent",
    "[bold]x[/]",
    'NEAR("',
    "\ue000",
    "\ue001x",
]


def check(results: SearchResults, limit: int) -> None:
    """What every result must be, whatever was typed."""
    assert len(results.hits) <= limit
    assert 0 <= results.named <= NAMED_CAP
    assert all(len(t) <= 40 for t in results.terms) and len(results.terms) <= 8
    seen = set()
    for hit in results.hits:
        assert hit.kind in ("entity", "source", "claim")
        assert (hit.kind, hit.id) not in seen
        seen.add((hit.kind, hit.id))
        assert hit.match in (*MATCHES, "text")
        for text, spans in ((hit.text, hit.spans), (hit.alias or "", hit.alias_spans)):
            last = 0
            for s, e in spans:
                assert last <= s < e <= len(text)
                last = e
    assert isinstance(results.groups(), list)


@pytest.mark.parametrize("typed", HOSTILE)
def test_operators_quotes_and_sql_are_only_text(conn: sqlite3.Connection, typed: str) -> None:
    for suffix in ("", " konna", " "):
        check(search(conn, typed + suffix, limit=30), 30)
    check(search(conn, "konna " + typed, limit=30), 30)


@settings(max_examples=2500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(typed=st.text(max_size=80), limit=st.integers(0, 60), offset=st.integers(0, 400))
def test_any_text_is_safe(conn: sqlite3.Connection, typed: str, limit: int, offset: int) -> None:
    check(search(conn, typed, limit=limit, offset=offset), limit)


WORDS = st.sampled_from(
    ["konna", "Sévaré", "dacko", "mali", "the", "s", "x", "10", "RPIMa", "MOJWA", "Goïta"]
)
FRAGMENTS = st.sampled_from(HOSTILE + [" ", "*", '"', "-", "(", ")", " NEAR ", " AND ", " OR ", " NOT "])


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(st.one_of(WORDS, FRAGMENTS, st.characters()), max_size=20), limit=st.integers(1, 60))
def test_words_mixed_with_operators_are_safe(conn: sqlite3.Connection, parts: list[str], limit: int) -> None:
    typed = "".join(parts)
    results = search(conn, typed, limit=limit)
    check(results, limit)
    if [t.text for t in parse(typed)] == ["konna"]:
        assert results.hits and results.hits[0].text == "Konna", typed


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit=st.text(min_size=1, max_size=12), size=st.integers(1000, 10_000))
def test_ten_thousand_characters_are_safe(conn: sqlite3.Connection, unit: str, size: int) -> None:
    typed = (unit * (size // len(unit) + 1))[:size]
    check(search(conn, typed, limit=40), 40)
