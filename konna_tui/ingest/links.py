"""Which attribution speaks for each figure, when a sentence has more than one voice.

"only four bodies were found according to French soldiers, while a Malian
captain told AFP ... that six Islamists were killed": the four belongs to the
French soldiers, the six to the captain. A figure is given the cue nearest to
it within its own clause (clauses split at "while", "whereas", "but" and
semicolons), preferring a cue before it; every attribution sharing that cue
(RFI and Al Jazeera) speaks for it. Without cues in the sentence, every
attribution of the claim does.
"""

from __future__ import annotations

import re

from konna_tui.ingest.article import Article, Claim
from konna_tui.ingest.records import Attribution, Figure

CLAUSE_BREAK = re.compile(r";|,?\s+(?:while|whereas|but|however)\b", re.I)


def link_figure_attributions(
    article: Article, figures: list[Figure], attributions: list[Attribution]
) -> list[tuple[int, int]]:
    """Pairs (figure index, attribution index): who speaks for each figure."""
    by_claim: dict[int, list[int]] = {}
    for k, att in enumerate(attributions):
        by_claim.setdefault(att.claim, []).append(k)
    breaks: dict[int, list[tuple[int, int]]] = {}  # clause breaks of each claim read so far
    links: list[tuple[int, int]] = []
    for f_idx, fig in enumerate(figures):
        candidates = by_claim.get(fig.claim)
        if not candidates:
            continue
        if len(candidates) == 1:  # one voice speaks for the whole claim, cue or not
            links.append((f_idx, candidates[0]))
            continue
        cued = [k for k in candidates if attributions[k].cue_start is not None]
        if not cued:
            links.extend((f_idx, k) for k in candidates)
            continue
        if fig.claim not in breaks:
            breaks[fig.claim] = _breaks(article.claims[fig.claim])
        lo, hi = _clause(breaks[fig.claim], fig.start, article.claims[fig.claim])
        same_clause = [k for k in cued if lo <= attributions[k].cue_start < hi]  # type: ignore[operator]
        pool = same_clause or cued
        chosen = min(pool, key=lambda k: _distance(attributions[k], fig))
        cue_at = attributions[chosen].cue_start
        links.extend((f_idx, k) for k in pool if attributions[k].cue_start == cue_at)
        # Sources without cues (carried, curated) that share the sentence still speak when
        # the chosen cue is the only voice of its clause: nothing more to add.
    return links


def _breaks(claim: Claim) -> list[tuple[int, int]]:
    """Spans of the claim's clause breaks, as offsets into the article."""
    return [(m.start() + claim.start, m.end() + claim.start) for m in CLAUSE_BREAK.finditer(claim.text)]


def _clause(breaks: list[tuple[int, int]], pos: int, claim: Claim) -> tuple[int, int]:
    """Start and end of the clause holding ``pos``: from the last break before it to the next one after."""
    start, end = claim.start, claim.end
    for b_start, b_end in breaks:
        if b_end <= pos:
            start = b_end
        elif b_start >= pos:
            end = b_start
            break
    return start, end


def _distance(att: Attribution, fig: Figure) -> tuple[int, int]:
    """Cues before the figure come first, nearest first; then cues after it, nearest first."""
    assert att.cue_start is not None
    if att.cue_start <= fig.start:
        return (0, fig.start - (att.cue_end or att.cue_start))
    return (1, att.cue_start - fig.end)
