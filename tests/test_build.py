"""Whole-database invariants: what every pane and every user relies on."""

from __future__ import annotations

import cProfile
import gc
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from konna_tui.build import ARTICLE_INSERTS, article_rows, build_database
from konna_tui.ingest.article import ArticleError
from konna_tui.ingest.curation import CurationError
from konna_tui.ingest.pipeline import PARALLEL_MIN_BYTES, read_article, worker_count
from konna_tui.inputs import bundled_articles, curated_beside, curation_files, data_dir
from konna_tui.schema import SCHEMA_VERSION, TABLES

SHARED = Path(__file__).resolve().parents[2] / "shared" / "articles"
UNCURATED = ["battle_of_diabaly.txt", "battle_of_ifoghas.txt", "second_battle_of_gao.txt"]


def rows(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def konna_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("build") / "konna.db"
    build_database(bundled_articles(), db)
    return db


def uncurated_copies(folder: Path) -> list[Path]:
    """The short articles nobody curated, copied away from any curated file."""
    paths = []
    for name in UNCURATED:
        src = SHARED / name
        if not src.exists():
            src = Path(__file__).parent / "fixtures" / name
        paths.append(Path(shutil.copy(src, folder / name)))
    return paths


def all_rows(db: Path) -> dict[str, list[tuple]]:
    return {table: rows(db, f"select * from [{table}] order by 1") for table in TABLES}


@pytest.fixture(scope="module")
def uncurated_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("uncurated")
    paths = uncurated_copies(folder)
    db = folder / "other.db"
    build_database(paths, db)
    return db


def test_bundled_article_is_the_shared_one():
    shared = SHARED / "battle_of_konna.txt"
    if not shared.exists():
        pytest.skip("../shared/articles is not beside this checkout")
    assert (data_dir() / "battle_of_konna.txt").read_bytes() == shared.read_bytes()


def test_every_table_is_created_with_its_documented_columns(konna_db):
    conn = sqlite3.connect(konna_db)
    for table, (_, columns) in TABLES.items():
        have = [r[1] for r in conn.execute(f"pragma table_info([{table}])")]
        assert have == list(columns), table
    version = conn.execute("select value from meta where key='schema_version'").fetchone()[0]
    assert int(version) == SCHEMA_VERSION
    conn.close()


def test_metadata_credits_the_article(konna_db):
    meta = dict(rows(konna_db, "select key, value from meta"))
    assert meta["source_url"] == "https://en.wikipedia.org/wiki/Battle_of_Konna"
    assert meta["licence"] == "CC BY-SA 4.0"
    assert meta["title"] == "Battle of Konna"


def test_every_span_points_at_its_text(konna_db):
    """The span invariant, through the database: document text at a span equals its raw text."""
    text = rows(konna_db, "select text from documents")[0][0]
    for table, raw in [
        ("figures", "raw"),
        ("non_quantities", "raw"),
        ("claims", "text"),
        ("mentions", "text"),
    ]:
        spans = rows(konna_db, f"select start, end, {raw} from {table}")
        for start, end, value in spans:
            assert text[start:end] == value, (table, start, end, value)
    for start, end, raw in rows(konna_db, "select raw_start, raw_end, raw from events"):
        assert text[start:end] == raw
    for start, end, cue in rows(
        konna_db, "select cue_start, cue_end, cue from attributions where cue_start is not null"
    ):
        assert text[start:end] == cue


def test_figures_sit_inside_their_claims(konna_db):
    bad = rows(
        konna_db,
        """
        select f.raw, c.text from figures f join claims c on c.id = f.claim_id
        where f.start < c.start or f.end > c.end""",
    )
    assert bad == []


def test_every_claim_with_a_figure_says_who_says_it(konna_db):
    orphans = rows(
        konna_db,
        """
        select c.text from claims c
        where exists (select 1 from figures f where f.claim_id = c.id)
          and not exists (select 1 from attributions a where a.claim_id = c.id)""",
    )
    assert orphans == []


def test_the_malian_soldiers_killed_estimates_keep_their_sources(konna_db):
    found = rows(
        konna_db,
        """
        select f.best, c.text, group_concat(s.name, ' | ')
        from figures f join claims c on c.id = f.claim_id
        left join attributions a on a.claim_id = c.id
        left join sources s on s.id = a.source_id
        where f.quantity_key = 'mali_soldiers_killed' and c.kind = 'sentence'
        group by f.id""",
    )
    by_value: dict[float, list[tuple[str, str]]] = {}
    for best, claim, sources in found:
        by_value.setdefault(best, []).append((claim, sources or ""))
    for value in (11, 20, 25, 36, 47, 58, 60):
        assert value in by_value, f"no Malian-soldiers-killed figure of {value}"

    def said(value: float, sentence: str, source: str) -> bool:
        return any(sentence in claim and source.lower() in srcs.lower() for claim, srcs in by_value[value])

    assert said(11, "initial assessment", "Malian army")
    assert said(20, "Didier Dacko told him", "Dacko")
    assert said(25, "Around 25 Malian soldiers", "article")
    assert said(25, "Ansar Dine claimed to have killed 25", "Ansar Dine")
    assert said(36, "buried in Sama", "resident")
    assert said(47, "Mohammed", "Mohammed")
    assert said(58, "According to a military source", "military source")
    assert said(60, "estimated that 60 Malian soldiers", "Ansar Dine")


def test_infobox_figures_are_linked_to_the_body(konna_db):
    supported = rows(
        konna_db,
        """
        select f.raw, c.text from figure_support s
        join figures f on f.id = s.figure_id
        join figures b on b.id = s.supporting_figure_id
        join claims c on c.id = b.claim_id""",
    )
    pairs = {(raw, claim) for raw, claim in supported}
    assert any(raw == "58" and "According to a military source" in claim for raw, claim in pairs)
    # Raw keeps the words as written ("Estimated 1,200"): the figure is the number inside.
    assert any("1,200" in raw and "RFI and Al Jazeera" in claim for raw, claim in pairs)
    statuses = rows(
        konna_db,
        """
        select f.support from figures f join claims c on c.id = f.claim_id
        where c.kind = 'infobox' and f.quantity_key is not null""",
    )
    assert statuses and all(s in ("supported", "unsupported") for (s,) in statuses)
    assert ("unsupported",) in statuses


def test_values_the_text_does_not_give_are_null(konna_db):
    """Missing values are bound as NaN for speed: each must still read back as NULL, never as a number."""
    for table, (_, columns) in TABLES.items():
        for col in columns:
            assert rows(
                konna_db,
                f"select count(*) from [{table}] where typeof([{col}]) = 'real' and [{col}] != [{col}]",
            ) == [(0,)]
    assert rows(
        konna_db, "select count(*) from claims where kind = 'infobox' and paragraph_id is not null"
    ) == [(0,)]
    assert rows(konna_db, "select count(*) from figures where high is null")[0][0] > 0
    assert rows(konna_db, "select count(*) from attributions where via_source_id is null")[0][0] > 0
    assert rows(konna_db, "select count(*) from sections where parent_id is null and phase is null")[0][0] > 0


def test_building_twice_gives_the_same_rows(konna_db, tmp_path):
    again = tmp_path / "again.db"
    build_database(bundled_articles(), again)
    assert all_rows(again) == all_rows(konna_db)


def test_a_failed_build_leaves_the_previous_database(konna_db, tmp_path):
    target = tmp_path / "keep.db"
    shutil.copy(konna_db, target)
    before = target.read_bytes()
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"\x00\x01binary")
    from konna_tui.ingest.article import ArticleError

    with pytest.raises(ArticleError):
        build_database([broken], target)
    assert target.read_bytes() == before
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]


