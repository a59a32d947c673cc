"""Search entities (by any alias), sources (by name) and claims (by text) as the reader types.

Why it is built this way:

- Safety: the input is folded (``fold``) and cut into word tokens; every FTS5 query is built only
  from those tokens, each one quoted, and passed as a parameter. No operator, quote or SQL the
  reader types can reach SQLite as syntax. Input is capped at ``MAX_INPUT`` characters.
- Names first: entities and sources are matched by every alias and ranked exact > prefix > word >
  fuzzy > partial, then grouped by type. A small typo is corrected against the vocabulary of alias
  words (loaded once per ``Searcher``) only when no name matches as typed.
- Claims by BM25, at bounded cost: SQLite's ``bm25()`` counts every row holding each term before it
  ranks anything (tens of milliseconds for a common word at a million claims). Instead the first
  ``rank_window`` matches (in document order, which FTS5 yields lazily) are scored here with the same
  BM25 formula; matches beyond the window follow in document order. On a database of fewer matches
  than the window (the whole Konna article) the ranking is exact. A word still being typed is a
  prefix; with the optional ``claims_terms`` table (the claims' vocabulary and document counts) it
  is expanded to its commonest completions, which FTS5 reads lazily, instead of FTS5 merging every
  completion's list up front; the table's counts also give BM25 its idf. One letter searches names
  only.
- Pages: ``search`` returns ``limit`` hits from ``offset`` of one fixed sequence (names, then
  claims), so a list can fetch more as the reader scrolls.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import threading
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from konna_tui.queries.claims import IDS, id_list
from konna_tui.text import fold

MAX_INPUT = 200  # characters of input considered; nobody types a longer name
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
NAMED_CAP = 100  # at most this many entity and source hits
ALIAS_CANDIDATES = 500
RANK_WINDOW = 200
PREFIX_EXPANSION = 30  # completions of a typed prefix searched in claims (with a terms table)
BM25_K1, BM25_B = 1.2, 0.75
TERMS_TABLE = "claims_terms"  # optional (term, docs) table of the claims' vocabulary

# A word: letters and digits, with any combining accents (decomposed text keeps them apart).
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
WORD = re.compile(rf"[^\W_]+(?:[{_MARKS}]+[^\W_]*)*")
ASCII_WORD = re.compile(r"[a-z0-9]+")  # WORD on lower-case ASCII text, faster
ANY_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")  # WORD on any ASCII text

GROUP_HEADINGS = {
    "person": "People",
    "armed_group": "Armed groups",
    "state_force": "State forces",
    "unit": "Units",
    "equipment": "Equipment",
    "place": "Places",
    "organisation": "Organisations",
    "media": "Media",
    "source": "Sources",
    "claim": "Claims",
}
GROUP_ORDER = {group: n for n, group in enumerate(GROUP_HEADINGS)}
MATCHES = ("exact", "prefix", "word", "fuzzy", "partial")  # best first; claims use "text" or "fuzzy"

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Hit:
    """One result: an entity, a source or a claim, with the character ranges that matched."""

    kind: str  # entity, source, claim
    id: int
    group: str  # entity type, "source" or "claim"
    text: str  # the entity's or source's name, or the claim's sentence
    spans: Spans  # matched ranges in ``text``
    match: str  # exact, prefix, word, fuzzy, partial (names); text or fuzzy (claims)
    alias: str | None = None  # the alias that matched, when it is not the name
    alias_spans: Spans = ()
    type: str | None = None  # entity type or source type
    side: str | None = None
    detail: str = ""  # a source's or entity's description, a claim's section
    source_id: int | None = None  # an entity that is also a source: that source

    def shown(self, width: int) -> tuple[str, Spans]:
        """Text and spans to show in ``width`` characters: a claim cut around its match, a name whole."""
        return excerpt(self.text, self.spans, width) if self.kind == "claim" else (self.text, self.spans)

    @property
    def heading(self) -> str:
        return GROUP_HEADINGS.get(self.group, self.group.replace("_", " ").capitalize())

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "id": self.id,
            "group": self.group,
            "text": self.text,
            "spans": [list(s) for s in self.spans],
            "match": self.match,
            "alias": self.alias,
            "alias_spans": [list(s) for s in self.alias_spans],
            "type": self.type,
            "side": self.side,
            "detail": self.detail,
            "source_id": self.source_id,
        }


@dataclass(frozen=True)
class SearchResults:
    """A page of results: ``hits`` from ``offset`` of the full ranked sequence."""

    query: str
    terms: tuple[str, ...]  # the folded words searched
    corrected: tuple[str, ...]  # words a typo was corrected to (empty when none was needed)
    hits: tuple[Hit, ...]
    offset: int
    more: bool  # another page follows
    named: int  # entity and source hits in the whole sequence (they come before claims)

    def groups(self) -> list[tuple[str, list[Hit]]]:
        """The page's hits under their headings, in order."""
        out: list[tuple[str, list[Hit]]] = []
        for hit in self.hits:
            if not out or out[-1][0] != hit.heading:
                out.append((hit.heading, []))
            out[-1][1].append(hit)
        return out


