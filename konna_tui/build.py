"""Build the database from articles: parse, extract, curate, then write atomically.

The only module that imports sqlite-utils. It writes to a temporary file beside
the target and renames it into place, so a failed or killed build leaves the
previous database untouched. Each article's rows are written as soon as it is
extracted: with worker processes, while they extract the next ones.
"""

from __future__ import annotations

import gc
import json
import os
import secrets
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from konna_tui import __version__
from konna_tui.ingest.article import Article, field_label
from konna_tui.ingest.pipeline import Extracted, extracted, worker_count
from konna_tui.ingest.records import Extraction
from konna_tui.inputs import inputs_hash
from konna_tui.schema import (
    DERIVED_TABLES,
    FOREIGN_KEYS,
    FTS_TABLES,
    FTS_TOKENIZE,
    SCHEMA_VERSION,
    TABLES,
    column_type,
)
from konna_tui.text import fold

LICENCE = "CC BY-SA 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by-sa/4.0/"
WIKIPEDIA = "https://en.wikipedia.org/wiki/"

# The temporary file is thrown away if anything fails, so no journal and no fsync; a page
# cache of up to 64 MB keeps the tables and the index sorts in memory until the commit.
WRITE_PRAGMAS = ("journal_mode = off", "synchronous = off", "cache_size = -65536")


@dataclass
class BuildReport:
    db_path: Path
    documents: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)


def source_url(title: str) -> str:
    return WIKIPEDIA + title.strip().replace(" ", "_")


def build_database(
    articles: Iterable[str | Path],
    db_path: str | Path,
    progress: Callable[[str, int, int], None] | None = None,
    jobs: int | None = None,
) -> BuildReport:
    """Parse and extract every article, and write ``db_path`` in one atomic step.

    Raises ``ArticleError`` or ``CurationError`` (one-line messages naming file
    and line), ``OSError`` when the target cannot be written: the previous
    database is then untouched. ``progress(name, done, total)`` is called after
    each article. Several articles are extracted in worker processes when that
    pays (``jobs``: see ``pipeline.worker_count``; 1 keeps everything in this process).
    """
    paths = [Path(p) for p in articles]
    if not paths:
        raise ValueError("no articles to build")
    workers = worker_count(paths, jobs)
    # What is loaded now (modules, compiled patterns) stays: the collector's full passes
    # need not scan it again and again (they were a sixth of a build's time).
    gc.freeze()
    try:
        with extracted(paths, workers) as results:
            return _write_atomically(Path(db_path), paths, _announced(paths, results, progress))
    finally:
        gc.unfreeze()


def _announced(
    paths: list[Path], results: Iterator[Extracted], progress: Callable[[str, int, int], None] | None
) -> Iterator[Extracted]:
    """The results, calling ``progress`` once each is written (when the next one is asked for)."""
    for n, (path, result) in enumerate(zip(paths, results, strict=True), start=1):
        yield result
        if progress:
            progress(path.name, n, len(paths))


def _write_atomically(db_path: Path, paths: list[Path], results: Iterable[Extracted]) -> BuildReport:
    """Write a temporary file beside ``db_path``, renamed into place once complete."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_dead_builds(db_path)
    # Named before it exists, so that a Ctrl+C at any instant finds it in the finally below.
    tmp = db_path.parent / f".{db_path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
    try:
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        report = _write(tmp, paths, results)
        report.db_path = db_path
        os.replace(tmp, db_path)
    finally:
        tmp.unlink(missing_ok=True)
    return report


def _remove_dead_builds(db_path: Path) -> None:
    """Delete temporary files left beside ``db_path`` by builds that were killed (kill -9).

    Their names carry the builder's process id; a file whose process is gone
    is a leftover, while a live build's file is left alone.
    """
    for leftover in db_path.parent.glob(f".{db_path.name}.*.tmp"):
        pid_text = leftover.name[len(db_path.name) + 2 :].split(".", 1)[0]
        if not pid_text.isdigit():
            continue
        try:
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            leftover.unlink(missing_ok=True)
        except OSError:
            continue


def _write(tmp: Path, paths: list[Path], results: Iterable[Extracted]) -> BuildReport:
    """Create the tables, write each article's rows as it comes, then index everything."""
    conn, db = _create_tables(tmp)
    try:
        with _nulls_bound_directly():
            report = _write_articles(conn, tmp, results)
        _index(conn, db)
        meta = _meta(report.titles, inputs_hash(paths))
        db["meta"].insert_all([{"key": k, "value": v} for k, v in meta.items()])
        conn.commit()
        # Tables are written once and nothing is deleted: a fresh file has no free pages,
        # and VACUUM would only copy all of it again (a tenth of the write's time).
        if conn.execute("pragma freelist_count").fetchone()[0]:
            conn.execute("vacuum")
    finally:
        conn.close()
    return report