def test_uncurated_articles_are_populated(uncurated_db):
    counts = dict(
        rows(
            uncurated_db,
            """
        select 'claims', count(*) from claims union all
        select 'figures', count(*) from figures union all
        select 'attributions', count(*) from attributions union all
        select 'entities', count(*) from entities union all
        select 'infobox_fields', count(*) from infobox_fields union all
        select 'events', count(*) from events""",
        )
    )
    for table, n in counts.items():
        assert n > 0, f"no {table} from uncurated articles"
    per_doc = rows(
        uncurated_db,
        """
        select d.slug, count(distinct f.id), count(distinct a.id) from documents d
        left join claims c on c.document_id = d.id
        left join figures f on f.claim_id = c.id
        left join attributions a on a.claim_id = c.id group by d.id""",
    )
    assert len(per_doc) == 3
    for slug, figures, attributions in per_doc:
        assert figures > 0 and attributions > 0, slug
    hits = rows(uncurated_db, "select count(*) from claims_fts where claims_fts match 'mali'")
    assert hits[0][0] > 0


def test_each_figure_is_given_the_voice_of_its_own_clause(konna_db):
    """Two speakers in one sentence: each number goes to the one who gave it."""
    speaker = dict(
        rows(
            konna_db,
            """
        select f.raw || ' ' || c.ordinal, group_concat(s.name, ' | ')
        from figures f join claims c on c.id = f.claim_id
        join figure_attributions fa on fa.figure_id = f.id
        join attributions a on a.id = fa.attribution_id
        join sources s on s.id = a.source_id
        where c.text like '%only four bodies were found%'
           or c.text like '%regional security source%'
        group by f.id""",
        )
    )
    by_raw = {
        key.split(" ")[0] if not key.startswith("at least") else "at least 46": who
        for key, who in speaker.items()
    }
    assert "French soldiers" in by_raw["four"]
    assert "captain" in by_raw["six"] and "French" not in by_raw["six"]
    assert "security source" in by_raw["at least 46"]
    assert "Resident" in by_raw["dozens"] and "security" not in by_raw["dozens"]
    unlinked = rows(
        konna_db, "select count(*) from figures where id not in (select figure_id from figure_attributions)"
    )
    assert unlinked == [(0,)]


