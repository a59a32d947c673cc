"""Entities (people, groups, forces, units, equipment, places, organisations, media), where each is
named, and the roles the text gives them.

Curated rows (``<stem>.entities.csv``, ``<stem>.roles.csv``) come first: each is anchored to the
exact words it annotates and stops the build when those words are gone. Standard-library rules then
find what curation did not name, so that an article nobody curated still gets its commanders,
places, units and equipment: infobox fields, titled persons, acronyms and their expansions, ordinal
units, "Operation X", equipment designations, places after prepositions and capitalised names.
A rule's find is merged into an entity already known by any of its names.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from konna_tui.ingest.article import Article, Claim
from konna_tui.ingest.curation import CuratedRow, Curation
from konna_tui.ingest.patterns import word_tree
from konna_tui.ingest.records import Entity, Mention, Role
from konna_tui.text import fold

ENTITY_TYPES = ("person", "armed_group", "state_force", "unit", "equipment", "place", "organisation", "media")
SIDE_RE = re.compile(r"[a-z][a-z_]*")
SIDELESS = ("place", "media")  # a town or a newspaper takes no side, whatever adjective stands before it


def word_set(text: str) -> frozenset[str]:
    """The words of a multi-line string, as a set (for word lists)."""
    return frozenset(text.split())


def fewest_needles(words: Iterable[str]) -> tuple[str, ...]:
    """Words to look for so that a text holding any of ``words`` holds one of them: a word holding
    another ("claims" holds "claim") needs no search of its own."""
    unique = list(dict.fromkeys(words))
    return tuple(w for w in unique if not any(o != w and o in w for o in unique))


# ---------------------------------------------------------------------------------------------
# Word lists the rules read. They name kinds of words, never the answer for one article.

TITLES = (
    "Colonel Major",
    "Lieutenant-Colonel",
    "Lieutenant Colonel",
    "Brigadier General",
    "Major General",
    "General",
    "Gen.",
    "Colonel",
    "Col.",
    "Captain",
    "Capt.",
    "Lieutenant",
    "Lt.",
    "Admiral",
    "Adm.",
    "Commander",
    "Commandant",
    "Sergeant",
    "Major",
    "President",
    "Prime Minister",
    "Minister",
    "Mayor",
    "Governor",
    "Emir",
    "Sheikh",
)
# What the titles' pattern cannot match without (lower-case; "Colonel Major" holds "colonel").
TITLE_NEEDLES = fewest_needles(t.lower() for t in TITLES)
# Titles that count written in lower case ("the president Blaise Compaoré"); others only with a capital,
# so that the index of capitalised words finds them by their first word (``_titled_claims``).
LOWER_TITLES = ("president", "mayor", "emir")
TITLE_KEYS = tuple(dict.fromkeys(t.split(" ")[0].split("-")[0].rstrip(".").casefold() for t in TITLES))
# Connecting words allowed inside a name, between capitalised words.
PARTICLES = {
    "ag",
    "ould",
    "abu",
    "abou",
    "el",
    "le",
    "de",
    "du",
    "des",
    "la",
    "al",
    "ben",
    "bin",
    "ibn",
    "van",
}
PERSON_PARTICLES = {"ag", "ould", "abu", "abou", "ben", "bin", "ibn"}
NAME_CONNECTORS = {"of", "the", "and", "in", "for"}
# Demonym -> side. Only sides that fight in this kind of article; other demonyms give no side.
DEMONYMS = {
    "malian": "mali",
    "malians": "mali",
    "french": "france",
    "chadian": "chad",
    "chadians": "chad",
    "islamist": "islamists",
    "islamists": "islamists",
    "jihadist": "islamists",
    "jihadists": "islamists",
    "salafist": "islamists",
    "nigerien": "niger",
    "togolese": "togo",
    "senegalese": "senegal",
}
COUNTRIES = {
    "Mali": "mali",
    "France": "france",
    "Chad": "chad",
    "Niger": "niger",
    "Nigeria": "nigeria",
    "Burkina Faso": "burkina_faso",
    "Mauritania": "mauritania",
    "Algeria": "algeria",
    "Senegal": "senegal",
    "Togo": "togo",
    "Benin": "benin",
    "Guinea": "guinea",
    "Libya": "libya",
    "Morocco": "morocco",
    "Ivory Coast": "ivory_coast",
    "United States": "united_states",
    "United Kingdom": "united_kingdom",
}
ISLAMIST_WORDS = re.compile(
    r"ansar|jihad|qaeda|aqim|mujao|mojwa|boko haram|mulathameen|mourabitoun|islamist|islamic state|salafist",
    re.I,
)
UNIT_HEADS = {
    "regiment",
    "battalion",
    "brigade",
    "group",
    "company",
    "squadron",
    "division",
    "corps",
    "commando",
    "commandos",
    "legion",
    "detachment",
    "guard",
    "forces",
    "force",
}
STATE_HEADS = {"army", "military", "navy", "air force", "armed forces", "gendarmerie"}
ORG_HEADS = {
    "senate",
    "assembly",
    "council",
    "committee",
    "ministry",
    "government",
    "watch",
    "international",
    "cross",
    "crescent",
    "organization",
    "organisation",
    "union",
    "nations",
    "parliament",
    "commission",
    "hospital",
    "university",
    "court",
}
MEDIA_HEADS = {
    "media",
    "press",
    "news",
    "radio",
    "tv",
    "television",
    "times",
    "journal",
    "observateur",
    "post",
}
MEDIA_NOUNS = r"newspaper|daily|weekly|magazine|news agency|agency|radio|television channel|channel|website"
PLACE_HEADS = {
    "river",
    "valley",
    "mountains",
    "mountain",
    "region",
    "desert",
    "airport",
    "bridge",
    "lake",
    "province",
    "district",
    "city",
    "village",
    "plateau",
    "massif",
    "adrar",
}
PLACE_FIRST = {"adrar", "mount", "lake", "cape", "wadi", "oued", "gulf"}
COMPASS = {"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west"}
EVENT_HEADS = {
    "battle",
    "war",
    "conflict",
    "crisis",
    "intervention",
    "offensive",
    "campaign",
    "rebellion",
    "revolution",
    "agreement",
    "accords",
    "coup",
}
GROUP_HEADS = {"movement", "front", "brigade", "brigades", "katiba", "group", "groups", "coalition"}
EQUIPMENT_NOUNS = (
    r"helicopters?|fighter jets?|jets?|fighters?|tanks?|missiles?|aircraft|planes?|drones?|"
    r"rocket launchers?|multiple rocket launchers?|armou?red vehicles?|rifles?|bombers?|gunships?"
)
PLACE_WORDS_BEFORE = (
    "in",
    "at",
    "to",
    "from",
    "near",
    "towards",
    "toward",
    "into",
    "outside",
    "around",
    "via",
    "reached",
)
PLACE_PREPOSITIONS = (
    "|".join(PLACE_WORDS_BEFORE) + "|"
    r"(?:city|cities|town|towns|village|villages|region|regions|municipality|outskirts|north|south|east|west|"
    r"battle|Battle|airport)"
    r" of"
)
STOP = word_set(
    """The A An On In At For To From By With Without However But And Or If When While After Before During
    Since Until As According Among Both Only Then This That These Those Their Its His Her Some Several Many
    Another Other Two Three Four Five Six Seven Eight Nine Ten Around About Shortly Consequently Additionally
    Also Outside Inside Between Despite Although Though Unlike Like Further Furthermore Moreover Meanwhile
    There Here It He She They We I Street Total Estimated Various Most All No Yes Each Every Neither Either
    Finally First Second Third
    Next Last Early Late Mid January February March April May June July August September October November
    December Monday Tuesday Wednesday Thursday Friday Saturday Sunday Infobox KIA"""
)
INFOBOX_NOISE = re.compile(r"\b\d+px\b|\d+px(?=[A-Z])|(?<=[a-zà-ÿ])KIA\b|\bKIA\b|\(\s*\)")
INFOBOX_PREFIX = re.compile(r"^\s*[\w ]*(?:groups?|forces|units?)\s*:\s*", re.I)


# ---------------------------------------------------------------------------------------------
# Small helpers.


# ``fold`` (Unicode decomposition, character by character) is what name matching costs most, and the
# rules fold the same few hundred names over and over: the pure helpers built on it are cached.
folded = functools.lru_cache(maxsize=65536)(fold)


SLUG_GAP_RE = re.compile(r"[^a-z0-9]+")
DOUBLED_RE = re.compile(r"(.)\1+")
SPACES_RE = re.compile(r"\s+")
POSSESSIVE_END_RE = re.compile(r"['’]s$")


@functools.lru_cache(maxsize=65536)
def slugify(name: str) -> str:
    """Stable lower-case, accent-free slug: ``slugify("Sévaré") == "sevare"``."""
    return SLUG_GAP_RE.sub("-", fold(name)).strip("-") or "entity"


@functools.lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """Matching form of a name: folded, no spaces, hyphens or apostrophes ("Dangol-Boré" = "Dangol Boré").

    Cached: the rules ask for the same few hundred names tens of thousands of times per article.
    """
    return fold(name).translate(NAME_KEY_GAPS)


@functools.lru_cache(maxsize=65536)
def sound_key(name: str) -> str:
    """Looser form for transliterated names: "Iyad Ag Ghaly" = "Iyad Ag Ghali", "Abou Zeïd" = "Abu Zeid"."""
    key = name_key(name).replace("ou", "u").replace("y", "i").replace("ee", "i")
    return DOUBLED_RE.sub(r"\1", key)


# Two capitals opening a word (at the start, or after white space or "-"): the first capital is looked
# for first, what stands before it checked after.
ACRONYM_WORD_RE = re.compile(r"[A-Z](?<![^\s-].)[A-Z]")


def is_acronym(word: str) -> bool:
    """Whether a name is written as an acronym (two capitals first in one of its words, split at white
    space and "-"), matched case-sensitively."""
    return ACRONYM_WORD_RE.search(word) is not None


def demonym_side(word: str) -> str | None:
    return DEMONYMS.get(word.lower())


def _capitalised(tok: str) -> bool:
    return tok[:1].isupper() or (tok[:1].isdigit() and any(c.isupper() for c in tok))


def clean_infobox_value(value: str) -> str:
    """An infobox value without image sizes ("25px"), "KIA" marks or "Islamists groups:" labels."""
    value = INFOBOX_NOISE.sub(" ", value)
    value = INFOBOX_PREFIX.sub("", value)
    return SPACES_RE.sub(" ", value).strip(" ,;")


def infobox_items(value: str) -> list[tuple[str, int, int]]:
    """(cleaned item, start, end offsets within ``value``) for each comma-separated item, blanks skipped."""
    items = []
    pos = 0
    for part in value.split(","):
        start = pos
        pos += len(part) + 1
        item = clean_infobox_value(part)
        if not item or not LETTER_RE.search(item):
            continue
        inner = part.find(item.split(" ")[0])
        s = start + max(inner, 0)
        items.append((item, s, start + len(part)))
    return items


SideAt = tuple[Claim, int, int]  # where a find's side is read: ``_side_before``'s claim, offset, word count


@dataclass
class _Candidate:
    name: str
    type: str
    side: str | None = None
    start: int = -1
    end: int = -1
    aliases: list[str] = field(default_factory=list)
    description: str | None = None
    rule: str = ""
    weak_side: bool = False  # side inferred from an infobox column, not read next to the name
    # Where the side is read when it is needed, if it is (``_side_before``'s claim, offset and word count):
    # most finds merge into an entity whose side is settled, and reading it costs more than the rest.
    side_at: SideAt | None = None

    def read_side(self) -> str | None:
        """The find's side, read from the words before it the first time it is asked for."""
        if self.side_at is not None:
            claim, pos, words = self.side_at
            self.side, self.side_at = _side_before(claim, pos, words), None
        return self.side


# A rule's find with no alias or description: name, type, start, end, rule, side and where the side is
# read (``_Candidate``'s). Most are names found before: ``_Registry.offer_find`` drops those at once.
Find = tuple[str, str, int, int, str, str | None, SideAt | None]

LETTER_RE = re.compile(r"[^\W\d_]")


@functools.lru_cache(maxsize=65536)
def _clean_name(raw: str) -> str:
    """A found name without doubled spaces, stray punctuation or a possessive "'s" (cached: rules find
    the same names again and again)."""
    name = " ".join(raw.split()).strip(" ,;:.'\"")  # ``str.split``'s white space is ``\s``'s
    return name[:-2] if name.endswith(POSSESSIVE) else name


