"""Every number in an article: quantities become Figures, everything else a classified NonQuantity.

Why rules and not a library: the article mixes counts written in digits and in
words ("1,200", "about sixty", "a dozen", "forty or so"), ranges ("50–150",
"1,500 to 3,000"), open bounds ("at least 13", "60 +"), and numbers that count
nothing: equipment names (BM-21, Mirage 2000D), unit ordinals (62nd, 1st
RPIMa), dates and clock times, wiki leftovers (25px). Each needs its own reason
to be kept or set aside, and a historian must be able to see that reason.

How: the document is read once for its atoms (digit runs, number words) and
the atoms are dealt to the claims that hold them; each atom is classified by a
few anchored matches on the text right around it, after a set lookup on the
word before it, or on the character after it, has ruled most patterns out
(never a scan of the document: a regex call costs several Python calls); a
count between spaces whose neighbours can start no other rule skips them all.
Quantities are then read for what they count (the noun after them), whose side
it is (words nearby, or the infobox field's belligerent column) and what
happened to it (the verb next to them, or one it shares along a list). The
invariant every caller may rely on: every digit run and every number word in
``article.text`` lies inside exactly one figure or non-quantity, and
``article.text[x.start:x.end] == x.raw`` for each. Words outside any claim
(title, headings, skipped infobox lines) get non-quantities with ``claim=None``.

Dates and times are recognised here only to set them aside, by a small
recogniser tuned for speed (``dates.find_dates``, which resolves them for the
timeline, reads the same spans; a test keeps the two in agreement).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from konna_tui.ingest.article import Article, Claim
from konna_tui.ingest.patterns import word_tree
from konna_tui.ingest.records import Figure, NonQuantity

# ---------------------------------------------------------------------------------------------
# Word lists. They name kinds of words, never the answer for one article.


def _words(text: str) -> list[str]:
    """A word list written as one string, for lists long enough to be read as prose."""
    return text.split()


def _each(pairs: dict[str, str]) -> dict[str, str]:
    """{"a b c": value} -> {"a": value, "b": value, "c": value}."""
    return {word: value for words, value in pairs.items() for word in _words(words)}


SMALL = {
    w: n
    for n, w in enumerate(
        _words(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
            "sixteen "
            "seventeen eighteen nineteen"
        )
    )
}
TENS = {
    w: 10 * n for n, w in enumerate(_words("twenty thirty forty fifty sixty seventy eighty ninety"), start=2)
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
DOZEN = {"dozen": 12}
# Plural scale words count an open "many": their low bound is the smallest plural.
VAGUE_PLURALS = {"dozens": 24, "hundreds": 200, "thousands": 2000, "millions": 2_000_000}
ORDINAL_WORDS = frozenset(
    _words(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth thirtieth fortieth "
        "fiftieth hundredth "
        "thousandth"
    )
)
NUMBER_WORDS: frozenset[str] = frozenset([*SMALL, *TENS, *SCALES, *DOZEN, *VAGUE_PLURALS, *ORDINAL_WORDS])
"""Every word the coverage invariant counts as a number word."""
# Number words that start another count (an ordinal word may qualify a noun: "Two first aircraft").
COUNT_WORDS = NUMBER_WORDS - ORDINAL_WORDS

# What a figure counts: the noun after it, in a canonical plural.
UNIT_PAIRS = {
    ("pick-up", "trucks"): "pick-ups",
    ("pickup", "trucks"): "pick-ups",
    ("pick-up", "truck"): "pick-ups",
    ("pickup", "truck"): "pick-ups",
    ("fighter", "jets"): "aircraft",
    ("fighter", "jet"): "aircraft",
    ("special", "forces"): "soldiers",
    ("child", "soldiers"): "child soldiers",
    ("red", "berets"): "soldiers",
    ("rocket", "launchers"): "rocket launchers",
    ("armored", "vehicles"): "armoured vehicles",
    ("armoured", "vehicles"): "armoured vehicles",
    ("attack", "helicopter"): "helicopters",
    ("attack", "helicopters"): "helicopters",
}
UNIT_WORD_MAP = _each(
    {
        "soldier soldiers troops troop servicemen paratroopers": "soldiers",
        "commando commandos": "commandos",
        "fighter fighters militants combatants gunmen jihadists islamists salafists rebels terrorists "
        "insurgents "
        "mercenaries assailants": "fighters",
        "men man": "men",
        "people persons person inhabitants residents": "people",
        "occupants occupant": "occupants",
        "pilot pilots": "pilots",
        "civilian civilians": "civilians",
        "child children": "children",
        "body bodies corpse corpses": "bodies",
        "prisoner prisoners": "prisoners",
        "hostage hostages": "hostages",
        "casualty casualties": "casualties",
        "vehicle vehicles cars car trucks truck": "vehicles",
        "pick-ups pickups pick-up pickup": "pick-ups",
        "tank tanks": "tanks",
        "motorbike motorbikes motorcycle motorcycles": "motorbikes",
        "bus buses": "buses",
        "helicopter helicopters gazelles": "helicopters",
        "aircraft plane planes jet jets bombers mirage mirages rafale rafales": "aircraft",
        "bomb bombs": "bombs",
        "missile missiles": "missiles",
        "rocket rockets": "rockets",
        "launcher launchers": "rocket launchers",
        "target targets": "targets",
        "building buildings": "buildings",
        "km kilometers kilometres kilometer kilometre": "km",
        "mile miles": "miles",
        "day days": "days",
        "hour hours": "hours",
        "week weeks": "weeks",
        "month months": "months",
        "year years": "years",
        "minute minutes": "minutes",
        "percent %": "percent",
    }
)
PERSONNEL_UNITS = frozenset(
    [
        *_words(
            "soldiers commandos fighters men people occupants pilots civilians children bodies prisoners"
        ),
        *_words("hostages casualties"),
        "child soldiers",
    ]
)
VEHICLE_UNITS = frozenset([*_words("vehicles pick-ups tanks motorbikes buses"), "armoured vehicles"])
# Distances, durations, shares and populations: no side, nothing happens to them.
MEASURE_UNITS = frozenset(_words("km miles m days hours weeks months years minutes percent population"))
# Units a side can own: people, vehicles, weapons (a designation such as "BRDM-2" counts too).
SIDED_UNITS = (
    PERSONNEL_UNITS
    | VEHICLE_UNITS
    | frozenset([*_words("helicopters aircraft bombs missiles rockets"), "rocket launchers"])
)
# Words that end the noun phrase after a number.
STOP_WORDS = frozenset(
    _words(
        """a an the and or but nor of in on at to from by with without for into onto near towards toward
        during
    after before since until than as that which who whom whose while when where including were was are is be
    been being have has had do does did will would could should may might must also then still only reportedly
    allegedly already just all both each others killed dead died wounded injured destroyed captured executed
    disappeared missing buried lost according said say says claimed claim claims told reported estimated
    counted found he she it they we his her its their our them this these those there here around about some
    less over up"""
    )
)
# Outcome words that are nouns: they may stand inside the phrase a figure counts ("Special Forces").
NOUN_CUES = frozenset(
    _words("forces strength garrison reinforcements assault losses loss deaths death injuries")
)
OF_DETERMINERS = frozenset(_words("its their his her the these those our your my"))
OF_PRONOUNS = frozenset(_words("them whom which us those these"))

# Words that name a side, as written (lower-case ones also match capitalised).
SIDE_WORDS: dict[str, str] = {
    **dict.fromkeys(_words("Malian Malians Mali's"), "mali"),
    **dict.fromkeys(_words("French France Franco"), "france"),
    **dict.fromkeys(_words("Chadian Chadians"), "chad"),
    **dict.fromkeys(
        [
            *_words(
                "islamist islamists jihadist jihadists salafist salafists rebel rebels terrorist terrorists"
            ),
            *_words("militant militants insurgent insurgents AQIM MUJAO MOJWA"),
            *["Ansar Dine", "Ansar Edine", "Ansar Eddine", "Boko Haram", "Al-Qaeda", "Al Qaeda"],
        ],
        "islamists",
    ),
    **dict.fromkeys(_words("civilian civilians children child"), "civilians"),
}
SIDE_OF_UNIT = {"civilians": "civilians", "children": "civilians"}

# Words that say what happened to what a figure counts -> the outcome they stand for.
OUTCOME_WORDS: dict[str, str] = _each(
    {
        "killed kill kills killing dead died die dies death deaths buried succumbed drowned drowning "
        "exterminated "
        "slain lost loss losses": "killed",
        "wounded injured injuries injury hurt": "wounded",
        "destroyed destroy destroys destroying neutralized neutralised ravaged": "destroyed",
        "captured capture captures seized taken": "captured",
        "executed execution executions": "executed",
        "disappeared missing": "disappeared",
        "hit targeted struck": "hit",
        "engaged engage present gathered mobilized mobilised amounted numbered reinforced reinforcements "
        "held "
        "deployed formed detached garrison counted commanded supported strength forces assault sent "
        "advanced": "engaged",
    }
)
OUTCOME_WORDS.update(
    {"shot dead": "killed", "shot down": "destroyed", "taken prisoner": "captured", "took part": "engaged"}
)
# Outcomes that happen to someone without a doer named before them ("the jihadists lost 130 men").
INTRANSITIVE_CUES = frozenset(
    _words(
        "lost loss losses dead died die dies death deaths drowned drowning buried succumbed missing "
        "disappeared"
    )
)

# ---------------------------------------------------------------------------------------------
# Patterns, all compiled once.


def _forms(words: frozenset[str] | set[str] | dict[str, str]) -> list[str]:
    """Each word as written and with a capital first letter (sentence start)."""
    return sorted(set(words) | {w[:1].upper() + w[1:] for w in words})


NUMBER_WORD_PATTERN = rf"\b(?:{word_tree(_forms(NUMBER_WORDS))})\b"
"""Regex source for one number word, in lower case or capitalised (ALL-CAPS words are names)."""

# The document is read once for its atoms: digit runs, then number words. Word patterns start with a
# plain character class (a non-letter) rather than \b so that the regex engine can skip ahead fast.
# A run of digits and separators that ends on a digit (a full stop or comma after it is punctuation).
DIGITS_RE = re.compile(r"\d(?:[\d,.:]*\d)?")
VALID_NUMBER_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,]\d)|\d+(?:[.:]\d+)?")
NUMBER_WORD_SCAN_RE = re.compile(rf"[^A-Za-z0-9](?P<w>{word_tree(_forms(NUMBER_WORDS))})\b")
NUMBER_WORD_AT_RE = re.compile(NUMBER_WORD_PATTERN)
SIDE_LOOKUP = {
    form: SIDE_WORDS.get(form) or SIDE_WORDS[form[:1].lower() + form[1:]] for form in _forms(SIDE_WORDS)
}
SIDE_SCAN_RE = re.compile(rf"[^A-Za-z0-9](?P<w>{word_tree(list(SIDE_LOOKUP))})\b")
_OUTCOME_TRIE = word_tree(_forms(OUTCOME_WORDS))
OUTCOME_AT_RE = re.compile(rf"(?:{_OUTCOME_TRIE})\b")
OUTCOME_SCAN_RE = re.compile(rf"[^A-Za-z0-9](?P<w>{_OUTCOME_TRIE})\b")
TOKEN_RE = re.compile(r"[^\W\d_][\w'’-]*|\d[\w,.:+-]*|[^\w\s]")
# What a word does to the noun phrase after a figure (no entry: it is part of the phrase).
_BREAK, _OTHER, _OTHERS, _OF, _VERB = range(5)
PHRASE_ACTION: dict[str, int] = {
    **dict.fromkeys(STOP_WORDS | (OUTCOME_WORDS.keys() - NOUN_CUES) | COUNT_WORDS, _BREAK),
    "other": _OTHER,  # "the four other soldiers": skipped first, a word later
    "others": _OTHERS,  # "the four others": points back to a noun said before
    "of": _OF,  # "four of them", "dozens of bodies" (a stop word later in the phrase)
    "shot": _VERB,  # "shot dead", "took part": verbs when the outcome phrase follows
    "took": _VERB,
}

# The months, for the date patterns below and the words before a number.
MONTHS = _words("January February March April May June July August September October November December")
# Their short forms, each perhaps with a full stop ("Sept" before "Sep": the longer is read first).
MONTH_SHORTS = _words("Jan Feb Mar Apr Jun Jul Aug Sept Sep Oct Nov Dec")

# Words that may stand just before a number for each context pattern below: a set lookup on the
# previous word rules most numbers out before any regex runs (the patterns then confirm the rest).
_MONTH_WORDS = [m.lower() for m in MONTHS]
MONTH_PREV = frozenset([*_MONTH_WORDS, *(m[:3] for m in _MONTH_WORDS), *(m[:3] + "." for m in _MONTH_WORDS)])
MONTH_PREV |= {"sept", "sept.", "the"}
NO_PREV = frozenset(_words("no. no nos. nos nr. nr n° #"))
PART_OF_DAY_PREV = frozenset(_words("of between from the"))
QUALIFIER_PREV = frozenset(
    _words(
        "about around approximately approx. roughly nearly almost some circa estimated over least than most "
        "to of"
    )
)
SUBSET_PREV = frozenset(_words("including them whom which"))
# What a word before a number may open with, read without it: "(about 50 men)", "“some 40”".
OPENERS = "([{\"'“‘«"

_SP = r"[ \t\u00a0]"
MONTH_NAMES = "|".join([*MONTHS, *(rf"{m}\.?" for m in MONTH_SHORTS)])
_MONTH = rf"(?:{MONTH_NAMES})(?![A-Za-z])"
_ORD_SUFFIX = r"(?:st|nd|rd|th)"
# A day of the month, and a year, as whole numbers (not the start of "62.39" or "1,400").
_DAY = rf"(?:3[01]|[12]\d|0?[1-9]){_ORD_SUFFIX}?(?![\w]|[.,:]\d)"
_YEAR = r"\d{4}(?![\d]|[.,:]\d)"
_RANGE_WORD = rf"(?:{_SP}*[–—‒-]{_SP}*|{_SP}+(?:to|and|until|till){_SP}+)"
UNIT_WORDS = (
    r"soldiers?|troops|men|fighters|people|civilians|vehicles|pick-?ups|killed|dead|wounded|injured|bodies|"
    r"jihadists|islamists|rebels|helicopters|tanks|aircraft|km|kilomet(?:er|re)s"
)
# Suffix glued to a digit run: ordinal, wiki image size, model letter, am/pm, a unit.
SUFFIX_RE = re.compile(
    r"(?P<ord>st|nd|rd|th)(?![A-Za-z])|(?P<px>px)|(?P<model>-?[A-Z][A-Za-z\d]*)|(?P<low>[a-z]+)"
)
# A day (or a day range), then a month, then a year: "10–18 January 2013", "9 to 10 January".
DATE_AFTER_RE = re.compile(
    rf"(?:{_RANGE_WORD}(?:the{_SP}+)?{_DAY})?{_SP}+(?:of{_SP}+)?{_MONTH}(?:,?{_SP}+{_YEAR})?"
)
# The month just before a number: "January 1, 2013", "January the 2nd", "December 2012".
MONTH_BEFORE_RE = re.compile(rf"\b{_MONTH}{_SP}+(?:the{_SP}+)?$")
MONTH_TAIL_RE = re.compile(
    rf"(?:{_RANGE_WORD}(?:the{_SP}+)?{_DAY}(?!{_SP}+(?:{UNIT_WORDS})\b))?"
    rf"(?:,?{_SP}+{_YEAR}(?!{_SP}+(?:{UNIT_WORDS})\b))?"
)
# "the night of 16 to 17", "the evening of 24", "the morning of the 18th".
PART_OF_DAY_BEFORE_RE = re.compile(
    rf"(?i)\b(?:night|evening|morning|afternoon|day|dawn|dusk){_SP}+(?:of|between|from){_SP}+(?:the{_SP}+)?$"
)
DAY_TAIL_RE = re.compile(rf"(?:{_RANGE_WORD}(?:the{_SP}+)?{_DAY})?")
BEFORE_THE_RE = re.compile(rf"(?i)\b(?:the|on|of){_SP}+$")
# The two patterns above read backwards (on ``text[::-1]``): one anchored match instead of a search
# through every start. Anchored at the end, the search's leftmost match is the longest one, which the
# greedy "the" gives first. (Their "$" also matches before a final newline: such text is searched.)
_MONTHS_REVERSED = "|".join(m[::-1] for m in MONTHS)
_SHORTS_REVERSED = "|".join(m[::-1] for m in MONTH_SHORTS)
MONTH_BEFORE_REVERSED_RE = re.compile(
    rf"(?:{_SP}+eht)?{_SP}+(?:{_MONTHS_REVERSED}|\.?(?:{_SHORTS_REVERSED}))\b"
)
BEFORE_THE_REVERSED_RE = re.compile(rf"(?i){_SP}+(?:eht|no|fo)\b")
AMPM_RE = re.compile(rf"{_SP}*(?:a\.m\.|p\.m\.|am|pm)(?![A-Za-z])", re.IGNORECASE)
HOURS_AFTER_RE = re.compile(rf"{_SP}+(?:hours|hrs|h)\b")
AT_BEFORE_RE = re.compile(
    rf"(?i)\b(?:at|by|until|till|from|around|about|towards?){_SP}+(?:(?:around|about|approximately){_SP}+)?$"
)
CALIBRE_RE = re.compile(rf"{_SP}?mm\b")
ACRONYM_BEFORE_RE = re.compile(rf"\b[A-Z][A-Z]{{1,7}}{_SP}$")
END_AFTER_RE = re.compile(rf"{_SP}*(?:[.,;:)\]]|$)")
SENTENCE_END_AFTER_RE = re.compile(rf"{_SP}*(?:[.!?;]|$)")
NO_BEFORE_RE = re.compile(rf"\b(?:No|Nos|no|Nr|nr|N°|#)\.?{_SP}*$")
ORDINAL_NOUN_RE = re.compile(
    rf"{_SP}+(?:[A-Z]|(?:regiment|battalion|brigade|division|company|squadron|army|corps|century|"
    r"anniversary|infantry|armou?red|artillery|parachute|marine|group|legion|fleet|floor|round|place|time)\b)"
)
YEAR_RANGE = (1000, 2099)
# Qualifier words just before a number, by the qualifier they give.
QUALIFIER_PHRASES = {
    **dict.fromkeys(
        ["at least", "more than", "over", "in excess of", "upwards of", "no fewer than", "no less than"],
        "at_least",
    ),
    **dict.fromkeys(["at most", "less than", "fewer than", "up to", "no more than"], "at_most"),
    **dict.fromkeys(
        _words("about around approximately approx. roughly nearly almost some circa estimated")
        + ["an estimated", "close to"],
        "about",
    ),
}


def _phrase(phrase: str) -> str:
    """Regex source for ``phrase``, its words apart by any white space."""
    return r"\s+".join(re.escape(word) for word in phrase.split())


# One group per qualifier, in this order (the search keeps the leftmost start; at one start at most one
# phrase reaches the number), then a tilde.
QUALIFIER_BEFORE_RE = re.compile(
    "(?i)(?:"
    + "|".join(
        rf"\b(?P<{name}>" + "|".join(_phrase(p) for p, q in QUALIFIER_PHRASES.items() if q == name) + ")"
        for name in ("at_least", "at_most", "about")
    )
    + r")\s+$|(?P<tilde>[~≈∼])\s*$"
)


def _reversed_phrase(phrase: str) -> str:
    """Regex source for ``phrase`` read backwards, its words apart by any white space."""
    return r"\s+".join(re.escape(word[::-1]) for word in reversed(phrase.split()))


# ``QUALIFIER_BEFORE_RE`` read backwards from the number, so that one anchored match replaces a search
# through every start: the phrases of more words first (the search's leftmost match is the longest one).
QUALIFIER_REVERSED_RE = re.compile(
    r"(?i)\s*(?P<tilde>[~≈∼])|\s+(?P<w>"
    + "|".join(_reversed_phrase(p) for p in sorted(QUALIFIER_PHRASES, key=lambda p: -len(p.split())))
    + r")\b"
)
ARTICLE_BEFORE_RE = re.compile(
    r"(?i)\b(?:(?P<a>an?|one)|(?P<vague>several|a\s+few|few|many|some|a\s+couple\s+of))[ \t\u00a0]+$"
)
POPULATION_BEFORE_RE = re.compile(r"(?i)\bpopulation\s+of\s+$")
BETWEEN_BEFORE_RE = re.compile(r"(?i)\bbetween[ \t\u00a0]+$")
RANGE_SEP_RE = re.compile(rf"{_SP}*(?:[–—‒]|-(?=\d)){_SP}*|{_SP}+(?:to|or){_SP}+")
AND_SEP_RE = re.compile(rf"{_SP}+and{_SP}+")
PLUS_AFTER_RE = re.compile(rf"{_SP}*\+(?!\d)|-plus\b")
ABOUT_AFTER_RE = re.compile(rf"{_SP}+or{_SP}+so\b|-odd\b|{_SP}+odd\b")
WORD_JOIN_RE = re.compile(rf"{_SP}*-{_SP}*|{_SP}+(?:and{_SP}+)?")
PARTITIVE_ONE_RE = re.compile(rf"{_SP}+(?:of|another|another's)\b")
PRONOUN_ONE_BEFORE_RE = re.compile(r"(?i)\b(?:no|any|every|each|the|this|that|which)[ \t\u00a0]+$")
CHILD_SOLDIER_RE = re.compile(r"[ \t\u00a0]+soldiers?\b")
AGENT_BEFORE_RE = re.compile(r"(?i)\b(?:by|according\s+to|for)\s+(?:(?:the|a|an|some|local)\s+)?$")
# Words that start another speaker's statement: a side named before them does not carry over.
NEW_STATEMENT_RE = re.compile(r"(?i)\baccording\s+to\b|\b(?:said|says|told|claims?|claimed|states?)\s+that\b")
# Words allowed between a figure's noun and the verb that says what happened to it.
STEP_WORDS = (
    "were|was|are|is|been|being|have|has|had|be|reportedly|allegedly|also|then|all|"
    "summarily|later|still|only|fatally|seriously|severely|never|not|initially|finally|eventually"
)
# (A prefix tree: a word must be followed by white space, so at most one of them fits at a place.)
_STEP_AFTER = rf"(?i:[ \t\u00a0]*(?:{word_tree(STEP_WORDS.split('|'))}[ \t\u00a0]+)*)"
# Those words, then an outcome word, in one match: the words are read as far as they go (an atomic
# group: no giving back), and the outcome word must start right there (group "cue").
STEP_CUE_RE = re.compile(rf"(?>{_STEP_AFTER})(?P<cue>{_OUTCOME_TRIE})\b")
# The letters it may start with: of a word allowed before the outcome word (in any case, and the
# non-ASCII letters that (?i) matches to i, s and k), or of an outcome word.
STEP_CUE_FIRST = frozenset(
    {c for w in STEP_WORDS.split("|") for c in (w[0], w[0].upper())}
    | {c for w in _forms(OUTCOME_WORDS) for c in w[0]}
    | set("\u0130\u0131\u017f\u212a")
)
# Words that open another clause: a verb after them is not the figure's.
CLAUSE_BREAK_RE = re.compile(
    r"\b(?:before|after|while|when|whereas|because|but|although|though|since|until|which|who|whom|that)\b"
)
JOINER_RE = re.compile(r"(?i)^[ \t\u00a0]*(?:,|and|, and|with|as well as|plus|&)[ \t\u00a0]*$")
SUBSET_BEFORE_RE = re.compile(r"(?i)\b(?:including|among\s+them|of\s+whom|of\s+which|among\s+whom)\s+$")
TOTAL_BEFORE_RE = re.compile(r"(?i)\btotal\b[^,;()]{0,14}$")
ALNUM_RUN_RE = re.compile(r"[^\W_]*")  # a run of the characters ``str.isalnum`` accepts
FIELD_RE = re.compile(r"(?P<base>[^\d]*?)\s*(?P<num>\d+)\s*$")
SIDE_FROM_COMBATANT = (
    (
        re.compile(r"(?i)islamis|jihad|ansar|mojwa|mujao|aqim|qaeda|boko|salafi|mulathameen|rebel"),
        "islamists",
    ),
    (re.compile(r"\bMal(?:i|ian)\b"), "mali"),
    (re.compile(r"\bFrance|French\b"), "france"),
    (re.compile(r"\bChad(?:ian)?\b"), "chad"),
)


@dataclass(slots=True)
class _Local:
    """A figure of the claim being read, with what the rules after it need to see."""

    fig: Figure
    phrase_end: int  # end of the noun the figure counts (or of the figure when none)
    outcome_step: int  # 1 after, 2 before, 3 further after, 4 further before, 0 none
    side_from_before: int  # where the side word read before the figure stands (-1: none); may be a doer
    subset: bool = False  # "including five": part of the figure before it


@dataclass
class _Field:
    kind: str  # strength, casualties, other
    side: str | None


# ---------------------------------------------------------------------------------------------
# Entry point.


def extract_numbers(article: Article) -> tuple[list[Figure], list[NonQuantity]]:
    """Figures (quantities) and non-quantities of an article, each sorted by position."""
    text = article.text
    combatants = _combatant_sides(article)
    figures: list[Figure] = []
    nqs: list[NonQuantity] = []
    atoms = _atoms(text)
    starts = [a[0] for a in atoms]
    claims = article.claims
    claim_starts = [c.start for c in claims]
    n = len(atoms)
    i = 0
    # Each run of atoms goes to the claim holding it, or to the gap between two claims (claims are in
    # order and do not overlap): claims without a number are never visited.
    while i < n:
        c = bisect_right(claim_starts, starts[i]) - 1
        if c >= 0 and starts[i] < claims[c].end:
            j = bisect_left(starts, claims[c].end, i)
            _claim_numbers(text, claims[c], atoms[i:j], combatants, figures, nqs)
        else:
            gap_end = claim_starts[c + 1] if c + 1 < len(claims) else len(text)
            j = bisect_left(starts, gap_end, i)
            _outside_claims(text, atoms[i:j], claims[c].end if c >= 0 else 0, gap_end, nqs)
        i = j
    return figures, nqs


Atom = tuple[int, int, str]


def _atoms(text: str) -> list[Atom]:
    """Every digit run ("num") and number word ("word") of the text, in order: one pass each."""
    out: list[Atom] = []
    for m in DIGITS_RE.finditer(text):
        s, e = m.span()
        if e - s == 1 or m.group().isdecimal() or VALID_NUMBER_RE.fullmatch(text, s, e):
            out.append((s, e, "num"))
        else:  # "1,2,3": several numbers in a row
            out.extend((v.start(), v.end(), "num") for v in VALID_NUMBER_RE.finditer(text, s, e))
    words: list[Atom] = []
    first = NUMBER_WORD_AT_RE.match(text)
    if first:
        words.append((0, first.end(), "word"))
    for m in NUMBER_WORD_SCAN_RE.finditer(text):
        s = m.start("w")
        if not text[s - 1].isalpha():
            words.append((s, m.end(), "word"))
    if words:
        out += words
        out.sort()
    return out


def _combatant_sides(article: Article) -> dict[str, str | None]:
    """Infobox field number -> the side of that belligerent column ("1" -> "mali")."""
    sides: dict[str, str | None] = {}
    for f in article.infobox:
        m = FIELD_RE.fullmatch(f.key)
        if m and m.group("base").strip().lower() == "combatant":
            sides[m.group("num")] = _side_of_value(f.value)
    return sides


def _side_of_value(value: str) -> str | None:
    for pattern, side in SIDE_FROM_COMBATANT:
        if pattern.search(value):
            return side
    return None


def _field_of(key: str, combatants: dict[str, str | None]) -> _Field:
    m = FIELD_RE.fullmatch(key)
    base = (m.group("base") if m else key).strip().lower()
    kind = (
        "strength"
        if base.startswith("strength")
        else "casualties"
        if base.startswith(("casualt", "loss"))
        else ""
    )
    if not m:
        return _Field(kind or "other", None)
    num = m.group("num")
    if num in combatants:
        side = combatants[num]
    else:
        # One column more than there are belligerents: by infobox convention, civilians.
        side = (
            "civilians" if kind == "casualties" and combatants and int(num) == len(combatants) + 1 else None
        )
    return _Field(kind or "other", side)


# ---------------------------------------------------------------------------------------------
# Outside any claim: the title, headings, skipped infobox lines.


def _outside_claims(text: str, atoms: list[Atom], lo: int, hi: int, nqs: list[NonQuantity]) -> None:
    done = lo
    for k, (s, e, kind) in enumerate(atoms):
        if s < done:
            continue
        wlo = max(lo, done)
        word = _word_before(text, wlo, s)
        raw = text[s:e]
        nq = _classify_atom(text, s, e, kind, wlo, hi, atoms, k, word, word.lower(), raw, _count_of(raw))
        if nq is None:
            fig = _read_figure(text, atoms, k, wlo, hi, word)
            end = fig[1] if fig else e
            nq = (s, end, "other", "number outside any claim (title or heading): not an estimate")
        elif nq[2] == "ordinal":
            nq = (nq[0], nq[1], nq[2], nq[3] + " (title or heading)")
        start, end, cat, note = nq
        end = _snap(end, atoms, k)
        nqs.append(NonQuantity(None, start, end, text[start:end], cat, note))
        done = end


# ---------------------------------------------------------------------------------------------
# One claim.


def _claim_numbers(
    text: str,
    claim: Claim,
    atoms: list[Atom],
    combatants: dict[str, str | None],
    figures: list[Figure],
    nqs: list[NonQuantity],
) -> None:
    lo, hi = claim.start, claim.end
    key_end = lo
    field: _Field | None = None
    if claim.kind == "infobox":
        colon = text.find(":", lo, hi)
        if colon >= 0:
            key_end = colon
            field = _field_of(text[lo:colon], combatants)
    local: list[_Local] = []
    done = lo
    sided: bool | None = None
    for k, (s, e, kind) in enumerate(atoms):
        if s < done:
            continue
        if s < key_end:
            run = ALNUM_RUN_RE.match(text[lo:s][::-1])  # the key's word, read backwards in one match
            ks = s - run.end() if run else s
            ke = e
            while ke < key_end and text[ke].isalnum():
                ke += 1
            nqs.append(
                NonQuantity(
                    claim.index,
                    ks,
                    ke,
                    text[ks:ke],
                    "field_key",
                    "infobox field name: its number says which belligerent column the value is about",
                )
            )
            done = ke
            continue
        # What every rule below looks at, read once: the word before the atom (``_word_before``), in lower
        # case too, the atom's text, and its value when it is a whole number in plain digits.
        word = _word_before(text, done, s)
        prev = word.lower()
        raw = text[s:e]
        value = _count_of(raw)
        read = (
            _plain_figure(text, s, e, kind, hi, word, prev, raw, value, atoms, k, done)
            if word or s == done
            else None
        )
        if read is not None:
            start, end, low, best, high, qual = read
        else:
            nq = _classify_atom(text, s, e, kind, done, hi, atoms, k, word, prev, raw, value)
            if nq is not None:
                start, end, cat, note = nq
                if k + 1 < len(atoms) and atoms[k + 1][0] < end:
                    end = _snap(end, atoms, k)
                nqs.append(NonQuantity(claim.index, start, end, text[start:end], cat, note))
                done = end
                continue
            read = _read_figure(text, atoms, k, done, hi, word)
            if read is None:
                # A number word that stands for no count ("one of them", "no one").
                nqs.append(NonQuantity(claim.index, s, e, text[s:e], "other", _pronoun_note(text, s, e)))
                done = e
                continue
            start, end, low, best, high, qual = read
            end = _snap(end, atoms, k)
            # A range that turns out to be a clock span ("1 to 2 pm").
            j = _skip_space(text, end, hi)
            tm = AMPM_RE.match(text, end, hi) if j < hi and text[j] in _AMPM_FIRST else None
            if tm:
                nqs.append(
                    NonQuantity(claim.index, start, tm.end(), text[start : tm.end()], "time", "clock time")
                )
                done = tm.end()
                continue
        fig = Figure(claim.index, start, end, text[start:end], low, best, high, qual)
        # The claim's start bounds the word before the figure here, not the end of the atom before it.
        same_word = start == s and (done == lo or done <= s - 24)
        if sided is None:  # whether the claim names a side at all: most windows then need no scan
            sided = SIDE_SCAN_RE.search(text, lo - 1 if lo else 0, hi) is not None
        local.append(_describe(text, fig, lo, hi, local, field, atoms, k, word if same_word else None, sided))
        figures.append(fig)
        done = end
    if local:
        _outcomes(text, local, lo, hi, field)


def _snap(end: int, atoms: list[Atom], k: int) -> int:
    """Move an end that falls inside a later atom to that atom's end: a digit run is never split."""
    k += 1
    n = len(atoms)
    while k < n and atoms[k][0] < end:
        if atoms[k][1] > end:
            end = atoms[k][1]
        k += 1
    return end


