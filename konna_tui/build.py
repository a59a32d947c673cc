"""Build the database from articles: parse, extract, curate, then write atomically.

The only module that imports sqlite-utils. It writes to a temporary file beside
the target and renames it into place, so a failed or killed build leaves the
previous database untouched. Each article's rows are written as soon as it is
extracted: with worker processes, while they extract the next ones. Workers turn
their records into rows themselves (``article_rows``: plain values, ids counted
within the article), so this process only gives the ids shared by all articles
and inserts; indexes and full-text come once, after the last article.
"""

from __future__ import annotations

import functools
import gc
import json
import math
import os
import secrets
import sqlite3
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

from konna_tui import __version__
from konna_tui.ingest.article import Article, field_label
from konna_tui.ingest.pipeline import extracted, worker_count
from konna_tui.ingest.records import Extraction
from konna_tui.inputs import inputs_hash
from konna_tui.schema import (
    DERIVED_TABLES,
    FOREIGN_KEYS,
    FTS_OPTIONS,
    FTS_TABLES,
    FTS_TOKENIZE,
    INDEXED_KEYS,
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
# Objects allocated (and still alive) between two of the collector's looks for cycles, during a build.
GC_YOUNG_OBJECTS = 50_000
# Words a full-text table gathers before writing a segment: during a build, all of them (see _fts_hash_size).
FTS_BUILD_HASH_BYTES = 1 << 28


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
    # need not scan it again and again (they were a sixth of a build's time). Most objects a
    # build makes die young: looking for cycles among them every GC_YOUNG_OBJECTS allocations
    # instead of every 700 halves the collector's time (workers inherit both settings).
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_YOUNG_OBJECTS, *thresholds[1:])
    try:
        with extracted(paths, article_rows, workers) as results:
            return _write_atomically(Path(db_path), paths, _announced(paths, results, progress))
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _announced(
    paths: list[Path], results: Iterator[ArticleRows], progress: Callable[[str, int, int], None] | None
) -> Iterator[ArticleRows]:
    """The results, calling ``progress`` once each is written (when the next one is asked for)."""
    for n, (path, result) in enumerate(zip(paths, results, strict=True), start=1):
        yield result
        if progress:
            progress(path.name, n, len(paths))


def _write_atomically(db_path: Path, paths: list[Path], results: Iterable[ArticleRows]) -> BuildReport:
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


def _write(tmp: Path, paths: list[Path], results: Iterable[ArticleRows]) -> BuildReport:
    """Create the tables, write each article's rows as it comes, then index everything."""
    conn, db = _create_tables(tmp)
    try:
        # Read now, while the workers read the first articles; a file that cannot be read is
        # reported as its article's error, in its turn, so the hash waits for the end then.
        try:
            digest: str | None = inputs_hash(paths)
        except OSError:
            digest = None
        with _nulls_bound_directly():
            report = _write_articles(conn, tmp, results)
        _index(conn, db)
        meta = _meta(report.titles, digest or inputs_hash(paths))
        db["meta"].insert_all([{"key": k, "value": v} for k, v in meta.items()])
        conn.commit()
        # Tables are written once and nothing is deleted: a fresh file has no free pages,
        # and VACUUM would only copy all of it again (a tenth of the write's time).
        if conn.execute("pragma freelist_count").fetchone()[0]:
            conn.execute("vacuum")
    finally:
        conn.close()
    return report


def _write_articles(conn: sqlite3.Connection, tmp: Path, results: Iterable[ArticleRows]) -> BuildReport:
    """Every article's rows, written as each comes."""
    ids = _Numbering()
    report = BuildReport(tmp)
    for rows in results:
        ids.write(conn, rows)
        report.titles.append(rows.title)
        report.warnings += rows.warnings
    report.documents = len(report.titles)
    report.counts = dict(ids.written)
    return report


@contextmanager
def _nulls_bound_directly() -> Iterator[None]:
    """Bind None through an adapter of its own while the rows go in.

    For a value that is not an int, float, str or bytes, sqlite3 looks for an
    adapter and then for ``__conform__`` before binding it: for None, a sixth of
    the insert time (10k claims have 78k NULLs). An adapter found at once returns
    None, which binds as NULL as before: ``{}.get`` is one written in C, so no
    Python frame is run per NULL (a tenth of the executemany instructions when
    it was a Python function). The previous adapter, if any, comes back.
    """
    key = (type(None), sqlite3.PrepareProtocol)
    previous = sqlite3.adapters.get(key)
    sqlite3.register_adapter(type(None), _NULL)
    try:
        yield
    finally:
        if previous is None:
            del sqlite3.adapters[key]
        else:
            sqlite3.adapters[key] = previous


