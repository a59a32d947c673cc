"""The read-only queries: what the panes and views are built from, checked against the database."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from konna_tui.queries.claims import load_claims
from konna_tui.queries.db import open_readonly
from konna_tui.queries.detail import claim_detail
from konna_tui.queries.entities import entities, entity_detail, most_named
from konna_tui.queries.estimates import estimates, pane_of_quantity, quantities_for
from konna_tui.queries.forces import forces, side_columns
from konna_tui.queries.overview import overview
from konna_tui.queries.phases import phase
from konna_tui.queries.sections import PANES, pane_sections, paragraphs, phase_titles
from konna_tui.queries.sources import most_quoted, source_detail, sources

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def conn(bundled_db: Path) -> sqlite3.Connection:
    return open_readonly(bundled_db)


@pytest.fixture(scope="module")
def other_articles_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The uncurated articles of the same format, built together: the queries must hold for them too."""
    from konna_tui.build import build_database

    articles = sorted(FIXTURES.glob("*.txt"))
    assert articles
    db = tmp_path_factory.mktemp("others") / "others.db"
    build_database(articles, db)
    return db


def all_claim_ids(conn: sqlite3.Connection) -> list[int]:
    return [r[0] for r in conn.execute("select id from claims order by id")]


def test_every_section_lands_in_exactly_one_pane(conn: sqlite3.Connection) -> None:
    panes = pane_sections(conn)
    assert list(panes) == list(PANES)
    placed = [s.id for sections in panes.values() for s in sections]
    assert sorted(placed) == [r[0] for r in conn.execute("select id from sections order by id")]
    titles = {pane: [s.title for s in sections] for pane, sections in panes.items()}
    assert "Background" in titles["background"]
    assert "Forces in presence" in titles["forces"]
    assert "Aftermath and casualties" in titles["aftermath"]
    assert "Executions" in titles["executions"]
    assert all(s.phase is not None for s in panes["phases"] if s.level == 3)


def test_the_battle_has_three_phases_with_dates_and_names(conn: sqlite3.Connection) -> None:
    numbers = [n for n, _ in phase_titles(conn)]
    assert numbers == [1, 2, 3]
    for number in numbers:
        item = phase(conn, number)
        assert item is not None and item.paragraphs
        assert item.first is not None and item.first <= (item.last or item.first)
        assert item.involved, f"phase {number} names no unit or place"
    assert phase(conn, 99) is None


def test_claim_offsets_point_at_their_words(conn: sqlite3.Connection) -> None:
    """Figures, mentions and cues are re-based on the claim: its text at the span is the raw text."""
    claims = load_claims(conn, all_claim_ids(conn))
    assert len(claims) == conn.execute("select count(*) from claims").fetchone()[0]
    assert [c.ordinal for c in claims] == sorted(c.ordinal for c in claims)
    for claim in claims:
        for figure in claim.figures:
            assert claim.text[figure.start : figure.end] == figure.raw
            assert set(figure.voice) <= {a.id for a in claim.attributions}
        for mention in claim.mentions:
            assert claim.text[mention.start : mention.end] == mention.text
        for a in claim.attributions:
            if a.cue is not None and a.cue_start is not None and a.cue_end is not None:
                assert 0 <= a.cue_start <= a.cue_end <= len(claim.text)


def test_load_claims_of_nothing_is_empty(conn: sqlite3.Connection) -> None:
    assert load_claims(conn, []) == []
    assert load_claims(conn, [10**9]) == []
    assert claim_detail(conn, 10**9) is None


def test_a_claim_comes_with_its_paragraph_and_every_competing_estimate(conn: sqlite3.Connection) -> None:
    row = conn.execute(
        "select f.claim_id, f.quantity_key from figures f join claims c on c.id = f.claim_id "
        "where c.kind = 'sentence' and f.quantity_key is not null "
        "and (select count(*) from figures g where g.quantity_key = f.quantity_key) > 2 limit 1"
    ).fetchone()
    assert row is not None, "the article has a disputed quantity"
    detail = claim_detail(conn, row[0])
    assert detail is not None
    assert detail.claim.id in [c.id for c in detail.paragraph]
    assert detail.section.id == detail.claim.section_id
    competing = {q.key: q for q in detail.competing}
    expected = {r[0] for r in conn.execute("select id from figures where quantity_key = ?", (row[1],))}
    assert {e.figure.id for e in competing[row[1]].estimates} == expected