@dataclass
class Term:
    """One word of the query and what it accepts: itself, its completions, typo corrections."""

    text: str
    prefix: bool  # the word being typed: any word starting with it matches
    alternatives: tuple[str, ...] = ()  # corrections of a typo (whole words)

    def weight(self, word: str) -> float:
        """How well ``word`` (folded) matches: 1 as typed, 0.5 a completion or correction, 0 not."""
        if word == self.text:
            return 1.0
        if (self.prefix and word.startswith(self.text)) or word in self.alternatives:
            return 0.5
        return 0.0

    def fts(self, completions: tuple[str, ...] | None = None) -> str:
        """This term as an FTS5 expression: quoted words only (``completions`` replace ``"x"*``)."""
        if completions is not None:
            parts = [quote(w) for w in completions]
        else:
            parts = [quote(self.text) + ("*" if self.prefix else "")]
        parts += [quote(w) for w in self.alternatives if w not in (completions or ())]
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def quote(word: str) -> str:
    """An FTS5 string: inside double quotes every character is literal (quotes doubled)."""
    return '"' + word.replace('"', '""') + '"'


fold_word = lru_cache(maxsize=1 << 16)(fold)


def parse(query: str) -> list[Term]:
    """The query's words, folded; the last one is a prefix unless a space follows it."""
    folded = fold(query[:MAX_INPUT])
    matches = list(WORD.finditer(folded))
    terms: list[Term] = []
    seen: set[str] = set()
    for n, m in enumerate(matches[:MAX_TERMS]):
        word = m.group()[:MAX_TERM_LENGTH]
        if not word or word in seen:
            continue
        seen.add(word)
        last = n == len(matches) - 1
        typing = last and m.end() == len(folded)
        terms.append(Term(word, prefix=typing or len(m.group()) > MAX_TERM_LENGTH))
    return terms


def words(folded: str) -> list[str]:
    """The words of folded text (folding has already removed the accents)."""
    return WORD.findall(folded)


def fold_words(text: str) -> list[str]:
    """``words(fold(text))``; ASCII text (most names) only needs lower-casing."""
    return ASCII_WORD.findall(text.lower()) if text.isascii() else WORD.findall(fold(text))


def match_spans(text: str, terms: list[Term]) -> Spans:
    """Character ranges of ``text`` whose words match a term (only the typed part of a prefix)."""
    spans: list[tuple[int, int]] = []
    ascii_text = text.isascii()
    for m in ASCII_WORD.finditer(text.lower()) if ascii_text else WORD.finditer(text):
        word = m.group() if ascii_text else fold_word(m.group())
        for term in terms:
            if word == term.text or word in term.alternatives:
                spans.append(m.span())
                break
            if term.prefix and word.startswith(term.text):
                spans.append((m.start(), m.start() + _typed_length(m.group(), term.text)))
                break
    return tuple(spans)