_NULL: Any = {}.get  # None -> None, in C


def _create_tables(tmp: Path) -> tuple[sqlite3.Connection, Any]:
    """Open ``tmp`` and create every table with sqlite-utils (types, keys, foreign keys)."""
    sqlite_utils = _import_sqlite_utils()
    conn = sqlite3.connect(tmp)
    for pragma in WRITE_PRAGMAS:
        conn.execute(f"pragma {pragma}")
    # No sqlite-utils plugins on this connection: the build calls none of their functions, and
    # finding them reads every installed package's metadata (20 ms a build).
    db = sqlite_utils.Database(conn, execute_plugins=False)
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
    # An index on a link to another of an article's tables only ever grows at its end, since each
    # article's ids follow those written before: kept as rows go in, it costs what making it after
    # them costs (measured), but while the workers read on rather than at the end with nothing else to do.
    for table, col in INDEXED_KEYS:
        if FOREIGN_KEYS[table, col][0] in ARTICLE_TABLES:
            db[table].create_index([col])
    for table, cols in FTS_TABLES.items():
        _create_fts(conn, table, cols)  # empty: filled by _index
        _fts_hash_size(conn, table, FTS_BUILD_HASH_BYTES)
    return conn, db


def _create_fts(conn: sqlite3.Connection, table: str, columns: list[str]) -> None:
    """An FTS5 index of ``table``'s ``columns``, reading their text from the table itself.

    Written as sqlite-utils' ``enable_fts`` writes it (Datasette and sqlite-utils find it by its
    ``content=[table]``), with ``FTS_OPTIONS``, which ``enable_fts`` cannot pass.
    """
    conn.execute(
        f"create virtual table [{table}_fts] using fts5 ({_names(columns)}, tokenize='{FTS_TOKENIZE}', "
        f"content=[{table}], {FTS_OPTIONS})"
    )


def _fts_hash_size(conn: sqlite3.Connection, table: str, size: int) -> None:
    """How many bytes of words a full-text table gathers before writing them out as one more segment.

    FTS5 writes a segment each megabyte by default and merges segments as they pile
    up, freeing the pages of the merged ones: a 100k-claim build then needed a VACUUM
    (0.4 s) to drop them. A build gathers all its words (a few MB per 100k claims) and
    writes them at the commit, once. ``hashsize`` is a setting of FTS5's own
    (fts5_config.c) that its documentation does not list: without it, only slower.
    """
    with suppress(sqlite3.Error):
        conn.execute(f"insert into [{table}_fts] ([{table}_fts], rank) values ('hashsize', ?)", (size,))


def _index(conn: sqlite3.Connection, db: Any) -> None:
    """The other indexes, full-text and the claims vocabulary: made once all rows are in (faster)."""
    for table, col in INDEXED_KEYS:
        db[table].create_index([col], if_not_exists=True)  # those not made with the tables
    db["aliases"].create_index(["folded"], if_not_exists=True)
    db["figures"].create_index(["quantity_key", "best"], if_not_exists=True)
    for table, cols in FTS_TABLES.items():
        # Not sqlite-utils' ``populate_fts``: it runs as a script, committing before and after, where
        # the build writes everything in its one commit (``_fts_hash_size``).
        names = _names(cols)
        conn.execute(f"insert into [{table}_fts] (rowid, {names}) select rowid, {names} from [{table}]")
        # The build's setting is not kept: a later writer gets FTS5's default.
        conn.execute(f"delete from [{table}_fts_config] where k = 'hashsize'")
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
    marks = ", ".join("?" for _ in columns)
    conn.executemany(f"insert into [{table}] ({_names(columns)}) values ({marks})", records)


def _names(columns: Iterable[str]) -> str:
    """Column names as an SQL list, each quoted."""
    return ", ".join(f"[{col}]" for col in columns)


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


# Tables whose rows an article brings in full, written as a worker sends them: ids are the
# records' positions in their lists (0, 1, 2...), made global here by adding the ids written before.
ARTICLE_TABLES = (
    "documents",
    "sections",
    "paragraphs",
    "claims",
    "infobox_fields",
    "figures",
    "figure_support",
    "non_quantities",
    "mentions",
    "roles",
    "attributions",
    "figure_attributions",
    "events",
)
# Entity and source slugs are kept in these rows: the main process gives them ids (shared by all articles).
MENTION_COLUMNS = ("entity", "claim", "start", "end", "text")
ROLE_COLUMNS = ("entity", "role", "of_entity", "of_text", "claim")
ATTRIBUTION_COLUMNS = ("claim", "source", "via", "cue", "cue_start", "cue_end", "method", "said_on")