def test_infobox_figures_say_which_body_figures_back_them(conn: sqlite3.Connection) -> None:
    links = conn.execute("select figure_id, supporting_figure_id from figure_support").fetchall()
    assert links
    figure_id, backing_id = links[0]
    claim_id = conn.execute("select claim_id from figures where id = ?", (figure_id,)).fetchone()[0]
    detail = claim_detail(conn, claim_id)
    assert detail is not None
    assert backing_id in [e.figure.id for e in detail.supports[figure_id]]


def test_estimates_are_grouped_by_quantity_and_ordered_by_value(conn: sqlite3.Connection) -> None:
    keys = [r[0] for r in conn.execute("select key from quantities")]
    quantities = estimates(conn, keys)
    assert quantities
    for quantity in quantities:
        assert all(e.figure.quantity_key == quantity.key for e in quantity.estimates)
        values = [e.figure.best if e.figure.best is not None else e.figure.low for e in quantity.estimates]
        known = [v for v in values if v is not None]
        assert known == sorted(known)
    panes = {q.key: pane_of_quantity(q) for q in quantities}
    assert {q.key for q in quantities_for(conn, "aftermath")} == {
        k for k, p in panes.items() if p == "aftermath"
    }
    assert "mali_soldiers_killed" in {k for k, p in panes.items() if p == "aftermath"}


def test_forces_put_each_side_in_one_column_and_civilians_in_none(conn: sqlite3.Connection) -> None:
    columns = side_columns(conn)
    sides = [s for c in columns.values() for s in c]
    assert len(sides) == len(set(sides))
    assert "civilians" not in sides
    assert any("mali" in c for c in columns.values()) and any("islamists" in c for c in columns.values())
    assert not any("mali" in c and "islamists" in c for c in columns.values())
    columns_built, _ = forces(conn)
    for side in columns_built:
        seen = [n.entity.id for n in side.order_of_battle]
        assert len(seen) == len(set(seen)), "each unit once in the order of battle"
        for before, after in zip(side.order_of_battle, side.order_of_battle[1:], strict=False):
            assert after.depth <= before.depth + 1, "a unit is never deeper than one below the one above it"
        assert all(e.side in side.sides for e in side.equipment)
        assert all(q.side in side.sides for q in side.strengths)


def test_overview_counts_match_the_tables(conn: sqlite3.Connection) -> None:
    data = overview(conn)
    assert data.title == "Battle of Konna"
    assert data.stats.figures == conn.execute("select count(*) from figures").fetchone()[0]
    assert data.stats.infobox_supported <= data.stats.infobox_figures
    assert [row.key for row in data.infobox][:2] == ["Conflict", "Partof"]
    for row in data.infobox:
        assert row.claim.text[row.value_start :] == row.value
        for start, end in row.markup:
            assert row.claim.text[start:end] == "25px"
    assert data.lead and all(c.kind == "sentence" for p in data.lead for c in p)


def test_entity_views_hold_every_sentence_that_names_them(conn: sqlite3.Connection) -> None:
    for entity in entities(conn):
        detail = entity_detail(conn, entity.id)
        assert detail is not None
        assert all(any(m.entity_id == entity.id for m in c.mentions) for c in detail.claims)
        expected = conn.execute(
            "select count(distinct claim_id) from mentions where entity_id = ?", (entity.id,)
        ).fetchone()[0]
        assert len(detail.claims) == expected
    assert entity_detail(conn, 10**9) is None
    assert most_named(conn, ("person",)) is not None


def test_source_views_list_the_figures_each_source_speaks_for(conn: sqlite3.Connection) -> None:
    for source in sources(conn):
        detail = source_detail(conn, source.id)
        assert detail is not None and detail.source.type != "article"
        for estimate in detail.estimates:
            assert any(source.id in (a.source.id, a.via.id if a.via else None) for a in estimate.attributions)
    assert source_detail(conn, 10**9) is None
    quoted = most_quoted(conn)
    assert quoted is not None and source_detail(conn, quoted.id).estimates


def test_queries_hold_on_uncurated_articles(other_articles_db: Path) -> None:
    """Other battles of the same format: every pane and view query answers, nothing assumes Konna."""
    conn = open_readonly(other_articles_db)
    panes = pane_sections(conn)
    assert sum(len(s) for s in panes.values()) == conn.execute("select count(*) from sections").fetchone()[0]
    assert overview(conn).infobox
    for pane in PANES:
        paragraphs(conn, panes[pane])
        quantities_for(conn, pane)
    forces(conn)
    for number, _ in phase_titles(conn):
        assert phase(conn, number) is not None
    for (claim_id,) in conn.execute("select id from claims"):
        assert claim_detail(conn, claim_id) is not None
    for entity in entities(conn):
        assert entity_detail(conn, entity.id) is not None
    for source in sources(conn):
        assert source_detail(conn, source.id) is not None