@lru_cache(maxsize=1 << 12)
def _typed_length(word: str, prefix: str) -> int:
    """How many characters of ``word`` (as written) the folded ``prefix`` covers."""
    if word.isascii():
        return min(len(word), len(prefix))
    for k in range(1, len(word) + 1):
        if len(fold(word[:k])) >= len(prefix):
            while k < len(word) and re.match(f"[{_MARKS}]", word[k]):
                k += 1  # keep an accent with its letter
            return k
    return len(word)


def excerpt(text: str, spans: Spans, width: int) -> tuple[str, Spans]:
    """At most ``width`` characters of ``text`` around its first match, spans moved to suit."""
    if width <= 0:
        return "", ()
    if len(text) <= width:
        return text, spans
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 4, len(text) - width + 1))
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    lead = "…" if start else ""
    room = width - len(lead)
    end = start + room
    tail = ""
    if end < len(text):
        end -= 1
        tail = "…"
    out = lead + text[start:end] + tail
    shift = len(lead) - start
    moved = tuple(
        (max(s + shift, len(lead)), min(e + shift, len(lead) + end - start))
        for s, e in spans
        if e > start and s < end
    )
    return out, tuple((s, e) for s, e in moved if s < e)


# -- typo correction --------------------------------------------------------------------------


def max_typos(word: str) -> int:
    return 0 if len(word) < 3 else 1 if len(word) <= 6 else 2


def deletions(word: str, depth: int) -> set[str]:
    """Every string made by removing up to ``depth`` characters of ``word``."""
    out = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1 :] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


def distance(a: str, b: str, limit: int) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment), capped at limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class Vocabulary:
    """The words of every alias and source name, for telling a typo and finding its corrections.

    Corrections come from deletion indexes (a word under every string made by removing up to
    one or two of its characters), one per word length and built the first time a word of a
    near length needs one: a typo of five letters waits for three small indexes, not all of them.
    """

    def __init__(self, vocabulary: set[str] | frozenset[str]) -> None:
        self.words = frozenset(vocabulary)
        self.ordered = sorted(self.words)  # for prefixes: the first word not before one starts with it
        self.by_length: dict[int, list[str]] = {}
        for word in self.ordered:
            if len(word) >= 3:
                self.by_length.setdefault(len(word), []).append(word)
        self._indexes: dict[tuple[int, int], dict[str, list[str]]] = {}
        self._lock = threading.Lock()

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> Vocabulary:
        # All names in one string each: a space never joins two words, nor two names' accents.
        aliases = conn.execute("select group_concat(folded, ' ') from aliases").fetchone()[0] or ""
        names = conn.execute("select group_concat(name, ' ') from sources").fetchone()[0] or ""
        vocab = set(ANY_ASCII_WORD.findall(aliases) if aliases.isascii() else words(aliases))
        vocab.update(fold_words(names))
        return cls(vocab)

    def known(self, term: Term) -> bool:
        if term.text in self.words:
            return True
        if not term.prefix:
            return False
        at = bisect_left(self.ordered, term.text)
        return at < len(self.ordered) and self.ordered[at].startswith(term.text)

    def index(self, depth: int, length: int) -> dict[str, list[str]]:
        """The words of ``length`` letters under each of their deletions up to ``depth``."""
        found = self._indexes.get((depth, length))
        if found is None:
            with self._lock:
                found = self._indexes.get((depth, length))
                if found is None:
                    found = {}
                    for word in self.by_length.get(length, ()):
                        for variant in deletions(word, depth):
                            found.setdefault(variant, []).append(word)
                    self._indexes[(depth, length)] = found
        return found

    def warm(self) -> None:
        """Build every index a correction can need, one at a time (searches may come between)."""
        longest = max(self.by_length, default=0)
        for length in range(3, 8):
            self.index(1, length)
        for length in range(5, longest + 1):
            self.index(2, length)

    def corrections(self, word: str) -> tuple[str, ...]:
        """The vocabulary words nearest ``word`` within its typo allowance, best first.

        Within one edit, one deletion on each side always meets (a swap of neighbours too);
        within two, two. Only words of a length within the allowance can be near enough.
        """
        limit = max_typos(word)
        if not limit:
            return ()
        indexes = [self.index(limit, n) for n in range(max(3, len(word) - limit), len(word) + limit + 1)]
        found: dict[str, int] = {}
        for variant in deletions(word, limit):
            for index in indexes:
                for candidate in index.get(variant, ()):
                    if candidate not in found:
                        found[candidate] = distance(word, candidate, limit)
        near = [(d, w) for w, d in found.items() if d <= limit]
        if not near:
            return ()
        best = min(d for d, _ in near)
        return tuple(sorted(w for d, w in near if d == best))


