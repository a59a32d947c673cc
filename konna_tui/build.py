"""Build the database from articles: parse, extract, curate, then write atomically.

The only module that imports sqlite-utils. It writes to a temporary file beside
the target and renames it into place, so a failed or killed build leaves the
previous database untouched.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from konna_tui import __version__
from konna_tui.ingest.article import Article, field_label, parse_file
from konna_tui.ingest.pipeline import extract
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


@dataclass
class BuildReport:
    db_path: Path
    documents: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def source_url(title: str) -> str:
    return WIKIPEDIA + title.strip().replace(" ", "_")


def build_database(
    articles: Iterable[str | Path],
    db_path: str | Path,
    progress: Callable[[str, int, int], None] | None = None,
) -> BuildReport:
    """Parse and extract every article, then write ``db_path`` in one atomic step.

    Raises ``ArticleError`` or ``CurationError`` (one-line messages naming file
    and line) before anything is written; ``OSError`` when the target cannot be
    written. ``progress(stage, done, total)`` is called after each article.
    """
    paths = [Path(p) for p in articles]
    if not paths:
        raise ValueError("no articles to build")
    db_path = Path(db_path)
    parsed: list[tuple[Article, Extraction]] = []
    for n, path in enumerate(paths, start=1):
        article = parse_file(path)
        parsed.append((article, extract(article)))
        if progress:
            progress(path.name, n, len(paths))
    digest = inputs_hash(paths)

    db_path.parent.mkdir(parents=True, exist_ok=True)
    _remove_dead_builds(db_path)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{db_path.name}.{os.getpid()}.", suffix=".tmp", dir=db_path.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        report = _write(tmp, parsed, digest)
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


def _write(tmp: Path, parsed: list[tuple[Article, Extraction]], digest: str) -> BuildReport:
    sqlite_utils = _import_sqlite_utils()

    rows = _rows(parsed)
    conn = sqlite3.connect(tmp)
    conn.execute("pragma journal_mode = off")
    conn.execute("pragma synchronous = off")
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
        _insert(conn, table, list(columns), rows.get(table, []))
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
    first = parsed[0][0]
    meta = {
        "schema_version": str(SCHEMA_VERSION),
        "inputs_hash": digest,
        "generator": f"konna-tui {__version__}",
        "title": first.title if len(parsed) == 1 else f"{first.title} and {len(parsed) - 1} more",
        "source_url": source_url(first.title),
        "sources": json.dumps([source_url(a.title) for a, _ in parsed]),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "attribution": "Text of the English Wikipedia articles named in documents, by "
        "Wikipedia's contributors, under CC BY-SA 4.0.",
        "tables": json.dumps({t: desc for t, (desc, _) in TABLES.items()}),
    }
    db["meta"].insert_all([{"key": k, "value": v} for k, v in meta.items()])
    conn.commit()
    conn.execute("vacuum")
    conn.close()
    counts = {t: len(r) for t, r in rows.items()}
    warnings = [w for _, ex in parsed for w in ex.warnings]
    return BuildReport(tmp, documents=len(parsed), counts=counts, warnings=warnings)


def _insert(conn: sqlite3.Connection, table: str, columns: list[str], records: list[dict]) -> None:
    """Insert plain rows in one executemany.

    sqlite-utils made the table (types, keys, foreign keys); its insert_all
    inspects every value for JSON conversion, which was 80% of the write time
    for values that are already plain ints, floats and strings.
    """
    if not records:
        return
    names = ", ".join(f"[{c}]" for c in columns)
    marks = ", ".join("?" for _ in columns)
    conn.executemany(
        f"insert into [{table}] ({names}) values ({marks})",
        [tuple(r.get(c) for c in columns) for r in records],
    )


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


def _rows(parsed: list[tuple[Article, Extraction]]) -> dict[str, list[dict[str, Any]]]:
    """Give every record its id, across all documents, in a deterministic order."""
    out: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
    entity_ids: dict[str, int] = {}
    source_ids: dict[str, int] = {}
    quantity_keys: set[str] = set()
    alias_seen: set[tuple[int, str]] = set()

    for doc_id, (article, ex) in enumerate(parsed, start=1):
        out["documents"].append(
            {
                "id": doc_id,
                "slug": article.slug,
                "title": article.title,
                "source_file": article.path.name,
                "source_url": source_url(article.title),
                "licence": LICENCE,
                "text": article.text,
                "sha256": article.sha256,
            }
        )
        sec_ids = {s.index: len(out["sections"]) + 1 + k for k, s in enumerate(article.sections)}
        for s in article.sections:
            out["sections"].append(
                {
                    "id": sec_ids[s.index],
                    "document_id": doc_id,
                    "parent_id": sec_ids.get(s.parent) if s.parent is not None else None,
                    "level": s.level,
                    "ordinal": s.index,
                    "title": s.title,
                    "anchor": s.anchor,
                    "start": s.start,
                    "end": s.end,
                    "phase": s.phase,
                }
            )
        para_ids = {p.index: len(out["paragraphs"]) + 1 + k for k, p in enumerate(article.paragraphs)}
        for p in article.paragraphs:
            out["paragraphs"].append(
                {
                    "id": para_ids[p.index],
                    "document_id": doc_id,
                    "section_id": sec_ids[p.section],
                    "ordinal": p.index,
                    "start": p.start,
                    "end": p.end,
                }
            )
        claim_ids = {c.index: len(out["claims"]) + 1 + k for k, c in enumerate(article.claims)}
        for c in article.claims:
            out["claims"].append(
                {
                    "id": claim_ids[c.index],
                    "document_id": doc_id,
                    "section_id": sec_ids[c.section],
                    "paragraph_id": para_ids.get(c.paragraph) if c.paragraph is not None else None,
                    "ordinal": c.index,
                    "kind": c.kind,
                    "start": c.start,
                    "end": c.end,
                    "text": c.text,
                }
            )
        for f in article.infobox:
            out["infobox_fields"].append(
                {
                    "id": len(out["infobox_fields"]) + 1,
                    "document_id": doc_id,
                    "ordinal": f.index,
                    "key": f.key,
                    "label": field_label(f.key),
                    "value": f.value,
                    "claim_id": claim_ids[f.claim],
                    "start": f.start,
                    "end": f.end,
                }
            )

        for q in ex.quantities:
            if q.key not in quantity_keys:
                quantity_keys.add(q.key)
                out["quantities"].append(asdict(q))
        fig_ids = {k: len(out["figures"]) + 1 + k for k in range(len(ex.figures))}
        for k, fig in enumerate(ex.figures):
            out["figures"].append(
                {
                    "id": fig_ids[k],
                    "document_id": doc_id,
                    "claim_id": claim_ids[fig.claim],
                    "start": fig.start,
                    "end": fig.end,
                    "raw": fig.raw,
                    "low": fig.low,
                    "best": fig.best,
                    "high": fig.high,
                    "qualifier": fig.qualifier,
                    "unit": fig.unit,
                    "side": fig.side,
                    "outcome": fig.outcome,
                    "quantity_key": fig.quantity_key,
                    "support": fig.support,
                    "method": fig.method,
                    "note": fig.note,
                }
            )
        for sup in ex.supports:
            out["figure_support"].append(
                {
                    "id": len(out["figure_support"]) + 1,
                    "figure_id": fig_ids[sup.figure],
                    "supporting_figure_id": fig_ids[sup.supporting_figure],
                    "claim_id": claim_ids[ex.figures[sup.supporting_figure].claim],
                }
            )
        for nq in ex.non_quantities:
            out["non_quantities"].append(
                {
                    "id": len(out["non_quantities"]) + 1,
                    "document_id": doc_id,
                    "claim_id": claim_ids.get(nq.claim) if nq.claim is not None else None,
                    "start": nq.start,
                    "end": nq.end,
                    "raw": nq.raw,
                    "category": nq.category,
                    "note": nq.note,
                }
            )

        for ent in ex.entities:
            if ent.slug not in entity_ids:
                entity_ids[ent.slug] = len(entity_ids) + 1
                out["entities"].append(
                    {
                        "id": entity_ids[ent.slug],
                        "slug": ent.slug,
                        "name": ent.name,
                        "type": ent.type,
                        "side": ent.side,
                        "description": ent.description,
                    }
                )
            eid = entity_ids[ent.slug]
            for alias in [ent.name, *ent.aliases]:
                key = (eid, alias)
                if alias and key not in alias_seen:
                    alias_seen.add(key)
                    out["aliases"].append(
                        {
                            "id": len(out["aliases"]) + 1,
                            "entity_id": eid,
                            "alias": alias,
                            "folded": fold(alias),
                        }
                    )
        for m in ex.mentions:
            out["mentions"].append(
                {
                    "id": len(out["mentions"]) + 1,
                    "entity_id": entity_ids[m.entity],
                    "claim_id": claim_ids[m.claim],
                    "start": m.start,
                    "end": m.end,
                    "text": m.text,
                }
            )
        for r in ex.roles:
            out["roles"].append(
                {
                    "id": len(out["roles"]) + 1,
                    "entity_id": entity_ids[r.entity],
                    "role": r.role,
                    "of_entity_id": entity_ids.get(r.of_entity) if r.of_entity else None,
                    "of_text": r.of_text,
                    "claim_id": claim_ids.get(r.claim) if r.claim is not None else None,
                }
            )
        for src in ex.sources:
            if src.slug not in source_ids:
                source_ids[src.slug] = len(source_ids) + 1
                out["sources"].append(
                    {
                        "id": source_ids[src.slug],
                        "slug": src.slug,
                        "name": src.name,
                        "type": src.type,
                        "side": src.side,
                        "entity_id": entity_ids.get(src.entity) if src.entity else None,
                    }
                )
        att_ids = {k: len(out["attributions"]) + 1 + k for k in range(len(ex.attributions))}
        for a in ex.attributions:
            out["attributions"].append(
                {
                    "id": len(out["attributions"]) + 1,
                    "claim_id": claim_ids[a.claim],
                    "source_id": source_ids[a.source],
                    "via_source_id": source_ids[a.via] if a.via else None,
                    "cue": a.cue,
                    "cue_start": a.cue_start,
                    "cue_end": a.cue_end,
                    "method": a.method,
                    "said_on": a.said_on,
                }
            )
        for f_idx, a_idx in ex.figure_attributions:
            out["figure_attributions"].append(
                {
                    "id": len(out["figure_attributions"]) + 1,
                    "figure_id": fig_ids[f_idx],
                    "attribution_id": att_ids[a_idx],
                }
            )
        phase_of = {s.index: s.phase for s in article.sections}
        for ev in ex.events:
            claim = article.claims[ev.claim]
            out["events"].append(
                {
                    "id": len(out["events"]) + 1,
                    "document_id": doc_id,
                    "claim_id": claim_ids[ev.claim],
                    "section_id": sec_ids[claim.section],
                    "phase": phase_of.get(claim.section),
                    "start": ev.start,
                    "end": ev.end,
                    "precision": ev.precision,
                    "raw": ev.raw,
                    "raw_start": ev.raw_start,
                    "raw_end": ev.raw_end,
                    "label": ev.label,
                }
            )
    out["meta"] = []
    return out