def _write_articles(conn: sqlite3.Connection, tmp: Path, results: Iterable[Extracted]) -> BuildReport:
    """Every article's rows, written as each comes."""
    ids = _Numbering()
    report = BuildReport(tmp)
    for article, ex in results:
        for table, rows in ids.rows(article, ex).items():
            _insert(conn, table, rows)
        report.titles.append(article.title)
        report.warnings += ex.warnings
    report.documents = len(report.titles)
    report.counts = dict(ids.written)
    return report


@contextmanager
def _nulls_bound_directly() -> Iterator[None]:
    """Bind None through an adapter of its own while the rows go in.

    For a value that is not an int, float, str or bytes, sqlite3 looks for an
    adapter and then for ``__conform__`` before binding it: for None, a sixth of
    the insert time (10k claims have 78k NULLs). An adapter found at once returns
    None, which binds as NULL as before. The previous adapter, if any, comes back.
    """
    key = (type(None), sqlite3.PrepareProtocol)
    previous = sqlite3.adapters.get(key)
    sqlite3.register_adapter(type(None), _null)
    try:
        yield
    finally:
        if previous is None:
            del sqlite3.adapters[key]
        else:
            sqlite3.adapters[key] = previous


def _null(value: None) -> None:
    return value


def _create_tables(tmp: Path) -> tuple[sqlite3.Connection, Any]:
    """Open ``tmp`` and create every table with sqlite-utils (types, keys, foreign keys)."""
    sqlite_utils = _import_sqlite_utils()
    conn = sqlite3.connect(tmp)
    for pragma in WRITE_PRAGMAS:
        conn.execute(f"pragma {pragma}")
    db = sqlite_utils.Database(conn)
    for table in _creation_order():
        if table in DERIVED_TABLES:
            continue
        columns = TABLES[table][1]
        pk = "key" if table in ("meta", "quantities") else "id"
        fks = [(col, other, other_col) for (t, col), (other, other_col) in FOREIGN_KEYS.items() if t == table]
        db[table].create(
            {col: column_type(col) if col not in ("key",) else str for col in columns},
            pk=pk,
            not_null={pk},
            foreign_keys=fks,
        )
    return conn, db


def _index(conn: sqlite3.Connection, db: Any) -> None:
    """Indexes, full-text tables and the claims vocabulary: made once all rows are in, faster than per row."""
    for table, col in FOREIGN_KEYS:
        db[table].create_index([col], if_not_exists=True)
    db["aliases"].create_index(["folded"], if_not_exists=True)
    db["figures"].create_index(["quantity_key", "best"], if_not_exists=True)
    for table, cols in FTS_TABLES.items():
        db[table].enable_fts(cols, tokenize=FTS_TOKENIZE, create_triggers=False, replace=True)
    # The FTS vocabulary as a plain table: prefix completion reads a few rows of it
    # instead of merging every matching word's list in the index.
    conn.execute("create table claims_terms (term text primary key, docs integer) without rowid")
    conn.execute("create virtual table temp.claims_vocab using fts5vocab(main, claims_fts, row)")
    conn.execute("insert into claims_terms select term, doc from temp.claims_vocab")
    conn.execute("drop table temp.claims_vocab")


def _meta(titles: list[str], digest: str) -> dict[str, str]:
    first = titles[0]
    return {
        "schema_version": str(SCHEMA_VERSION),
        "inputs_hash": digest,
        "generator": f"konna-tui {__version__}",
        "title": first if len(titles) == 1 else f"{first} and {len(titles) - 1} more",
        "source_url": source_url(first),
        "sources": json.dumps([source_url(t) for t in titles]),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": "Text of the English Wikipedia articles named in documents, by "
        "Wikipedia's contributors, under CC BY-SA 4.0.",
        "tables": json.dumps({t: desc for t, (desc, _) in TABLES.items()}),
    }


