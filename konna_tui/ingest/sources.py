"""Who says each claim, and through which outlet it reached the article.

Every claim gets at least one attribution: a speaker found by a cue ("According to X", "For X,",
"X estimated", "confirmed by X"), a speaker carried from the sentence before ("He states"), a
curated one, or the article itself, explicitly (source ``article``). Infobox fields are the
article's own summary and are attributed to it with the cue ``infobox``.

Chains keep both ends visible: the speaker is the source, the outlet is ``via`` ("a merchant from
Konna told Reuters", "a military source" reported by Jeune Afrique, "Colonel Didier Dacko told
him" in the French colonel's account).

Source types follow the architecture's vocabulary. Two choices the text cannot settle:
"a military source" is typed ``belligerent`` (someone in an army) with no side, since the text
never says whose army; a "security source" is ``unknown``: it need not belong to any belligerent.

Curated files: ``<stem>.sources.csv`` names, types and sides sources by the words that introduce
them; ``<stem>.attributions.csv`` adds or drops an attribution on the claim holding its text.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from dataclasses import dataclass

from konna_tui.ingest.article import Article, Claim
from konna_tui.ingest.curation import CuratedRow, Curation
from konna_tui.ingest.dates import DateSpan, article_dates
from konna_tui.ingest.entities import (
    DEMONYMS,
    claims_holding,
    folded,
    forget_index,
    mention_spans,
    slugify,
    word_set,
)
from konna_tui.ingest.entities import Span as MentionSpan
from konna_tui.ingest.records import Attribution, Entity, Source

SOURCE_TYPES = (
    "article",
    "belligerent",
    "armed_group",
    "ngo",
    "news_media",
    "journalist_historian",
    "witness_resident",
    "local_official",
    "intelligence_service",
    "unknown",
)
ARTICLE = Source("article", "Wikipedia article (own voice)", "article")
UNNAMED = Source("unnamed-reports", "Unnamed reports (no source given)", "unknown")

# Head nouns of a speaker phrase -> source type. Checked word by word, left to right.
HEAD_TYPES: dict[str, str] = {}
for _type, _names in {
    "witness_resident": "resident residents inhabitant inhabitants villager villagers witness witnesses "
    "eyewitness eyewitnesses teacher merchant trader shopkeeper farmer fisherman survivor survivors "
    "refugee refugees people population locals doctor nurse imam",
    "belligerent": "officer officers soldier soldiers captain lieutenant colonel general commander army "
    "military staff government minister ministry spokesman spokesperson authorities official officials "
    "troops forces command",
    "journalist_historian": "analyst analysts historian historians reporter reporters journalist journalists "
    "researcher researchers expert experts specialist specialists writer author observer observers",
    "news_media": "newspaper newspapers daily weekly agency radio television channel magazine press media",
    "local_official": "mayor governor prefect sub-prefect councillor",
    "intelligence_service": "services intelligence",
    "unknown": "source sources reports report",
}.items():
    for _w in _names.split():
        HEAD_TYPES[_w] = _type
# Heads standing for the organisation they belong to: "leaders of Ansar Dine" speak for Ansar Dine.
COLLECTIVE_HEADS = {
    "leaders",
    "leader",
    "leadership",
    "members",
    "representatives",
    "spokesman",
    "spokesperson",
    "staff",
    "command",
    "headquarters",
}
NGO_RE = re.compile(
    r"watch|amnesty|red cross|red crescent|médecins|doctors without|human rights|crisis group", re.I
)
INTEL_RE = re.compile(r"intelligence|\bDGSE\b|\bDGSI\b|security services|secret service", re.I)
# Words that introduce what a speaker produced rather than the speaker: "a report by HRW".
CARRIER_RE = re.compile(  # matched where a phrase starts
    r"(?:(?:a|an|the|an?\s+initial|the\s+first)\s+)?(?:report|statement|statements|testimony|testimonies|"
    r"account|accounts|communiqu[ée]|press release|release|estimate|assessment|count|figures|video)"
    r"\s+(?:by|from|of)\s+",
    re.I,
)
DETERMINERS = {"a", "an", "the", "some", "one", "certain"}
# Speaker phrases pointing back to a speaker already named ("According to the first, ..."), after _norm.
BACK_REFERENCES = {"first", "second", "latter", "former", "which", "whom", "him", "her", "them"}
PRONOUNS = {"he", "she", "they", "it"}
NOT_SPEAKERS = ("place", "equipment")  # entity types
STOP_SPEAKER_WORDS = (
    "their|his|her|its|our|my|this|that|these|those|added|example|instance|part|now|once|all|"
    "him|them|us|me|which|what|how|why|where|when|for|to|in|on|at|from|by|with|as|of|after|before"
)
CUT_WORDS = word_set(
    """dozens hundreds thousands several many most all one two three four five six seven eight nine ten
    eleven twelve fifteen twenty thirty forty fifty sixty hundred he she they it its his their there these
    this were was is are had has have would will could should may might did do does the more less fewer
    about around over nearly almost up who which whom whose where when"""
)
ADVERBS = {
    "also",
    "then",
    "still",
    "only",
    "later",
    "initially",
    "first",
    "himself",
    "herself",
    "themselves",
    "itself",
    "again",
    "however",
    "officially",
    "publicly",
    "reportedly",
    "allegedly",
    "moreover",
    "further",
    "even",
    "finally",
    "subsequently",
}

VERBS = (
    r"estimated|estimates|claimed|claims|claim|said|sayd|says|states|stated|told|tells|reported|announced|"
    r"announces|indicated|indicates|confirmed|confirms|confirm|denied|denies|recognizes|recognized|"
    r"recognises|recognised|acknowledged|acknowledges|admitted|admits|explained|explains|asserted|asserts|"
    r"affirmed|affirms|evoke|evokes|publishes|published|released\s+a\s+statement|maintained|maintains|"
    r"argued|argues|alleged|alleges|believes|added|adds|puts?\s+the\s+(?:death\s+)?toll"
)


def _by_first_letter(alternatives: str) -> str:
    """The same alternation, its words grouped by first letter: words that start differently never match
    at the same place, so only the order within a letter counts, and each position tries one group."""
    groups: dict[str, list[str]] = {}
    for word in alternatives.split("|"):
        groups.setdefault(word[0], []).append(word[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


VERB_RE = re.compile(rf"(?<![\w-])(?P<verb>{_by_first_letter(VERBS)})(?![\w-])")
# VERB_RE after the character before the verb: a pattern opening on a plain character class lets the regex
# skip letters and digits (most of a text) without trying a match there; the lookbehind keeps \w exact, and
# the lookahead on the verbs' first letters skips most spaces without entering the alternation.
VERB_AFTER_RE = re.compile(
    rf"[^A-Za-z0-9_\-](?=[{''.join(sorted({w[0] for w in VERBS.split('|')}))}])(?<![\w-])"
    rf"(?P<verb>{_by_first_letter(VERBS)})(?![\w-])"
)
STOP_SPEAKER = re.compile(rf"^(?:{_by_first_letter(STOP_SPEAKER_WORDS)})\b", re.I)
# "(?<![\w-])word" written "w(?<![\w-].)ord": a pattern opening on letters lets the regex skip to them.
NOT_AFTER_WORD = r"(?<![\w-].)"
_N = NOT_AFTER_WORD
PASSIVE_RE = re.compile(
    rf"(?:i{_N}s|a{_N}re|w{_N}as|w{_N}ere|b{_N}een|b{_N}e)\s+(?:(?:also|however|still|initially|later|first|"
    r"then|widely|partly)\s+)*(?P<verb>reported|confirmed|estimated|claimed|announced|denied|defended|"
    r"contested|challenged|disputed|emitted|put\s+forward|advanced|given|cited|quoted|questioned|corroborated|"
    r"refuted)\s+by\s+"
)
ACCORDING_RE = re.compile(rf"[Aa]{_N}ccording\s+to\s+")
FOR_RE = re.compile(r"^(?P<cue>For)\s+")
TO_RE = re.compile(r"^(?P<cue>To)\s+")
_SAID_TO = r"\s+(?:reported|said|thought|believed|alleged)\s+to"
HEDGE_RE = re.compile(
    rf"(?:r{_N}eportedly|a{_N}llegedly|i{_N}s{_SAID_TO}|a{_N}re{_SAID_TO}|w{_N}as{_SAID_TO}|w{_N}ere{_SAID_TO})"
    r"(?![\w-])"
)
# Every hedge holds one of these (one search, the regex skipping to their first letters).
HEDGE_NEEDLES = ("reported", "alleged", "said", "thought", "believed")
HEDGE_NEEDLE_RE = re.compile("|".join(HEDGE_NEEDLES))
# Words before a verb that make it no speaker's: "is said", "to claim", "the claims".
NOT_BEFORE_A_SPEAKERS_VERB = frozenset(
    ("is", "are", "was", "were", "be", "been", "being", "to", "the", "a", "an", "and")
)
OPENING_CUES = ("For", "To")
OUTLET_RE = re.compile(
    r",\s*(?:a\s+|the\s+)?(?:reporter|journalist|correspondent|editor|analyst|researcher|historian|"
    r"spokesman|spokesperson)\s+(?:for|of|at|with)\s+(?P<outlet>[^,.;()]{2,60}?)\s*(?=[,.;])"
)
# Patterns the rules below read (compiled once: most run for every cued sentence).
WORDS_RE = re.compile(r"[\w'’-]+")
APPOSITION_RE = re.compile(r"[\w'’-]+\s+")
INDEFINITE_RE = re.compile(r"(?:an?|another|one)\s", re.I)
MILITARY_RE = re.compile(r"\bmilitary\b|\barmy\b|\bdefen[cs]e\b")
LOCAL_RE = re.compile(r"\blocal\b|\bresidents?\b")
SERVICES_RE = re.compile(r"intelligence|secret|security|\bservices\b")
QUOTES_RE = re.compile(r"[\"“”]")
OPENS_CLAUSE_RE = re.compile(r"(?:.*[,;]\s*)?(?:however,?\s*)?(?:[Oo]n|[Ii]n)?\s*")
EVENT_WORD_RE = re.compile(r"\b(?:killed|died|fought|fighting|wounded)\b")
COMMA_FIRST_RE = re.compile(r"\s*,.*")
TOLD_ON_RE = re.compile(r"\s+(?:\w+\s+)?on\s+")
ENDS_ON_RE = re.compile(r"\b(?:on|in|of)\s+$")
TOLD_OBJECT_RE = re.compile(r"\s+(?P<o>(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})")
# "Le Monde reported, citing a French military source, that...": the one cited is the source, and the
# subject of the verb relays it.
CITING_RE = re.compile(r",?\s+citing\s+")
OF_OUTLET_RE = re.compile(r"\s+of\s+(?:the\s+)?(?P<outlet>[A-Z][\w'’ -]{1,40})$")
AND_SPLIT_RE = re.compile(r"\s+and\s+|,\s+")
THAT_RE = re.compile(r"\s+that\s+")
PUBLISHED_RE = re.compile(r"reported|said|wrote|published")
HIM_RE = re.compile(r"\s+(?:him|her|them|us)\b")
COMMA_RE = re.compile(r",\s+")
ISO_DATE_RE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
VIA_BY_RE = re.compile(
    r"(?:contacted|interviewed|questioned|quoted|cited|reached)\s+by\s+(?P<outlet>[^,.;]{2,60})$"
)


@dataclass(slots=True)
class _Found:
    """A speaker found in a claim, before it is resolved to a source."""

    phrase: str
    start: int  # absolute offset of the phrase
    cue_start: int
    cue_end: int
    method: str = "cue"
    via_phrase: str | None = None
    via_start: int = -1
    context: str = ""  # words before the phrase that may name its kind ("Another witness, named ...")
    context_start: int = -1
    said_on: str | None = None
    relayed: bool = False  # the via phrase is whoever relays the speaker, of any kind (not only an outlet)


class _Resolver:
    """Turns speaker phrases into sources: curated rows, then entities, then head nouns."""

    def __init__(self, article: Article, entities: list[Entity], curation: Curation) -> None:
        self.article = article
        self.entities = {e.slug: e for e in entities}
        self.sources: dict[str, Source] = {ARTICLE.slug: ARTICLE}
        # Rows with a `match` apply where they are anchored; rows without one set a source's fields.
        self.by_phrase: dict[str, list[tuple[int, int, CuratedRow]]] = {}
        self.by_slug: dict[str, CuratedRow] = {}
        self.rows_by_slug: dict[str, CuratedRow] = {}
        self.first_claim: dict[str, int] = {}
        self.numbered: dict[str, tuple[int, int]] = {}  # base slug -> (numbers held before, by claims <)
        self.by_demonym: dict[str, Source] = {}
        # Places and equipment never speak: only the other mentions are kept.
        speaking = {slug for slug, e in self.entities.items() if e.type not in NOT_SPEAKERS}
        # (start, end, entity slug, claim) of each: sources read no mention's text, so none is built.
        self.mentions = [m for m in mention_spans(article, entities) if m[2] in speaking]
        self.mention_starts = [m[0] for m in self.mentions]
        self.mention_ends = [m[1] for m in self.mentions]
        for row in curation.rows("sources"):
            self._load_row(curation, row)

    def _load_row(self, curation: Curation, row: CuratedRow) -> None:
        pos = curation.locate(row)
        slug = row.get("slug")
        if not slug:
            raise row.error("empty 'slug' column")
        stype = row.get("type")
        if stype and stype not in SOURCE_TYPES:
            raise row.error(f"type {stype!r} is not one of {', '.join(SOURCE_TYPES)}")
        entity = row.get("entity")
        if entity and entity not in self.entities:
            raise row.error(f"entity {entity!r} is not a known entity slug")
        match = row.get("match")
        if match:
            if match not in row.get("text"):
                raise row.error(f"match {match!r} does not occur in the expected text {row.get('text')!r}")
            span = (pos, pos + len(row.get("text")), row)
            self.by_phrase.setdefault(_norm(match), []).append(span)
        else:
            self.by_slug.setdefault(slug, row)
        self.rows_by_slug.setdefault(slug, row)

    # -- resolution -------------------------------------------------------------------------

    def mentions_in(self, start: int, end: int) -> list[MentionSpan]:
        """Mentions of speaking entities inside [start, end): they are sorted and never overlap, so a bisect
        finds them."""
        k = bisect.bisect_left(self.mention_starts, start)
        return self.mentions[k : bisect.bisect_right(self.mention_ends, end, k)]

    def resolve(self, phrase: str, start: int, context: str = "", context_start: int = -1) -> Source | None:
        """The source a speaker phrase names, or None when it names no speaker."""
        facts = _phrase_facts(phrase)
        if facts is None:
            return None
        phrase, norm, words, heads, first_head_pos = facts
        end = start + len(phrase)
        for lo, hi, row in self.by_phrase.get(norm, ()):
            if lo <= start and end <= hi:
                return self._from_row(row)
        ms = self.mentions_in(start, end)
        if ms:
            lead = (
                ms[0]
                if len(ms) == 1
                else next((m for m in ms if self.entities[m[2]].type == "person"), ms[0])
            )
            ent = self.entities[lead[2]]
            head_first = first_head_pos is not None and start + first_head_pos < lead[0]
            if first_head_pos is not None and APPOSITION_RE.fullmatch(
                self.article.text, start + first_head_pos, lead[0]
            ):
                head_first = (
                    False  # "the newspaper Jeune Afrique", "the reporter Jean-Paul Mari": an apposition
                )
            collective = heads and heads[0] in COLLECTIVE_HEADS
            if ent.type == "person" or not head_first or collective or _is_demonym_of(heads, ent):
                kind = heads[0] if heads and ent.type == "person" else _first_head(context)
                src = self._from_entity(ent, kind, context)
                if ent.type == "person" and src.type == "unknown" and ent.slug not in self.by_slug:
                    self._speaks_for(src, phrase, ms, context, context_start)
                return src
        if heads:
            return self._generic(phrase, heads[0], context, start)
        demonym = words[-1] if words and words[-1] in DEMONYMS else None
        if demonym and len(words) <= 2:
            return self._demonym_source(demonym)
        if "A" <= phrase[0] <= "Z" and len(words) <= 5 and not phrase.isupper():
            return self._named(phrase, context)
        return None

    def _speaks_for(
        self, src: Source, phrase: str, ms: list[MentionSpan], context: str, context_start: int
    ) -> None:
        """ "MNLA spokesman X", "A spokesman for Ansar Dine, X": a person speaking for a group or army."""
        around = list(ms)
        if context_start >= 0:
            around += self.mentions_in(context_start, context_start + len(context))
        groups = [
            self.entities[m[2]]
            for m in around
            if self.entities[m[2]].type in ("armed_group", "state_force", "unit", "organisation")
        ]
        if groups:
            src.type = _entity_type(groups[0], None)
            src.side = src.side or groups[0].side
            return
        side = _belligerent_side(f"{context} {phrase}")
        if side:
            src.type, src.side = "belligerent", src.side or side

    # Each ``_from_*`` returns the source already registered under the slug it would register: a source
    # is built once, not again for every speaker naming it.

    def _from_row(self, row: CuratedRow) -> Source:
        slug = row.get("slug")
        have = self.sources.get(slug)
        if have is not None:
            return have
        entity = row.get("entity") or (slug if slug in self.entities else None)
        ent = self.entities.get(entity) if entity else None
        name = row.get("name") or (ent.name if ent else _display(row.get("match") or row.get("text")))
        side = row.get("side") or (ent.side if ent else None)
        stype = row.get("type") or (_entity_type(ent, None) if ent else "unknown")
        return self._register(Source(slug, name, stype, side or None, entity))

    def _from_entity(self, ent: Entity, head: str | None, context: str) -> Source:
        have = self.sources.get(ent.slug)
        if have is not None:
            return have
        row = self.by_slug.get(ent.slug)
        if row:
            return self._from_row(row)
        stype = _entity_type(ent, head or _context_head(context))
        return self._register(Source(ent.slug, ent.name, stype, ent.side, ent.slug))

    def _generic(self, phrase: str, head: str, context: str, start: int) -> Source:
        name, slug, one_of_many = _generic_name(phrase, head)
        if one_of_many:
            # "a resident of Konna" in two sentences need not be the same person: one source per sentence.
            claim = self.article.claim_at(start)
            number = self._number(slug, claim.index if claim is not None else -1)
            if number > 1:
                slug, name = f"{slug}-{number}", f"{name} ({number})"
        have = self.sources.get(slug)
        if have is not None:
            return have
        row = self.by_slug.get(slug)
        if row:
            return self._from_row(row)
        stype = HEAD_TYPES[head]
        low = folded(phrase)
        if head in ("source", "sources") and MILITARY_RE.search(low):
            stype = "belligerent"
        if head in ("reports", "report", "sources", "source") and LOCAL_RE.search(low):
            stype = "witness_resident"
        if head in ("services",) and not SERVICES_RE.search(low):
            stype = "unknown"
        if head in ("forces", "troops", "command") and not _side_of(phrase):
            stype = "unknown"
        side = _side_of(phrase) if stype not in ("witness_resident", "news_media") else None
        if stype == "unknown" and side == "islamists":
            stype = "armed_group"
        return self._register(Source(slug, name, stype, side))

    def _number(self, base: str, here: int) -> int:
        """The first of ``base``, ``base-2``, ``base-3``... that no other claim holds (1 for ``base``).

        Claims come in order, so the numbers held by claims before this one stay held: the search
        starts after them instead of at 1 (from 1, a text repeating "a resident" n times took n² steps).
        """
        number, since = self.numbered.get(base, (1, here))
        if since > here:
            number = 1  # an earlier claim than the last one asking: search from the start
        passed = number
        while True:
            held = self.first_claim.setdefault(base if number == 1 else f"{base}-{number}", here)
            if held == here:
                break
            if held < here and passed == number:
                passed += 1
            number += 1
        self.numbered[base] = (passed, here)
        return number

    def _demonym_source(self, demonym: str) -> Source:
        """ "The French", "the Malians": the army of that side when the article has one."""
        have = self.by_demonym.get(demonym)
        if have is None:
            have = self.by_demonym[demonym] = self._demonym_army(demonym)
        return have

    def _demonym_army(self, demonym: str) -> Source:
        side = DEMONYMS[demonym]
        force = next(
            (
                e
                for e in self.entities.values()
                if e.type == "state_force" and e.side == side and "Operation" not in e.name
            ),
            None,
        )
        if force:
            return self._from_entity(force, None, "")
        name = demonym.capitalize()
        return self._register(
            Source(slugify(name), name, "armed_group" if side == "islamists" else "belligerent", side)
        )

    def _named(self, phrase: str, context: str) -> Source:
        name = _display(phrase)
        slug = slugify(name)
        have = self.sources.get(slug)
        if have is not None:
            return have
        row = self.by_slug.get(slug)
        if row:
            return self._from_row(row)
        head = _context_head(context)
        stype = HEAD_TYPES.get(head, "unknown") if head else "unknown"
        return self._register(Source(slug, name, stype, _side_of(phrase)))

    def _register(self, src: Source) -> Source:
        have = self.sources.get(src.slug)
        if have is not None:
            return have
        self.sources[src.slug] = src
        return src


@functools.lru_cache(maxsize=65536)
def _belligerent_side(words: str) -> str | None:
    """The side named in words that also name someone in an army ("a French officer"), else None: read
    once per phrase and context."""
    if any(HEAD_TYPES.get(w) == "belligerent" for w in _lower_words(words)):
        return _side_of(words)
    return None


@functools.lru_cache(maxsize=65536)
def _generic_name(phrase: str, head: str) -> tuple[str, str, bool]:
    """A generic speaker's name and slug, and whether it is one of many ("a resident", not "residents"):
    read once per phrase."""
    name = _display(phrase)
    return name, slugify(" ".join(name.split()[:7])), bool(INDEFINITE_RE.match(phrase)) and not _plural(head)


def _plural(noun: str) -> bool:
    return noun.endswith("s") and not noun.endswith("ss") and noun not in ("news", "press")


PhraseFacts = tuple[str, str, tuple[str, ...], tuple[str, ...], int | None]


@functools.lru_cache(maxsize=65536)
def _phrase_facts(phrase: str) -> PhraseFacts | None:
    """What ``resolve`` reads from a phrase's text alone, read once per phrase: the phrase stripped, its
    ``_norm``, lowered words, head nouns and where the first head starts; None when it names no speaker."""
    phrase = phrase.strip()
    if not phrase or STOP_SPEAKER.match(phrase):
        return None
    norm = _norm(phrase)
    if norm in BACK_REFERENCES:
        return None
    words = _lower_words(phrase)
    heads = tuple(w for w in words if w in HEAD_TYPES)
    return phrase, norm, words, heads, _first_word_pos(phrase, heads[0]) if heads else None


def _first_word_pos(phrase: str, word: str) -> int | None:
    m = _whole_word(word).search(phrase)
    return m.start() if m else None


@functools.lru_cache(maxsize=1024)
def _whole_word(word: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.I)


@functools.lru_cache(maxsize=65536)
def _lower_words(text: str) -> tuple[str, ...]:
    """The words of a phrase (``[\\w'’-]+``), each lower-cased."""
    return tuple(w.lower() for w in WORDS_RE.findall(text))


def _first_head(context: str) -> str | None:
    """The first head noun among the words of ``context``."""
    if not context:
        return None
    return next((w for w in _lower_words(context) if w in HEAD_TYPES), None)


def _is_demonym_of(heads: tuple[str, ...], ent: Entity) -> bool:
    return (
        bool(heads)
        and heads[0] in ("army", "military", "government", "forces", "troops")
        and ent.side is not None
    )


def _context_head(context: str) -> str | None:
    if not context:
        return None
    for w in WORDS_RE.findall(context.lower()):
        if w in HEAD_TYPES and HEAD_TYPES[w] in (
            "journalist_historian",
            "witness_resident",
            "local_official",
        ):
            return w
    return None


def _entity_type(ent: Entity, head: str | None) -> str:
    """A source type for an entity, read from its type, side and name, and the words around it."""
    if head and HEAD_TYPES.get(head) in ("journalist_historian", "witness_resident", "local_official"):
        return HEAD_TYPES[head]
    if ent.type == "media":
        return "news_media"
    if ent.type == "armed_group" or ent.side == "islamists":
        return "armed_group"
    if ent.type in ("state_force", "unit"):
        return "belligerent"
    if ent.type == "organisation":
        if INTEL_RE.search(ent.name) or INTEL_RE.search(" ".join(ent.aliases)):
            return "intelligence_service"
        if NGO_RE.search(ent.name):
            return "ngo"
        return "belligerent" if ent.side else "unknown"
    if ent.type == "person":
        desc = (ent.description or "").lower()
        for word_re, stype in DESCRIPTION_TYPES:
            if word_re.search(desc):
                return stype
        return "belligerent" if ent.side else "unknown"
    return "unknown"


DESCRIPTION_TYPES = tuple(
    (re.compile(rf"\b{word}"), stype)
    for word, stype in (
        ("mayor", "local_official"),
        ("governor", "local_official"),
        ("reporter", "journalist_historian"),
        ("journalist", "journalist_historian"),
        ("historian", "journalist_historian"),
        ("analyst", "journalist_historian"),
        ("researcher", "journalist_historian"),
        ("witness", "witness_resident"),
        ("resident", "witness_resident"),
    )
)


@functools.lru_cache(maxsize=65536)
def _side_of(phrase: str) -> str | None:
    for w in WORD_RE.findall(phrase):
        side = DEMONYMS.get(w.lower())
        if side:
            return side
    return None


@functools.lru_cache(maxsize=65536)
def _norm(phrase: str) -> str:
    """Matching form of a speaker phrase: folded, without leading determiners or quotes."""
    words = WORDS_RE.findall(folded(phrase))
    while words and words[0] in DETERMINERS:
        words.pop(0)
    return " ".join(words)


@functools.lru_cache(maxsize=65536)
def _display(phrase: str) -> str:
    """A speaker phrase as a name: no leading determiner or quotes, first letter capitalised."""
    phrase = QUOTES_RE.sub("", phrase).strip(" ,")
    words = phrase.split()
    while len(words) > 1 and words[0].lower() in DETERMINERS:
        words.pop(0)
    name = " ".join(words)
    return name[:1].upper() + name[1:]


# ---------------------------------------------------------------------------------------------
# Finding speaker phrases in a claim.


NON_SPACE_RE = re.compile(r"\S+")
PHRASE_END_RE = re.compile(r",(?!\d)|[;()]|\.(?=\s|$)|\s(?:that|while|but|whereas)\s")


def _phrase_after(text: str, pos: int) -> tuple[int, int]:
    """The speaker phrase starting at ``pos``: up to a comma or clause break, at most 12 words."""
    m = PHRASE_END_RE.search(text, pos)
    end = m.start() if m else len(text)
    if m and m.group() in ",;()" and len(text[pos:end].split()) <= 12:
        # "According to the French colonel who commanded the ... at Sévaré, ..."
        while end and text[end - 1].isspace():
            end -= 1
        return pos, end
    return pos, pos + _words_kept(text[pos:end])


@functools.lru_cache(maxsize=65536)
def _words_kept(clause: str) -> int:
    """How much of a clause after a cue its speaker phrase keeps: the words before a word that cannot be
    in one ("dozens", "who", a number), at most 12, without trailing quotes (read once per clause)."""
    cut = len(clause)
    words = list(NON_SPACE_RE.finditer(clause))
    for k, w in enumerate(words):
        token = w.group().strip("\"'“”").lower()
        if (
            k > 0
            and (token in CUT_WORDS or token[:1].isdigit())
            and not (
                token == "the"
                and words[k - 1].group().lower() in ("of", "by", "from", "to", "at", "near", "for")
            )
        ):
            cut = w.start()
            break
        if k >= 12:
            cut = w.start()
            break
    while cut > 0 and clause[cut - 1] in " \t\"'“”":
        if clause[cut - 1] in '"”' and _closes_a_quote(clause, cut - 1):
            break
        cut -= 1
    return cut


def _closes_a_quote(text: str, at: int) -> bool:
    """Whether the quotation mark at ``at`` closes one opened before it: ``"Le Monde"`` keeps its last mark,
    the end of a quotation opened before the phrase does not."""
    before = text[:at]
    if text[at] == '"':
        return before.count('"') % 2 == 1
    return before.count("“") > before.count("”")


DIGIT_RE = re.compile(r"\d")
DATE_TAIL_RE = re.compile(r"\s+(?:on|in)\s+(?:\d{1,2}\s+)?[A-Z][a-z]+(?:\s+\d{1,2})?,?\s*(?:\d{4})?$")


def _strip_carrier(text: str, start: int, end: int) -> tuple[int, int]:
    """ "a report by Human Rights Watch" -> "Human Rights Watch" (and a trailing date: "on 23 April 2013")."""
    cut_start, cut_end = _carrier_cuts(text[start:end])
    return start + cut_start, end - cut_end


@functools.lru_cache(maxsize=65536)
def _carrier_cuts(phrase: str) -> tuple[int, int]:
    """How many characters ``_strip_carrier`` cuts from the start and the end of a phrase (read once each)."""
    m = CARRIER_RE.match(phrase)
    start = m.end() if m else 0
    end = len(phrase)
    if DIGIT_RE.search(phrase, start):  # the date needs a digit
        tail = DATE_TAIL_RE.search(phrase[start:])
        if tail and DIGIT_RE.search(tail.group()):
            end = start + tail.start()
    return start, len(phrase) - end


RELATIVE_END_RE = re.compile(r"(?:^|[\s,])(who|which|that)$")
CLAUSE_BREAK_RE = re.compile(  # (?<!\w.) after a word's first letter: \b before the word
    r",\s*|;\s*|\.\s+|"
    + "|".join(
        rf"{w[0]}(?<!\w.){w[1:]}\s+" for w in ("that", "while", "but", "whereas", "and", "because", "since")
    )
)
BE_RE = re.compile(r"\s(?:is|are|was|were)\s")
AGENT_RE = re.compile(r"\s(?:by|on)\s")
NAMED_RE = re.compile(r"named\s+|called\s+")


def _subject_before(text: str, pos: int, last: tuple[str, int] | None) -> tuple[int, int, str, int]:
    """The subject of a verb at ``pos``: (start, end, context, context start). ``last`` is the word
    before the verb (``_last_word(text, pos)``, which the caller has read).

    Skips adverbs, a comma before the verb and "who" clauses.

    The context is the comma-separated part before the subject ("Another witness" in "Another witness,
    named Mohammed, claims"), which may say what kind of speaker the subject is.
    """
    end = pos
    while True:  # an adverb stands alone: after white space or first
        if last and (last[1] == 0 or text[last[1] - 1].isspace()) and last[0].lower() in ADVERBS:
            end = last[1]
            last = _last_word(text, end)
            continue
        break
    seg = text[:end].rstrip().rstrip(",").rstrip()
    relative = RELATIVE_END_RE.search(seg) if seg.endswith(("who", "which", "that")) else None
    if relative:
        seg = seg[: relative.start(1)].rstrip().rstrip(",").rstrip()
    else:
        who = seg.rfind(", who ")
        if who >= 0 and "," not in seg[who + 6 :]:
            seg = seg[:who]
    stop = len(seg)
    breaks = [b.end() for b in CLAUSE_BREAK_RE.finditer(seg)]  # the last two clauses
    start = breaks[-1] if breaks else 0
    context_start = breaks[-2] if len(breaks) > 1 else 0
    # "this report is challenged by testimonies of residents", "is based on the testimony of a resident":
    # after a form of "to be", the noun phrase after the last "by" or "on".
    be = [m.end() for m in BE_RE.finditer(seg, start)]
    if be:
        start = be[-1]
        agent = [m.end() for m in AGENT_RE.finditer(seg, start)]
        if agent:
            start = agent[-1]
    context = seg[context_start:start]
    named = NAMED_RE.match(seg, start, stop)
    if named:
        start = named.end()
    return start, stop, context, context_start


def _said_on(
    dates: list[DateSpan], claim: Claim, cue_start: int, cue_end: int, prev_cue_end: int
) -> str | None:
    """When the claim was made: a date opening the clause before the cue, or "told him on 10 January"."""
    text = claim.text
    for span in dates:
        if span.begin is None or span.precision not in ("day", "month") or span.kind == "relative_day":
            continue
        if not (claim.start <= span.start < claim.end):
            continue
        rel_s, rel_e = span.start - claim.start, span.end - claim.start
        if prev_cue_end <= rel_s and rel_e <= cue_start:
            between = text[rel_e:cue_start]
            if (
                COMMA_FIRST_RE.fullmatch(between)
                and OPENS_CLAUSE_RE.fullmatch(text, max(prev_cue_end, 0), rel_s)
                and not EVENT_WORD_RE.search(between)
            ):
                return span.begin[:10] if span.precision == "day" else span.begin[:7]
        if cue_end <= rel_s and TOLD_ON_RE.fullmatch(text, cue_end, rel_s):
            return span.begin[:10] if span.precision == "day" else span.begin[:7]
        if cue_start <= rel_s and rel_e <= cue_end and ENDS_ON_RE.search(text[cue_start:rel_s]):
            return (
                span.begin[:10] if span.precision == "day" else span.begin[:7]
            )  # "a report ... on 23 April 2013"
    return None


WORD_RE = re.compile(r"[\w-]+")


def _last_word(text: str, end: int) -> tuple[str, int] | None:
    """The word (``[\\w-]+``: ``str.isalnum``, ``_`` or ``-``) that ``text[:end]`` ends on, after any
    white space, and where it starts. Read backwards, character by character: a regex anchored at the
    end would try every position before it."""
    # Where text[:end] ends (without min and max, which cost a call each).
    stop = (
        (end if end < len(text) else len(text)) if end >= 0 else (len(text) + end if -end < len(text) else 0)
    )
    while stop and text[stop - 1].isspace():
        stop -= 1
    start = text.rfind(" ", 0, stop) + 1  # most words: letters back to a space
    if not text[start:stop].isalnum():
        start = stop
        while start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
            start -= 1
    return (text[start:stop], start) if start < stop else None


Verb = tuple[int, int, str]  # a speaker's verb in a sentence: start, end, the verb
Span = tuple[int, int]
NO_VERBS: list[Verb] = []  # never changed


def find_speakers(claim_text: str, offset: int = 0) -> list[_Found]:
    """Every speaker cue in one sentence, in order. Offsets are ``offset`` + position in the text.

    Pure text rules (no entities, no curation), so any sentence can go through it safely.
    """
    verbs = [(m.start(), m.end(), m.group("verb")) for m in VERB_RE.finditer(claim_text)]
    hedge = HEDGE_RE.search(claim_text) if HEDGE_NEEDLE_RE.search(claim_text) else None
    return _speakers(claim_text, offset, verbs, hedge.span() if hedge else None)


QUOTE_MARKS = {('"', '"'), ("“", "”")}  # (opening, closing) marks a speaker's whole name may stand in


def _add_found(
    found: list[_Found],
    text: str,
    offset: int,
    ps: int,
    pe: int,
    cs: int,
    ce: int,
    context: str = "",
    relay: tuple[str, int] | None = None,
) -> bool:
    """Add the speaker phrase ``text[ps:pe]`` (without its carrier) of a cue at ``cs:ce``, if any is left;
    whether it was. ``relay``: the phrase of whoever relays the speaker, and where it starts in ``text``."""
    ps, pe = _strip_carrier(text, ps, pe)
    if pe - ps > 2 and (text[ps], text[pe - 1]) in QUOTE_MARKS and text[ps] not in text[ps + 1 : pe - 1]:
        # "according to “Libération”": the name is what the marks hold; the cue keeps them.
        ps, pe = ps + 1, pe - 1
    phrase = text[ps:pe]
    if not phrase.strip() or pe <= ps:
        return False
    via, via_start = (relay[0], offset + relay[1]) if relay else (None, -1)
    found.append(
        _Found(
            phrase, offset + ps, offset + cs, offset + ce, "cue", via, via_start, context, relayed=bool(relay)
        )
    )
    return True


BeforeVerb = tuple[int, int, int, int, int, str, int, str | None, int]


@functools.lru_cache(maxsize=65536)
def _before_verb(before: str, verb: str) -> BeforeVerb | None:
    """What the verb rule of ``_speakers`` reads in the sentence ``before`` a speaker's verb, read once
    per sentence opening ("The French army said", "A resident of Konna told" open many sentences):
    None when the verb names no speaker there; else the subject (start, end), the speaker phrase
    (start, end; -1 when a pronoun opening the sentence carries the speaker before), where the cue
    starts, the context and its start, and an outlet named "... by X" in the context with where to
    seek it from. Everything here lies before the verb; what follows it is read by the caller."""
    verb_start = len(before)
    prev = before_verb = _last_word(before, verb_start)
    k = verb_start
    while prev and prev[0].lower() in ADVERBS:
        k = prev[1]
        prev = _last_word(before, k)
    if prev and prev[0].lower() in NOT_BEFORE_A_SPEAKERS_VERB:
        return None
    if verb in ("claim", "confirm") and prev and prev[0].lower() in ("a", "the", "this"):
        return None
    ss, se, context, context_start = _subject_before(before, verb_start, before_verb)
    if se <= ss or se - ss > 120:
        return None
    subject_words = before[ss:se].split()
    if subject_words and subject_words[0].lower() in PRONOUNS:
        return (ss, se, -1, -1, ss, "", -1, None, -1) if ss == 0 and len(subject_words) == 1 else None
    cue_start = context_start if _context_head(context) else ss  # "Another witness, named Mohammed, claims"
    vb = VIA_BY_RE.search(context.rstrip(", ")) if "by" in context else None
    via_by, via_from = (vb.group("outlet"), max(0, ss - len(context) - 2)) if vb else (None, -1)
    ps, pe = _strip_carrier(before, ss, se)
    if not before[ps:pe].strip() or pe <= ps:
        return None
    return ss, se, ps, pe, cue_start, context, context_start, via_by, via_from


def _speakers(text: str, offset: int, verbs: list[Verb], hedge: Span | None) -> list[_Found]:
    """``find_speakers``, given the sentence's verbs (``VERB_RE``) and first hedge (``HEDGE_RE``)."""
    found: list[_Found] = []
    for m in ACCORDING_RE.finditer(text) if "ccording" in text else ():
        ps, pe = _phrase_after(text, m.end())
        _add_found(found, text, offset, ps, pe, m.start(), pe)
    for rx in (FOR_RE, TO_RE) if text.startswith(OPENING_CUES) else ():
        opening = rx.match(text)
        if opening:
            ps, pe = _phrase_after(text, opening.end())
            if pe < len(text) and text[pe] == ",":
                words = WORDS_RE.findall(text, ps, pe)
                capital = any(w[:1].isupper() for w in words)
                head = any(w.lower() in HEAD_TYPES for w in words)
                if (capital or head) and len(words) <= 8:
                    _add_found(found, text, offset, ps, pe, opening.start(), pe, text[ps:pe])
    for m in PASSIVE_RE.finditer(text) if "by" in text else ():
        ps, pe = _phrase_after(text, m.end())
        _add_found(found, text, offset, ps, pe, m.start("verb"), pe)
    for verb_start, verb_end, verb in verbs:
        before = _before_verb(text[:verb_start], verb)
        if before is None:
            continue
        ss, se, ps, pe, cue_start, context, context_start, via_by, via_from = before
        if ps < 0:  # "He states" opening the sentence: the speaker of the sentence before
            found.append(_Found(text[ss:se], offset + ss, offset + ss, offset + verb_end, method="carried"))
            continue
        via_phrase, via_start = None, -1
        if verb in ("told", "tells"):
            obj = TOLD_OBJECT_RE.match(text, verb_end)
            if obj and obj.group("o").split()[-1] not in ("On", "In"):
                via_phrase, via_start = obj.group("o"), obj.start("o")
        if via_by is not None:
            via_phrase, via_start = via_by, text.find(via_by, via_from)
        cited = CITING_RE.match(text, verb_end) if via_phrase is None else None
        if cited is not None:
            cs, ce = _phrase_after(text, cited.end())
            if _add_found(found, text, offset, cs, ce, cue_start, ce, relay=(text[ps:pe], ps)):
                continue
        cue_end = verb_end if via_phrase is None or via_start < verb_end else via_start + len(via_phrase)
        found.append(
            _Found(
                text[ps:pe],
                offset + ps,
                offset + cue_start,
                offset + cue_end,
                "cue",
                via_phrase,
                offset + via_start,
                context,
                offset + context_start if context_start >= 0 else -1,
            )
        )
    if hedge:
        found.append(_Found("", -1, offset + hedge[0], offset + hedge[1], method="hedge"))
    if len(found) > 1:
        found.sort(key=_found_order)
    return found


# ---------------------------------------------------------------------------------------------
# Attribution.


def attribute(
    article: Article, entities: list[Entity], curation: Curation
) -> tuple[list[Source], list[Attribution]]:
    """Sources and at least one attribution for every claim of the article."""
    res = _Resolver(article, entities, curation)
    dates_by_claim = article_dates(article).running  # read in one pass: each from those before it
    cues = _article_cues(article)
    attributions: list[Attribution] = []
    last_speaker: tuple[str, str | None] | None = None
    for k, claim in enumerate(article.claims):
        if claim.kind == "infobox":
            attributions.append(
                Attribution(claim.index, ARTICLE.slug, None, "infobox", None, None, "article")
            )
            continue
        verbs, hedge = cues.verbs.get(k, NO_VERBS), cues.hedges.get(k)
        # Only sentences holding a cue can name a speaker: the others are the article's own.
        if not _holds_cue(claim.text, verbs, hedge):
            attributions.append(Attribution(claim.index, ARTICLE.slug, None, None, None, None, "article"))
            last_speaker = None
            continue
        found = _speakers(claim.text, claim.start, verbs, hedge)
        if not found:  # "by" in a sentence no passive cue holds ("retaken by the army")
            attributions.append(Attribution(claim.index, ARTICLE.slug, method="article"))
            last_speaker = None
            continue
        mine = _claim_attributions(res, claim, dates_by_claim.get(claim.index, []), last_speaker, found)
        speakers = [a for a in mine if a.source not in (ARTICLE.slug, UNNAMED.slug)]
        if speakers:
            last_speaker = (speakers[-1].source, speakers[-1].via)
        elif not mine:
            last_speaker = None
        if not mine:
            mine = [Attribution(claim.index, ARTICLE.slug, method="article")]
        if len(mine) > 1:  # claims come in order: sorted claim by claim, the list is sorted
            mine.sort(key=_cue_order)
        attributions.extend(mine)
    if curation.rows("attributions"):
        attributions = _apply_curated(res, curation, attributions)
        covered = {a.claim for a in attributions}
        for claim in article.claims:
            if claim.index not in covered:
                attributions.append(Attribution(claim.index, ARTICLE.slug, method="article"))
        attributions.sort(key=lambda a: (a.claim, _cue_order(a)))
    used = {a.source for a in attributions} | {a.via for a in attributions if a.via}
    sources = [s for s in res.sources.values() if s.slug in used]
    forget_index(article)  # the last stage to read the entities' lookups
    return sources, attributions


@dataclass
class _Cues:
    """Where an article's claims hold a speaker's verb (``VERB_RE``) or a hedge (``HEDGE_RE``), by the
    claim's place in ``article.claims``; offsets are in the claim's text."""

    verbs: dict[int, list[Verb]]
    hedges: dict[int, Span]  # the first hedge


def _article_cues(article: Article) -> _Cues:
    """Verbs of every claim from one scan of their texts, each after a NUL (``VERB_AFTER_RE`` reads the
    character before a verb: the NUL stands for a claim's start), rather than a regex call per claim;
    hedges from ``_first_hedges``."""
    claims = article.claims
    texts = [c.text for c in claims]
    starts = list(itertools.accumulate((len(t) + 1 for t in texts), initial=1))
    verbs: dict[int, list[Verb]] = {}
    for m in VERB_AFTER_RE.finditer("\0" + "\0".join(texts)):
        at = m.start("verb")
        k = bisect.bisect_right(starts, at) - 1
        verbs.setdefault(claims[k].index, []).append((at - starts[k], m.end() - starts[k], m.group("verb")))
    return _Cues(verbs, _first_hedges(article))


def _first_hedges(article: Article) -> dict[int, Span]:
    """The first hedge of each claim, searched only in the claims holding one of its words: a few
    ``str.find`` passes over the article cost half a regex scan of it, and hedges are rare."""
    hedges: dict[int, Span] = {}
    for claim in claims_holding(article, HEDGE_NEEDLES):
        m = HEDGE_RE.search(claim.text)
        if m:
            hedges[claim.index] = m.span()
    return hedges


def _holds_cue(text: str, verbs: list[Verb], hedge: Span | None) -> bool:
    """Whether ``find_speakers`` may find a cue in a sentence with these verbs and hedge: its other cues
    need "ccording", "by" or an opening "For"/"To"."""
    return (
        bool(verbs)
        or hedge is not None
        or "ccording" in text
        or "by" in text
        or text.startswith(OPENING_CUES)
    )


def _found_order(f: _Found) -> int:
    return f.cue_start


def _cue_order(a: Attribution) -> int:
    """Where an attribution's cue starts in the text; before every cue when it has none."""
    return a.cue_start if a.cue_start is not None else -1


def _claim_attributions(
    res: _Resolver,
    claim: Claim,
    dates: list[DateSpan],
    last_speaker: tuple[str, str | None] | None,
    found: list[_Found],
) -> list[Attribution]:
    """The attributions of one claim, from the speakers ``find_speakers`` found in it."""
    text = claim.text
    out: list[Attribution] = []
    prev_end = 0
    hedge = None
    for f in found:
        if f.method == "hedge":
            hedge = f
            continue
        rel_cs, rel_ce = f.cue_start - claim.start, f.cue_end - claim.start
        # "He states" opening the sentence, or "According to the first": the speaker of the sentence before.
        if f.method == "carried" or _norm(f.phrase) in BACK_REFERENCES:
            if last_speaker and not out:
                speaker, via = last_speaker
                cue = text[rel_cs:rel_ce]
                out.append(Attribution(claim.index, speaker, via, cue, f.cue_start, f.cue_end, "carried"))
            continue
        src = res.resolve(f.phrase, f.start, f.context, f.context_start)
        if src is None:
            continue
        via = None
        if f.via_phrase:
            outlet = res.resolve(f.via_phrase, f.via_start, "" if f.relayed else "newspaper")
            if outlet is not None and (f.relayed or outlet.type == "news_media") and outlet.slug != src.slug:
                via = outlet.slug
        if via is None and "of" in f.phrase:
            src, via = _split_outlet(res, f, src)
        said_on = _said_on(dates, claim, rel_cs, rel_ce, prev_end) if dates else None
        # "Jean-Paul Mari, reporter for Le Nouvel Observateur, ...": the outlet he writes for.
        after = f.start - claim.start + len(f.phrase)
        app = OUTLET_RE.match(text, after) if text.startswith(",", after) else None
        if app and via is None:
            outlet = res.resolve(app.group("outlet"), claim.start + app.start("outlet"), "newspaper")
            if outlet is not None and outlet.type == "news_media":
                via = outlet.slug
                if src.type == "unknown":
                    src.type = "journalist_historian"
        for part in _split_and(res, f, src) if " and " in f.phrase else (src,):
            out.append(
                Attribution(
                    claim.index, part.slug, via, text[rel_cs:rel_ce], f.cue_start, f.cue_end, "cue", said_on
                )
            )
        prev_end = rel_ce
    if len(out) > 1:
        out = _chain(res, text, claim, out)
    if hedge is not None and not [a for a in out if a.source != ARTICLE.slug]:
        rel = hedge.cue_start - claim.start, hedge.cue_end - claim.start
        res._register(UNNAMED)
        out.append(
            Attribution(
                claim.index, UNNAMED.slug, None, text[rel[0] : rel[1]], hedge.cue_start, hedge.cue_end, "cue"
            )
        )
        if text[rel[0] : rel[1]].endswith("ly"):
            out.append(Attribution(claim.index, ARTICLE.slug, method="article"))
    return _dedupe(out)


def _split_outlet(res: _Resolver, f: _Found, src: Source) -> tuple[Source, str | None]:
    """ "a 'regional security source' of the AFP": the speaker, reached through the outlet after "of"
    (``f`` has no outlet yet)."""
    via = None
    m = OF_OUTLET_RE.search(f.phrase)
    if not m:
        return src, via
    outlet = res.resolve(m.group("outlet"), f.start + m.start("outlet"), "newspaper")
    if outlet is None or outlet.type != "news_media":
        return src, via
    speaker = f.phrase[: m.start()]
    inner = res.resolve(speaker, f.start, f.context)
    if inner is None or inner.slug == outlet.slug:
        return src, via
    return inner, outlet.slug


def _split_and(res: _Resolver, f: _Found, src: Source) -> list[Source]:
    """ "RFI and Al Jazeera" (the phrase holds " and "): two speakers, unless the whole phrase is one name."""
    if src.entity:
        ent = res.entities.get(src.entity)
        if ent and any(folded(n) == folded(f.phrase.strip()) for n in [ent.name, *ent.aliases]):
            return [src]
    parts = []
    pos = 0
    for chunk in AND_SPLIT_RE.split(f.phrase):
        at = f.phrase.find(chunk, pos)
        pos = at + len(chunk)
        one = res.resolve(chunk, f.start + at, f.context)
        if one is None:
            return [src]
        parts.append(one)
    return parts if len(parts) > 1 else [src]


def _chain(res: _Resolver, text: str, claim: Claim, out: list[Attribution]) -> list[Attribution]:
    """Speakers heard through another: "X reported that according to Y", "According to X, Y told him"."""
    chained: list[Attribution] = []
    skip: set[int] = set()
    for i, a in enumerate(out):
        if i in skip:
            continue
        nxt = out[i + 1] if i + 1 < len(out) else None
        if nxt is None or None in (a.cue_start, a.cue_end, nxt.cue_start, nxt.cue_end):
            chained.append(a)
            continue
        assert a.cue_start is not None and a.cue_end is not None
        assert nxt.cue_start is not None and nxt.cue_end is not None
        a_start, a_end = a.cue_start - claim.start, a.cue_end - claim.start
        n_start, n_end = nxt.cue_start - claim.start, nxt.cue_end - claim.start
        between = text[a_end:n_start]
        outer = res.sources[a.source]
        if THAT_RE.fullmatch(between) and outer.type == "news_media" and PUBLISHED_RE.search(a.cue or ""):
            # "the newspaper Jeune Afrique reported that according to a military source"
            nxt.via = nxt.via or a.source
            nxt.said_on = nxt.said_on or a.said_on
            nxt.cue, nxt.cue_start = text[a_start:n_end], a.cue_start
            continue
        him = HIM_RE.match(text, n_end)
        if (
            (a.cue or "").lower().startswith("according to")
            and COMMA_RE.fullmatch(between)
            and him is not None
            and (nxt.cue or "").endswith(("told", "said"))
        ):
            # "According to the French colonel ..., Colonel Didier Dacko told him"
            nxt.via = nxt.via or a.source
            nxt.cue_start, nxt.cue_end = a.cue_start, nxt.cue_end + him.end() - n_end
            nxt.cue = text[a_start : him.end()]
            chained.append(nxt)
            skip.add(i + 1)
            continue
        chained.append(a)
    return chained


def _dedupe(out: list[Attribution]) -> list[Attribution]:
    if len(out) < 2:
        return out
    seen: set[tuple[str, str | None]] = set()
    kept = []
    for a in out:
        key = (a.source, a.via)
        if key in seen:
            continue
        seen.add(key)
        kept.append(a)
    return kept


def _apply_curated(res: _Resolver, curation: Curation, attributions: list[Attribution]) -> list[Attribution]:
    """Rows of ``<stem>.attributions.csv``: add a source to a claim, or drop one the rules gave it."""
    article = curation.article
    for row in curation.rows("attributions"):
        pos = curation.locate(row)
        claim = article.claim_at(pos)
        if claim is None:
            raise row.error(f"expected text {row.get('text')!r} is not inside a sentence")
        action = row.get("action", "add")
        slug = row.get("source")
        if action not in ("add", "drop"):
            raise row.error(f"action must be add or drop, not {action!r}")
        if action == "drop":
            before = len(attributions)
            attributions = [a for a in attributions if not (a.claim == claim.index and a.source == slug)]
            if len(attributions) == before:
                raise row.error(
                    f"no attribution to {slug!r} on the claim holding {row.get('text')!r} to drop"
                )
            continue
        src = res.sources.get(slug) or _curated_source(res, row, slug)
        via = row.get("via") or None
        if via and via not in res.sources:
            via_src = _curated_source(res, row, via)
            via = via_src.slug
        cue = row.get("cue") or None
        cue_start = cue_end = None
        if cue:
            at = curation.locate(row, text=cue, within=(claim.start, claim.end), occurrence=1)
            cue_start, cue_end = at, at + len(cue)
        said_on = row.get("said_on") or None
        if said_on and not ISO_DATE_RE.fullmatch(said_on):
            raise row.error(f"said_on {said_on!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        attributions = [
            a
            for a in attributions
            if not (a.claim == claim.index and a.source == ARTICLE.slug and a.method == "article")
        ]
        attributions.append(
            Attribution(claim.index, src.slug, via, cue, cue_start, cue_end, "curated", said_on)
        )
    return attributions


def _curated_source(res: _Resolver, row: CuratedRow, slug: str) -> Source:
    if slug in res.sources:
        return res.sources[slug]
    if slug in res.rows_by_slug:
        return res._from_row(res.rows_by_slug[slug])
    if slug in res.entities:
        return res._from_entity(res.entities[slug], None, "")
    raise row.error(f"source {slug!r} is neither a curated source nor an entity slug")