def test_a_killed_builds_leftover_is_removed_by_the_next_build(konna_db, tmp_path):
    """kill -9 cannot clean up; the next build removes files of builds whose process is gone."""
    target = tmp_path / "konna.db"
    dead = tmp_path / ".konna.db.999999999.abc.tmp"  # no such process id
    dead.write_bytes(b"half a database")
    alive = tmp_path / f".konna.db.{os.getpid()}.xyz.tmp"  # a live build's file stays
    alive.write_bytes(b"in progress")
    build_database(bundled_articles(), target)
    assert not dead.exists()
    assert alive.exists()
    assert rows(target, "select count(*) from claims")[0][0] > 0


# --- several articles, extracted in worker processes --------------------------------------------


def test_articles_extracted_in_workers_give_the_same_rows_and_ids(tmp_path):
    paths = bundled_articles() + uncurated_copies(tmp_path)
    build_database(paths, tmp_path / "one.db", jobs=1)
    build_database(paths, tmp_path / "two.db", jobs=2)
    assert all_rows(tmp_path / "two.db") == all_rows(tmp_path / "one.db")


def test_every_reference_of_a_several_article_build_points_at_its_own_row(tmp_path):
    """Each article's ids follow those before it: no link points past them, or into another article."""
    paths = bundled_articles() + uncurated_copies(tmp_path)
    db = tmp_path / "refs.db"
    build_database(paths, db, jobs=2)
    assert rows(db, "pragma foreign_key_check") == []
    for table, (_, columns) in TABLES.items():
        if "id" in columns:
            count, low, high = rows(db, f"select count(*), min(id), max(id) from [{table}]")[0]
            assert (low, high) == (1, count), table
    text_at = "substr(d.text, {0}.start + 1, {0}.[end] - {0}.start)"
    misplaced = {
        "claims": f"join documents d on d.id = x.document_id join sections s on s.id = x.section_id "
        f"where s.document_id != d.id or {text_at.format('x')} != x.text",
        "figures": f"join documents d on d.id = x.document_id join claims c on c.id = x.claim_id "
        f"where c.document_id != d.id or {text_at.format('x')} != x.raw",
        "mentions": f"join claims c on c.id = x.claim_id join documents d on d.id = c.document_id "
        f"where {text_at.format('x')} != x.text or x.start < c.start or x.[end] > c.[end]",
        "events": "join claims c on c.id = x.claim_id where c.section_id != x.section_id "
        "or c.document_id != x.document_id",
        "paragraphs": "join sections s on s.id = x.section_id where s.document_id != x.document_id",
    }
    for table, where in misplaced.items():
        assert rows(db, f"select count(*) from [{table}] x {where}") == [(0,)], table


def test_each_record_a_worker_sends_fills_one_row_of_its_tables_columns():
    """Rows travel as flat values: a record one value short would shift every row after it."""
    article, ex = read_article(bundled_articles()[0])
    sent = article_rows(article, ex).tables
    records = {
        "documents": [article],
        "sections": article.sections,
        "paragraphs": article.paragraphs,
        "claims": article.claims,
        "infobox_fields": article.infobox,
        "figures": ex.figures,
        "figure_support": ex.supports,
        "non_quantities": ex.non_quantities,
        "mentions": ex.mentions,
        "roles": ex.roles,
        "attributions": ex.attributions,
        "figure_attributions": ex.figure_attributions,
        "events": ex.events,
    }
    assert set(sent) == set(records) == set(ARTICLE_INSERTS)
    for table, values in sent.items():
        columns = [c for c in TABLES[table][1] if c not in ("id", "document_id")]
        assert ARTICLE_INSERTS[table].width == len(columns), table
        assert len(values) == len(records[table]) * len(columns) > 0, table