# sqlite binds a NaN as NULL (it stores no NaN), straight away, where None is first looked up among the
# adapters (1,200 instructions, 8 NULLs a claim). Values that may be None are bound as this instead (made
# so once unpickled: a NaN costs more to pickle than it saves).
NULL = math.nan
# Where those values stand in each table's rows (positions after ``id`` and ``document_id``). One
# left out costs time only: a None still binds as NULL.
NULLABLE = {
    "sections": (0, 7),
    "claims": (1,),
    "figures": (4, 5, 6, 8, 9, 10, 11, 12, 14),
    "non_quantities": (0,),
    "roles": (3, 4),
    "attributions": (3, 4, 5, 7),
    "events": (2,),
}


@dataclass(slots=True)
class ArticleRows:
    """One article's rows, as a worker sends them back: plain values, quick to pickle.

    ``tables`` holds the rows of ``ARTICLE_TABLES`` with article-local ids (see
    ``_article_insert``); entities, sources and quantities are shared by slug or
    key across articles, so only the process writing can number them.
    """

    title: str
    warnings: list[str]
    tables: dict[str, list[Any]]  # each table's rows one after the other (see ARTICLE_INSERTS)
    entities: list[tuple[str, tuple[Any, ...], list[tuple[str, str]]]]  # slug, row, (alias, folded)
    sources: list[tuple[str, str, str, str | None, str | None]]  # slug, name, type, side, entity slug
    quantities: list[tuple[Any, ...]]


def article_rows(article: Article, ex: Extraction) -> ArticleRows:
    """Turn one article's records into rows (run where it was extracted: in a worker, if any)."""
    tables = {
        "documents": [
            article.slug,
            article.title,
            article.path.name,
            source_url(article.title),
            LICENCE,
            article.text,
            article.sha256,
        ],
        "sections": _section_rows(article),
        "paragraphs": _paragraph_rows(article),
        "claims": _claim_rows(article),
        "infobox_fields": _infobox_rows(article),
        "figures": _figure_rows(ex),
        "figure_support": _support_rows(ex),
        "non_quantities": _non_quantity_rows(ex),
        "mentions": _mention_rows(ex),
        "roles": _role_rows(ex),
        "attributions": _attribution_rows(ex),
        "figure_attributions": list(chain.from_iterable(ex.figure_attributions)),
        "events": _event_rows(article, ex),
    }
    entities = [
        (
            e.slug,
            (e.slug, e.name, e.type, e.side, e.description),
            [(alias, fold(alias)) for alias in [e.name, *e.aliases] if alias],
        )
        for e in ex.entities
    ]
    return ArticleRows(
        article.title,
        ex.warnings,
        tables,
        entities,
        [(s.slug, s.name, s.type, s.side, s.entity) for s in ex.sources],
        [(q.key, q.label, q.side, q.unit, q.outcome, q.ordinal) for q in ex.quantities],
    )


# One function per table: each record's values added to one flat list, in the table's column order. Plain
# attribute reads in a loop take a third of the time ``operator.attrgetter`` takes for the same values.


def _section_rows(article: Article) -> list[Any]:
    out: list[Any] = []
    for s in article.sections:
        out += (s.parent, s.level, s.index, s.title, s.anchor, s.start, s.end, s.phase)
    return out


def _paragraph_rows(article: Article) -> list[Any]:
    out: list[Any] = []
    for p in article.paragraphs:
        out += (p.section, p.index, p.start, p.end)
    return out


def _claim_rows(article: Article) -> list[Any]:
    out: list[Any] = []
    for c in article.claims:
        out += (c.section, c.paragraph, c.index, c.kind, c.start, c.end, c.text)
    return out


def _infobox_rows(article: Article) -> list[Any]:
    out: list[Any] = []
    for f in article.infobox:
        out += (f.index, f.key, field_label(f.key), f.value, f.claim, f.start, f.end)
    return out