def _insert(conn: sqlite3.Connection, table: str, records: list[tuple[Any, ...]]) -> None:
    """Insert plain rows (tuples in the column order of ``schema.TABLES``) in one executemany.

    sqlite-utils made the table (types, keys, foreign keys); its insert_all
    inspects every value for JSON conversion, which was 80% of the write time
    for values that are already plain ints, floats and strings.
    """
    if not records:
        return
    columns = TABLES[table][1]
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    conn.executemany(f"insert into [{table}] ({names}) values ({marks})", records)


def _import_sqlite_utils() -> Any:
    """Import sqlite-utils (build path only: it stays out of the app's startup).

    sqlite-utils imports numpy and pandas when they are installed (0.4 s here)
    only to map their scalar types; the build writes plain Python values, so
    they are kept out for the duration of that import unless already loaded.
    """
    blocked = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import sqlite_utils
    finally:
        for name in blocked:
            del sys.modules[name]
    return sqlite_utils


def _creation_order() -> list[str]:
    """Tables in an order where every foreign key points at a table already created."""
    done: list[str] = []
    pending = list(TABLES)
    while pending:
        for table in pending:
            needs = {o for (t, _), (o, _) in FOREIGN_KEYS.items() if t == table and o != table}
            if needs <= set(done):
                done.append(table)
                pending.remove(table)
                break
        else:
            raise RuntimeError(f"foreign-key cycle among {pending}")
    return done