class _Registry:
    """Entities found so far, indexed by every name they go by (accent- and case-folded)."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.entities: dict[str, Entity] = {}
        self.by_alias: dict[str, str] = {}
        self.by_sound: dict[str, str] = {}
        self.weak_side: set[str] = set()
        self.curated: set[str] = set()
        self.ignored: set[str] = set()
        self.names_in_use = _NamesInUse(article)
        self.covered: list[Span] = []
        self.cuts: dict[tuple[str, ...], list[str]] = {}  # _before_known's answers until a name is added
        self.merged: dict[tuple[str, ...], str] = {}  # a find's names -> the entity ``offer`` merged it into
        self.keys: dict[str, str | None] = {}  # ``offer_key``'s answers

    def names(self, ent: Entity) -> list[str]:
        return [ent.name, *ent.aliases]

    def find(self, name: str) -> str | None:
        return self.by_alias.get(name_key(name))

    def known(self, name: str) -> str | None:
        """The entity with this name, or a person whose name sounds the same."""
        return self.find(name) or self.by_sound.get(sound_key(name))

    def index(self, slug: str, name: str) -> None:
        self.cuts.clear()
        self.by_alias.setdefault(name_key(name), slug)
        if self.entities[slug].type == "person" and len(name.split()) >= 2:
            self.by_sound.setdefault(sound_key(name), slug)

    def add(self, ent: Entity, curated: bool = False) -> Entity:
        base = ent.slug
        if base in self.entities:
            ent.slug = f"{base}-{ent.type.replace('_', '-')}"
            n = 2
            while ent.slug in self.entities:
                ent.slug = f"{base}-{n}"
                n += 1
        self.entities[ent.slug] = ent
        self.names_in_use.add_entity(ent)
        for name in self.names(ent):
            self.index(ent.slug, name)
        if curated:
            self.curated.add(ent.slug)
        return ent

    def add_alias(self, slug: str, alias: str) -> None:
        ent = self.entities[slug]
        alias = alias.strip()
        if alias and alias != ent.name and alias not in ent.aliases:
            ent.aliases.append(alias)
            self.names_in_use.add_name(ent, alias)
        self.index(slug, alias)

    def remove(self, slug: str) -> Entity:
        ent = self.entities.pop(slug)
        self.names_in_use.remove_entity(ent)
        self.cuts.clear()
        self.merged.clear()
        for index in (self.by_alias, self.by_sound):
            for key in [k for k, v in index.items() if v == slug]:
                del index[key]
        self.weak_side.discard(slug)
        return ent

    def refresh_coverage(self) -> None:
        """Take the mentions of the names known now as the ones rules must not cut into."""
        self.covered = self.names_in_use.spans()

    def inside_known(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside a name already found there ("Western Africa" in MUJAO's name)."""
        if start < 0:
            return False
        k = bisect.bisect_right(self.covered, (start, len(self.article.text) + 1)) - 1
        if k < 0:
            return False
        s, e, _, _ = self.covered[k]  # mentions never overlap: only this one can hold [start, end)
        return s <= start and end <= e

    def offer(self, cand: _Candidate) -> str | None:
        """Add a rule's find, or merge it into the entity that already has one of its names.

        Rules find the same names again and again: once a find's names all lead to an entity, the
        same names lead there again (names are only taken away with an entity), so it is merged
        at once.
        """
        names = (cand.name, *cand.aliases)
        slug = self.merged.get(names)
        if slug is not None:
            self._fill(slug, cand)
            return slug
        if self.offer_key(cand.name) is None:
            return None
        name = _clean_name(cand.name)
        surfaces = [name, *cand.aliases]
        for surface in surfaces:
            slug = self.find(surface)
            if slug:
                for other in surfaces:
                    if self.find(other) is None:
                        self.add_alias(slug, other)
                self._fill(slug, cand)
                self.merged[names] = slug
                return slug
        if self.inside_known(cand.start, cand.end):
            return None
        if cand.type == "person":
            slug = self._merge_person(name, cand)
            if slug:
                return slug
        side = None if cand.type in SIDELESS else cand.read_side()
        ent = Entity(slugify(name), name, cand.type, side, cand.description, [])
        self.add(ent)
        if cand.weak_side:
            self.weak_side.add(ent.slug)
        for alias in cand.aliases:
            self.add_alias(ent.slug, alias)
        return ent.slug

    def offer_key(self, found: str) -> str | None:
        """The matching form of a found name once cleaned (``name_key``), or None when ``offer`` drops it
        (too short, no letter, ignored, a lone stop word); remembered, as the same names come back."""
        if found in self.keys:
            return self.keys[found]
        name = _clean_name(found)
        key: str | None = name_key(name)
        lone_stop = " " not in name and name in STOP
        if len(name) < 2 or not LETTER_RE.search(name) or key in self.ignored or lone_stop:
            key = None
        self.keys[found] = key
        return key

    def offer_find(self, find: Find) -> None:
        """``offer`` a find of one name; nothing to do when the name already led to an entity (``offer``
        would merge it) whose side the find cannot set (no side, or the entity's is settled)."""
        name, etype, start, end, rule, side, side_at = find
        slug = self.merged.get((name,))
        if slug is not None:
            if not (side or side_at) or not self._side_open(slug):
                return
            if not side and side_at is not None:
                side, side_at = _side_before(*side_at), None
                if not side:
                    return  # no side to give
        self.offer(_Candidate(name, etype, side, start, end, rule=rule, side_at=side_at))

    def _side_open(self, slug: str) -> bool:
        """Whether a find read beside the name may still set the entity's side (``_fill``)."""
        ent = self.entities[slug]
        return (
            slug not in self.curated
            and ent.type not in SIDELESS
            and (ent.side is None or slug in self.weak_side)
        )

    def _fill(self, slug: str, cand: _Candidate) -> None:
        """Complete an entity from a later find; a side read beside the name beats an infobox column's."""
        ent = self.entities[slug]
        ent.description = ent.description or cand.description
        if slug in self.curated or ent.type in SIDELESS:
            return
        if (ent.side is None or (slug in self.weak_side and not cand.weak_side)) and cand.read_side():
            ent.side = cand.side
            if not cand.weak_side:
                self.weak_side.discard(slug)

    def _merge_person(self, name: str, cand: _Candidate) -> str | None:
        """ "Colonel Sogoba" is "Seydou Sogoba": a lone surname joins the one person who bears it."""
        tokens = name.split(" ")
        persons = [e for e in self.entities.values() if e.type == "person"]
        sound = self.by_sound.get(sound_key(name)) if len(tokens) >= 2 else None
        if sound:
            for surface in [name, *cand.aliases]:
                self.add_alias(sound, surface)
            self._fill(sound, cand)
            return sound
        if len(tokens) == 1:
            same = [e for e in persons if folded(e.name.split(" ")[-1]) == folded(name) and " " in e.name]
            if len(same) == 1:
                for surface in [name, *cand.aliases]:
                    self.add_alias(same[0].slug, surface)
                self._fill(same[0].slug, cand)
                return same[0].slug
            return None
        lone = [
            e
            for e in persons
            if " " not in e.name and folded(e.name) == folded(tokens[-1]) and e.slug not in self.curated
        ]
        if len(lone) == 1:
            old = self.remove(lone[0].slug)
            side = cand.read_side() or old.side
            ent = self.add(Entity(slugify(name), name, "person", side, cand.description, []))
            for surface in [old.name, *old.aliases, *cand.aliases]:
                self.add_alias(ent.slug, surface)
            ent.description = ent.description or old.description
            return ent.slug
        return None


# ---------------------------------------------------------------------------------------------
# Mentions: every place a known name occurs in a claim.


@functools.lru_cache(maxsize=8192)
def _alias_pattern(alias: str, plural: bool) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in alias.split())
    tail = r"(?:e?s)?" if plural else ""
    flags = 0 if is_acronym(alias) else re.IGNORECASE
    # "ZeïdKIA": an infobox leftover glued to a name does not make the name part of a word.
    return re.compile(rf"{body}{tail}(?:(?!\w)|(?=KIA\b))", flags)


Span = tuple[int, int, str, int]  # a mention as (start, end, entity slug, claim index)
START, END = operator.itemgetter(0), operator.itemgetter(1)
Run = tuple[int, int, list[str], int]  # capitalised words as (start, end, the words, claim index)
StretchRuns = tuple[tuple[int, int, list[str]], ...]  # the runs of one stretch, offsets within it
# Where each stretch of ``STRETCH_RE`` is (article offsets) and in which claim (parallel lists), by the
# stretch and whether "_" comes just before it.
Stretches = dict[tuple[str, bool], tuple[list[int], list[int]]]
# Where a word opening with a capital begins: in each place a stretch is (``Stretches``), ``rel`` characters
# into it, ``room`` characters before the stretch ends; or (room -1, rel 0) at each of the offsets, claims
# unknown.
Piece = tuple[int, int, list[int], list[int]]  # room, rel, offsets, claims
Trial = tuple[int, int, int, str, str, bool]  # a name: -length, entity rank, name rank, name, slug, plural
AliasParts = tuple[tuple[str, ...], str, bool]  # ``_alias_parts``
FIRST_WORD_RE = re.compile(r"\w+")
# Word starts (where a name may begin): the start of every run of word characters, and the letter after
# "25px" inside one ("25pxOusmane": an image size glued to a name). Runs that open with a lower-case
# ASCII letter are kept apart: only names that do not begin with a capital can start there.
CAPITAL_RUN_RE = re.compile(r"(?<!\w)[^\Wa-z]\w*")
ANY_RUN_RE = re.compile(r"(?<!\w)\w+")
# Runs opening with a letter that is not ASCII lower-case, where nearly every name begins: one character
# class first (a scan the regex engine makes quickly), then whether it is a word character with none
# before it. Digits are left out afterwards (numbers are many, names opening with one few).
LETTER_RUN_RE = re.compile(r"([A-Z\x80-\U0010ffff](?<=\w)(?<!\w.)\w*)")
PX_RE = re.compile(r"\dpx(?=\w)")
WORD_CHAR_RE = re.compile(r"\w")
ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
# The characters ``str.casefold`` and ``str.lower`` map apart ("ß", "ſ"; Unicode 14, Python 3.11: a test
# checks the list against the running Python), and "Σ", which lower-cases by its place in the word: in a
# text without them both give the same, and no folding of the whole text need be made.
FOLDS_APART = (
    "\u00b5\u00df\u0149\u017f\u01f0\u0345\u0390\u03b0\u03c2\u03d0-\u03d1\u03d5-\u03d6\u03f0-\u03f1"
    "\u03f5\u0587\u13a0-\u13f5\u13f8-\u13fd\u1c80-\u1c88\u1e96-\u1e9b\u1e9e\u1f50\u1f52\u1f54\u1f56"
    "\u1f80-\u1faf\u1fb2-\u1fb4\u1fb6-\u1fb7\u1fbc\u1fbe\u1fc2-\u1fc4\u1fc6-\u1fc7\u1fcc\u1fd2-\u1fd3"
    "\u1fd6-\u1fd7\u1fe2-\u1fe4\u1fe6-\u1fe7\u1ff2-\u1ff4\u1ff6-\u1ff7\u1ffc\uab70-\uabbf\ufb00-\ufb06"
    "\ufb13-\ufb17"
)
FOLDS_APART_RE = re.compile(f"[{FOLDS_APART}\u03a3]")
# White space other than a space (``str.isspace``), each looked for with ``in``: quicker than a regex scan.
OTHER_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + ("\u2028\u2029\u202f\u205f\u3000")
)
# What ``name_key`` leaves out: white space, hyphens, apostrophes and dots (one ``str.translate``, quicker
# than a regex substitution on names this short).
NAME_KEY_GAPS = str.maketrans("", "", " " + OTHER_SPACES + "-‐'’.")
NO_MATCH, UNDECIDED = -1, -2


def _is_word(char: str) -> bool:
    """What the regex ``\\w`` matches, for one character."""
    return char.isalnum() or char == "_"


def _opens_with_letter(word: str) -> bool:
    """Whether a word (or its folded form) opens with a word character that is neither a digit nor "_"."""
    return not (word[0].isdecimal() or word[0] == "_")


def _after_px(text: str, at: int) -> bool:
    """Whether a word glued to an image size begins at ``at`` ("25pxOusmane"), as ``PX_RE`` finds it."""
    return at >= 3 and text[at - 2 : at] == "px" and text[at - 3].isdecimal()


def _word_run_end(text: str, at: int) -> int:
    """Where the run of word characters from ``at`` ends (``at`` itself when there is none)."""
    m = FIRST_WORD_RE.match(text, at)
    return m.end() if m else at


@functools.lru_cache(maxsize=16384)
def _stretch_letters(stretch: str, first: bool) -> tuple[tuple[int, str], ...]:
    """Where words of ``LETTER_RUN_RE`` begin in a stretch of ``STRETCH_RE``, and their folded words; the
    first only if ``first`` (nothing in the article joins it to a word before). A stretch ends where a
    run of word characters does: the words are those of the text."""
    return tuple(
        (m.start(), m.group().casefold()) for m in LETTER_RUN_RE.finditer(stretch) if first or m.start()
    )


def _text_letters(text: str) -> dict[str, list[int]]:
    """Where each word of ``LETTER_RUN_RE`` begins in the whole text, by folded word (with the glued ones)."""
    index: dict[str, list[int]] = {}
    parts = LETTER_RUN_RE.split(text)
    offsets = itertools.islice(itertools.accumulate(map(len, parts), initial=0), 1, None, 2)
    for word, start in zip(parts[1::2], offsets, strict=False):  # one offset more than words
        index.setdefault(word.casefold(), []).append(start)
    for key, starts in _glued_letters(text).items():
        index[key] = sorted(index.get(key, []) + starts)
    return index


def _glued_letters(text: str) -> dict[str, list[int]]:
    """Words glued to an image size ("25pxOusmane") opening with a letter that is not ASCII lower-case,
    by folded word."""
    index: dict[str, list[int]] = {}
    for at in _after_image_sizes(text):
        first = text[at]
        if first not in ASCII_LOWER and _opens_with_letter(first):
            index.setdefault(text[at : _word_run_end(text, at)].casefold(), []).append(at)
    return index


def _after_image_sizes(text: str) -> list[int]:
    """Where ``PX_RE`` ends ("25pxOusmane": where "Ousmane" begins), in order: found by ``str.find``
    (a digit before "px", a word character after), quicker than the regex's scan for digits."""
    ends = []
    n = len(text)
    at = text.find("px", 1)
    while at != -1:
        if text[at - 1].isdecimal() and at + 2 < n and _is_word(text[at + 2]):
            ends.append(at + 2)
        at = text.find("px", at + 1)
    return ends


