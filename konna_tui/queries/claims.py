"""Claims with everything drawn on them: figures, mentions, attributions, events.

Every other query module builds on ``load_claims``: one round of indexed
queries for any number of claims, ids passed as a JSON list parameter so
no SQL is ever assembled from values.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import TypeVar

from konna_tui.queries.models import Attribution, Claim, Event, Figure, Mention, Section, SourceRef

R = TypeVar("R")

IDS = "(select value from json_each(?))"

SOURCE_COLUMNS = (
    "{a}.id as {p}id, {a}.slug as {p}slug, {a}.name as {p}name, {a}.type as {p}type, "
    "{a}.side as {p}side, {a}.entity_id as {p}entity_id"
)


def id_list(ids: Iterable[int]) -> str:
    """The parameter that ``IDS`` reads: a JSON array of ints."""
    return json.dumps(sorted({int(i) for i in ids}))


def source_columns(alias: str, prefix: str) -> str:
    return SOURCE_COLUMNS.format(a=alias, p=prefix)


def record(cls: type[R], row: sqlite3.Row, prefix: str = "", **given: object) -> R:
    """A record from a row whose columns (after ``prefix``) are named like its fields."""
    values = {f: given[f] if f in given else row[prefix + f] for f in cls._fields}  # type: ignore[attr-defined]
    return cls(**values)


def source_ref(row: sqlite3.Row, prefix: str = "") -> SourceRef | None:
    if row[f"{prefix}id"] is None:
        return None
    return record(SourceRef, row, prefix, type=row[f"{prefix}type"] or "unknown")


def section_from(row: sqlite3.Row) -> Section:
    return record(Section, row)


def figure_from(row: sqlite3.Row, base: int, voice: tuple[int, ...] = ()) -> Figure:
    """A figure row, its offsets made relative to its claim (which starts at ``base``)."""
    return record(
        Figure,
        row,
        start=row["start"] - base,
        end=row["end"] - base,
        qualifier=row["qualifier"] or "exact",
        voice=voice,
    )


def load_claims(conn: sqlite3.Connection, ids: Iterable[int]) -> list[Claim]:
    """The claims with these ids, in document order, fully dressed."""
    param = id_list(ids)
    claims: dict[int, Claim] = {}
    starts: dict[int, int] = {}
    for row in conn.execute(
        f"select id, section_id, paragraph_id, kind, ordinal, start, text from claims "
        f"where id in {IDS} order by document_id, ordinal",
        (param,),
    ):
        claims[row["id"]] = record(Claim, row, figures=[], mentions=[], attributions=[], events=[])
        starts[row["id"]] = row["start"]
    if not claims:
        return []
    voices: dict[int, list[int]] = {}
    for row in conn.execute(
        f"select fa.figure_id, fa.attribution_id from figure_attributions fa "
        f"join figures f on f.id = fa.figure_id where f.claim_id in {IDS} order by fa.id",
        (param,),
    ):
        voices.setdefault(row["figure_id"], []).append(row["attribution_id"])
    for row in conn.execute(f"select * from figures where claim_id in {IDS} order by start, id", (param,)):
        figure = figure_from(row, starts[row["claim_id"]], tuple(voices.get(row["id"], ())))
        claims[row["claim_id"]].figures.append(figure)
    for row in conn.execute(
        f"select m.claim_id, m.entity_id, m.start, m.end, m.text, e.name, e.type from mentions m "
        f"join entities e on e.id = m.entity_id where m.claim_id in {IDS} order by m.start, m.id",
        (param,),
    ):
        base = starts[row["claim_id"]]
        claims[row["claim_id"]].mentions.append(
            Mention(
                entity_id=row["entity_id"],
                entity_name=row["name"],
                entity_type=row["type"],
                start=row["start"] - base,
                end=row["end"] - base,
                text=row["text"],
            )
        )
    for claim_id, attribution in load_attributions(conn, param, starts):
        claims[claim_id].attributions.append(attribution)
    for row in conn.execute(f"select * from events where claim_id in {IDS} order by start, id", (param,)):
        claims[row["claim_id"]].events.append(record(Event, row))
    return list(claims.values())


def load_attributions(
    conn: sqlite3.Connection, param: str, starts: dict[int, int]
) -> list[tuple[int, Attribution]]:
    """Who says each of the claims in ``param``, cue offsets made relative to the claim."""
    out: list[tuple[int, Attribution]] = []
    for row in conn.execute(
        f"select a.id, a.claim_id, a.cue, a.cue_start, a.cue_end, a.method, a.said_on, "
        f"{source_columns('s', 's_')}, {source_columns('v', 'v_')} "
        f"from attributions a join sources s on s.id = a.source_id "
        f"left join sources v on v.id = a.via_source_id "
        f"where a.claim_id in {IDS} order by a.claim_id, a.id",
        (param,),
    ):
        base = starts.get(row["claim_id"], 0)
        source = source_ref(row, "s_")
        assert source is not None  # inner join
        out.append(
            (
                row["claim_id"],
                Attribution(
                    id=row["id"],
                    source=source,
                    via=source_ref(row, "v_"),
                    cue=row["cue"],
                    cue_start=None if row["cue_start"] is None else row["cue_start"] - base,
                    cue_end=None if row["cue_end"] is None else row["cue_end"] - base,
                    method=row["method"] or "cue",
                    said_on=row["said_on"],
                ),
            )
        )
    return out


def load_section(conn: sqlite3.Connection, section_id: int | None) -> Section | None:
    if section_id is None:
        return None
    row = conn.execute("select * from sections where id = ?", (section_id,)).fetchone()
    return section_from(row) if row else None


def section_titles(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    return {
        row["id"]: row["title"]
        for row in conn.execute(f"select id, title from sections where id in {IDS}", (id_list(ids),))
    }
