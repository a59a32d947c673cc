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