def _pronoun_note(text: str, s: int, e: int) -> str:
    if PARTITIVE_ONE_RE.match(text, e):
        return "'one of': picks out one of a group, not a count"
    return "'one' used as a pronoun, not a count"


# ---------------------------------------------------------------------------------------------
# Classification of an atom that is not a quantity.


_SP_CHARS = " \t\u00a0"  # the white space of ``_SP``
_RANGE_SEPS = frozenset(["–", "—", "‒", "-", "to", "or"])
# What may come first after a day of the month that a date's tail follows: a dash, or after a
# space "to", "and", "until", "till", "of" or a month.
_DASHES = frozenset("–—‒-")
_DATE_TAIL_FIRST = frozenset("tauoJFMASOND")
_AMPM_FIRST = frozenset("aApP")


# What may stand around a count for a rule of ``_classify_atom`` or ``_read_figure`` other than a plain
# count or a qualifier to fire: the word before, and the first one or two characters of the next word.
# A day or an hour (up to 31) has more: a month, "the", a dash, "to", "am", "hours".
_PLAIN_SLOW_PREV = NO_PREV | {"between"}
_DAY_SLOW_PREV = _PLAIN_SLOW_PREV | MONTH_PREV | PART_OF_DAY_PREV
_PLAIN_SLOW_FIRST = frozenset("+o")
_DAY_SLOW_FIRST = _PLAIN_SLOW_FIRST | _DASHES
_AMPM_NEXT2 = frozenset(a + m for a in "aApP" for m in "mM.")
_DAY_SLOW_NEXT2 = _AMPM_NEXT2 | frozenset(
    ["mm", "to", "an", "un", "ti", "Ja", "Fe", "Ma", "Ap", "Ju", "Au", "Se", "Oc", "No", "De", "ho", "hr"]
)