# -- the searcher ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Named:
    """An entity or source candidate with its best-matching name so far."""

    kind: str
    id: int
    group: str
    name: str
    tier: int
    key: tuple[int, int, str]
    alias: str | None
    type: str | None
    side: str | None
    detail: str
    source_id: int | None = None


class Searcher:
    """Search over one connection; keeps what is worth loading once (vocabulary, table checks)."""

    def __init__(self, conn: sqlite3.Connection, rank_window: int = RANK_WINDOW) -> None:
        self.conn = conn
        self.rank_window = max(1, rank_window)
        self._vocabulary: Vocabulary | None = None
        self._vocabulary_lock = threading.Lock()
        tables = {
            r[0] for r in conn.execute("select name from sqlite_master where type in ('table', 'view')")
        }
        self.has_terms = TERMS_TABLE in tables
        row = conn.execute("select max(id) from claims").fetchone()
        self.claim_count = int(row[0] or 0)

    @property
    def vocabulary(self) -> Vocabulary:
        """The typo vocabulary, loaded once; a search arriving mid-load waits for that load.

        On a large database (tens of thousands of names) the words take tens of milliseconds
        and all the typo indexes a few hundred, so the search screen warms both in a worker
        as it opens; a typo before that is done builds only the indexes it needs.
        """
        if self._vocabulary is None:
            with self._vocabulary_lock:
                if self._vocabulary is None:
                    self._vocabulary = Vocabulary.load(self.conn)
        return self._vocabulary

    def search(self, query: str, limit: int = 50, offset: int = 0) -> SearchResults:
        """``limit`` hits from ``offset`` of the ranked sequence: names by group, then claims."""
        query = query[:MAX_INPUT]
        limit, offset = max(0, int(limit)), max(0, int(offset))
        terms = parse(query)
        if not terms:
            return SearchResults(query, (), (), (), offset, False, 0)
        named = self.named(terms)
        corrected: tuple[str, ...] = ()
        if not named:
            fixed = self.correct(terms)
            if fixed is not None:
                terms = fixed
                corrected = tuple(w for t in terms for w in t.alternatives[:1])
                named = self.named(terms, fuzzy=True)
        if not named and len(terms) > 1:
            named = self.named(terms, partial=True)
        page = [self.named_hit(n, terms) for n in named[offset : offset + limit]]
        need = limit - len(page)
        expr = self.claims_query(terms)
        more = offset + limit < len(named)
        if expr is not None:
            claims_offset = max(0, offset - len(named))
            if need:
                claims = self.claims(expr, terms, claims_offset, need + 1, fuzzy=bool(corrected))
                more = len(claims) > need
                page += claims[:need]
            elif not more:
                more = (
                    self.conn.execute(
                        "select 1 from claims_fts where claims_fts match ? limit 1", (expr,)
                    ).fetchone()
                    is not None
                )
        return SearchResults(
            query,
            tuple(t.text for t in terms),
            corrected,
            tuple(page),
            offset,
            more,
            len(named),
        )

    # -- names ----------------------------------------------------------------------------------

    def correct(self, terms: list[Term]) -> list[Term] | None:
        """Terms with typo corrections for the words no name contains, or None if none apply."""
        vocab = self.vocabulary
        changed = False
        out: list[Term] = []
        for term in terms:
            alternatives: tuple[str, ...] = ()
            if not vocab.known(term):
                alternatives = vocab.corrections(term.text)
                changed = changed or bool(alternatives)
            out.append(Term(term.text, term.prefix, alternatives))
        return out if changed else None

    def named(self, terms: list[Term], fuzzy: bool = False, partial: bool = False) -> list[_Named]:
        """Entities and sources whose names match, ranked and grouped, at most ``NAMED_CAP``.

        Per entity or source the best-ranked name stands (the first of equals, in row order).
        """
        ranker = NameRanker(terms, fuzzy, partial)
        best: dict[tuple[str, int], _Named] = {}
        if len(ranker.qkey) == 1:
            rows = self.rows(
                f"{ALIAS_SELECT} where a.folded >= ? and a.folded < ? limit ?",
                (ranker.qkey, chr(ord(ranker.qkey) + 1), ALIAS_CANDIDATES),
            )
            source_rows: list[tuple] = []
        else:
            joiner = " OR " if partial else " AND "
            expr = joiner.join(t.fts() for t in terms if t.text)
            rows = self.rows(
                f"{ALIAS_SELECT} where a.id in ({FTS_IDS.format(table='aliases_fts')})",
                (expr, ALIAS_CANDIDATES),
            )
            source_rows = self.rows(
                f"{SOURCE_SELECT} where s.id in ({FTS_IDS.format(table='sources_fts')})",
                (expr, ALIAS_CANDIDATES),
            )
        for _, entity_id, alias, name, etype, side, description in rows:
            tier, key = ranker.rank(alias)
            if tier is None:
                continue
            old = best.get(("entity", entity_id))
            if old is None or key < old.key:
                best[("entity", entity_id)] = _Named(
                    "entity",
                    entity_id,
                    etype or "entity",
                    name,
                    tier,
                    key,
                    alias if alias != name else None,
                    etype,
                    side,
                    description or "",
                )
        sources_of = self.sources_of_entities([k[1] for k in best if k[0] == "entity"])
        for source_id, name, stype, side, entity_id in source_rows:
            if entity_id is not None and ("entity", entity_id) in best:
                continue  # the entity already stands for this source
            tier, key = ranker.rank(name)
            if tier is None:
                continue
            old = best.get(("source", source_id))
            if old is None or key < old.key:
                best[("source", source_id)] = _Named(
                    "source",
                    source_id,
                    "source",
                    name,
                    tier,
                    key,
                    None,
                    stype,
                    side,
                    SOURCE_LABELS.get(stype, ""),
                )
        for (kind, ident), cand in best.items():
            if kind == "entity":
                cand.source_id = sources_of.get(ident)
        group_rank: dict[str, tuple[int, int]] = {}
        for cand in best.values():
            rank = (cand.tier, GROUP_ORDER.get(cand.group, len(GROUP_ORDER)))
            group_rank[cand.group] = min(group_rank.get(cand.group, rank), rank)
        ranked = sorted(best.values(), key=lambda c: (group_rank[c.group], c.group, c.key, c.name, c.id))
        return ranked[:NAMED_CAP]

    def rows(self, sql: str, params: tuple) -> list[tuple]:
        """``sql``'s rows as plain tuples (the connection may hand out ``sqlite3.Row``: slower)."""
        cursor = self.conn.cursor()
        cursor.row_factory = None
        return cursor.execute(sql, params).fetchall()

    def sources_of_entities(self, entity_ids: list[int]) -> dict[int, int]:
        """The source each of these entities is, for those that are one."""
        return self.by_id(
            f"select entity_id, min(id) from sources where entity_id in {IDS} group by entity_id", entity_ids
        )

    def by_id(self, sql: str, ids: list[int]) -> dict[int, Any]:
        """``sql`` (id, value rows for the ids passed as its one parameter) as a dict."""
        if not ids:
            return {}
        return {r[0]: r[1] for r in self.conn.execute(sql, (id_list(ids),))}

    def named_hit(self, cand: _Named, terms: list[Term]) -> Hit:
        return Hit(
            kind=cand.kind,
            id=cand.id,
            group=cand.group,
            text=cand.name,
            spans=match_spans(cand.name, terms),
            match=MATCHES[cand.tier],
            alias=cand.alias,
            alias_spans=match_spans(cand.alias, terms) if cand.alias else (),
            type=cand.type,
            side=cand.side,
            detail=cand.detail,
            source_id=cand.source_id,
        )

    # -- claims ---------------------------------------------------------------------------------

    def claims_query(self, terms: list[Term]) -> str | None:
        """The FTS5 expression for claims holding every term, or None when none can match.

        A lone letter being typed is left out: names only, never a prefix over every claim.
        """
        parts = []
        for term in searchable(terms):
            completions = self.completions(term)
            if completions == () and not term.alternatives:
                return None  # no claim holds any word starting so
            parts.append(term.fts(completions))
        return " AND ".join(parts) if parts else None

    def claims(self, expr: str, terms: list[Term], offset: int, limit: int, fuzzy: bool = False) -> list[Hit]:
        """Claims matching ``expr``: the first ``rank_window`` by BM25, the rest in text order."""
        marks = Marks(searchable(terms))
        window = [marks.tally(*r) for r in self.rows(MARKED_CLAIMS, (expr, self.rank_window + 1))]
        full = len(window) <= self.rank_window
        window = window[: self.rank_window]
        picked = [(c.id, c.highlighted) for c in self.rank(window, marks.terms)[offset : offset + limit]]
        if len(picked) < limit and not full:
            picked += self.rows(
                MARKED_CLAIMS_AFTER,
                (expr, window[-1].id, limit - len(picked), max(0, offset - len(window))),
            )
        sections = self.sections([cid for cid, _ in picked])
        match = "fuzzy" if fuzzy else "text"
        hits = []
        for cid, highlighted in picked:
            text, spans = marks.read(highlighted)
            hits.append(Hit("claim", cid, "claim", text, spans, match, detail=sections.get(cid, "")))
        return hits

    def completions(self, term: Term) -> tuple[str, ...] | None:
        """With a terms table, the commonest words a prefix stands for; None to let FTS5 expand it."""
        if not (term.prefix and self.has_terms):
            return None
        rows = self.conn.execute(
            f"select term from {TERMS_TABLE} where term >= ? and term < ? order by docs desc limit ?",
            (term.text, term.text + "\U0010ffff", PREFIX_EXPANSION),
        ).fetchall()
        return tuple(r[0] for r in rows)

    def rank(self, claims: list[Tally], terms: list[Term]) -> list[Tally]:
        """Claims by BM25 (k1 1.2, b 0.75, length in characters), best first; ties in text order."""
        if not claims:
            return []
        avgdl = sum(c.length for c in claims) / len(claims) or 1.0
        idf = self.idf(terms, claims)
        scored = []
        for c in claims:
            norm = BM25_K1 * (1 - BM25_B + BM25_B * c.length / avgdl)
            score = sum(w * tf * (BM25_K1 + 1) / (tf + norm) for w, tf in zip(idf, c.tf, strict=True) if tf)
            scored.append((-score, c.id, c))
        scored.sort(key=lambda x: (x[0], x[1]))
        return [c for _, _, c in scored]

    def idf(self, terms: list[Term], claims: list[Tally]) -> list[float]:
        """Each term's inverse document frequency: from the terms table, else from the window."""
        out = []
        for k, term in enumerate(terms):
            if self.has_terms:
                n = max(self.claim_count, len(claims))
                known = [term.text, *term.alternatives, *(self.completions(term) or ())]
                row = self.conn.execute(
                    f"select sum(docs) from {TERMS_TABLE} where term in (select value from json_each(?))",
                    (json.dumps(sorted(set(known))),),
                ).fetchone()
                docs = min(n, row[0] or 0)
            else:
                n = len(claims)
                docs = sum(1 for c in claims if c.tf[k])
            out.append(math.log((n - docs + 0.5) / (docs + 0.5) + 1))
        return out

    def sections(self, claim_ids: list[int]) -> dict[int, str]:
        """The title of the section each claim stands in."""
        sql = (
            "select c.id, coalesce(s.title, '') from claims c left join sections s on s.id = c.section_id "
            f"where c.id in {IDS}"
        )
        return self.by_id(sql, claim_ids)