class _WordStarts:
    """The word starts of one article, by folded word, and where the names of each first word matched.

    ``find_mentions`` runs several times per article (after each extraction stage) over the same
    text: the starts are found once, and a first word whose names have not changed since the last
    run keeps its matches. Words opening with a capital letter are indexed in one pass; the few names
    opening otherwise ("12th", "al-") are sought with ``str.find`` in the folded text (or, where folding
    changes the text's length, "ß" being "ss", in an index of every word).
    """

    def __init__(self, index: _ArticleIndex) -> None:
        # A weak reference: the index holds these lookups, and a cycle between them would wait for the
        # collector to free the article's claims and lookups (up to 8 µs a claim of a worker's collections).
        self.claims = weakref.proxy(index)
        self.text = text = index.text
        lowered = index.lower()
        # ``str.lower`` keeps offsets unless a letter lower-cases to two ("İ"): then no lowered text.
        self.lowered = lowered if len(lowered) == len(text) else None
        self._folded: str | None | bool = False  # not worked out yet
        self.others: dict[tuple[str, bool], list[int]] = {}
        self.indexes: dict[bool, dict[str, list[int]]] = {}
        self.found: dict[str, tuple[tuple[tuple[str, str, bool], ...], list[Span]]] = {}
        # Whether the claims' only white space is single spaces: then a name matches in a claim only as
        # written, one space apart, and a failed ``str.startswith`` is the answer (``_first_name``).
        joined = index.joined()[0]
        self.spaced = "  " not in joined and not any(space in joined for space in OTHER_SPACES)

    def pieces(self, key: str, capital_only: bool) -> list[Piece]:
        """Where a word folding to ``key`` begins (only where it opens with a capital or digit, if asked):
        by stretch for words opening with a capital (``_ArticleIndex.letter_pieces``), else one by one."""
        capital_only = capital_only or key[:1] not in ASCII_LOWER
        if capital_only and _opens_with_letter(key):
            return self.claims.letter_pieces(key)
        starts = self.others.get((key, capital_only))
        if starts is None:
            starts = self.others[key, capital_only] = self._others(key, capital_only)
        return [(-1, 0, starts, [])]

    def _others(self, key: str, capital_only: bool) -> list[int]:
        """``starts`` by ``str.find`` in the folded text, each hit checked to be a whole run of word
        characters that begins a word (or follows "25px")."""
        if self._folded is False:
            lowered = self.lowered
            same = lowered is not None and (
                FOLDS_APART_RE.search(self.text) is None or self.text.casefold() == lowered
            )
            self._folded = lowered if same else None
        folded = self._folded
        if not isinstance(folded, str):
            index = self.indexes.get(capital_only)
            if index is None:
                index = self.indexes[capital_only] = self._index(capital_only)
            return index.get(key, [])
        text = self.text
        n, size = len(text), len(key)
        starts = []
        at = folded.find(key)
        while at != -1:
            end = at + size
            if (
                (end == n or not _is_word(text[end]))
                and (at == 0 or not _is_word(text[at - 1]) or _after_px(text, at))
                and not (capital_only and text[at] in ASCII_LOWER)
                and _word_run_end(text, at) == end
            ):
                starts.append(at)
            at = folded.find(key, at + 1)
        return starts

    def _index(self, capital_only: bool) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        for m in (CAPITAL_RUN_RE if capital_only else ANY_RUN_RE).finditer(self.text):
            index.setdefault(m.group().casefold(), []).append(m.start())
        glued = False
        for at in _after_image_sizes(self.text):
            word = FIRST_WORD_RE.match(self.text, at)
            assert word is not None
            if capital_only and word.group()[0] in ASCII_LOWER:
                continue
            index.setdefault(word.group().casefold(), []).append(at)
            glued = True
        if glued:
            for starts in index.values():
                starts.sort()
        return index

    def matches(self, key: str, names: tuple[tuple[str, str, bool], ...]) -> list[Span]:
        """(start, end, slug, claim), sorted, wherever a word ``key`` opens one of ``names`` (tried in that
        order) inside one claim, overlaps not yet resolved.

        A name read inside a stretch of capitalised words reads the same wherever the stretch comes back:
        it is read once per stretch (``_in_stretch``), elsewhere at each start (``_first_name``).
        """
        known = self.found.get(key)
        if known is not None and known[0] == names:
            return known[1]
        # A capitalised name is only found where the text has a capital: most starts need no visit.
        capital_only = all(alias[:1].isupper() for alias, _, _ in names)
        clean = self.lowered is not None and not self.claims.has_lookalike()
        trials = [
            _name_trial(nm, slug, plural, self.lowered is not None, clean) for nm, slug, plural in names
        ]
        ends, claims = self.claims.ends, self.claims.article.claims
        out: list[Span] = []
        for room, rel, offsets, where in self.pieces(key, capital_only):
            found = self._in_stretch(trials, offsets[0] + rel, room) if room >= 0 else trials
            if found is None:
                continue
            if isinstance(found, tuple):
                slug, width = found
                out.extend(
                    [(at + rel, at + rel + width, slug, k) for at, k in zip(offsets, where, strict=True)]
                )
                continue
            for at in offsets:
                start = at + rel
                first = self._first_name(found, start)
                if first is not None:
                    end, slug = first
                    k = bisect.bisect_right(ends, start)  # the claim holding ``start`` (``claim_at``)
                    if k < len(claims) and claims[k].start <= start and end <= claims[k].end:
                        out.append((start, end, slug, claims[k].index))
        out.sort()
        self.found[key] = (names, out)
        return out

    def _in_stretch(
        self, trials: list[NameTrial], start: int, room: int
    ) -> tuple[str, int] | list[NameTrial] | None:
        """(slug, length) of the first name read at ``start``, ``room`` characters before the end of a
        stretch, when that holds wherever the stretch comes back; None when no name is read there in any;
        else the names to try at each (those that may reach past the stretch, where texts differ).

        A stretch ends where a run of word characters does, with no word character after it: a name
        that fits in it reads the same everywhere, and one that differs from it inside it reads nowhere
        (compared in the lower-cased text when it can be: ASCII, no look-alike letters).
        """
        text, lowered = self.text, self.lowered or ""
        unsure: list[NameTrial] = []
        for trial in trials:
            _, slug, _, upper, _, flat, fast, width = trial
            if upper and not text[start].isupper():
                continue
            if width > room:
                if not (fast and flat is not None and not lowered.startswith(flat[:room], start)):
                    unsure.append(trial)
                continue
            first = self._first_name([trial], start)
            if first is not None:
                return (slug, first[0] - start) if not unsure else [*unsure, trial]
        return unsure or None

    def _first_name(self, trials: list[NameTrial], start: int) -> tuple[int, str] | None:
        """(end, slug) of the first of ``trials`` read at ``start``, or None.

        The usual trial, a name found as written (one ``str.startswith`` of the lowered text, then a
        character that ends the word), is made here; any other goes through ``_plain_end`` or
        ``_alias_end``.
        """
        text, lowered, spaced = self.text, self.lowered or "", self.spaced
        n = len(text)
        for alias, slug, plural, upper, parts, flat, fast, _ in trials:
            if upper and not text[start].isupper():
                continue  # a name written with a capital is not found where the text has none
            end = start + len(flat) if flat is not None and lowered.startswith(flat, start) else -1
            if end < 0 or (end < n and (text[end].isalnum() or text[end] == "_")):
                if fast and spaced:
                    # Only a glued "KIA" may follow a name (``_plain_end``, which reads the same words).
                    if end < 0 or not lowered.startswith("kia", end):
                        continue
                    if end + 3 < n and _is_word(text[end + 3]):
                        continue
                elif fast:
                    end = _plain_end(text, lowered, start, parts[0])
                else:
                    end = _alias_end(text, self.lowered, start, alias, plural, parts)
                    if end == UNDECIDED:
                        m = _alias_pattern(alias, plural).match(text, start)
                        end = m.end() if m else NO_MATCH
            if end != NO_MATCH:
                return end, slug
        return None


def _plain_end(text: str, lowered: str, start: int, parts: tuple[str, ...]) -> int:
    """``_alias_end`` of a name of ASCII words ignoring case, not plural, in a text whose lower case
    keeps offsets and that has no look-alike letter: each word one ``str.startswith`` of the lowered text."""
    pos = _words_end(text, start, parts, True, lowered)
    if pos < 0:
        return pos
    n = len(text)
    if pos >= n or not _is_word(text[pos]):
        return pos
    if lowered.startswith("kia", pos) and (pos + 3 >= n or not _is_word(text[pos + 3])):
        return pos
    return NO_MATCH


# A name as ``_WordStarts.matches`` tries it: name, slug, plural, whether written with a capital, its parts
# (``_alias_parts``), the lowered form compared as written (None when it cannot be), whether a difference
# from that lowered form means no match, and its length with single spaces.
NameTrial = tuple[str, str, bool, bool, "AliasParts", str | None, bool, int]


@functools.lru_cache(maxsize=16384)
def _name_trial(name: str, slug: str, plural: bool, lowered: bool, clean: bool) -> NameTrial:
    """How ``matches`` tries a name in a text (``lowered``: whose lower case keeps offsets; ``clean``:
    that and no look-alike letters); cached, as a first word's names are tried again whenever one of
    them changes."""
    parts = _alias_parts(name)
    # A name compared as it is written, one space apart, in the lowered text (as ``_alias_end``).
    plain = parts[2] and not plural and lowered and (name.isascii() or _lowers_letter_by_letter(name))
    flat = parts[1] if plain else None
    width = len(" ".join(name.split()))
    return (
        name,
        slug,
        plural,
        name[:1].isupper(),
        parts,
        flat,
        bool(plain and clean and name.isascii()),
        width,
    )


# The only characters outside ASCII that a case-insensitive pattern of ASCII letters matches: in a text
# without them, ``str.lower`` finds a pattern's words wherever the regex could (and keeps offsets).
LOOKALIKES = "\u0130\u0131\u017f\u212a"  # İ ı ſ K (Kelvin sign)