def _plain_figure(
    text: str,
    s: int,
    e: int,
    kind: str,
    hi: int,
    word: str,
    prev: str,
    raw: str,
    value: int | None,
    atoms: list[Atom],
    k: int,
    lo: int,
) -> tuple[int, int, float | None, float | None, float | None, str] | None:
    """``_read_figure`` of the atom at ``s:e`` when it is a count, perhaps qualified, else None.

    Most figures are a count between spaces ("killed 130 men", "at least 13 soldiers", "two tanks";
    not "one of them" or "twenty-five"): a few looks at the word before and the characters after rule
    out every other rule of ``_classify_atom`` and ``_read_figure`` (and the clock span after a figure:
    "5 pm") without running them. ``word`` is the word before the atom: white space stands before it,
    or it starts at ``lo`` (``word`` empty); ``prev`` is it in lower case, ``raw`` the atom's text and
    ``value`` its ``_count_of``.
    """
    if kind == "word":
        low = raw.lower()
        value = SMALL.get(low) if low != "one" else None  # ("one" may be a pronoun: "one of them")
        if value is None and (value := TENS.get(low)) is None:
            return None  # ordinals, scales, "one"
        day = False  # (the date rules read digits only)
    elif value is not None:
        if len(raw) > 3:
            return None  # years, and the month before them
        day = value <= 31
    elif ":" in raw or "." in raw or len(raw) > MAX_DIGITS:
        return None
    else:
        value, day = int(raw.replace(",", "")), False  # "1,200"
    if e < hi and (text[e].isalpha() or text[e] == "-"):
        return None  # a suffix: "62nd", "25px", "2000D"
    if prev in (_DAY_SLOW_PREV if day else _PLAIN_SLOW_PREV) or word.isupper():
        return None  # a date, "No. 10", "between 5 and 8", "ESNO 43"
    j = _skip_space(text, e, hi)
    nc = text[j : j + 2]
    if day:
        if nc[:1] in _DAY_SLOW_FIRST or nc in _DAY_SLOW_NEXT2 or (nc[:1] == "h" and not nc[1:].isalpha()):
            return None  # "60 +", "forty or so", a calibre, a date, a clock time ("17 h")
    elif nc[:1] in _PLAIN_SLOW_FIRST or nc == "mm" or nc in _AMPM_NEXT2:
        return None
    if k > 0 and atoms[k - 1][1] >= s - 6 and (j >= hi - 1 or text[j] in ".!?;"):
        return None  # a footnote marker after a designation ("BTR-60PB 3.")
    if k + 1 < len(atoms):
        ns, _, nkind = atoms[k + 1]
        if nkind == "word" or text[e:ns].strip(_SP_CHARS) in _RANGE_SEPS:
            return None  # "2 thousand", a range
    if prev.lstrip(OPENERS) in QUALIFIER_PREV:
        q = _qualifier_before(text, lo, s)
        if q is not None:
            start, name = q
            low_q, high_q, qual = _qualified(name, value)
            return start, e, low_q, value, high_q, qual
    return s, e, value, value, value, "exact"