class _Numbering:
    """Ids across all documents, given article by article in a deterministic order.

    Rows are tuples in the column order of ``schema.TABLES`` (what ``_insert``
    names), built straight from the records. Each article's rows number on from
    those written before; entities and sources are shared by slug across articles.
    """

    def __init__(self) -> None:
        self.written = {t: 0 for t in TABLES}
        self.entity_ids: dict[str, int] = {}
        self.source_ids: dict[str, int] = {}
        self.quantity_keys: set[str] = set()
        self.alias_seen: set[tuple[int, str]] = set()

    def rows(self, article: Article, ex: Extraction) -> dict[str, list[tuple[Any, ...]]]:
        """One article's rows by table, with their ids."""
        out: dict[str, list[tuple[Any, ...]]] = {t: [] for t in TABLES}

        def next_id(table: str) -> int:
            return self.written[table] + len(out[table]) + 1

        doc_id = next_id("documents")
        entity_ids, source_ids = self.entity_ids, self.source_ids
        quantity_keys, alias_seen = self.quantity_keys, self.alias_seen
        out["documents"].append(
            (
                doc_id,
                article.slug,
                article.title,
                article.path.name,
                source_url(article.title),
                LICENCE,
                article.text,
                article.sha256,
            )
        )
        sec_ids = _ids(next_id("sections"), [s.index for s in article.sections])
        para_ids = _ids(next_id("paragraphs"), [p.index for p in article.paragraphs])
        claim_ids = _ids(next_id("claims"), [c.index for c in article.claims])
        out["sections"] += [
            (
                sec_ids[s.index],
                doc_id,
                sec_ids.get(s.parent) if s.parent is not None else None,
                s.level,
                s.index,
                s.title,
                s.anchor,
                s.start,
                s.end,
                s.phase,
            )
            for s in article.sections
        ]
        out["paragraphs"] += [
            (para_ids[p.index], doc_id, sec_ids[p.section], p.index, p.start, p.end)
            for p in article.paragraphs
        ]
        out["claims"] += [
            (
                claim_ids[c.index],
                doc_id,
                sec_ids[c.section],
                para_ids.get(c.paragraph) if c.paragraph is not None else None,
                c.index,
                c.kind,
                c.start,
                c.end,
                c.text,
            )
            for c in article.claims
        ]
        first = next_id("infobox_fields")
        out["infobox_fields"] += [
            (
                first + k,
                doc_id,
                f.index,
                f.key,
                field_label(f.key),
                f.value,
                claim_ids[f.claim],
                f.start,
                f.end,
            )
            for k, f in enumerate(article.infobox)
        ]
        for q in ex.quantities:
            if q.key not in quantity_keys:
                quantity_keys.add(q.key)
                out["quantities"].append((q.key, q.label, q.side, q.unit, q.outcome, q.ordinal))
        fig_base = next_id("figures")
        out["figures"] += [
            (
                fig_base + k,
                doc_id,
                claim_ids[f.claim],
                f.start,
                f.end,
                f.raw,
                f.low,
                f.best,
                f.high,
                f.qualifier,
                f.unit,
                f.side,
                f.outcome,
                f.quantity_key,
                f.support,
                f.method,
                f.note,
            )
            for k, f in enumerate(ex.figures)
        ]
        first = next_id("figure_support")
        out["figure_support"] += [
            (
                first + k,
                fig_base + sup.figure,
                fig_base + sup.supporting_figure,
                claim_ids[ex.figures[sup.supporting_figure].claim],
            )
            for k, sup in enumerate(ex.supports)
        ]
        first = next_id("non_quantities")
        out["non_quantities"] += [
            (
                first + k,
                doc_id,
                claim_ids.get(nq.claim) if nq.claim is not None else None,
                nq.start,
                nq.end,
                nq.raw,
                nq.category,
                nq.note,
            )
            for k, nq in enumerate(ex.non_quantities)
        ]
        for ent in ex.entities:
            if ent.slug not in entity_ids:
                entity_ids[ent.slug] = len(entity_ids) + 1
                out["entities"].append(
                    (entity_ids[ent.slug], ent.slug, ent.name, ent.type, ent.side, ent.description)
                )
            eid = entity_ids[ent.slug]
            for alias in [ent.name, *ent.aliases]:
                key = (eid, alias)
                if alias and key not in alias_seen:
                    alias_seen.add(key)
                    out["aliases"].append((next_id("aliases"), eid, alias, fold(alias)))
        first = next_id("mentions")
        out["mentions"] += [
            (first + k, entity_ids[m.entity], claim_ids[m.claim], m.start, m.end, m.text)
            for k, m in enumerate(ex.mentions)
        ]
        first = next_id("roles")
        out["roles"] += [
            (
                first + k,
                entity_ids[r.entity],
                r.role,
                entity_ids.get(r.of_entity) if r.of_entity else None,
                r.of_text,
                claim_ids.get(r.claim) if r.claim is not None else None,
            )
            for k, r in enumerate(ex.roles)
        ]
        for src in ex.sources:
            if src.slug not in source_ids:
                source_ids[src.slug] = len(source_ids) + 1
                out["sources"].append(
                    (
                        source_ids[src.slug],
                        src.slug,
                        src.name,
                        src.type,
                        src.side,
                        entity_ids.get(src.entity) if src.entity else None,
                    )
                )
        att_base = next_id("attributions")
        out["attributions"] += [
            (
                att_base + k,
                claim_ids[a.claim],
                source_ids[a.source],
                source_ids[a.via] if a.via else None,
                a.cue,
                a.cue_start,
                a.cue_end,
                a.method,
                a.said_on,
            )
            for k, a in enumerate(ex.attributions)
        ]
        first = next_id("figure_attributions")
        out["figure_attributions"] += [
            (first + k, fig_base + f_idx, att_base + a_idx)
            for k, (f_idx, a_idx) in enumerate(ex.figure_attributions)
        ]
        phase_of = {s.index: s.phase for s in article.sections}
        first = next_id("events")
        claims = article.claims
        out["events"] += [
            (
                first + k,
                doc_id,
                claim_ids[ev.claim],
                sec_ids[claims[ev.claim].section],
                phase_of.get(claims[ev.claim].section),
                ev.start,
                ev.end,
                ev.precision,
                ev.raw,
                ev.raw_start,
                ev.raw_end,
                ev.label,
            )
            for k, ev in enumerate(ex.events)
        ]
        for table, table_rows in out.items():
            self.written[table] += len(table_rows)
        return out


def _ids(first: int, indices: list[int]) -> dict[int, int]:
    """Ids for an article's records by their index, numbered on from ``first``."""
    return {index: first + k for k, index in enumerate(indices)}
