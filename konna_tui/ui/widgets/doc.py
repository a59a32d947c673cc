"""A small text model for linked text: plain text, styled marks and links, built without Textual.

Builders in the panes and views produce ``Doc`` values; ``LinkText`` turns them
into styled, wrapped, clickable lines. Keeping the model plain makes the links
easy to test: every figure link carries the figure's raw text and its claim.
"""

from __future__ import annotations

from typing import NamedTuple

from konna_tui.queries.models import Claim, Figure


class Target(NamedTuple):
    """Where a link goes: a claim (optionally one figure in it), an entity, a source, a phase, a pane."""

    kind: str  # claim, entity, source, phase, pane (id: its position in the pane bar)
    id: int
    figure_id: int | None = None


class Link(NamedTuple):
    start: int
    end: int
    target: Target
    kind: str  # figure, claim, entity, source, phase, row: picks the style
    text: str  # the words linked (for a figure: its raw text)


class Mark(NamedTuple):
    start: int
    end: int
    kind: str  # a style name: heading, muted, mark, cue, marker, grid...


class Doc:
    """Text with marks and links; ``add``/``link`` append, offsets are kept for you."""

    __slots__ = ("text", "marks", "links")

    def __init__(self, text: str = "") -> None:
        self.text = text
        self.marks: list[Mark] = []
        self.links: list[Link] = []

    def __repr__(self) -> str:
        return f"Doc({self.text!r}, marks={len(self.marks)}, links={len(self.links)})"

    def add(self, text: str, kind: str | None = None) -> Doc:
        start = len(self.text)
        self.text += text
        if kind and text:
            self.marks.append(Mark(start, len(self.text), kind))
        return self

    def link(self, text: str, target: Target, kind: str, raw: str | None = None) -> Doc:
        start = len(self.text)
        self.text += text
        self.links.append(Link(start, len(self.text), target, kind, raw if raw is not None else text))
        return self

    def extend(self, other: Doc) -> Doc:
        """Append another doc, shifting its marks and links."""
        base = len(self.text)
        self.text += other.text
        self.marks += [Mark(m.start + base, m.end + base, m.kind) for m in other.marks]
        self.links += [Link(k.start + base, k.end + base, k.target, k.kind, k.text) for k in other.links]
        return self


def claim_doc(
    claim: Claim,
    *,
    figures: bool = True,
    mentions: bool = False,
    cue: bool = True,
    highlight: int | None = None,
    start: int = 0,
    claim_link: bool = False,
) -> Doc:
    """A claim's text (from ``start``) with its figures linked to their claim view.

    ``highlight`` is a figure id drawn as the figure under discussion: styled
    and also wrapped in brackets so that it stands out without colour (it is
    not a link: the reader is already looking at its claim).
    ``claim_link`` makes the whole sentence one link when it has no figure, so
    that every sentence can be opened.
    """
    doc = Doc()
    spans: list[tuple[int, int, str, object]] = []
    if figures:
        spans += [(f.start, f.end, "figure", f) for f in claim.figures]
    if mentions:
        spans += [(m.start, m.end, "entity", m) for m in claim.mentions]
    if cue:
        for a in claim.attributions:
            if a.cue_start is not None and a.cue_end is not None and a.source.type != "article":
                spans.append((a.cue_start, a.cue_end, "source", a.source))
    spans.sort(key=lambda s: (s[0], -s[1]))
    text = claim.text
    pos = start
    for s, e, kind, obj in spans:
        if s < pos or e > len(text) or s >= e:
            continue  # overlapping or out of range: keep the first
        doc.add(text[pos:s])
        if kind == "figure":
            assert isinstance(obj, Figure)
            target = Target("claim", claim.id, obj.id)
            if obj.id == highlight:
                doc.add("⟦", "mark").add(text[s:e], "highlight").add("⟧", "mark")
            else:
                doc.link(text[s:e], target, "figure", obj.raw)
        elif kind == "entity":
            doc.link(text[s:e], Target("entity", obj.entity_id), "entity")  # type: ignore[attr-defined]
        else:
            doc.link(text[s:e], Target("source", obj.id), "source")  # type: ignore[attr-defined]
        pos = e
    doc.add(text[pos:])
    if claim_link and not any(k.kind == "figure" for k in doc.links):
        whole = Doc().link(doc.text, Target("claim", claim.id), "claim")
        whole.marks = doc.marks
        return whole
    return doc
