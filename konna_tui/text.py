"""Text helpers shared by the build and the queries (standard library only)."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower-case, accent-free form for matching: ``fold("Sévaré") == "sevare"``.

    ASCII text (most names) has nothing to decompose: lower-casing it is the whole work.
    """
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def lower_in_place(text: str) -> str:
    """``text.lower()`` with every offset kept: a letter whose lower case is longer ("İ") stays as it is.

    For finding words case-blind in a lowered copy and reading them back at the same offsets.
    """
    lower = text.lower()
    if len(lower) == len(text):  # no letter grew (none shrinks), so every offset still matches
        return lower
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)