def _count_of(raw: str) -> int | None:
    """The value of digits without separators ("130"; not "1,200"), or None; a code's digits are not read."""
    return int(raw) if len(raw) <= MAX_DIGITS and raw.isdigit() else None


def _skip_space(text: str, pos: int, hi: int) -> int:
    """The first offset from ``pos`` (up to ``hi``) that is not ``_SP`` white space."""
    while pos < hi and text[pos] in _SP_CHARS:
        pos += 1
    return pos


def _date_after(text: str, e: int, hi: int, j: int) -> re.Match[str] | None:
    """``DATE_AFTER_RE`` at ``e``, run only when the next character can start a date's tail.

    ``j`` is ``_skip_space(text, e, hi)``, which the caller has read already.
    """
    if j < hi and (text[j] in _DASHES or (j > e and text[j] in _DATE_TAIL_FIRST)):
        return DATE_AFTER_RE.match(text, e, hi)
    return None


def _word_before(text: str, lo: int, s: int) -> str:
    """The word just before ``s``, separated from it by white space (as written); '' when there is none."""
    if s <= lo or not text[s - 1].isspace():
        return ""
    parts = text[s - 24 if s - 24 > lo else lo : s].rsplit(None, 1)
    return parts[-1] if parts else ""


# Longer digit runs are codes, not counts (and would not fit a float or an SQLite integer).
MAX_DIGITS = 15