def _figure_rows(ex: Extraction) -> list[Any]:
    out: list[Any] = []
    for f in ex.figures:
        out += (f.claim, f.start, f.end, f.raw, f.low, f.best, f.high, f.qualifier)
        out += (f.unit, f.side, f.outcome, f.quantity_key, f.support, f.method, f.note)
    return out


def _support_rows(ex: Extraction) -> list[Any]:
    figures = ex.figures
    out: list[Any] = []
    for s in ex.supports:
        out += (s.figure, s.supporting_figure, figures[s.supporting_figure].claim)
    return out


def _non_quantity_rows(ex: Extraction) -> list[Any]:
    out: list[Any] = []
    for n in ex.non_quantities:
        out += (n.claim, n.start, n.end, n.raw, n.category, n.note)
    return out


def _mention_rows(ex: Extraction) -> list[Any]:
    out: list[Any] = []
    for m in ex.mentions:
        out += (m.entity, m.claim, m.start, m.end, m.text)
    return out


def _role_rows(ex: Extraction) -> list[Any]:
    out: list[Any] = []
    for r in ex.roles:
        out += (r.entity, r.role, r.of_entity, r.of_text, r.claim)
    return out


def _attribution_rows(ex: Extraction) -> list[Any]:
    out: list[Any] = []
    for a in ex.attributions:
        out += (a.claim, a.source, a.via, a.cue, a.cue_start, a.cue_end, a.method, a.said_on)
    return out


def _event_rows(article: Article, ex: Extraction) -> list[Any]:
    claims, sections = article.claims, article.sections
    out: list[Any] = []
    for ev in ex.events:
        section = claims[ev.claim].section
        out += (ev.claim, section, sections[section].phase, ev.start, ev.end, ev.precision)
        out += (ev.raw, ev.raw_start, ev.raw_end, ev.label)
    return out


def _nulls_as_nan(values: list[Any], width: int, positions: tuple[int, ...]) -> None:
    """Replace None by ``NULL`` in the columns at ``positions`` of flat rows ``width`` values wide."""
    for k in positions:
        column = values[k::width]
        if None in column:
            values[k::width] = [NULL if v is None else v for v in column]


# Rows per insert statement: many rows per statement share its fixed cost (sqlite's locks, the GIL let go,
# a reset): 16 rows at a time take half the time of one by one. An article's last rows go 4 and then 1 at a
# time. Each statement is made and prepared once per build, when first needed: longer or more statements
# cost more to prepare than they save on 10k claims (counted with valgrind).
CHUNK_ROWS = (16, 4, 1)


@dataclass(frozen=True)
class _ArticleInsert:
    """How an article table's rows go in: ``width`` values a row, then the first ids of ``refs``."""

    table: str
    columns: tuple[str, ...]  # all but id
    references: tuple[str, ...]  # for each column: the article table it refers to, or ""
    width: int
    refs: tuple[str, ...]


def _article_insert(table: str) -> _ArticleInsert:
    """How the rows of an article table go in, as a worker sends them (flat, ``width`` values a row).

    ``id`` is left to sqlite, which gives the next one: ids are written in order
    from 1, so that is the id counted here. ``document_id`` is the same for all
    the article's rows; a reference to another article table is the record's
    position there plus that table's first id. Other values go in as they are.
    """
    columns = tuple(col for col in TABLES[table][1] if col != "id")
    references = tuple(
        "documents" if col == "document_id" else FOREIGN_KEYS.get((table, col), ("", ""))[0]
        for col in columns
    )
    references = tuple(other if other in ARTICLE_TABLES else "" for other in references)
    refs = tuple(dict.fromkeys(other for other in references if other))
    width = sum(1 for col in columns if col != "document_id")
    return _ArticleInsert(table, columns, references, width, refs)


ARTICLE_INSERTS = {table: _article_insert(table) for table in ARTICLE_TABLES}


@functools.cache
def _chunk_sql(table: str, rows: int) -> str:
    """The insert of ``rows`` rows of an article table: their values, then the first ids it refers to."""
    plan = ARTICLE_INSERTS[table]
    first = {other: f"?{rows * plan.width + k + 1}" for k, other in enumerate(plan.refs)}
    tuples = []
    for r in range(rows):
        numbers = iter(range(r * plan.width + 1, (r + 1) * plan.width + 1))
        values = []
        for col, other in zip(plan.columns, plan.references, strict=True):
            if col == "document_id":
                values.append(first[other])
            elif other:
                values.append(f"?{next(numbers)}+{first[other]}")
            else:
                values.append(f"?{next(numbers)}")
        tuples.append(f"({','.join(values)})")
    return f"insert into [{table}] ({_names(plan.columns)}) values {','.join(tuples)}"