ALIAS_SELECT = (
    "select a.id, a.entity_id, a.alias, e.name, e.type, e.side, e.description "
    "from aliases a join entities e on e.id = a.entity_id"
)
# FTS5 marks each matched word between these (private-use characters, absent from articles).
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
MARKED = (
    "select rowid, highlight(claims_fts, 0, char(57344), char(57345)) "
    "from claims_fts where claims_fts match ?"
)
MARKED_CLAIMS = f"{MARKED} limit ?"
MARKED_CLAIMS_AFTER = f"{MARKED} and rowid > ? limit ? offset ?"  # the matches after the ranked window
FTS_IDS = "select rowid from {table} where {table} match ? limit ?"
SOURCE_SELECT = "select s.id, s.name, s.type, s.side, s.entity_id from sources s"
SOURCE_LABELS = {
    "article": "the article itself",
    "belligerent": "belligerent",
    "armed_group": "armed group",
    "ngo": "NGO",
    "news_media": "news media",
    "journalist_historian": "journalist or historian",
    "witness_resident": "witness or resident",
    "local_official": "local official",
    "intelligence_service": "intelligence service",
    "unknown": "unknown",
}


class Marks:
    """Reads FTS5's marks for one query's terms: which term a marked word is, and how well.

    An exact word counts 1, a completion or correction 0.5. A word being typed is highlighted
    only as far as typed; tokenisation is FTS5's own, so what is marked is what matched. Words
    repeat from row to row, so each is folded and matched once per query.
    """

    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        self._seen: dict[str, tuple[int, float]] = {}

    def match(self, word: str) -> tuple[int, float]:
        """(index of the term ``word`` matches, weight), or (-1, 0)."""
        found = self._seen.get(word)
        if found is None:
            folded = fold_word(word)
            found = next(((k, w) for k, t in enumerate(self.terms) if (w := t.weight(folded))), (-1, 0.0))
            self._seen[word] = found
        return found

    def tally(self, rowid: int, highlighted: str) -> Tally:
        """What ranking needs of a marked row: its length and each term's weighted count."""
        pieces = highlighted.split(MARK_OPEN)
        tf = [0.0] * len(self.terms)
        for piece in pieces[1:]:
            k, weight = self.match(piece.partition(MARK_CLOSE)[0])
            if k >= 0:
                tf[k] += weight
        return Tally(rowid, highlighted, len(highlighted) - 2 * (len(pieces) - 1), tuple(tf))

    def read(self, highlighted: str) -> tuple[str, Spans]:
        """The row's plain text and the ranges to highlight in it."""
        pieces = highlighted.split(MARK_OPEN)
        text = [pieces[0]]
        at = len(pieces[0])
        spans = []
        for piece in pieces[1:]:
            word, closed, rest = piece.partition(MARK_CLOSE)
            if not closed:  # a mark character in the text itself: keep it as text
                word, rest = "", piece
            if word:
                end = at + len(word)
                k, weight = self.match(word)
                if 0 < weight < 1:
                    term = self.terms[k]
                    if term.prefix and fold_word(word).startswith(term.text):
                        end = at + _typed_length(word, term.text)
                spans.append((at, end))
            text.append(word + rest)
            at += len(word) + len(rest)
        return "".join(text), tuple(spans)