def _is_code(raw: str) -> bool:
    """Whether a run of digits (with or without separators) is too long to be a count."""
    return len(raw) > MAX_DIGITS and sum(c.isdigit() for c in raw) > MAX_DIGITS


def _classify_atom(
    text: str,
    s: int,
    e: int,
    kind: str,
    lo: int,
    hi: int,
    atoms: list[Atom],
    k: int,
    word: str,
    prev: str,
    raw: str,
    value: int | None,
) -> tuple[int, int, str, str] | None:
    """(start, end, category, note) when the atom at ``s:e`` is not a quantity, else None.

    ``word`` is ``_word_before(text, lo, s)``, ``prev`` the same in lower case, ``raw`` the atom's text
    and ``value`` its ``_count_of``.
    """
    if kind == "word":
        word = text[s:e].lower()
        if word in ORDINAL_WORDS:
            return s, e, "ordinal", "ordinal word: a rank or order, not a count"
        return None
    # Letters glued before the digits: an equipment or unit designation ("BM-21", "Mi-24s", "Strength1").
    c = text[s - 1] if s > lo else ""
    if c and (c.isalpha() or (c == "-" and s - 1 > lo and text[s - 2].isalpha())):
        start = s - 1
        while start > lo and (text[start - 1].isalnum() or text[start - 1] == "-"):
            start -= 1
        while start < s and not text[start].isalpha():
            start += 1
        end = _ident_end(text, e, hi)
        return start, end, "identifier", "designation with letters and digits (equipment, unit or model)"
    if len(raw) > MAX_DIGITS and _is_code(raw):
        return s, e, "identifier", f"more than {MAX_DIGITS} digits: a code or serial number, not a count"
    before = text[s - 40 if s - 40 > lo else lo : s]
    # A suffix starts with a letter or a hyphen.
    suffix = SUFFIX_RE.match(text, e, hi) if e < hi and (text[e].isalpha() or text[e] == "-") else None
    if suffix:
        if suffix.group("px"):
            return (
                s,
                suffix.end("px"),
                "wiki_markup",
                "image size left over from the wiki markup (25px flag icons)",
            )
        if suffix.group("ord"):
            return _ordinal(text, s, suffix.end(), lo, hi, before, prev)
        if suffix.group("model"):
            end = _ident_end(text, suffix.end(), hi)
            return s, end, "identifier", "model designation (digits with letters, e.g. 2000D)"
        low = suffix.group("low")
        if low in ("am", "pm", "h") and _is_clock(raw, low):
            return s, suffix.end(), "time", "clock time"
        if low == "mm":
            return s, suffix.end(), "identifier", "calibre (millimetres): names a weapon, not a count"
        if low == "s" and len(raw) == 4 and raw.isdigit():
            return s, suffix.end(), "year", "decade"
        if low not in UNIT_WORD_MAP:
            return s, _ident_end(text, suffix.end(), hi), "other", "digits glued to letters"
    m = NO_BEFORE_RE.search(before) if prev in NO_PREV or (before and before[-1] in ".#°") else None
    if m:
        return s - len(before) + m.start(), e, "identifier", "numbered unit or item ('No. 10')"
    if ":" in raw:
        if _is_clock(raw, ""):
            m = AMPM_RE.match(text, e, hi)
            return s, m.end() if m else e, "time", "clock time"
        return s, e, "other", "digits with a colon that are not a clock time"
    # Dates: a month after or before, a part of the day before, a bare day ordinal.
    # A day, an hour or a year: counts from 32 to 999 (and those with separators) skip these rules.
    if value is not None and (value <= 31 or value >= YEAR_RANGE[0]):
        # A day or an hour: the next character says whether a month, a dash or "am"/"pm" may follow.
        j, nc = e, ""
        m = None
        if value <= 31:
            j = _skip_space(text, e, hi)
            nc = text[j] if j < hi else ""
            m = _date_after(text, e, hi, j) if value else None  # (no day 0)
        if m:
            return s, m.end(), "date", "day of the month"
        mb = _month_before(before) if prev in MONTH_PREV else -1
        if mb >= 0 and (1 <= value <= 31 or YEAR_RANGE[0] <= value <= YEAR_RANGE[1]):
            start = s - len(before) + mb
            end = e
            if value <= 31:
                tail = MONTH_TAIL_RE.match(text, e, hi)
                end = tail.end() if tail else e
                return start, end, "date", "day of the month"
            return start, end, "date", "month and year"
        if 1 <= value <= 31 and prev in PART_OF_DAY_PREV and PART_OF_DAY_BEFORE_RE.search(before):
            tail = DAY_TAIL_RE.match(text, e, hi)
            return s, tail.end() if tail else e, "date", "day of the month (month given earlier in the text)"
        # Clock times: "4 pm", "at around 17 hours".
        if value <= 24:
            m = AMPM_RE.match(text, e, hi) if nc in _AMPM_FIRST else None
            if m and value <= 12:
                return s, m.end(), "time", "clock time"
            m = HOURS_AFTER_RE.match(text, e, hi) if nc == "h" and j > e else None
            if m and AT_BEFORE_RE.search(before):
                return s, m.end(), "time", "clock time ('17 hours' is 17:00, as in French '17 heures')"
    # Military clock times: "at 0400 hours", "0530 hrs" (four digits, a leading zero or "at" before).
    if len(raw) == 4 and raw.isdigit() and raw[:2] <= "23" and raw[2:] <= "59":
        m = HOURS_AFTER_RE.match(text, e, hi)
        if m and (raw[0] == "0" or AT_BEFORE_RE.search(before)):
            return s, m.end(), "time", "clock time in military form ('0400 hours' is 04:00)"
    # Calibre: "20 mm".
    m = CALIBRE_RE.match(text, e, hi) if "mm" in text[e : e + 3] else None
    if m:
        return s, m.end(), "identifier", "calibre (millimetres): names a weapon, not a count"
    # "ESNO 43": a designation after an acronym, ending the phrase.
    ma = ACRONYM_BEFORE_RE.search(before) if 2 <= len(word) <= 8 and word.isupper() else None
    if ma and END_AFTER_RE.match(text, e, hi) and ma.group().strip() not in SIDE_LOOKUP:
        prev_atom = atoms[k - 1] if k > 0 else None
        if prev_atom is None or prev_atom[1] < s - len(before) + ma.start():
            return (
                s - len(before) + ma.start(),
                e,
                "identifier",
                "designation after an acronym (e.g. ESNO 43)",
            )
    # A stray digit after a designation at the end of a sentence: a footnote marker ("BTR-60PB 3.").
    if (
        k > 0
        and atoms[k - 1][1] >= s - 6
        and len(raw) <= 3
        and SENTENCE_END_AFTER_RE.match(text, e, hi)
        and _ident_before(text, s, max(0, s - 40))
    ):
        return (
            s,
            e,
            "wiki_markup",
            (
                "stray number after an equipment name at the end of a sentence, with nothing to count: "
                "a footnote or reference marker left from the wiki source"
            ),
        )
    # A bare year: four digits in range, no thousands comma, not counting a noun.
    if (
        len(raw) == 4
        and value is not None
        and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]
        and not QUALIFIER_BEFORE_RE.search(before)
        and not _counts_noun(text, e, hi)
    ):
        return s, e, "year", "year"
    return None


def _ordinal(
    text: str, s: int, end: int, lo: int, hi: int, before: str, prev: str
) -> tuple[int, int, str, str]:
    value = _int_or_none(text[s : end - 2]) or 0
    if 1 <= value <= 31:
        m = _date_after(text, end, hi, _skip_space(text, end, hi))
        if m:
            return s, m.end(), "date", "day of the month"
        mb = _month_before(before) if prev in MONTH_PREV else -1
        if mb >= 0:
            tail = MONTH_TAIL_RE.match(text, end, hi)
            return s - len(before) + mb, tail.end() if tail else end, "date", "day of the month"
        if not ORDINAL_NOUN_RE.match(text, end, hi) and _ends_with_the(before):
            return s, end, "date", "day of the month ('the 13th'; month from the text around it)"
    return s, end, "ordinal", "ordinal: a rank or a unit's number (62nd Regiment, 1st RPIMa), not a count"


def _month_before(before: str) -> int:
    """Where ``MONTH_BEFORE_RE.search(before)`` matches, or -1."""
    if before.endswith("\n"):
        m = MONTH_BEFORE_RE.search(before)
        return m.start() if m else -1
    m = MONTH_BEFORE_REVERSED_RE.match(before[::-1])
    return len(before) - m.end() if m else -1


def _ends_with_the(before: str) -> bool:
    """Whether ``BEFORE_THE_RE.search(before)`` matches."""
    if before.endswith("\n"):
        return BEFORE_THE_RE.search(before) is not None
    return BEFORE_THE_REVERSED_RE.match(before[::-1]) is not None


def _ident_end(text: str, pos: int, hi: int) -> int:
    while pos < hi and (
        text[pos].isalnum() or (text[pos] == "-" and pos + 1 < hi and text[pos + 1].isalnum())
    ):
        pos += 1
    return pos