def test_an_articles_records_are_freed_without_the_collector(tmp_path):
    """Once its rows are made, nothing of an article is left in a reference cycle: a worker then frees
    each article as it goes, instead of its collector walking them all (up to 8 µs a claim)."""
    paths = [bundled_articles()[0], *uncurated_copies(tmp_path)]
    curated = curated_beside(paths)
    article_rows(*read_article(paths[0], curated[paths[0]]))  # modules' first-use caches filled
    gc.collect()
    gc.disable()
    try:
        for path in paths:
            article_rows(*read_article(path, curated[path]))
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_progress_advances_article_by_article_with_workers(tmp_path):
    paths = uncurated_copies(tmp_path)
    seen: list[tuple[str, int, int]] = []
    build_database(paths, tmp_path / "p.db", progress=lambda *call: seen.append(call), jobs=2)
    assert seen == [(p.name, n, 3) for n, p in enumerate(paths, start=1)]


def test_a_broken_article_read_by_a_worker_stops_the_build_as_it_would_alone(tmp_path):
    good = uncurated_copies(tmp_path)
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"= Title =\n\nSome text.\x00\x01binary")
    target = tmp_path / "keep.db"
    build_database(good, target)
    before = target.read_bytes()
    errors = []
    for jobs in (1, 2):
        with pytest.raises(ArticleError) as caught:
            build_database([good[0], broken, good[1]], target, jobs=jobs)
        errors.append((str(caught.value), caught.value.path, caught.value.line))
    assert errors[0] == errors[1]
    assert str(broken) in errors[1][0] and errors[1][2] == 3
    assert target.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp"))


def test_a_drifted_curated_row_read_by_a_worker_names_file_and_line(tmp_path):
    paths = uncurated_copies(tmp_path)
    curated = tmp_path / f"{paths[1].stem}.entities.csv"
    curated.write_text("# a comment line\nslug,name,type,text\nnobody,Nobody,person,Words no article holds\n")
    errors = []
    for jobs in (1, 2):
        with pytest.raises(CurationError) as caught:
            build_database(paths, tmp_path / "c.db", jobs=jobs)
        errors.append((str(caught.value), caught.value.path, caught.value.line))
    assert errors[0] == errors[1]
    assert errors[1][1:] == (curated, 3) and "Words no article holds" in errors[1][0]


def test_one_article_or_a_little_text_stays_in_this_process(tmp_path):
    """Starting workers costs more than a short build: only several articles with text enough."""
    small = uncurated_copies(tmp_path)
    assert worker_count(bundled_articles()) == 1
    assert worker_count(bundled_articles(), jobs=4) == 1
    assert worker_count(small) == 1
    big = []
    for n in range(3):
        path = tmp_path / f"big_{n}.txt"
        path.write_bytes(b"x" * (PARALLEL_MIN_BYTES // 2))
        big.append(path)
    assert worker_count(big, jobs=1) == 1
    assert worker_count(big, jobs=2) == 2
    assert worker_count(big) == min(3, len(os.sched_getaffinity(0)))
    with cProfile.Profile():  # a profile of a build must see its extraction: it stays here
        assert worker_count(big) == 1
        assert worker_count(big, jobs=2) == 2


def test_curated_files_are_those_named_after_their_own_article(tmp_path):
    names = [
        "konna.txt",
        "konna.entities.csv",
        "konna.sources.csv",
        "konna.csv",  # no kind: not a curated file
        "konna_2.txt",
        "konna_2.entities.csv",  # another article's
        "[x].txt",
        "[x].roles.csv",  # a name glob would read as a pattern
        "notes.entities.csv",
    ]
    for name in names:
        (tmp_path / name).write_text("text\n")
    articles = [tmp_path / "konna.txt", tmp_path / "konna_2.txt", tmp_path / "[x].txt"]
    found = curated_beside(articles)
    assert found[articles[0]] == [tmp_path / "konna.entities.csv", tmp_path / "konna.sources.csv"]
    assert found[articles[1]] == [tmp_path / "konna_2.entities.csv"]
    assert found[articles[2]] == [tmp_path / "[x].roles.csv"]
    assert all(curation_files(a) == found[a] for a in articles)


def test_values_a_record_lacks_are_stored_as_null(konna_db):
    """Datasette and the queries tell 'not stated' by NULL: never an empty or 'None' text."""
    kinds = dict(rows(konna_db, "select typeof(via_source_id), count(*) from attributions group by 1"))
    assert kinds.get("null", 0) > 0 and set(kinds) <= {"null", "integer"}
    for table, column in [("figures", "side"), ("figures", "note"), ("sources", "side"), ("events", "phase")]:
        kinds = dict(rows(konna_db, f"select typeof({column}), count(*) from {table} group by 1"))
        assert kinds.get("null", 0) > 0, (table, column)
        assert rows(konna_db, f"select count(*) from {table} where {column} in ('None', '')") == [(0,)]