class Tally(NamedTuple):
    """A matching claim as ranking sees it (a NamedTuple: a window makes hundreds per keystroke)."""

    id: int
    highlighted: str
    length: int
    tf: tuple[float, ...]


def searchable(terms: list[Term]) -> list[Term]:
    """The terms claims are searched for: all but a single letter still being typed."""
    return [t for t in terms if len(t.text) > 1 or not t.prefix or t.alternatives]


class NameRanker:
    """Ranks names against one query's terms: exact > prefix > word > fuzzy > partial.

    Candidates share words (first names, "Movement", "Brigade"): each is weighed once.
    """

    def __init__(self, terms: list[Term], fuzzy: bool = False, partial: bool = False) -> None:
        self.terms = terms
        self.fuzzy = fuzzy
        self.partial = partial
        self.qkey = " ".join(t.text for t in terms)
        self.qcompact = "".join(t.text for t in terms)
        self.typing = terms[-1].prefix
        self._bits: dict[str, tuple[int, int]] = {}

    def rank(self, name: str) -> tuple[int | None, tuple]:
        """A name's match tier (index into ``MATCHES``) and sort key, or None when it does not match."""
        toks = fold_words(name)
        key = " ".join(toks)
        compact = "".join(toks)  # the name without its spaces: "CPA-10" is "cpa 10" is "cpa10"
        if key == self.qkey or compact == self.qcompact:
            return 0, (0, 0, key)
        extra = len(key) - len(self.qkey)
        if self.typing and (key.startswith(self.qkey) or compact.startswith(self.qcompact)):
            return 1, (1, extra, key)
        matched, exact = self.weigh(toks)
        if matched == len(self.terms):
            if exact or not self.fuzzy:
                return 2, (2, extra, key)
            return 3, (3, extra, key)
        if self.partial and matched:
            return 4, (4, len(self.terms) - matched, key)
        return None, ()

    def weigh(self, toks: list[str]) -> tuple[int, bool]:
        """How many terms some word matches, and whether each of them matches one as typed."""
        matched = exact = 0  # bit k: term k matches a word (exactly)
        for word in toks:
            bits = self._bits.get(word)
            if bits is None:
                bits = self._bits[word] = self.word_bits(word)
            matched |= bits[0]
            exact |= bits[1]
        return matched.bit_count(), exact == (1 << len(self.terms)) - 1

    def word_bits(self, word: str) -> tuple[int, int]:
        """The terms ``word`` matches, and those it matches as typed, as bit sets."""
        matched = exact = 0
        for k, term in enumerate(self.terms):
            weight = term.weight(word)
            if weight:
                matched |= 1 << k
            if weight == 1.0:
                exact |= 1 << k
        return matched, exact


# Searchers by connection: the vocabulary is loaded once per connection (kept for a few of them).
_SEARCHERS: OrderedDict[int, Searcher] = OrderedDict()
_KEEP = 4


def searcher_for(conn: sqlite3.Connection) -> Searcher:
    """The ``Searcher`` of this connection, made on first use."""
    found = _SEARCHERS.get(id(conn))
    if found is None or found.conn is not conn:
        found = Searcher(conn)
        _SEARCHERS[id(conn)] = found
    _SEARCHERS.move_to_end(id(conn))
    while len(_SEARCHERS) > _KEEP:
        _SEARCHERS.popitem(last=False)
    return found


def search(conn: sqlite3.Connection, query: str, limit: int = 50, offset: int = 0) -> SearchResults:
    """Search names and claims for ``query``; any input is safe (see the module's docstring)."""
    return searcher_for(conn).search(query, limit, offset)