def _ident_before(text: str, s: int, lo: int) -> bool:
    """Whether the word just before ``s`` is a designation with digits (BTR-60PB)."""
    j = s - 1
    if j <= lo or text[j] not in " \t\u00a0" or text[j - 1].isspace():
        return False
    word = text[lo:j].rsplit(None, 1)[-1]
    return any(map(str.isdigit, word)) and any(map(str.isalpha, word))


def _is_clock(raw: str, suffix: str) -> bool:
    if ":" in raw:
        h, _, m = raw.partition(":")
        return h.isdigit() and m.isdigit() and int(h) <= 24 and int(m) < 60 and len(m) == 2
    return raw.isdigit() and int(raw) <= (12 if suffix in ("am", "pm") else 24)


def _int_or_none(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else None


def _counts_noun(text: str, e: int, hi: int) -> bool:
    m = TOKEN_RE.search(text, e, min(hi, e + 40))
    if not m or m.start() != e + 1 or text[e] not in " \t\u00a0":
        return False
    word = m.group().lower()
    return word in UNIT_WORD_MAP or word in ("killed", "dead", "wounded", "injured", "men")


# ---------------------------------------------------------------------------------------------
# Reading a quantity: value, range, qualifier.


def _number_at(text: str, atoms: list[Atom], k: int, hi: int) -> tuple[float, int, int, str]:
    """(value, end, next atom index, flag) of the number starting at atom ``k``.

    flag: "" plain, "vague" plural scale word, "one_tens" for "one sixty"
    (a literal rendering of French "une soixantaine", about sixty).
    """
    s, e, kind = atoms[k]
    if kind == "num":
        raw = text[s:e].replace(",", "")
        if len(raw) > MAX_DIGITS and _is_code(raw):
            return 0, e, k + 1, "none"  # a code (see _classify_atom), not the end of a range
        try:
            value: float = int(raw) if raw.isdigit() else float(raw)
        except ValueError:
            value = float(int("".join(c for c in raw if c.isdigit()) or "0"))
        nxt = k + 1
        # "1.5 million", "2 thousand"
        if nxt < len(atoms) and atoms[nxt][2] == "word":
            w = text[atoms[nxt][0] : atoms[nxt][1]].lower()
            if w in SCALES and text[e : atoms[nxt][0]] in (" ", "\u00a0"):
                return value * SCALES[w], atoms[nxt][1], nxt + 1, ""
        return value, e, nxt, ""
    words: list[tuple[str, int]] = []
    j = k
    end = e
    while j < len(atoms):
        ws, we, wk = atoms[j]
        if wk != "word":
            break
        if j > k:
            joint = WORD_JOIN_RE.fullmatch(text, end, ws)
            if not joint:
                break
        w = text[ws:we].lower()
        if w in ORDINAL_WORDS:
            break
        if words and not _word_follows(words, w, "and" in text[end:ws]):
            break
        words.append((w, we))
        end = we
        j += 1
    if not words:
        return 0, e, k + 1, "none"
    first = words[0][0]
    if first in VAGUE_PLURALS:
        return VAGUE_PLURALS[first], words[0][1], k + 1, "vague"
    if len(words) >= 2 and first == "one" and words[1][0] in TENS:
        return TENS[words[1][0]], words[1][1], k + 2, "one_tens"
    total = 0
    current = 0
    used = 0
    for w, _ in words:
        if w in SMALL:
            current += SMALL[w]
        elif w in TENS:
            current += TENS[w]
        elif w in DOZEN:
            current = (current or 1) * 12
        elif w == "hundred":
            current = (current or 1) * 100
        elif w in SCALES:
            total += (current or 1) * SCALES[w]
            current = 0
        else:
            break
        used += 1
    return total + current, words[used - 1][1], k + used, ""


def _word_follows(words: list[tuple[str, int]], w: str, with_and: bool) -> bool:
    """Whether number word ``w`` continues the number in ``words`` ("twenty-five", "two hundred and ten")."""
    prev = words[-1][0]
    if w in VAGUE_PLURALS or prev in VAGUE_PLURALS:
        return False
    if with_and:
        return prev in SCALES and (w in SMALL or w in TENS)
    if prev in TENS:
        return (w in SMALL and SMALL[w] < 10 and SMALL[w] > 0) or w in SCALES
    if prev in SMALL:
        if prev == "one" and len(words) == 1 and w in TENS:
            return True
        return w in SCALES or w in DOZEN
    if prev in SCALES:
        return w in SMALL or w in TENS or (w in SCALES and SCALES[w] > SCALES[prev])
    return False


def _read_figure(
    text: str, atoms: list[Atom], k: int, lo: int, hi: int, word: str
) -> tuple[int, int, float | None, float | None, float | None, str] | None:
    """(start, end, low, best, high, qualifier) of the quantity at atom ``k``, or None for a pronoun 'one'.

    ``word`` is the word before the atom (``_word_before(text, lo, atoms[k][0])``).
    """
    s, e, kind = atoms[k]
    if kind == "word":
        w = text[s:e].lower()
        if w == "one" and (
            PARTITIVE_ONE_RE.match(text, e, hi) or PRONOUN_ONE_BEFORE_RE.search(text, max(lo, s - 8), s)
        ):
            after = atoms[k + 1] if k + 1 < len(atoms) else None
            if not (
                after
                and after[2] == "word"
                and text[after[0] : after[1]].lower() in TENS
                and after[0] == e + 1
            ):
                return None
    value: float
    raw = text[s:e] if kind == "num" else ""
    if raw.isdigit() and len(raw) <= MAX_DIGITS and (k + 1 == len(atoms) or atoms[k + 1][2] != "word"):
        value, end, nxt, flag = int(raw), e, k + 1, ""  # what _number_at reads here, without the call
    else:
        value, end, nxt, flag = _number_at(text, atoms, k, hi)
    if flag == "none":
        return None
    start = s
    qualifier = "exact"
    low: float | None = value
    high: float | None = value
    first_word = text[s:e].lower() if kind == "word" else ""
    if flag == "vague":
        qualifier, high = "vague", None
    elif flag == "one_tens":
        qualifier = "about"
    elif first_word in SCALES or first_word in DOZEN:
        art = ARTICLE_BEFORE_RE.search(text, max(lo, s - 14), s)
        if art:
            start = art.start()
            if art.group("vague"):
                qualifier, low, high = "vague", value * 2, None
            elif art.group("a") and art.group("a").lower() != "one":
                qualifier = "about"
    else:
        # "60 +", "forty or so", ranges.
        between = (
            BETWEEN_BEFORE_RE.search(text, max(lo, start - 9), start) if word.lower() == "between" else None
        )
        # A range's separator runs from this number to the next atom: its words rule most out.
        sep = None
        if nxt < len(atoms) and (atoms[nxt][2] == kind or kind == "num"):
            gap = text[end : atoms[nxt][0]].strip(_SP_CHARS)
            if gap == "and" if between else gap in _RANGE_SEPS:
                sep = (AND_SEP_RE if between else RANGE_SEP_RE).match(text, end, hi)
        if sep and atoms[nxt][0] == sep.end():
            value2, end2, _, flag2 = _number_at(text, atoms, nxt, hi)
            if flag2 == "" and value2 > value:
                low, high, end = value, value2, end2
                qualifier = "range"
                if between:
                    start = between.start()
        if qualifier == "exact" and end < hi:
            # "60 +", "60-plus", "forty or so", "forty-odd": a "+", an "o" or a hyphen comes next.
            j = _skip_space(text, end, hi)
            hyphen = text[end] == "-"
            plus = PLUS_AFTER_RE.match(text, end, hi) if hyphen or text.startswith("+", j) else None
            if plus:
                qualifier, high, end = "at_least", None, plus.end()
            elif hyphen or (j > end and text.startswith("o", j)):
                about = ABOUT_AFTER_RE.match(text, end, hi)
                if about:
                    qualifier, end = "about", about.end()
    q = None
    if start != s:
        word = _word_before(text, lo, start)
    if start > lo and (text[start - 1] in "~≈∼" or word.lower().lstrip(OPENERS) in QUALIFIER_PREV):
        q = _qualifier_before(text, lo, start)
    if q and qualifier in ("exact", "about"):  # (low and high are both ``value`` here)
        start, name = q
        low, high, qualifier = _qualified(name, value)
    elif q and qualifier in ("range", "vague"):
        start = q[0]
    best: float | None
    if qualifier == "range":
        assert low is not None and high is not None
        best = (low + high) / 2
    elif qualifier == "vague":
        best = None
    else:
        best = value
    if qualifier == "exact" and type(value) is int and -_SQLITE_INT < value < _SQLITE_INT:
        return start, end, value, value, value, qualifier  # what _num gives each, without the calls
    return start, end, _num(low), _num(best), _num(high), qualifier


def _qualified(name: str, value: float) -> tuple[float | None, float | None, str]:
    """(low, high, qualifier) of a count after the qualifier ``name`` of ``_qualifier_before``.

    "at least 13" has no upper bound, "up to 13" no lower; any other qualifier ("about", "~") is "about".
    """
    if name == "at_least":
        return value, None, "at_least"
    if name == "at_most":
        return None, value, "at_most"
    return value, value, "about"


def _qualifier_before(text: str, lo: int, pos: int) -> tuple[int, str] | None:
    """(start, group) of ``QUALIFIER_BEFORE_RE.search(text, max(lo, pos - 24), pos)``, or None."""
    window_lo = pos - 24 if pos - 24 > lo else lo
    backwards = text[window_lo:pos][::-1]
    m = QUALIFIER_REVERSED_RE.match(backwards)
    if m is None:
        return None
    if m.group("tilde"):
        return pos - m.end(), "tilde"
    phrase = m.group("w")
    if m.end() == len(backwards) or not phrase.isascii():
        # At the window's edge the search's \b looks at the character before it; and (?i) matches a
        # few letters outside ASCII that lower() does not map: the search itself says.
        q = QUALIFIER_BEFORE_RE.search(text, window_lo, pos)
        return (q.start(), q.lastgroup or "") if q else None
    return pos - m.end(), QUALIFIER_PHRASES[" ".join(phrase[::-1].lower().split())]


def _num(v: float | None) -> float | None:
    """A whole number as an int (1.5 million -> 1500000), others as they are."""
    if type(v) is int and -_SQLITE_INT < v < _SQLITE_INT:
        return v  # what the lines below give it, without converting
    if v is None:
        return None
    if abs(v) >= _SQLITE_INT:  # "999,999,999,999,999 billion": kept as a float, which SQLite can hold
        return float(v)
    return int(v) if float(v).is_integer() else v


_SQLITE_INT = 2**63  # SQLite's integers stop here


# ---------------------------------------------------------------------------------------------
# What a figure counts, and whose.


def _describe(
    text: str,
    fig: Figure,
    lo: int,
    hi: int,
    local: list[_Local],
    field: _Field | None,
    atoms: list[Atom],
    k: int,
    word_before: str | None,
    sided: bool,
) -> _Local:
    """Set what ``fig`` counts (unit) and whose it is (side), from the words around it.

    ``word_before`` is ``_word_before(text, lo, fig.start)`` when the caller has it already; ``sided``
    says whether a side word stands anywhere in the claim (``_side_words``).
    """
    unit, phrase_end, pointer = _unit_after(text, fig.end, fig.end + 90 if fig.end + 90 < hi else hi)
    word = (_word_before(text, lo, fig.start) if word_before is None else word_before).lower().lstrip(OPENERS)
    if (
        unit is None
        and word == "of"
        and POPULATION_BEFORE_RE.search(text, max(lo, fig.start - 20), fig.start)
    ):
        unit = "population"
    prev = local[-1] if local else None
    subset = word in SUBSET_PREV and bool(SUBSET_BEFORE_RE.search(text, max(lo, fig.start - 16), fig.start))
    total = text.find("otal", fig.start - 26 if fig.start - 26 > lo else lo, fig.start) >= 0 and bool(
        TOTAL_BEFORE_RE.search(text, max(lo, fig.start - 26), fig.start)
    )
    # An elliptical figure borrows the noun of a nearby one: "about sixty were wounded".
    if unit is None and prev is not None and not total:
        donor = next((p for p in reversed(local) if p.fig.best == fig.best and p.fig.unit), prev)
        gap = fig.start - donor.phrase_end
        scan = sided or _cuts_word(text, fig.start)
        between = _side_in(text, donor.phrase_end, fig.start) if scan else None
        if (pointer or subset or gap <= 60) and between in (None, donor.fig.side):
            unit = donor.fig.unit
    fig.unit = unit
    if unit in MEASURE_UNITS or (unit is not None and unit not in SIDED_UNITS and unit.isalpha()):
        # Distances, durations and plain nouns ("two main demands") belong to no side.
        return _Local(fig, phrase_end, 0, -1, subset)
    # Own side: the noun phrase, and an "of X" / "from X" after it.
    own_end = phrase_end
    if text.startswith((" of ", " from "), phrase_end, hi):
        next_atom = hi
        for a in atoms[k + 1 :]:
            if a[0] >= fig.end:
                next_atom = a[0]
                break
        own_end = min(hi, next_atom, phrase_end + 40)
    side = None
    if own_end > fig.end and (sided or _cuts_word(text, own_end)):
        side = _side_in(text, fig.end, own_end)
    if side is None and unit:
        side = SIDE_OF_UNIT.get(unit)
    from_before = -1
    if side is None:
        if field is not None:
            if total:
                side = None
            elif (
                prev is not None
                and prev.fig.side is not None
                and text.find("----", prev.fig.end, fig.start) < 0
            ):
                side = prev.fig.side
            else:
                side = field.side
        elif (subset or pointer) and prev is not None and prev.fig.side is not None:
            side = prev.fig.side
        else:
            scan = sided or _cuts_word(text, fig.start)
            if scan or (prev is not None and prev.fig.side is not None):
                side, from_before = _side_before(text, lo, fig.start, prev, scan)
        # (else no side word stands in the claim, nor a side in a figure before: none to carry over)
    fig.side = side
    return _Local(fig, phrase_end, 0, from_before, subset)


def _unit_after_of(text: str, of_end: int, pos: int, limit: int) -> tuple[str | None, int, bool]:
    """The phrase after "of" right after a figure: "four of them", "14 of their pick-up trucks"."""
    nxt = TOKEN_RE.match(text, of_end + 1, limit) if of_end + 1 < limit else None
    if nxt and nxt.group().lower() in OF_PRONOUNS:
        return None, nxt.end(), True
    # "14 of their pick-up trucks", "dozens of bodies": read on after "of" (and its determiner).
    after = nxt.end() if nxt and nxt.group().lower() in OF_DETERMINERS else of_end
    unit, end, _ = _unit_after(text, after, limit)
    return unit, end if unit else pos, False


def _unit_after(text: str, pos: int, limit: int) -> tuple[str | None, int, bool]:
    """(unit, end of the noun phrase, elliptical) for the words after a figure.

    The unit is the first known noun of the phrase ("two Malian Mi-24 helicopters"),
    else a designation ("the two Mi-24s"), else a plural noun ("two main demands").
    Elliptical is True when the figure points back to a noun said before it
    ("four of them", "the four others", "several dozen Other wounded").

    The words are read from one ``str.split``: a piece of letters (and hyphens), perhaps with a full
    stop or comma after it, is one ``TOKEN_RE`` token (then the end of the phrase); from the first
    other piece on (digits, quotes), ``_read_phrase`` reads token by token.
    """
    words: list[tuple[str, str, int]] = []
    other, other_end = False, pos
    at = pos
    for piece in text[pos:limit].split(None, _PIECES)[:_PIECES]:
        word = piece
        if not piece.isalpha():  # (most pieces are a plain word)
            if not piece[-1].isalpha():
                if piece[-1] not in _PHRASE_ENDS or len(piece) == 1:
                    break
                word = piece[:-1]
            if not (word.isalpha() or (word[0].isalpha() and word.replace("-", "").isalpha())):
                break
        start = text.find(word, at)
        at = start + len(word)
        low = word.lower()
        act = PHRASE_ACTION.get(low)  # one look-up says what the word does to the phrase
        if act is None or (act == _OTHER and words):
            pass
        elif act == _OTHER:
            other, other_end = True, at
            if word is not piece:
                break
            continue
        elif act == _OTHERS:
            return None, at, True
        elif act == _OF and not words:
            return _unit_after_of(text, at, pos, limit)
        elif act != _VERB or OUTCOME_AT_RE.match(text, start, limit):
            return _pick_unit(words, other, other_end)
        words.append((low, word, at))
        if len(words) >= 5 or word is not piece:
            return _pick_unit(words, other, other_end)
    return _read_phrase(text, pos, at, limit, words, other, other_end)


_PIECES = 6  # words of letters read from one split before reading token by token
_PHRASE_ENDS = frozenset(".,;:)")  # punctuation that ends a phrase (not "%", which can be its unit)


def _read_phrase(
    text: str,
    pos: int,
    at: int,
    limit: int,
    words: list[tuple[str, str, int]],
    other: bool,
    other_end: int,
) -> tuple[str | None, int, bool]:
    """``_unit_after`` read on token by token from ``at``, with what was read from ``pos`` so far."""
    for m in TOKEN_RE.finditer(text, at, limit):
        tok = m.group()
        ch = tok[0]
        if not ch.isalpha():
            if ch.isdigit():
                if any(map(str.isalpha, tok)):  # a designation: "2000D"
                    words.append((tok.lower(), tok, m.end()))
                    continue
                break
            if tok == "%" and not words:
                return "percent", m.end(), False
            break
        low = tok.lower()
        act = PHRASE_ACTION.get(low)
        if act is None or (act == _OTHER and words):
            pass
        elif act == _OTHER:
            other, other_end = True, m.end()
            continue
        elif act == _OTHERS:
            return None, m.end(), True
        elif act == _OF and not words:
            return _unit_after_of(text, m.end(), pos, limit)
        elif act != _VERB or OUTCOME_AT_RE.match(text, m.start(), limit):
            break
        words.append((low, tok, m.end()))
        if len(words) >= 5:
            break
    return _pick_unit(words, other, other_end)


_PAIR_FIRSTS = frozenset(first for first, _ in UNIT_PAIRS)


def _pick_unit(
    words: list[tuple[str, str, int]], other: bool, other_end: int
) -> tuple[str | None, int, bool]:
    """The unit the phrase's words name, where the phrase ends, and whether it points back."""
    if not words:
        return None, other_end, other
    end = words[-1][2]
    for i, (low, _, _e) in enumerate(words):
        if low in _PAIR_FIRSTS and i + 1 < len(words) and (low, words[i + 1][0]) in UNIT_PAIRS:
            return UNIT_PAIRS[(low, words[i + 1][0])], end, False
        if low in UNIT_WORD_MAP:
            return UNIT_WORD_MAP[low], end, False
    for _low, tok, _e in words:
        if any(map(str.isdigit, tok)):
            return tok, end, False
    for low, tok, _e in words:
        if tok.isalpha() and tok.islower() and low.endswith("s") and not low.endswith("ss"):
            return low, end, False
    return None, end, False


def _side_words(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, side) of each side word in ``text[start:end]`` that is not a doer ("by X")."""
    out = []
    for m in SIDE_SCAN_RE.finditer(text, max(0, start - 1), end):
        pos = m.start("w")  # (never before ``start``: the scan's first character is the one before it)
        word = m.group("w")
        if (word == "child" or word == "Child") and CHILD_SOLDIER_RE.match(text, m.end()):
            continue  # "child soldiers" fight; they are not civilians
        if text[pos - 1].isspace() and _agent_before(text, pos):
            continue
        out.append((pos, SIDE_LOOKUP[word]))
    return out


def _cuts_word(text: str, pos: int) -> bool:
    """Whether ``pos`` falls inside a word (of regex ``\\w`` characters).

    A claim without side words (``sided`` False) holds none in any window, unless the window's end cuts
    a word: a scan that ends there reads "Malian|ization" as "Malian". (Callers ask this before calling
    ``_side_in`` or ``_side_before``, once per window.)
    """
    c = text[pos - 1 : pos + 1]
    return len(c) == 2 and (c[0].isalnum() or c[0] == "_") and (c[1].isalnum() or c[1] == "_")


def _side_in(text: str, start: int, end: int) -> str | None:
    """The first side named in ``text[start:end]`` that is not a doer ("by X") or a source."""
    found = _side_words(text, start, end)
    return found[0][1] if found else None


def _agent_before(text: str, pos: int) -> bool:
    """Whether "by", "for" or "according to" (and an article) stand just before ``pos``.

    Most words have none of them before: a look for their letters rules those out before the
    regex runs (letters other than i, s, k, which match some non-ASCII letters in (?i) mode).
    """
    if pos == 0 or not text[pos - 1].isspace():
        return False
    before = text[max(0, pos - 20) : pos].lower()
    if "by" not in before and "for" not in before and "accord" not in before:
        return False
    return AGENT_BEFORE_RE.search(text, max(0, pos - 20), pos) is not None


def _side_before(text: str, lo: int, pos: int, prev: _Local | None, scan: bool) -> tuple[str | None, int]:
    """The nearest side named before ``pos``: not a doer ("by X"), not a source ("according to X").

    ``scan`` False says no side word can stand in the window (the claim names none, ``_cuts_word``).
    """
    found: tuple[int, str] | None = None
    for at, side in _side_words(text, max(lo, pos - 160), pos) if scan else ():
        if text.find("ccording", max(lo, at - 25), at) >= 0:
            continue
        found = (at, side)
    if prev is not None and prev.fig.side is not None and (found is None or prev.fig.start > found[0]):
        if NEW_STATEMENT_RE.search(text, prev.fig.end, pos):
            return None, -1
        return prev.fig.side, -1
    if found is not None and NEW_STATEMENT_RE.search(text, found[0], pos):
        return None, -1
    return (found[1], found[0]) if found else (None, -1)


# ---------------------------------------------------------------------------------------------
# What happened to it.


def _outcomes(text: str, local: list[_Local], lo: int, hi: int, field: _Field | None) -> None:
    """Set each figure's outcome from the verb next to it, then share it along lists and subsets."""
    n = len(local)
    cues: list[tuple[int, int, str]] | None = (
        None  # every outcome word of the claim, read when step 3 needs it
    )
    step1_cues: set[int] = set()
    # A sentence without ';' is one clause: no need to look for its edges figure by figure.
    one_clause = field is None and text.find(";", lo, hi) < 0
    for i, item in enumerate(local):
        fig = item.fig
        if fig.unit in MEASURE_UNITS:
            continue
        if fig.unit == "bodies":
            fig.outcome, item.outcome_step = "killed", 1
            continue
        c_lo, c_hi = (lo, hi) if one_clause else _clause(text, fig.start, lo, hi, field is not None)
        # 1: the verb right after the noun ("58 soldiers killed", "were summarily executed").
        # (run only when the next word may start it: most nouns are followed by punctuation or a place)
        c_end = local[i + 1].fig.start if i + 1 < n else c_hi
        if c_end > c_hi:
            c_end = c_hi
        j = _skip_space(text, item.phrase_end, c_end)
        if j < c_end and text[j] in STEP_CUE_FIRST:
            cue = STEP_CUE_RE.match(text, item.phrase_end, c_end)
            if cue and not _does_it_to(text, cue, local[i + 1] if i + 1 < n else None):
                at = cue.start("cue")
                if at == 0 or not text[at - 1].isalpha():
                    word = cue.group("cue").lower()
                    fig.outcome = _outcome_of(word, fig)
                    item.outcome_step = 1
                    step1_cues.add(at)
                    continue
        # 2: the verb right before the figure ("killed 25", "lost 130 men", "destroyed four").
        prev_end = local[i - 1].fig.end if i > 0 else c_lo
        window_lo = c_lo if c_lo > prev_end else prev_end
        if window_lo < fig.start - 30:
            window_lo = fig.start - 30
        found = None
        for m in OUTCOME_SCAN_RE.finditer(text, window_lo - 1 if window_lo else 0, fig.start):
            found = m
        if found is not None and found.start("w") >= window_lo:
            word = found.group("w").lower()
            fig.outcome, item.outcome_step = _outcome_of(word, fig), 2
            # The side named before a transitive verb is the doer, not the one it was done to:
            # "a French Tiger and Gazelle neutralized two other vehicles".
            if item.side_from_before > (local[i - 1].phrase_end if i > 0 else lo) and _agentive(word):
                fig.side = None
    for i in range(1, n):
        item = local[i]
        if item.fig.outcome is not None or item.fig.unit in MEASURE_UNITS:
            continue
        prev = local[i - 1]
        joined = JOINER_RE.match(text[prev.phrase_end : item.fig.start])
        if (item.subset or joined) and prev.fig.outcome is not None:
            item.fig.outcome, item.outcome_step = prev.fig.outcome, 2
    if field is not None and field.kind == "strength":
        for item in local:
            if item.fig.outcome is None or item.outcome_step > 1:
                item.fig.outcome = "engaged"
        return
    for item in local:
        fig = item.fig
        if fig.outcome is not None or fig.unit in MEASURE_UNITS:
            continue
        c_lo, c_hi = (lo, hi) if one_clause else _clause(text, fig.start, lo, hi, field is not None)
        if cues is None:
            scan = OUTCOME_SCAN_RE.finditer(text, max(0, lo - 1), hi)
            cues = [(m.start("w"), m.end(), m.group("w").lower()) for m in scan]
        # 3: a verb further on that the figure shares ("101 jihadists, 11 Malian soldiers ... were killed"),
        # unless it is another figure's own verb ("seven soldiers, including five wounded, were executed")
        # or governs a later figure ("attacked twelve pickups and destroyed four").
        for c_start, c_end, word in cues:
            if c_start < item.phrase_end or c_end > c_hi or c_start in step1_cues:
                continue
            if CLAUSE_BREAK_RE.search(text, item.phrase_end, c_start):
                break  # "open fire on sixty soldiers before being exterminated": another clause's verb
            after = TOKEN_RE.search(text, c_end, min(c_hi, c_end + 24))
            if after and _starts_figure(after.start(), local):
                continue
            fig.outcome, item.outcome_step = _outcome_of(word, fig), 3
            break
        if fig.outcome is not None:
            continue
        # 4: the nearest verb before, anywhere in the clause ("gathered ... were 1,500 to 2,500 men").
        for c_start, c_end, word in reversed(cues):
            if c_lo <= c_start and c_end <= fig.start:
                fig.outcome, item.outcome_step = _outcome_of(word, fig), 4
                break


PASSIVE_STEP_RE = re.compile(r"(?i)\b(?:were|was|are|is|been|being|be)\b")


def _does_it_to(text: str, cue: re.Match[str], following: _Local | None) -> bool:
    """Whether the verb right after a figure's noun is done BY it to the next figure: "200 fighters
    killed 11 soldiers", "two jets destroyed 5 vehicles" (not "58 soldiers were killed", "killed, 11 ...")."""
    if following is None or following.fig.unit in MEASURE_UNITS or not _agentive(cue.group("cue").lower()):
        return False  # (a measure after the verb is no one it was done to: "killed 2 hours later")
    j = _skip_space(text, cue.end(), following.fig.start)
    return j == following.fig.start and j > cue.end() and not PASSIVE_STEP_RE.search(cue.group())


def _agentive(word: str) -> bool:
    """Whether a verb before a figure is done BY whoever is named before it ("X destroyed four")."""
    return OUTCOME_WORDS[word] not in ("engaged", "disappeared") and word not in INTRANSITIVE_CUES


def _starts_figure(pos: int, local: list[_Local]) -> bool:
    return any(item.fig.start <= pos < item.fig.end for item in local)


def _clause(text: str, pos: int, lo: int, hi: int, infobox: bool) -> tuple[int, int]:
    """The part of the claim a figure's verb can be in: up to ';' (and, in the infobox, the list item)."""
    if not infobox:
        b = text.rfind(";", lo, pos)
        a = text.find(";", pos, hi)
        return (lo if b < 0 else b + 1), (hi if a < 0 else a)
    seps = (";", ", ", "----", "(")
    c_lo, c_hi = lo, hi
    for sep in seps:
        b = text.rfind(sep, lo, pos)
        if b >= 0:
            c_lo = max(c_lo, b + len(sep))
        a = text.find(sep, pos, hi)
        if a >= 0:
            c_hi = min(c_hi, a)
    return c_lo, c_hi


_LOST_MACHINES = VEHICLE_UNITS | {"helicopters", "aircraft"}  # "lost" them: destroyed, not killed


def _outcome_of(word: str, fig: Figure) -> str:
    outcome = OUTCOME_WORDS[word]
    if outcome == "killed" and word.startswith("los") and fig.unit in _LOST_MACHINES:
        return "destroyed"
    return outcome
