"""Regex sources the extraction rules share."""

from __future__ import annotations

import re
from collections.abc import Iterable


def word_tree(words: Iterable[str]) -> str:
    """A regex alternation of ``words`` shaped as a prefix tree ("a(?:bou|bu|g)"): the engine tries each
    first letter once instead of every word in turn, and a place that starts none fails at one look.

    It matches what ``"|".join(words)`` does where a word must end the match; where it need not, the
    longest word that fits is tried first.
    """
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    first = "".join(re.escape(ch) for ch in sorted(ch for ch in root if ch))
    return f"(?=[{first}]){emit(root)}" if len(root) > 1 else emit(root)