class _ArticleIndex:
    """Lookups over one whole article, shared by the rules that would otherwise scan it claim by claim."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.text = article.text
        self.ends = article.claim_ends()
        self._lower: str | None = None
        self._lookalike: bool | None = None
        self._joined: tuple[str, list[int]] | None = None
        # Where a lower-cased demonym begins in the text (None: anywhere, lower-casing moved offsets).
        self.demonyms: list[int] | None = None
        self._demonyms_read = False
        self._runs: list[Run] | None = None
        self._stretches: Stretches = {}
        self._letters: dict[str, list[Piece]] | None = None
        self._words: _WordStarts | None = None
        self._cut: bool | None = None  # ``_claims_cut_words``
        # The entities ``extract_entities`` gave (``_names_of``) and their mentions, for ``find_mentions``.
        self.mentioned: tuple[tuple[tuple[str, str, str, tuple[str, ...]], ...], list[Span]] | None = None

    def lower(self) -> str:
        """``str.lower`` of the article, made once (it may be longer than the text: "İ" is two)."""
        if self._lower is None:
            self._lower = self.text.lower()
        return self._lower

    @property
    def words(self) -> _WordStarts:
        if self._words is None:
            self._words = _WordStarts(self)
        return self._words

    def holding(self, needles: Iterable[str], ignore_case: bool = False) -> list[Claim]:
        """The claims, in order, holding one of ``needles`` whole: the only ones a rule that needs one of
        those words can match. ``str.find`` over the article costs little next to a regex per claim.

        With ``ignore_case`` the needles are lower-case and sought in the lower-cased text (every claim
        when the text has a look-alike letter, where that would not be exact).
        """
        text = self.article.text
        if ignore_case:
            if self.has_lookalike():
                return list(self.article.claims)
            text = self.lower()
        hits: dict[int, Claim] = {}
        ends, claims = self.ends, self.article.claims
        for needle in needles:
            at = text.find(needle)
            while at != -1:
                k = bisect.bisect_right(ends, at)  # the claim holding ``at`` (``claim_at``)
                if k < len(claims) and claims[k].start <= at and at + len(needle) <= claims[k].end:
                    hits[claims[k].start] = claims[k]
                    at = text.find(needle, claims[k].end)  # one find per claim is enough
                else:
                    at = text.find(needle, at + 1)
        return [hits[start] for start in sorted(hits)]

    def has_lookalike(self) -> bool:
        """Whether the text holds a letter outside ASCII that a case-insensitive ASCII letter matches."""
        if self._lookalike is None:
            self._lookalike = any(char in self.text for char in LOOKALIKES)
        return self._lookalike

    def no_demonym_before(self, claim: Claim, pos: int) -> bool:
        """Whether the index knows that no demonym ("French", "MALIAN") stands in the window
        ``_side_before`` reads before ``pos`` in ``claim`` (its 60 characters): then no side is read there.

        Demonyms are found once, lower-cased (any case of one is ASCII letters, lower-cased in place);
        the index knows nothing when lower-casing moved offsets, or of a claim not of this article.
        """
        if not self._demonyms_read:
            self._demonyms_read = True
            lowered = self.lower()
            if len(lowered) == len(self.text):
                self.demonyms = sorted(_every_find(lowered, DEMONYM_NEEDLES))
        demonyms = self.demonyms
        claims = self.article.claims
        if demonyms is None or claim.index >= len(claims) or claims[claim.index] is not claim:
            return False
        start = claim.start
        k = bisect.bisect_left(demonyms, start + max(0, pos - 60))
        return k == len(demonyms) or demonyms[k] >= start + pos

    def joined(self) -> tuple[str, list[int]]:
        """The claims' texts joined by NUL characters, and where each begins there: a pattern that cannot
        match a NUL finds in one scan of it exactly what it finds claim by claim."""
        if self._joined is None:
            texts = [c.text for c in self.article.claims]
            starts = list(itertools.accumulate((len(t) + 1 for t in texts), initial=0))[:-1]
            self._joined = "\0".join(texts), starts
        return self._joined

    def each_match(self, pattern: re.Pattern[str]) -> Iterator[tuple[Claim, re.Match[str], int]]:
        """(claim, match, shift) for every match of ``pattern`` in every claim, in order, from one scan of
        ``joined()`` (the pattern must not match a NUL); ``match.start() + shift`` is an article offset."""
        joined, starts = self.joined()
        claims = self.article.claims
        for m in pattern.finditer(joined):
            k = bisect.bisect_right(starts, m.start()) - 1
            yield claims[k], m, claims[k].start - starts[k]

    def runs(self) -> list[Run]:
        """Every claim's runs of capitalised words (``_flat_runs``), in order, as (start, end, words,
        claim index) with article offsets: from one scan of ``joined()``."""
        if self._runs is None:
            joined, starts = self.joined()
            shifts = [claim.start - at for claim, at in zip(self.article.claims, starts, strict=True)]
            self._runs = _flat_runs(joined, starts, shifts, self._stretches)
        return self._runs

    def letter_starts(self, key: str) -> list[int]:
        """Where a word opening with a capital or a letter outside ASCII (``LETTER_RUN_RE``'s) and folding
        to ``key`` begins in a claim, or glued to an image size anywhere ("25pxOusmane")."""
        return sorted([at + rel for _, rel, offsets, _ in self.letter_pieces(key) for at in offsets])

    def letter_pieces(self, key: str) -> list[Piece]:
        """``letter_starts`` by the stretches they lie in (``Piece``).

        Every such word in a claim lies in a stretch the runs are read from: they are looked for once in
        each different stretch (``_stretch_letters``), not in the whole text.
        """
        if self._letters is None:
            self._letters = self._letter_pieces()
        return self._letters.get(key, [])

    def _letter_pieces(self) -> dict[str, list[Piece]]:
        self.runs()
        text = self.text
        if self._claims_cut_words():
            return {key: [(-1, 0, starts, [])] for key, starts in _text_letters(text).items()}
        pieces: dict[str, list[Piece]] = {}
        for (stretch, underscore), (offsets, claims) in self._stretches.items():
            for rel, key in _stretch_letters(stretch, not underscore):
                pieces.setdefault(key, []).append((len(stretch) - rel, rel, offsets, claims))
        for key, starts in _glued_letters(text).items():
            pieces.setdefault(key, []).append((-1, 0, starts, []))
        return pieces

    def _claims_cut_words(self) -> bool:
        """Whether a claim begins or ends inside a run of word characters of the article (then a word
        read in the claims alone is not the article's)."""
        if self._cut is None:
            text = self.text
            claims = self.article.claims
            around = "".join([text[c.start - 1 : c.start] + text[c.end : c.end + 1] for c in claims])
            self._cut = WORD_CHAR_RE.search(around) is not None
        return self._cut

    def naming(self, keys: Iterable[str]) -> list[Claim] | None:
        """The claims, in order, where a word folding to one of ``keys`` begins with a capital (or a letter
        outside ASCII), from the index of those words (``letter_pieces``): a rule that needs one of them,
        written with a capital, need look nowhere else. None when the index cannot tell (``holding``
        then can)."""
        if self._claims_cut_words():
            return None
        found: set[int] = set()
        for key in keys:
            for _, rel, offsets, where in self.letter_pieces(key):
                if where:
                    found.update(where)
                    continue
                for at in offsets:  # glued to an image size: the claims are not listed
                    claim = self.article.claim_at(at + rel)
                    if claim is not None:
                        found.add(claim.index)
        claims = self.article.claims
        return [claims[k] for k in sorted(found)]

    def named_at(self, keys: Iterable[str]) -> dict[int, list[int]] | None:
        """Where (article offsets, in order) a word folding to one of ``keys`` begins with a capital in
        each claim that has one (``naming``), leaving out those glued to an image size ("25pxMalian",
        a word character before them): a rule whose matches open on such a word, with none before it,
        need try nowhere else. None when the index cannot tell."""
        if self._claims_cut_words():
            return None
        found: dict[int, list[int]] = {}
        for key in keys:
            for _, rel, offsets, where in self.letter_pieces(key):
                for at, k in zip(offsets, where, strict=False):  # ``where`` is empty for glued words
                    found.setdefault(k, []).append(at + rel)
        for starts in found.values():
            starts.sort()
        return dict(sorted(found.items()))

    def designated(self) -> list[Claim]:
        """The claims where ``DESIGNATION_RE`` may match: holding a dash then a digit ("Mi-24"), or a
        word of three or four digits then a capital after white space ("Mirage 2000D"). Such a word
        opens a word of the runs' stretches, where it is looked for (they are few)."""
        found: set[int] = set()
        text = self.text
        for m in DASH_DIGIT_RE.finditer(text) if "-" in text else ():
            claim = self.article.claim_at(m.start() + 1)
            if claim is not None:
                found.add(claim.index)
        self.runs()
        for (stretch, _), (_, claims) in self._stretches.items():
            if DIGITS_CAPITAL_RE.search(stretch):
                found.update(claims)
        article_claims = self.article.claims
        return [article_claims[k] for k in sorted(found)]

    def claims_matching(self, pattern: re.Pattern[str]) -> set[int]:
        """The indexes of the claims where ``pattern`` matches (one scan of ``joined()``)."""
        joined, starts = self.joined()
        found = set()
        m = pattern.search(joined)
        while m is not None:
            k = bisect.bisect_right(starts, m.start()) - 1
            found.add(k)
            m = pattern.search(joined, starts[k + 1]) if k + 1 < len(starts) else None
        return found


def _every_find(text: str, needles: Iterable[str]) -> Iterator[int]:
    """Every offset where one of ``needles`` begins in ``text``, overlaps included."""
    for needle in needles:
        at = text.find(needle)
        while at != -1:
            yield at
            at = text.find(needle, at + 1)


_last_index: list[_ArticleIndex] = []


def _article_index(article: Article) -> _ArticleIndex:
    """The index of the article last asked for (one article is extracted at a time)."""
    if (
        not _last_index
        or _last_index[0].article is not article
        or _last_index[0].text is not article.text
        or len(_last_index[0].ends) != len(article.claims)
    ):
        _last_index[:] = [_ArticleIndex(article)]
    return _last_index[0]


def claims_holding(article: Article, needles: Iterable[str]) -> list[Claim]:
    """The claims, in order, holding one of ``needles`` whole (``_ArticleIndex.holding``, case kept),
    from the article's index, kept until ``forget_index``."""
    return _article_index(article).holding(needles)


def forget_index(article: Article) -> None:
    """Drop the lookups kept for ``article`` (a tenth of the text's size in memory, more on long texts)
    once the last stage reading them is done: the build still holds everything else."""
    if _last_index and _last_index[0].article is article:
        _last_index.clear()


@functools.lru_cache(maxsize=8192)
def _alias_parts(alias: str) -> AliasParts:
    """The words of a name (lower-cased when it matches ignoring case), them joined by single spaces,
    and whether it ignores case."""
    icase = not is_acronym(alias)
    parts = tuple(part.lower() if icase else part for part in alias.split())
    return parts, " ".join(parts), icase


@functools.lru_cache(maxsize=8192)
def _lowers_letter_by_letter(alias: str) -> bool:
    """Whether ``str.lower`` maps each letter of a name to one letter, whatever stands around it (not
    "İ", two letters lower-cased, nor a sigma, whose lower case depends on the word's end)."""
    return len(alias.lower()) == len(alias) and not any(c in "Σσς" for c in alias)


def _alias_end(
    text: str, lowered: str | None, start: int, alias: str, plural: bool, alias_parts: AliasParts
) -> int:
    """``_alias_pattern(alias, plural).match(text, start)`` by plain string comparison, no regex compiled.

    Compiling one pattern per name cost more than the whole extraction on corpora with many names.
    Case-insensitive regex matching of an ASCII letter is ``str.lower`` equality but for four look-alike
    letters (``_ignoring_case``); a name's letter outside ASCII is compared as the regex engine compares
    it (``_same_letter``); ``\\s``/``\\w`` are ``str.isspace``/``isalnum``. Only a name whose lower case
    has more letters ("İ") or depends on the word's end (a sigma) returns UNDECIDED: the caller asks
    the regex. ``lowered`` is ``text.lower()`` when that keeps offsets (then the usual case is one
    ``str.startswith``), ``alias_parts`` is ``_alias_parts(alias)``.
    """
    parts, flat, icase = alias_parts
    n = len(text)
    if not icase:
        hit = text.startswith(flat, start)
    elif lowered is not None and (alias.isascii() or _lowers_letter_by_letter(alias)):
        hit = lowered.startswith(flat, start)
    else:
        hit = alias.isascii() and text[start : start + len(flat)].lower() == flat
    if hit:
        pos = start + len(flat)  # the usual case: the words as written, one space apart
    elif icase and not (alias.isascii() or _lowers_letter_by_letter(alias)):
        return UNDECIDED
    else:
        pos = _words_end(text, start, parts, icase)
        if pos < 0:
            return pos
    for tail in ("es", "s", "") if plural else ("",):
        if tail and not _reads_as(text[pos : pos + len(tail)], tail, icase):
            continue
        end = pos + len(tail)
        if end >= n or not _is_word(text[end]):
            return end
        if _reads_as(text[end : end + 3], "kia" if icase else "KIA", icase) and (
            end + 3 >= n or not _is_word(text[end + 3])
        ):
            return end
    return NO_MATCH


def _words_end(text: str, start: int, parts: tuple[str, ...], icase: bool, lowered: str | None = None) -> int:
    """Where the words of a name, any white space apart, end when read from ``start`` (see ``_alias_end``).

    ``lowered``, for an ASCII name ignoring case in a text with no look-alike letter: the text's lower
    case with the same offsets, so that each word is one ``str.startswith``.
    """
    n = len(text)
    pos = start
    for k, part in enumerate(parts):
        if k:
            gap = pos
            while gap < n and text[gap].isspace():
                gap += 1
            if gap == pos:
                return NO_MATCH
            pos = gap
        if lowered is not None:
            if not lowered.startswith(part, pos):
                return NO_MATCH
        elif not _reads_as(text[pos : pos + len(part)], part, icase):
            return NO_MATCH
        pos += len(part)
    return pos


# The only letters outside ASCII that a case-insensitive ASCII letter matches ("i" matches "İ" and "ı",
# "s" matches "ſ", "k" the Kelvin sign): mapped to it, any other such letter stays outside ASCII.
LOOKALIKES_TO_ASCII = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _ignoring_case(seg: str) -> str:
    """``seg`` as a case-insensitive pattern of lower-case ASCII reads it: ``_ignoring_case(seg) == word``
    exactly when ``re.fullmatch(word, seg, re.I)`` (for ASCII ``word``)."""
    return seg.lower() if seg.isascii() else seg.translate(LOOKALIKES_TO_ASCII).lower()


def _reads_as(seg: str, part: str, icase: bool) -> bool:
    """Whether text ``seg`` matches a name's word ``part`` (lower-cased if ``icase``), as its regex would."""
    if not icase:
        return seg == part
    if part.isascii():
        return _ignoring_case(seg) == part
    return len(seg) == len(part) and all(a == b or _same_letter(a, b) for a, b in zip(seg, part, strict=True))


@functools.lru_cache(maxsize=4096)
def _same_letter(char: str, letter: str) -> bool:
    """Whether ``char`` matches ``letter`` ignoring case, as the regex engine decides."""
    return re.fullmatch(re.escape(letter), char, re.IGNORECASE) is not None


def find_mentions(article: Article, entities: Iterable[Entity]) -> list[Mention]:
    """Every occurrence of every alias inside a claim, never overlapping, longest name first.

    A left-to-right pass over word starts; each start is tried against the names that begin
    with its word, longest first. Acronyms match case-sensitively; other names ignore case except
    their first letter, so "Sama" is not found in "same". Equipment also matches its plural ("Mi-24s").

    The entities ``extract_entities`` just gave, asked for again (sources does), are not matched again.
    """
    return _mentions(article, mention_spans(article, entities))


def mention_spans(article: Article, entities: Iterable[Entity]) -> list[Span]:
    """``find_mentions`` as (start, end, entity slug, claim index) tuples, in order, for a caller that
    reads no mention's text: no ``Mention`` is built (it costs more than finding it again). The list may be
    the one ``extract_entities`` kept: read it, never change it."""
    entities = list(entities)
    index = _article_index(article)
    if index.mentioned is not None and index.mentioned[0] == _names_of(entities):
        return index.mentioned[1]
    return _mention_spans(article, entities)


def _names_of(entities: list[Entity]) -> tuple[tuple[str, str, str, tuple[str, ...]], ...]:
    """What the mentions of ``entities`` depend on: their slugs, types (plurals) and names, in order."""
    return tuple((e.slug, e.type, e.name, tuple(e.aliases)) for e in entities)


def _mentions(article: Article, spans: list[Span]) -> list[Mention]:
    text = article.text
    return [Mention(slug, claim, start, end, text[start:end]) for start, end, slug, claim in spans]


@functools.lru_cache(maxsize=65536)
def _first_word_key(alias: str) -> str | None:
    """The folded first word of a name, or None when the name does not begin with a word."""
    first = FIRST_WORD_RE.search(alias)
    if not alias.strip() or first is None or first.start() != 0:
        return None
    return first.group().casefold()


def _mention_spans(article: Article, entities: Iterable[Entity]) -> list[Span]:
    """``find_mentions`` as (start, end, slug, claim index), sorted; only the word starts whose word
    begins some name are visited (``_WordStarts``)."""
    index: dict[str, list[Trial]] = {}  # first word -> names that begin with it
    plural: dict[str, bool] = {}
    for rank, ent in enumerate(entities):
        plural[ent.slug] = ent.type == "equipment"
        for k, alias in enumerate(dict.fromkeys([ent.name, *ent.aliases])):
            key = _first_word_key(alias)
            if key is not None:
                index.setdefault(key, []).append((-len(alias), rank, k, alias, ent.slug, False))
    words = _article_index(article).words
    found: list[Span] = []
    for key, names in index.items():
        names.sort()
        found.extend(words.matches(key, tuple((n[3], n[4], plural[n[4]]) for n in names)))
    return _non_overlapping(found)


def _non_overlapping(found: Iterable[Span]) -> list[Span]:
    """The spans, sorted, each dropped when an earlier one covers its start."""
    return _first_of_overlaps(sorted(found))


def _first_of_overlaps(found: list[Span]) -> list[Span]:
    """``_non_overlapping`` of spans already sorted."""
    spans = []
    pos = 0
    for span in found:
        if span[0] >= pos:
            spans.append(span)
            pos = span[1]
    return spans


class _NamesInUse:
    """The registry's names by first word, in the order ``find_mentions`` tries them, and the mentions
    they give (``spans()``, the same as ``_mention_spans`` over the registry's entities).

    The registry asks for its mentions after every extraction stage; only the first words whose
    names changed since are matched again, their mentions moved in and out of one sorted list, and
    overlaps resolved only when two neighbours in it overlap.
    """

    def __init__(self, article: Article) -> None:
        self.article = article
        self.rank: dict[str, int] = {}  # slug -> place of the entity in the registry
        self.count: dict[str, int] = {}  # slug -> names it has been given
        self.by_key: dict[str, list[Trial]] = {}
        self.found: dict[str, list[Span]] = {}
        self.changed: set[str] = set()
        self._all: list[Span] = []  # every first word's mentions, sorted
        self._overlaps = 0  # neighbours in ``_all`` that overlap
        self._spans: list[Span] = []
        self._ranks = itertools.count()

    def add_entity(self, ent: Entity) -> None:
        self.rank[ent.slug] = next(self._ranks)
        self.count[ent.slug] = 0
        for alias in dict.fromkeys([ent.name, *ent.aliases]):
            self.add_name(ent, alias)

    def add_name(self, ent: Entity, alias: str) -> None:
        k = self.count[ent.slug]
        self.count[ent.slug] = k + 1
        key = _first_word_key(alias)
        if key is not None:
            trial = (-len(alias), self.rank[ent.slug], k, alias, ent.slug, ent.type == "equipment")
            self.by_key.setdefault(key, []).append(trial)
            self.changed.add(key)

    def remove_entity(self, ent: Entity) -> None:
        for alias in dict.fromkeys([ent.name, *ent.aliases]):
            key = _first_word_key(alias)
            if key is not None and key in self.by_key:
                self.by_key[key] = [n for n in self.by_key[key] if n[4] != ent.slug]
                self.changed.add(key)
        del self.rank[ent.slug], self.count[ent.slug]

    def spans(self) -> list[Span]:
        if self.changed:
            words = _article_index(self.article).words
            moved: list[tuple[list[Span], list[Span]]] = []
            for key in self.changed:
                names = self.by_key.get(key)
                old = self.found.get(key, [])
                if names:
                    names.sort()
                    self.found[key] = words.matches(key, tuple(n[3:] for n in names))
                else:
                    self.by_key.pop(key, None)
                    self.found.pop(key, None)
                moved.append((old, self.found.get(key, [])))
            self.changed.clear()
            if sum(len(old) + len(new) for old, new in moved) * 4 > len(self._all):
                self._spans = self._rebuild()
            else:
                for old, new in moved:
                    self._replace(old, new)
                self._spans = _first_of_overlaps(self._all) if self._overlaps else list(self._all)
        return self._spans

    def _rebuild(self) -> list[Span]:
        """``_all`` sorted afresh (when many mentions changed, cheaper than moving each), its overlapping
        neighbours counted and ``_first_of_overlaps`` of it, in one pass.

        No two mentions begin at the same place (a place opens one word, whose names give one mention):
        sorting by start alone gives the order of the whole tuples, with quicker comparisons.
        """
        self._all = spans = sorted(itertools.chain.from_iterable(self.found.values()), key=START)
        kept = []
        overlaps, end, pos = 0, -1, 0
        for span in spans:
            start = span[0]
            overlaps += end > start  # neighbours overlap where one ends after the next begins
            end = span[1]
            if start >= pos:
                kept.append(span)
                pos = end
        self._overlaps = overlaps
        return kept

    def _replace(self, old: list[Span], new: list[Span]) -> None:
        if new is old or new == old:
            return
        kept = set(old).intersection(new)  # a name added to a first word changes few of its mentions
        for span in old:
            if span not in kept:
                self._move(span, -1)
        for span in new:
            if span not in kept:
                self._move(span, 1)

    def _move(self, span: Span, way: int) -> None:
        """Insert (``way`` 1) or delete (-1) one span of ``_all``, counting overlapping neighbours."""
        spans = self._all
        i = bisect.bisect_left(spans, span)
        before = spans[i - 1] if i else None
        after = spans[i + (way < 0)] if i + (way < 0) < len(spans) else None
        change = (before is not None and before[1] > span[0]) + (after is not None and span[1] > after[0])
        if before is not None and after is not None and before[1] > after[0]:
            change -= 1  # the two were neighbours without the span
        self._overlaps += way * change
        if way > 0:
            spans.insert(i, span)
        else:
            del spans[i]


# ---------------------------------------------------------------------------------------------
# Curated rows.


def _curated_entities(reg: _Registry, curation: Curation) -> None:
    for row in curation.rows("entities"):
        pos = curation.locate(row)
        anchor = row.get("text")
        name = row.get("name")
        etype = row.get("type")
        aliases = [a.strip() for a in row.get("aliases").split("|") if a.strip()]
        if not name:
            raise row.error("empty 'name' column")
        if etype == "ignore":
            if name not in anchor:
                raise row.error(f"ignored name {name!r} does not occur in the expected text {anchor!r}")
            reg.ignored.add(name_key(name))
            continue
        if etype not in ENTITY_TYPES:
            raise row.error(f"type {etype!r} is not one of {', '.join(ENTITY_TYPES)} or ignore")
        side = row.get("side") or None
        if side and not SIDE_RE.fullmatch(side):
            raise row.error(f"side {side!r} must be a lower-case word such as mali, france, islamists")
        if not any(n in anchor for n in [name, *aliases]):
            raise row.error(f"none of the names of {name!r} occurs in the expected text {anchor!r}")
        slug = row.get("slug") or slugify(name)
        if slug in reg.entities:
            raise row.error(f"slug {slug!r} is already used by {reg.entities[slug].name!r}")
        for alias in [name, *aliases]:
            if reg.find(alias):
                raise row.error(f"name {alias!r} already belongs to {reg.find(alias)!r}")
        desc = row.get("description") or None
        reg.add(Entity(slug, name, etype, side, desc, aliases), curated=True)
        del pos


def _row_claim(curation: Curation, row: CuratedRow) -> tuple[int, int]:
    pos = curation.locate(row)
    claim = curation.article.claim_at(pos)
    if claim is None:
        raise row.error(f"expected text {row.get('text')!r} is not inside a sentence or infobox field")
    return claim.index, pos


def _curated_roles(reg: _Registry, curation: Curation) -> list[Role]:
    roles = []
    for row in curation.rows("roles"):
        claim, _ = _row_claim(curation, row)
        anchor = row.get("text")
        slug = row.get("entity")
        if slug not in reg.entities:
            raise row.error(f"entity {slug!r} is not a known entity slug")
        ent = reg.entities[slug]
        if not any(n in anchor for n in reg.names(ent)):
            raise row.error(f"no name of {ent.name!r} occurs in the expected text {anchor!r}")
        of = row.get("of") or None
        if of and of not in reg.entities:
            raise row.error(f"'of' entity {of!r} is not a known entity slug")
        of_text = row.get("of_text") or None
        if of_text and of_text not in anchor:
            raise row.error(f"of_text {of_text!r} does not occur in the expected text {anchor!r}")
        if not row.get("role"):
            raise row.error("empty 'role' column")
        roles.append(Role(slug, row.get("role"), of, of_text, claim))
    return roles


# ---------------------------------------------------------------------------------------------
# Rules.


@dataclass
class _Column:
    """One numbered infobox column (Combatant1 with Commander1, Units1...): its side and combatants."""

    side: str | None = None
    combatants: list[str] = field(default_factory=list)
    text: str = ""


INFOBOX_KEY_RE = re.compile(r"([A-Za-z ]+?)\s*(\d*)")  # "Commander1": kind and column
ISLAMISTS_FIRST_RE = re.compile(r"\s*islamists?\b", re.I)
NICKNAME_RE = re.compile(r"(.+?)\s+['‘\"“](.+?)['’\"”]\s+(.+)")  # Abdel 'Kojak' Krim


def _combatant_side(item: str, column_islamist: bool) -> str | None:
    if column_islamist or ISLAMIST_WORDS.search(item):
        return "islamists"
    if item in COUNTRIES:
        return COUNTRIES[item]
    first = item.split(" ")[0]
    return demonym_side(first)


def _infobox(reg: _Registry, article: Article) -> tuple[list[_Candidate], dict[str, _Column], list[Role]]:
    """Combatants, commanders, units and places from the infobox, with the side of their column."""
    columns: dict[str, _Column] = {}
    for f in article.infobox:
        m = INFOBOX_KEY_RE.fullmatch(f.key)
        if not m:
            continue
        kind, num = m.group(1).lower().replace(" ", ""), m.group(2) or "1"
        if kind == "combatant":
            col = columns.setdefault(num, _Column())
            islamist = bool(ISLAMISTS_FIRST_RE.match(f.value))
            sides = set()
            for item, s, e in infobox_items(f.value):
                side = _combatant_side(item, islamist)
                sides.add(side)
                etype = "place" if item in COUNTRIES else "armed_group"
                desc = None
                cand = _Candidate(item, etype, None if etype == "place" else side, f.start + s, f.start + e)
                cand.description = desc
                slug = reg.offer(cand)
                if slug:
                    col.combatants.append(slug)
            col.side = sides.pop() if len(sides) == 1 else None
            col.text = clean_infobox_value(f.value)
    # Second pass: commanders and units, now that every column's side is known.
    roles: list[Role] = []
    for f in article.infobox:
        m = INFOBOX_KEY_RE.fullmatch(f.key)
        if not m:
            continue
        kind, num = m.group(1).lower().replace(" ", ""), m.group(2) or "1"
        col = columns.get(num, _Column())
        if kind == "place":
            for item, s, e in infobox_items(f.value):
                reg.offer(_Candidate(item, "place", None, f.start + s, f.start + e, rule="infobox"))
        elif kind == "commander":
            for item, s, e in infobox_items(f.value):
                person = _person_candidate(item, f.start + s, f.start + e, col.side)
                if person is None:
                    continue
                slug = reg.offer(person)
                if slug:
                    roles.append(_infobox_commander_role(reg, slug, col, f.key, f.claim))
        elif kind == "units":
            for item, s, e in infobox_items(f.value):
                if item.lower().startswith(("no ", "none", "unknown")):
                    continue
                reg.offer(_Candidate(item, "unit", col.side, f.start + s, f.start + e, rule="infobox"))
    return [], columns, roles


def _infobox_commander_role(reg: _Registry, slug: str, col: _Column, key: str, claim: int) -> Role:
    """Commander of the column's combatant when there is one and the sides agree; else as written."""
    ent = reg.entities[slug]
    of = None
    if len(col.combatants) == 1:
        combatant = reg.entities.get(col.combatants[0])
        combatant_side = col.side
        if combatant is not None and (ent.side is None or ent.side == combatant_side):
            of = combatant.slug
    of_text = f"{key}: {col.text}" if col.text else key
    return Role(slug, "commander (infobox)", of, of_text, claim)


def _person_candidate(item: str, start: int, end: int, side: str | None) -> _Candidate | None:
    """A person's name from an infobox item: titles become aliases, a quoted nickname too."""
    item = item.strip()
    title = None
    for t in TITLES:
        if item.startswith(t + " "):
            title, item = t, item[len(t) + 1 :].strip()
            break
    if not item or not item[:1].isupper():
        return None
    aliases = []
    nick = NICKNAME_RE.fullmatch(item)
    name = item
    if nick:
        name = f"{nick.group(1)} {nick.group(3)}"
        aliases = [item, nick.group(2)]
    if title:
        aliases.append(f"{title} {name}")
    return _Candidate(name, "person", side, start, end, aliases, rule="infobox", weak_side=True)


def _initials_fit(acronym: str, long: str) -> bool:
    """Whether an acronym's capitals are (near enough) the initials of the long name, in any order."""
    letters = [c for c in re.sub(r"^\d+(?:st|nd|rd|th)\s+", "", acronym) if c.isupper()]
    initials = [w[0].upper() for w in re.findall(r"[^\W\d_][\w'’-]*", long) if w[0].isupper()]
    if len(letters) < 2:
        return False
    pool = list(initials)
    missing = 0
    for c in letters:
        if c in pool:
            pool.remove(c)
        else:
            missing += 1
    return missing == 0 or (len(letters) >= 4 and missing <= 1)


NAME_TAIL = r"[\w'’-]*"
NAME_WORD = r"[^\W\d_]" + NAME_TAIL
LONG_NAME = (
    rf"(?:\d+(?:st|nd|rd|th)\s+)?(?-i:[A-Z]){NAME_TAIL}"
    rf"(?:\s+(?:(?-i:[A-Z0-9]){NAME_TAIL}|of|the|and|in|for|de|du|des|No\.\s*\d+))*"
)
SHORT_NAME = r"\(\s*(?P<short>(?:\d+(?:st|nd|rd|th)\s+)?[A-Z][A-Za-z]*[A-Z][\w-]*)\s*\)"  # "(HRW)"
PAIR_RE = re.compile(rf"(?P<long>{LONG_NAME})\s*{SHORT_NAME}")
# What every pair holds, opening with "(": the claims without it are not read (one scan of them all).
SHORT_NAME_RE = re.compile(SHORT_NAME)


def _long_name_type(long: str) -> tuple[str, str | None]:
    words = [w.lower() for w in re.findall(NAME_WORD, long)]
    first_side = demonym_side(words[0]) if words else None
    if ISLAMIST_WORDS.search(long) or (words and words[0] in GROUP_HEADS and "army" not in words):
        return "armed_group", "islamists" if ISLAMIST_WORDS.search(long) else None
    if re.match(r"\d", long) or set(words) & UNIT_HEADS:
        return "unit", first_side
    if set(words) & MEDIA_HEADS:
        return "media", None
    if set(words) & ORG_HEADS:
        return "organisation", first_side
    return "organisation", first_side


def _pairs(article: Article) -> list[_Candidate]:
    """ "Human Rights Watch (HRW)": a long name with its acronym, one entity with both names."""
    out = []
    index = _article_index(article)
    for k in sorted(index.claims_matching(SHORT_NAME_RE)) if "(" in article.text else ():
        claim = article.claims[k]
        for m in PAIR_RE.finditer(claim.text):
            long, short = m.group("long"), m.group("short")
            words = long.split(" ")
            while words and (words[0] in STOP or words[0].lower() in NAME_CONNECTORS):
                words.pop(0)
            long = " ".join(words)
            if not long or not _initials_fit(short, long):
                continue
            etype, side = _long_name_type(long)
            start = claim.start + m.end("long") - len(long)
            out.append(_Candidate(long, etype, side, start, claim.start + m.end(), [short], rule="pair"))
    return out


KNOWN_AS_RE = re.compile(
    rf"(?P<name>(?-i:[A-Z]){NAME_TAIL}(?:\s+(?-i:[A-Z]){NAME_TAIL}){{0,4}}),?\s+"
    rf"(?:also\s+)?(?:known|nicknamed|called)\s+as\s+['\"“]?(?P<alias>(?-i:[A-Z]){NAME_TAIL}"
    rf"(?:\s+(?-i:[A-Z]){NAME_TAIL}){{0,3}})"
)


_PARTICLE = r"(?:Ag|Ould|Abu|Abou|El|Le|de|al|ben|bin)(?=\s+(?-i:[A-Z]))"
_TITLED_NAME = rf"(?-i:[A-Z]){NAME_TAIL}(?:\s+(?:(?-i:[A-Z]){NAME_TAIL}|{_PARTICLE}))*"


def _title_pattern(title: str) -> str:
    """A title in any case after its first letter, which must be a capital unless ``LOWER_TITLES`` has it."""
    if title.lower() in LOWER_TITLES:
        return re.escape(title)
    return f"(?-i:{re.escape(title[0])}){re.escape(title[1:])}"


TITLED_RE = re.compile(
    rf"(?<![\w-])(?P<title>{'|'.join(_title_pattern(t) for t in TITLES)})\s+(?P<name>{_TITLED_NAME})", re.I
)


KIA_END_RE = re.compile(r"KIA$")


def _titled_claims(index: _ArticleIndex) -> list[tuple[Claim, list[int] | None]]:
    """The claims where a title may give a name, each with where (offsets in the claim) a title may
    begin, or None to read the whole claim.

    A title written with a capital begins a word of the index of capitalised words, with no word
    character before it: it is tried only there. A claim holding one of ``LOWER_TITLES`` in any case is
    read whole, and every claim holding a title where a letter outside ASCII matches an ASCII one
    ignoring case ("ı" for "i"), or the index cannot tell."""
    capitalised = None if index.has_lookalike() else index.named_at(TITLE_KEYS)
    if capitalised is None:
        return [(claim, None) for claim in index.holding(TITLE_NEEDLES, ignore_case=True)]
    claims = index.article.claims
    found: dict[int, list[int] | None] = {
        k: [at - claims[k].start for at in starts] for k, starts in capitalised.items()
    }
    lower = index.holding(LOWER_TITLES, ignore_case=True)
    if lower:
        found.update(dict.fromkeys(claim.index for claim in lower))
        found = dict(sorted(found.items()))
    return [(claims[k], starts) for k, starts in found.items()]


def _title_matches(text: str, starts: list[int] | None) -> Iterator[re.Match[str]]:
    """``TITLED_RE.finditer(text)``, trying only ``starts`` when given (every match begins at one)."""
    if starts is None:
        yield from TITLED_RE.finditer(text)
        return
    pos = 0
    for at in starts:
        if at >= pos:
            m = TITLED_RE.match(text, at)
            if m is not None:
                yield m
                pos = m.end()


def _titled(article: Article) -> list[_Candidate]:
    """ "Colonel Sogoba", "President Blaise Compaoré": the title is an alias, the name the entity."""
    out = []
    for claim, starts in _titled_claims(_article_index(article)):
        if claim.kind == "infobox":
            continue
        for m in _title_matches(claim.text, starts):
            title = m.group("title")
            words = m.group("name").split(" ")
            clean = []
            for w in words[:5]:
                if w in STOP:
                    break
                clean.append(w)
            if not clean:
                continue
            nm = KIA_END_RE.sub("", " ".join(clean)).strip()
            nm = POSSESSIVE_END_RE.sub("", nm)
            s = claim.start + m.start("name")
            titled = f"{title[:1].upper()}{title[1:]} {nm}"
            out.append(
                _Candidate(
                    nm, "person", None, s, s + len(nm), [titled], rule="title", side_at=(claim, m.start(), 3)
                )
            )
    return out


SIDE_WORD_RE = re.compile(r"[\w-]+")
# Every demonym holds one of these ("malians" holds "malian"): where none is, none is.
DEMONYM_NEEDLES = fewest_needles(DEMONYMS)


def _side_before(claim: Claim, pos: int, words: int = 3) -> str | None:
    """The side named by a demonym among the few words before ``pos`` in a claim ("the French Tiger").

    Most windows hold no demonym at all: where the article's index knows that, no words are read.
    """
    index = _last_index[0] if _last_index else None
    if index is not None and index.no_demonym_before(claim, pos):
        return None
    before = SIDE_WORD_RE.findall(claim.text, max(0, pos - 60), pos)[-words:]
    for w in reversed(before):
        side = demonym_side(w)
        if side:
            return side
    return None


UNIT_HEADS_CAPITALISED = (
    "Regiment",
    "Battalion",
    "Brigade",
    "Group",
    "Company",
    "Squadron",
    "Division",
    "Corps",
    "Commando",
    "Legion",
    "Army",
)
# The heads folded, as the index of capitalised words knows them (``_ArticleIndex.naming``).
UNIT_KEYS = tuple(head.casefold() for head in UNIT_HEADS_CAPITALISED)
# A digit with no word character before it first (``\b\d+``, written so that the regex engine scans for
# digits). Runs of digits, white space and word characters are taken whole (possessive): what follows each
# cannot begin with a character of the run, so a shorter one never matches, and the engine need not try it.
ORDINAL_UNIT_RE = re.compile(
    r"\d(?<!\w\d)\d*+(?:st|nd|rd|th)\s++(?:(?-i:[A-Z])[\w-]*+\s++){0,5}?"
    rf"(?:{'|'.join(UNIT_HEADS_CAPITALISED)})(?![\w-])"
)
OPERATION_RE = re.compile(r"\b[Oo]peration\s+(?P<name>(?-i:[A-Z])[\w'’-]+)")
# A capital with no word character or dash before it, then a dash and digits ("Mi-24") or a word, a space
# and digits ("Mirage 2000D"). The capital comes first, the look-behind after it: the regex engine scans
# for capitals.
DESIGNATION_RE = re.compile(
    r"[A-Z](?<![\w-].)(?:[A-Za-z]{0,7}-\d+[A-Za-z0-9]*|[a-z]+\s\d{3,4}-?[A-Z]{1,2})(?![\w-])"
)
# What every designation holds (``_ArticleIndex.designated``): "-2" in "BRDM-2", or "2000D" in
# "Mirage 2000D", three or four digits and a capital after white space, which open a word of a stretch.
DASH_DIGIT_RE = re.compile(r"-\d")
DIGITS_CAPITAL_RE = re.compile(r"(?<![^ ])\d{3,4}-?[A-Z]")
# Two capitals with no word character or dash before them (checked after the first capital: the regex
# engine then scans for one character class, which is quick).
ACRONYM_RE = re.compile(r"[A-Z](?<![\w-].)[A-Z][A-Za-z0-9]*(?![\w-])")
ROMAN_RE = re.compile(r"[IVXLC]+")
NOT_ACRONYMS = {"KIA", "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII", "TV", "OK", "AM", "PM"}


STATE_FORCE_RE = re.compile(  # the capital first, then that no word character or dash stands before it
    r"(?P<demonym>(?-i:[A-Z])(?<![\w-].)[a-z]+)\s+(?P<head>army|armed\s+forces|military|troops|forces|government)\b",
    re.I,
)
# Each word of the name taken whole (possessive, as in ``ORDINAL_UNIT_RE``): white space must follow it.
# The name starts a word: no word character, dash or apostrophe stands before its capital ("al-Qaeda" is
# no "Qaeda").
EQUIPMENT_RE = re.compile(
    rf"(?P<name>(?-i:[A-Z])(?<![\w'’-].)[\w-]*+(?:\s(?-i:[A-Z0-9])[\w-]*+)?)\s(?:{EQUIPMENT_NOUNS})\b"
)
# Words without which a pattern cannot match (lower-case where it ignores case): claims without one of
# them are not scanned.
STATE_FORCE_NEEDLES = ("army", "forces", "military", "troops", "government")
KNOWN_AS_NEEDLES = ("known", "nicknamed", "called")


def _or_holding(
    claims: list[Claim] | None, index: _ArticleIndex, needles: Iterable[str], ignore_case: bool = False
) -> list[Claim]:
    """``claims`` when the index of capitalised words could tell them (``naming``), else ``holding``."""
    return claims if claims is not None else index.holding(needles, ignore_case)


def _structured(article: Article) -> list[_Candidate | Find]:
    """Names whose form says what they are: armies, ordinal units, operations, equipment.

    Each pattern runs only on the claims that hold one of the words it cannot match without (armies only
    where a capitalised demonym begins), but for equipment, read in one scan of all the claims.
    """
    index = _article_index(article)
    claims = article.claims
    demonyms = index.named_at(DEMONYMS)
    if demonyms is not None:
        state = [(k, _state_forces(claims[k], starts)) for k, starts in demonyms.items()]
    else:
        state = [(c.index, _state_forces(c)) for c in index.holding(STATE_FORCE_NEEDLES, ignore_case=True)]
    rules: list[tuple[Callable[[Claim], list[_Candidate | Find]], list[Claim]]] = [
        (_ordinal_units, _or_holding(index.naming(UNIT_KEYS), index, UNIT_HEADS_CAPITALISED)),
        (_operations, index.holding(["peration"])),
        (_known_as, index.holding(KNOWN_AS_NEEDLES)),
        (_designations, index.designated()),
    ]
    # Claim by claim, each claim's finds in the order of the rules above: the candidates come out in the
    # same order as from every rule tried on every claim. Most tries find nothing: only finds are kept.
    by_claim: dict[int, list[_Candidate | Find]] = {}
    for k, finds in state:
        if finds:
            by_claim[k] = finds
    for rule, ruled in rules:
        for claim in ruled:
            finds = rule(claim)
            if finds:
                by_claim.setdefault(claim.index, []).extend(finds)
    # Equipment last: one scan of all the claims costs less than finding those with an equipment noun.
    for claim, m, shift in index.each_match(EQUIPMENT_RE):
        find = _equipment(claim, m, claim.start - shift)
        if find is not None:
            by_claim.setdefault(claim.index, []).append(find)
    return [find for k in sorted(by_claim) for find in by_claim[k]]


def _state_forces(claim: Claim, starts: list[int] | None = None) -> list[_Candidate | Find]:
    """ "the Malian army", "French forces": a side's army (or its government).

    Only a demonym gives one, and a match of another word cannot hide one (its second word would be
    the demonym, and none is a head): the claims read are those with a capitalised demonym, and only
    where one begins when ``starts`` (article offsets) lists them.
    """
    out: list[_Candidate | Find] = []
    text = claim.text
    if starts is None:
        found: Iterable[re.Match[str] | None] = STATE_FORCE_RE.finditer(text)
    else:
        found = [STATE_FORCE_RE.match(text, at - claim.start) for at in starts]
    for m in found:
        if m is None:
            continue
        side = demonym_side(m.group("demonym"))
        if not side or side == "islamists":
            continue
        government = m.group("head").lower() == "government"
        name = f"{m.group('demonym')} {'government' if government else 'army'}"
        etype = "organisation" if government else "state_force"
        s, e = claim.start + m.start(), claim.start + m.end()
        out.append(_Candidate(name, etype, side, s, e, [m.group()], rule="state"))
    return out


def _ordinal_units(claim: Claim) -> list[_Candidate | Find]:
    """ "the 2nd Foreign Parachute Regiment"."""
    out: list[_Candidate | Find] = []
    for m in ORDINAL_UNIT_RE.finditer(claim.text):
        s, e = claim.start + m.start(), claim.start + m.end()
        out.append((m.group(), "unit", s, e, "", None, (claim, m.start(), 3)))
    return out


def _operations(claim: Claim) -> list[_Candidate | Find]:
    """ "Operation Serval"."""
    out: list[_Candidate | Find] = []
    for m in OPERATION_RE.finditer(claim.text):
        nm = f"Operation {m.group('name')}"
        s, e = claim.start + m.start(), claim.start + m.end()
        out.append((nm, "state_force", s, e, "", None, (claim, m.start(), 6)))
    return out


def _known_as(claim: Claim) -> list[_Candidate | Find]:
    """ "Abdel Krim, known as Kojak": a person and the name they go by."""
    out: list[_Candidate | Find] = []
    for m in KNOWN_AS_RE.finditer(claim.text):
        known = m.group("name").split(" ")
        while known and known[0] in STOP:
            known.pop(0)
        if known:
            side_at = (claim, m.start(), 3)
            out.append(_Candidate(" ".join(known), "person", aliases=[m.group("alias")], side_at=side_at))
    return out


def _designations(claim: Claim) -> list[_Candidate | Find]:
    """ "Mi-24", "Mirage 2000D": equipment by its designation."""
    out: list[_Candidate | Find] = []
    for m in DESIGNATION_RE.finditer(claim.text):
        word = m.group()
        if word.split(" ")[0] in STOP:
            continue
        s, e = claim.start + m.start(), claim.start + m.end()
        out.append((word, "equipment", s, e, "", None, (claim, m.start(), 3)))
    return out


def _equipment(claim: Claim, m: re.Match[str], base: int) -> Find | None:
    """ "Gazelle helicopters", "BRDM-2 armoured vehicles": a name before an equipment noun, from a match
    of ``EQUIPMENT_RE`` in a text where ``claim`` begins at ``base``."""
    words = m.group("name").split(" ")
    while words and (words[0] in STOP or demonym_side(words[0])):
        words.pop(0)
    if not words:
        return None
    nm = " ".join(words)
    s = claim.start + m.end("name") - base - len(nm)
    return (nm, "equipment", s, s + len(nm), "", None, (claim, m.start() - base, 3))


def _acronyms(article: Article, reg: _Registry) -> list[_Candidate | Find]:
    """All-capital names left over once every other rule has had its say (an organisation by default).

    An acronym opens with a capital no letter or digit stands before: it lies in a stretch of the runs'
    (``STRETCH_RE``), and is read once in each different stretch, not in the whole article. Only one
    at either end of its stretch depends on the text around (a "-" before or after it).
    """
    index = _article_index(article)
    index.runs()
    if index._claims_cut_words():
        return _acronyms_scanned(index)
    out: list[Find] = []
    text = article.text
    n = len(text)
    for (stretch, _), (offsets, _) in index._stretches.items():
        for m in ACRONYM_RE.finditer(stretch):
            found = _acronym(m.group())
            if found is None:
                continue
            word, etype, side = found
            s, e = m.start(), m.end()
            first, last = s == 0, e == len(stretch)
            for at in offsets:
                if first and at and (_is_word(text[at - 1]) or text[at - 1] == "-"):
                    continue
                if last and at + e < n and (_is_word(text[at + e]) or text[at + e] == "-"):
                    continue
                out.append((word, etype, at + s, at + e, "", side, None))
    out.sort(key=START_OF_FIND)
    return list(out)


START_OF_FIND = operator.itemgetter(2)


def _acronym(word: str) -> tuple[str, str, str | None] | None:
    """(word, type, side) of an all-capital word, unless it is no name ("KIA", "II", "25px")."""
    if word in NOT_ACRONYMS or ROMAN_RE.fullmatch(word) or word.endswith("px"):
        return None
    side = "islamists" if ISLAMIST_WORDS.search(word) else None
    return word, "armed_group" if side else "organisation", side


def _acronyms_scanned(index: _ArticleIndex) -> list[_Candidate | Find]:
    """``_acronyms`` from one scan of the article's claims."""
    out: list[_Candidate | Find] = []
    for _claim, m, shift in index.each_match(ACRONYM_RE):
        found = _acronym(m.group())
        if found is not None:
            word, etype, side = found
            out.append((word, etype, m.start() + shift, m.end() + shift, "", side, None))
    return out


CONNECTORS = ("of", "the", "and", "in", "for")
RUN_LINKS = frozenset(PARTICLES) | frozenset(CONNECTORS)  # the lower-case words a run may hold
GLUE = "_'’.-"  # what may stand between a word's start and its first letter or digit ("'Ansar")
POSSESSIVE = ("'s", "’s")
# A word, for runs: letters, digits and ' ’ . - from a letter or digit to the last letter, digit or "_"
# ("U.S", "O'Neil", "Mi-24"); the joining characters before its first letter are not part of it.
# Written as runs of word characters and of joining characters, each taken whole (possessive): the regex
# engine never backtracks into them, and the word ends where the longest such string ends.
WORD_TAIL = r"\w*+(?:['’.-]++\w++)*+"
# A word that may be capitalised: a letter that is not ASCII lower-case (or a digit with
# such a letter later in the word, "2000D"), with no letter or digit just before it. One character
# class comes first so that the regex engine scans for it quickly; ``_runs`` confirms each word.
_MAYBE_CAPITALISED = (
    r"[0-9A-Z\x80-\U0010ffff](?<![^\W_].)"
    r"(?:(?<=[A-Z])|(?<=[0-9])(?=[\w'’.-]*?[A-Z\x80-\U0010ffff](?<=\w))|(?<![0-9])(?<=[^\W_]))" + WORD_TAIL
)


_RUN_LINK = rf"(?i:{word_tree(RUN_LINKS)})(?![\w'’.-]*\w)"
# Words, one space apart, that may be capitalised or are run links: every run lies inside one such
# stretch (and most words of a text lie in none).
STRETCH_RE = re.compile(rf"({_MAYBE_CAPITALISED}(?: (?:{_MAYBE_CAPITALISED}|{_RUN_LINK}))*)")


def _starts_word(text: str, at: int) -> bool:
    """Whether a word begins at ``at`` (a letter or digit): no letter or digit before the
    ``GLUE`` characters in front of it."""
    k = at - 1
    while k >= 0 and text[k] in GLUE:
        k -= 1
    return k < 0 or not text[k].isalnum()


def _runs(text: str, starts: list[int]) -> list[list[tuple[int, int, list[str]]]]:
    """Runs of capitalised words joined by single spaces and name particles, with their offsets,
    for each part of ``text`` (parts begin at ``starts``; offsets within the part): ``_flat_runs``
    grouped by part."""
    runs: list[list[tuple[int, int, list[str]]]] = [[] for _ in starts]
    for s, e, words, part in _flat_runs(text, starts):
        runs[part].append((s - starts[part], e - starts[part], words))
    return runs


def _flat_runs(
    text: str, starts: list[int], shifts: list[int] | None = None, where: Stretches | None = None
) -> list[Run]:
    """Every run of ``text`` in order, as (start, end, words, part): offsets within ``text`` (plus the
    part's shift, if given), and which of the parts beginning at ``starts`` holds it.

    One regex split finds the stretches of words a run can be made of (``STRETCH_RE``); each
    stretch is read once per text however often it comes back (``_stretch_runs``). The lists of
    words returned are shared, never to be changed. ``where``, if given, is filled with where each
    stretch is (see ``Stretches``).
    """
    runs: list[Run] = []
    append = runs.append
    where = {} if where is None else where
    # Runs, the run when there is just one (the usual stretch), offsets and parts of stretches.
    read: dict[str, tuple[StretchRuns, tuple[int, int, list[str]] | None, list[int], list[int]]] = {}
    parts = STRETCH_RE.split(text)  # gap, stretch, gap, ..., gap
    offsets = list(itertools.accumulate(map(len, parts), initial=0))
    part, last = 0, len(starts) - 1
    following = starts[1] if last > 0 else len(text) + 1  # where the part after ``part`` begins
    shift = shifts[0] if shifts else 0
    for stretch, at in zip(parts[1::2], offsets[1::2], strict=False):  # one offset more than stretches
        if following <= at:
            while following <= at:
                part += 1
                following = starts[part + 1] if part < last else len(text) + 1
            shift = shifts[part] if shifts else 0
        if at and text[at - 1] in GLUE:
            # The first word may begin inside a word ("al-Qaeda"): then it cannot open a run.
            found = _stretch_runs(stretch, int(not _starts_word(text, at)))
            one = found[0] if len(found) == 1 else None
            seen_at, seen_in = where.setdefault((stretch, text[at - 1] == "_"), ([], []))
        else:
            seen = read.get(stretch)
            if seen is None:
                found = _stretch_runs(stretch, 0)
                one = found[0] if len(found) == 1 else None
                seen = read[stretch] = (found, one, *where.setdefault((stretch, False), ([], [])))
            found, one, seen_at, seen_in = seen
        at += shift
        seen_at.append(at)
        seen_in.append(part)
        if one is not None:
            append((at + one[0], at + one[1], one[2], part))
        elif found:
            runs.extend([(at + s, at + e, words, part) for s, e, words in found])
    return runs


@functools.lru_cache(maxsize=16384)
def _stretch_runs(stretch: str, skip: int) -> StretchRuns:
    """The runs in one stretch of words (offsets within it), its first ``skip`` words left out; cached,
    as the same stretches ("the Malian army", "According to") come back article after article.

    A run opens with a capitalised word that is not a stop word and takes the next capitalised
    word, or a particle or connector ("of", "the", "ag") when a capitalised word follows ("and" only
    after an "of", "in" only before "the"); a possessive ends it.
    """
    toks = stretch.split(" ")
    i = skip
    pos = sum(len(t) + 1 for t in toks[:skip])  # where toks[i] begins
    n = len(toks)
    runs = []
    while i < n:
        w = toks[i]
        if not (w[0].isupper() or _capitalised(w)) or w in STOP:
            pos += len(w) + 1
            i += 1
            continue
        words = [w]
        j = i
        has_of = False
        while j + 1 < n and not words[-1].endswith(POSSESSIVE):
            nw = toks[j + 1]
            if (nw[0].isupper() or _capitalised(nw)) and nw not in STOP:
                words.append(nw)
                j += 1
                continue
            low = nw.lower()
            if low not in RUN_LINKS or (low == "and" and not has_of):
                break
            if low == "in" and not has_of and (j + 2 >= n or toks[j + 2] != "the"):
                break
            # A link must be followed (maybe after "the") by a capitalised word.
            k = j + 2
            while k < n and toks[k].lower() == "the":
                k += 1
            if k >= n or not _capitalised(toks[k]) or toks[k] in STOP:
                break
            has_of = has_of or low == "of"
            words.extend(toks[j + 1 : k])
            j = k - 1
        end = pos + len(" ".join(words))  # the words are toks[i : j + 1]
        runs.append((pos, end, words))
        pos = end + 1
        i = j + 1
    return tuple(runs)


def _classify_run(words: list[str]) -> tuple[str | None, str | None]:
    """(type, side) of a capitalised name by its words; type None when it is not an entity."""
    return _classify_words(tuple(words))


@functools.lru_cache(maxsize=16384)
def _classify_words(words: tuple[str, ...]) -> tuple[str | None, str | None]:
    low = [w.lower() for w in words]
    side = demonym_side(low[0])
    name = " ".join(words)
    if set(low) & EVENT_HEADS:
        return None, None
    if ISLAMIST_WORDS.search(name) and side != "islamists":
        return "armed_group", "islamists"
    if side:
        rest = " ".join(low[1:])
        if not rest:
            return None, None
        if rest in STATE_HEADS:
            return "state_force", side
        if set(low[1:]) & UNIT_HEADS:
            return "unit", side
        if set(low[1:]) & ORG_HEADS:
            return "organisation", side
        return None, None
    if set(low) & MEDIA_HEADS:
        return "media", None
    if low[-1] in PLACE_HEADS or low[0] in PLACE_FIRST or (low[0] in COMPASS and len(low) == 2):
        return "place", None
    if set(low) & UNIT_HEADS:
        return "unit", None
    if set(low) & ORG_HEADS:
        return "organisation", None
    if low[0] in GROUP_HEADS:
        return "armed_group", None
    caps = [w for w in words if _capitalised(w)]
    looks_personal = set(low) & PERSON_PARTICLES or (2 <= len(caps) <= 3 and len(caps) == len(words))
    if looks_personal and all(re.fullmatch(r"[^\W\d_][\w'’-]*", w) and not w.isupper() for w in words):
        return "person", None
    return None, None


PLACE_BEFORE_RE = re.compile(rf"\b(?:{PLACE_PREPOSITIONS})\s+(?:the\s+)?$")
MEDIA_BEFORE_RE = re.compile(
    rf"\b(?:the\s+)?(?:{MEDIA_NOUNS})\s+$|\b(?:reporter|journalist|correspondent)s?\s+(?:for|of|at)\s+$"
    r"|\b(?:told|contacted\s+by|interviewed\s+by|quoted\s+by)\s+(?:the\s+)?$"
)
PERSON_BEFORE_RE = re.compile(
    r"\b(?:the\s+)?(?:reporter|journalist|historian|researcher|analyst|writer|spokesman|named|witness)\s+$"
)
ACCORDING_BEFORE_RE = re.compile(r"\baccording\s+to\s+(?:the\s+)?$", re.I)
# The words the three patterns above can end on (then whitespace, or "the" and whitespace).
# The words each pattern above can end on, before whitespace (some also before a last "the").
MEDIA_LAST_WORDS = (
    *(noun for noun in MEDIA_NOUNS.split("|") if " " not in noun),  # "news agency": "agency"
    *("for", "of", "at", "told", "by"),
)
MEDIA_WORDS_BEFORE_THE = ("told", "by")
PERSON_LAST_WORDS = (
    *("reporter", "journalist", "historian", "researcher", "analyst", "writer", "spokesman"),
    *("named", "witness"),
)
PLACE_LAST_WORDS = (*PLACE_WORDS_BEFORE, "of")  # "town of", "outskirts of": "of"


def _last_words_at(before: str) -> int:
    """Where the last three words of ``before`` begin (the white space before them): the context
    patterns above span three words at most ("city of the", "contacted by the"), so a search from
    there finds what a search of the whole window finds."""
    words = before.rsplit(None, 3)
    return len(words[0]) if len(words) == 4 else 0


def _last_words(text: str, lo: int, end: int, spaced: bool) -> str:
    """The last three words of ``text[lo:end]`` (``_last_words_at``), found by ``str.rfind`` where the
    only white space is single spaces (``spaced``) and ``text[end - 1]`` is one."""
    if not spaced:
        before = text[lo:end]
        return before[_last_words_at(before) :]
    at = text.rfind(" ", lo, end - 1)
    if at > lo:
        at = text.rfind(" ", lo, at)
    if at > lo:
        at = text.rfind(" ", lo, at)
    return text[at:end] if at > lo else text[lo:end]


def _context_kinds(before: str) -> tuple[bool, bool, bool]:
    """Which of the media, person and place patterns the words before a run could match: each needs
    one of its words, maybe then "the", then whitespace. Most runs need no regex search at all."""
    if not before[-1:].isspace():
        return False, False, False
    words = before.rsplit(None, 2)
    last = words[-1] if words else ""
    before_the = words[-2] if len(words) >= 2 and last.endswith("the") else ""
    return (
        last.endswith(MEDIA_LAST_WORDS) or before_the.endswith(MEDIA_WORDS_BEFORE_THE),
        last.endswith(PERSON_LAST_WORDS),
        last.endswith(PLACE_LAST_WORDS) or before_the.endswith(PLACE_LAST_WORDS),
    )


PAIR_AFTER_RE = re.compile(r" and ((?-i:[A-Z])[\w'’-]+)(?![\w'’-]* (?-i:[A-Z]))")


@functools.cache
def _country_pattern(country: str) -> re.Pattern[str]:
    """ "Djibo, Mali": compiled once, and only for countries some text puts a place before."""
    return re.compile(rf"((?-i:[A-Z])[\w'’-]+(?: (?-i:[A-Z])[\w'’-]+)?), {re.escape(country)}\b")


# What the word just before a run ends with when a context pattern may match there: one of the words
# they end on, or "the" (which one of those words comes before). Other runs, nearly all, are passed over.
# The commonest first: ``str.endswith`` stops at the first that fits, and tries all the others when none does.
CUE_ENDS = tuple(
    dict.fromkeys(("the", "of", "in", "to", "by", *MEDIA_LAST_WORDS, *PERSON_LAST_WORDS, *PLACE_LAST_WORDS))
)
# Which context patterns match before a run: media, person, and for a place whether "the" came last
# (None: no place pattern, or "according to").
Context = tuple[bool, bool, bool | None]


@functools.lru_cache(maxsize=16384)
def _context(last_words: str) -> Context:
    """The context patterns matching at the end of the window before a run, from where its last three
    words begin (``_last_words_at``: all the patterns can see, so that the answer serves every run the
    same words come before)."""
    media, person, place = _context_kinds(last_words)
    media = media and MEDIA_BEFORE_RE.search(last_words) is not None
    person = person and PERSON_BEFORE_RE.search(last_words) is not None
    m = PLACE_BEFORE_RE.search(last_words) if place else None
    if not m or ACCORDING_BEFORE_RE.search(last_words):
        return media, person, None
    return media, person, "the" in m.group().split()


def _contextual(article: Article, reg: _Registry) -> list[_Candidate | Find]:
    """Names whose surroundings say what they are: places after prepositions, media, witnesses; and
    places followed by their country, each claim's after its other names.

    The registry does not change meanwhile: what the words before a run say (``_context``) is worked
    out once per last three words, and what a place's words give once per list of words.
    """
    out: list[_Candidate | Find] = []
    claims, text = article.claims, article.text
    countries = _countries_named(article)
    named = sorted(k for k in countries if claims[k].kind != "infobox")
    done = 0  # the claims in ``named`` whose countries are out
    cue_ends = CUE_ENDS
    spaced = _article_index(article).words.spaced  # no white space but single spaces in the claims
    places: dict[tuple[int, bool], str | None] = {}  # (id of a run's words, "the" came last) -> name
    for start, end, words, k in _article_index(article).runs():
        claim = claims[k]
        cs = claim.start
        # A context pattern ends in white space, after a cue word (or more white space): ``_context``.
        if start == cs or not text[start - 1].isspace():
            continue
        if not (text[start - 2].isspace() or text.endswith(cue_ends, cs, start - 1)):
            continue
        if claim.kind == "infobox":
            continue
        while done < len(named) and named[done] < k:
            out.extend(_countries(claims[named[done]], countries[named[done]]))
            done += 1
        media, person, place = _context(_last_words(text, max(cs, start - 40), start, spaced))
        if media:
            out.append((" ".join(words), "media", start, end, "media", None, None))
        elif person and len(words) <= 4:
            out.append((" ".join(words), "person", start, end, "person", None, None))
        elif place is not None:
            key = (id(words), place)
            if key in places:
                nm = places[key]
            else:
                nm = places[key] = _place_name(reg, words, place)
            if nm is not None:
                out.append((nm, "place", start, start + len(nm), "place", None, None))
                if text.startswith(" and ", end):  # what ``PAIR_AFTER_RE`` opens with
                    out.extend(_pair_after(claim, end - cs))
    for n in named[done:]:
        out.extend(_countries(claims[n], countries[n]))
    return out


def _place_name(reg: _Registry, words: list[str], the: bool) -> str | None:
    """The place a run after a place cue names (``the``: "the" came last, as in "the town of the"),
    if it names one."""
    words = _before_known(reg, words)
    if not words or words[0].isupper() or len(words) > 4:
        return None
    if the and words[-1].lower() not in PLACE_HEADS:
        return None
    etype, _ = _classify_run(words)
    if etype not in (None, "place", "person"):
        return None
    if etype == "person" and set(w.lower() for w in words) & PERSON_PARTICLES:
        return None
    if len(words) == 1 and demonym_side(words[0]):
        return None
    return " ".join(words)


def _pair_after(claim: Claim, e: int) -> list[Find]:
    """The place after a place in "the towns of Tessalit and Aguelhok" (``e``: where the first ends in
    the claim)."""
    pair = PAIR_AFTER_RE.match(claim.text, e)
    if pair and pair.group(1) not in STOP and not demonym_side(pair.group(1)):
        ps = claim.start + pair.start(1)
        return [(pair.group(1), "place", ps, ps + len(pair.group(1)), "place", None, None)]
    return []


# A country's name as a whole word: the names first (the regex engine scans for their first letters),
# the word start checked afterwards (``_countries_named``).
COUNTRY_RE = re.compile(rf"(?:{'|'.join(sorted(COUNTRIES, key=len, reverse=True))})\b")
COUNTRY_KEYS = tuple(dict.fromkeys(country.split(" ")[0].casefold() for country in COUNTRIES))


def _countries_named(article: Article) -> dict[int, dict[str, list[int]]]:
    """Where each claim names each country as a whole word (offsets in the article, in order).

    A country's name opens with a capitalised word: it is read only where the index of those words
    (``_ArticleIndex.letter_pieces``) has its first word in a claim, not in a scan of the article.
    """
    index = _article_index(article)
    if index._claims_cut_words():
        return _countries_scanned(index)
    named: dict[int, dict[str, list[int]]] = {}
    text, claims = article.text, article.claims
    for key in COUNTRY_KEYS:
        for _, rel, offsets, where in index.letter_pieces(key):
            # Without its claim listed, a word is glued to an image size: a word character before it.
            for at, k in zip(offsets, where, strict=False):
                m = COUNTRY_RE.match(text, at + rel, claims[k].end)
                if m:
                    named.setdefault(k, {}).setdefault(m.group(), []).append(m.start())
    for countries in named.values():
        for starts in countries.values():
            starts.sort()
    return dict(sorted(named.items()))


def _countries_scanned(index: _ArticleIndex) -> dict[int, dict[str, list[int]]]:
    """``_countries_named`` from one scan of the article's claims."""
    named: dict[int, dict[str, list[int]]] = {}
    joined, _ = index.joined()
    for claim, m, shift in index.each_match(COUNTRY_RE):
        if not (m.start() and _is_word(joined[m.start() - 1])):
            named.setdefault(claim.index, {}).setdefault(m.group(), []).append(m.start() + shift)
    return named


def _countries(claim: Claim, named: dict[str, list[int]]) -> list[Find]:
    """Countries a sentence names, and the places it puts in them ("Djibo, Burkina Faso")."""
    out: list[Find] = []
    text = claim.text
    for country in COUNTRIES:
        if country not in named:
            continue
        for m in _country_pattern(country).finditer(text) if f", {country}" in text else ():
            words = m.group(1).split(" ")
            while words and words[0] in STOP:
                words.pop(0)
            if words:
                nm = " ".join(words)
                s = claim.start + m.end(1) - len(nm)
                out.append((nm, "place", s, s + len(nm), "place", None, None))
        for at in named[country]:
            out.append((country, "place", at, at + len(country), "", None, None))
    return out


def _before_known(reg: _Registry, words: list[str]) -> list[str]:
    """Cut a run where an already known name begins ("Lere Iyad Ag Ghali" -> "Lere").

    Remembered until the registry learns a name: the same runs come back sentence after sentence.
    """
    key = tuple(words)
    cut = reg.cuts.get(key)
    if cut is None:
        cut = reg.cuts[key] = _cut_before_known(reg, words)
    return cut


def _cut_before_known(reg: _Registry, words: list[str]) -> list[str]:
    for k in range(1, len(words)):
        tail = words[k:]
        if not _capitalised(tail[0]):
            continue  # a known name begins with a capital: no lookup needed
        for n in range(len(tail), 0, -1):
            if reg.known(" ".join(tail[:n])):
                return words[:k]
    return words


def _generic(article: Article, reg: _Registry) -> list[_Candidate | Find]:
    """Capitalised multi-word names anywhere, typed by their words (worked out once per list of words:
    the registry does not change meanwhile, and a stretch read twice shares its lists)."""
    out: list[_Candidate | Find] = []
    claims = article.claims
    named: dict[int, tuple[str, str, str | None] | None] = {}  # id of a run's words -> ``_generic_name``
    for start, _, words, k in _article_index(article).runs():
        if len(words) < 2 or claims[k].kind == "infobox":
            continue  # two capitalised words at least
        key = id(words)
        if key not in named:
            named[key] = _generic_name(reg, words)
        found = named[key]
        if found is None:
            continue
        nm, etype, side = found
        side_at = (claims[k], start - claims[k].start, 3) if not side and etype != "place" else None
        out.append((nm, etype, start, start + len(nm), "generic", side, side_at))
    return out


def _generic_name(reg: _Registry, words: list[str]) -> tuple[str, str, str | None] | None:
    """(name, type, side) of a run's words when they name an entity of their own."""
    words = _before_known(reg, words)
    # The first word of a run is capitalised: one more is needed.
    if len(words) < 2 or not (words[1][0].isupper() or any(map(_capitalised, words[1:]))):
        return None
    etype, side = _classify_run(words)
    if etype is None:
        return None
    return " ".join(words), etype, side


APPOSITIVE_RE = re.compile(
    r",\s+(?P<desc>(?:an?|the\s+(?:[a-z]+est|only|main|capital|former|current))\s+"
    r"[a-z][^,.;()\"]{3,80}?)(?=[,.;])"
)


def _describe(reg: _Registry, article: Article, mentions: list[Mention]) -> None:
    """A one-line description from the text where it gives one ("Korientzé, a village in ...")."""
    text = article.text
    for m in [m for m in mentions if text.startswith(",", m.end)]:  # an apposition opens with a comma
        ent = reg.entities[m.entity]
        if ent.description:
            continue
        claim = article.claims[m.claim]
        if m.end >= claim.end:
            continue
        ap = APPOSITIVE_RE.match(article.text, m.end, claim.end)
        if ap:
            desc = ap.group("desc").strip()
            ent.description = desc[:1].upper() + desc[1:]


ROLE_WORDS = r"emir|leader|head|commander|chief|spokesman|spokesperson|founder|co-founder|member|deputy"
ROLE_APPOSITION_RE = re.compile(
    rf",\s+(?:the\s+|a\s+)?(?P<role>{ROLE_WORDS})\s+of\s+(?:the\s+)?(?P<of>[^,.;]{{2,80}}?)(?=[,.;]|\s+(?:as|who|and)\b)"
)
# The verb first, then that no word character stands before it (a look-behind per verb, each of one
# width): the regex engine then scans for the verbs' first letters only.
COMMANDED_BY_RE = re.compile(
    r"(?:commanded(?<!\wcommanded)|led(?<!\wled)|headed(?<!\wheaded))\s+by\s+(?:the\s+)?"
)
COMMANDED_BY_NEEDLES = ("commanded by", "led by", "headed by")  # in claims whose only white space is " "


def _rule_roles(reg: _Registry, article: Article, mentions: list[Mention]) -> list[Role]:
    """Roles the sentence structure gives: "X, emir of Y"; "Y leader X"; "commanded by X"; units' sides."""
    roles: list[Role] = []
    index = _article_index(article)
    if index.words.spaced:  # one space apart, the verb and "by" are found by ``str.find``
        commanded = {claim.index for claim in index.holding(COMMANDED_BY_NEEDLES)}
    else:
        commanded = index.claims_matching(COMMANDED_BY_RE)
    persons = {slug for slug, ent in reg.entities.items() if ent.type == "person"}
    # Only claims naming a person, or saying "commanded by", can give a role. Mentions come in text
    # order, so each claim's are one slice of them.
    in_claim = [m.claim for m in mentions]
    for k in sorted({m.claim for m in mentions if m.entity in persons} | commanded):
        claim = article.claims[k]
        if claim.kind == "infobox":
            continue
        ms = mentions[bisect.bisect_left(in_claim, k) : bisect.bisect_right(in_claim, k)]
        for m in ms:
            if m.entity not in persons:
                continue
            rel_end = m.end - claim.start
            ap = ROLE_APPOSITION_RE.match(claim.text, rel_end)
            if ap:
                of_text = ap.group("of").strip()
                of_abs = claim.start + ap.start("of")
                of = _entity_in(ms, of_abs, of_abs + len(of_text), exclude=m.entity)
                roles.append(Role(m.entity, ap.group("role"), of, of_text, claim.index))
            # "Ansar Dine leader Iyad Ag Ghali", "Konna Mayor Ibrahima Diakité"
            lead = _role_before(claim.text, m.start - claim.start)
            if lead:
                before = [o for o in ms if o.end <= claim.start + lead.start() + 1 and o.entity != m.entity]
                if before and claim.start + lead.start() - before[-1].end <= 1:
                    other = reg.entities[before[-1].entity]
                    if other.type in ("armed_group", "state_force", "unit", "place", "organisation"):
                        role = lead.group("role").lower()
                        roles.append(Role(m.entity, role, other.slug, before[-1].text, claim.index))
        for cb in COMMANDED_BY_RE.finditer(claim.text) if k in commanded else ():
            after = claim.start + cb.end()
            person = next((o for o in ms if after <= o.start <= after + 30 and o.entity in persons), None)
            if person is None:
                continue
            head = re.search(r"((?:[\w'’-]+\s+){1,5})$", claim.text[: cb.start()])
            of_text = head.group(1).strip() if head else None
            of_s = claim.start + cb.start() - len(head.group(1)) if head else -1
            of = _entity_in(ms, of_s, claim.start + cb.start(), exclude=person.entity) if head else None
            roles.append(Role(person.entity, "commander", of, of_text, claim.index))
    # Units belong to the state force of their side.
    forces: dict[str, str] = {}
    for ent in reg.entities.values():
        if (
            ent.type == "state_force"
            and ent.side
            and ent.side not in forces
            and not ent.name.startswith("Operation")
        ):
            forces[ent.side] = ent.slug
    for ent in reg.entities.values():
        if ent.type == "unit" and ent.side in forces:
            roles.append(
                Role(ent.slug, "part of", forces[ent.side], reg.entities[forces[ent.side]].name, None)
            )
    return roles


ROLE_BEFORE_RE = re.compile(rf"(?:^|\s)(?P<role>{ROLE_WORDS}|mayor|Mayor)\s+(?:[A-Z][\w-]*\s+)?$")


def _role_before(text: str, end: int) -> re.Match[str] | None:
    """``ROLE_BEFORE_RE`` in ``text[:end]``: its role word is one of the last two words there, so the
    search starts after the third last (and needs white space just before ``end``)."""
    if not end or not text[end - 1].isspace():
        return None
    words = text[:end].rsplit(None, 2)
    return ROLE_BEFORE_RE.search(text, len(words[0]) if len(words) == 3 else 0, end)


def _entity_in(ms: list[Mention], start: int, end: int, exclude: str) -> str | None:
    inside = [m for m in ms if start <= m.start and m.end <= end and m.entity != exclude]
    return inside[0].entity if inside else None


def _dedupe_roles(roles: list[Role]) -> list[Role]:
    seen: set[tuple[str, str, str | None]] = set()
    out = []
    for r in roles:
        key = (r.entity, r.role.lower(), (r.of_text or "").lower() or r.of_entity or "")
        if key in seen:
            continue
        seen.add(key)
        out.append(r)
    return out


def _offer_all(reg: _Registry, finds: Iterable[_Candidate | Find]) -> None:
    """Offer a stage's finds in order (all found before the first is offered: rules read the registry).

    Most finds are a name merged before, whose side is settled or stays unread because no demonym
    stands before it: ``offer``'s and ``offer_find``'s first tests are made here, before a candidate is
    built or a side read.
    """
    merged, entities, curated, weak_side = reg.merged, reg.entities, reg.curated, reg.weak_side
    by_alias = reg.by_alias
    unread = _article_index(reg.article).no_demonym_before  # no side to read there
    for find in finds:
        if type(find) is not tuple:
            cand: _Candidate = find  # type: ignore[assignment]
            slug = merged.get((cand.name, *cand.aliases)) if cand.description is None else None
            if slug is not None:  # ``_fill`` has no description to give: only a side
                ent = entities[slug]
                if slug in curated or ent.type in SIDELESS:
                    continue
                if not (ent.side is None or (slug in weak_side and not cand.weak_side)):
                    continue
                if cand.side is None and (cand.side_at is None or unread(*cand.side_at[:2])):
                    continue
            reg.offer(cand)
            continue
        slug = merged.get((find[0],))
        if slug is None:
            # Nor anything to do when ``offer`` would drop the name, or it is no known name and lies
            # inside one found there (the same words come back inside a longer name again and again).
            key = reg.offer_key(find[0])
            if key is None or (key not in by_alias and reg.inside_known(find[2], find[3])):
                continue
        else:
            side, side_at = find[5], find[6]
            if not (side or side_at) or not reg._side_open(slug):
                continue
            if not side and side_at is not None and unread(*side_at[:2]):
                continue  # no side to give
        reg.offer_find(find)  # type: ignore[arg-type]


def extract_entities(article: Article, curation: Curation) -> tuple[list[Entity], list[Mention], list[Role]]:
    """Entities with their aliases, every mention (span into ``article.text``), and their roles."""
    reg = _Registry(article)
    _curated_entities(reg, curation)
    reg.refresh_coverage()
    _, _, infobox_roles = _infobox(reg, article)
    for stage in (_pairs, _titled, _structured):
        _offer_all(reg, stage(article))
        reg.refresh_coverage()
    _offer_all(reg, _contextual(article, reg))
    reg.refresh_coverage()
    for late in (_generic, _acronyms):
        _offer_all(reg, late(article, reg))
    entities = list(reg.entities.values())
    spans = reg.names_in_use.spans()
    mentions = _mentions(article, spans)
    _describe(reg, article, mentions)
    mentioned = {m.entity for m in mentions}
    entities = [e for e in entities if e.slug in mentioned or e.slug in reg.curated]
    # The entities left out are named nowhere, and no name of theirs took a place from another's:
    # ``find_mentions`` of those kept gives these spans.
    _article_index(article).mentioned = (_names_of(entities), spans)
    roles = _curated_roles(reg, curation) + [r for r in infobox_roles if r.entity in reg.entities]
    roles += _rule_roles(reg, article, mentions)
    keep = {e.slug for e in entities}
    roles = [
        r for r in _dedupe_roles(roles) if r.entity in keep and (r.of_entity is None or r.of_entity in keep)
    ]
    return entities, mentions, roles