def _column(columns: tuple[str, ...], name: str) -> slice:
    """Where one column's values stand in flat rows of ``columns``."""
    return slice(columns.index(name), None, len(columns))


def _insert_article_rows(
    conn: sqlite3.Connection, table: str, values: list[Any], first: dict[str, int]
) -> int:
    """Insert an article table's rows (flat values), ids numbered on from ``first``; the number of rows."""
    plan = ARTICLE_INSERTS[table]
    bases = [first[other] for other in plan.refs]
    count = len(values) // plan.width
    pos = 0
    for rows in CHUNK_ROWS:
        step = rows * plan.width
        end = pos + (len(values) - pos) // step * step
        if end - pos == step:
            conn.execute(_chunk_sql(table, rows), values[pos:end] + bases)
        elif end > pos:
            conn.executemany(
                _chunk_sql(table, rows), (values[i : i + step] + bases for i in range(pos, end, step))
            )
        pos = end
    return count


class _Numbering:
    """Ids across all documents, given article by article in a deterministic order.

    An article's own rows number on from those written before (their first ids
    are parameters of the insert itself); entities, sources and quantities are
    shared by slug or key across articles and numbered here as they first appear.
    """

    def __init__(self) -> None:
        self.written = {t: 0 for t in TABLES}
        self.entity_ids: dict[str, int] = {}
        self.source_ids: dict[str, int] = {}
        self.quantity_keys: set[str] = set()
        self.alias_seen: set[tuple[int, str]] = set()

    def write(self, conn: sqlite3.Connection, rows: ArticleRows) -> None:
        """Insert one article's rows, with their ids."""
        shared = self._shared_rows(rows)
        tables = rows.tables
        entity_ids, source_ids = self.entity_ids, self.source_ids
        # Entity and source slugs become ids, a column of the flat rows at a time.
        mentions, roles, said = tables["mentions"], tables["roles"], tables["attributions"]
        entity = _column(MENTION_COLUMNS, "entity")
        mentions[entity] = [entity_ids[e] for e in mentions[entity]]
        entity, of = _column(ROLE_COLUMNS, "entity"), _column(ROLE_COLUMNS, "of_entity")
        roles[entity] = [entity_ids[e] for e in roles[entity]]
        roles[of] = [entity_ids.get(slug, NULL) if slug else NULL for slug in roles[of]]
        source, via = _column(ATTRIBUTION_COLUMNS, "source"), _column(ATTRIBUTION_COLUMNS, "via")
        said[source] = [source_ids[slug] for slug in said[source]]
        said[via] = [source_ids[slug] if slug else NULL for slug in said[via]]
        for table, table_rows in shared.items():
            _insert(conn, table, table_rows)
            self.written[table] += len(table_rows)
        first = {table: count + 1 for table, count in self.written.items()}
        for table, positions in NULLABLE.items():
            _nulls_as_nan(tables[table], ARTICLE_INSERTS[table].width, positions)
        for table, values in tables.items():
            self.written[table] += _insert_article_rows(conn, table, values, first)

    def _shared_rows(self, rows: ArticleRows) -> dict[str, list[tuple[Any, ...]]]:
        """The entities, aliases, sources and quantities this article is the first to name."""
        out: dict[str, list[tuple[Any, ...]]] = {
            "quantities": [],
            "entities": [],
            "aliases": [],
            "sources": [],
        }
        entity_ids, source_ids = self.entity_ids, self.source_ids
        for q in rows.quantities:
            if q[0] not in self.quantity_keys:
                self.quantity_keys.add(q[0])
                out["quantities"].append(q)
        aliases = out["aliases"]
        for slug, entity_row, names in rows.entities:
            if slug not in entity_ids:
                entity_ids[slug] = len(entity_ids) + 1
                out["entities"].append((entity_ids[slug], *entity_row))
            eid = entity_ids[slug]
            for alias, folded in names:
                if (eid, alias) not in self.alias_seen:
                    self.alias_seen.add((eid, alias))
                    aliases.append((self.written["aliases"] + len(aliases) + 1, eid, alias, folded))
        for slug, name, kind, side, entity in rows.sources:
            if slug not in source_ids:
                source_ids[slug] = len(source_ids) + 1
                out["sources"].append(
                    (source_ids[slug], slug, name, kind, side, entity_ids.get(entity) if entity else None)
                )
        return out
