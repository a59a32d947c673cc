"""The claim view: a figure's sentence, who says it, and every competing figure one step away."""

from __future__ import annotations

import sqlite3

from textual.widget import Widget

from konna_tui.queries.detail import claim_detail
from konna_tui.queries.models import Attribution, Claim, Figure
from konna_tui.queries.records import ClaimDetail, Estimate
from konna_tui.ui import format as fmt
from konna_tui.ui.screens.view import ViewScreen, line, section
from konna_tui.ui.widgets.chart import EstimateChart
from konna_tui.ui.widgets.doc import Doc, Mark, Target, claim_doc
from konna_tui.ui.widgets.linktext import Block, LinkText


def voice_block(a: Attribution) -> Block:
    """One source: name (a link), type, side, the outlet, the cue words, the date said."""
    doc = Doc().link(a.source.name, Target("source", a.source.id), "source")
    doc.add(f"  {fmt.source_type(a.source.type)}", "muted")
    if a.source.side:
        doc.add(f" · side: {fmt.side(a.source.side)}", "muted")
    if a.via is not None:
        doc.add("  through ", "muted").link(a.via.name, Target("source", a.via.id), "source")
        doc.add(f" ({fmt.source_type(a.via.type)})", "muted")
    if a.cue:
        doc.add("  cue: ", "muted").add(f"“{a.cue}”", "cue")
    if a.said_on:
        doc.add(f"  said on {fmt.day_label(a.said_on)}", "muted")
    return Block(doc)


def who_blocks(claim: Claim, figure: Figure | None) -> list[Block]:
    """Who speaks for the figure (or the sentence); other voices of the sentence after them."""
    voice = fmt.named_sources(claim.voice(figure) if figure is not None else claim.attributions)
    blocks = [voice_block(a) for a in voice]
    if not blocks:
        blocks = [Block(Doc().add("The article says this in its own voice; it names no source.", "muted"))]
    heard = {v.source.id for v in voice}
    others = [a for a in fmt.named_sources(claim.attributions) if a.source.id not in heard]
    if others:
        blocks.append(Block(Doc().add("Other voices in the same sentence:", "label"), gap=1))
        blocks += [voice_block(a) for a in others]
    return blocks


def figure_doc(figure: Figure, quantity_label: str | None) -> Doc:
    """What the text lets us read from the figure, on a line or two."""
    doc = Doc().add("Value ", "label").add(fmt.figure_range(figure))
    doc.add(f" ({fmt.qualifier(figure.qualifier)})", "muted")
    for label, value in (
        ("counts", figure.unit),
        ("side", fmt.side(figure.side) if figure.side else None),
        ("outcome", figure.outcome),
        ("quantity", quantity_label),
    ):
        if value:
            doc.add(f" · {label} ", "label").add(value)
    return doc


def estimate_row(estimate: Estimate) -> Block:
    f = estimate.figure
    doc = Doc().link(f.raw, Target("claim", f.claim_id, f.id), "figure", f.raw)
    doc.add(f"  in “{estimate.claim_text}”", "muted")
    return Block(doc)


def paragraph_doc(detail: ClaimDetail) -> Doc:
    """The paragraph around the claim: this sentence plain, the others dimmed and openable."""
    doc = Doc()
    for claim in detail.paragraph:
        if claim.id == detail.claim.id:
            doc.add("▶ ", "current").add(claim.text, "current")
        else:
            start = len(doc.text)
            doc.link(claim.text, Target("claim", claim.id), "claim")
            doc.marks.append(Mark(start, len(doc.text), "muted"))
        doc.add(" ")
    return doc


class ClaimScreen(ViewScreen):
    """A claim, with one of its figures (or none) under discussion."""

    def __init__(self, detail: ClaimDetail, figure_id: int | None = None) -> None:
        self.detail = detail
        ids = {f.id for f in detail.claim.figures}
        self.figure_id = figure_id if figure_id in ids else None
        place = detail.section.title
        if detail.section.phase is not None:
            place = f"phase {detail.section.phase} · {place}"
        kind = "Infobox field" if detail.claim.kind == "infobox" else "Sentence"
        super().__init__(f"{kind} · {place}")

    @classmethod
    def load(
        cls, conn: sqlite3.Connection, claim_id: int, figure_id: int | None = None
    ) -> ClaimScreen | None:
        detail = claim_detail(conn, claim_id)
        return cls(detail, figure_id) if detail is not None else None

    @property
    def figure(self) -> Figure | None:
        return next((f for f in self.detail.claim.figures if f.id == self.figure_id), None)

    def body(self) -> list[Widget]:
        d = self.detail
        claim = d.claim
        figure = self.figure
        widgets: list[Widget] = [
            section("The sentence" if claim.kind == "sentence" else "The infobox field"),
            LinkText(claim_doc(claim, highlight=self.figure_id), id="claim-text", classes="claim-text"),
        ]
        if claim.events:
            when = "; ".join(f"{fmt.event_label(e, year=True)} (“{e.raw}”)" for e in claim.events)
            widgets.append(line(f"The text dates it: {when}", classes="hint"))
        if figure is not None:
            widgets.append(line("The figure under discussion is marked ⟦ ⟧.", classes="hint"))
        widgets += [section("Who says it"), LinkText(who_blocks(claim, figure), id="claim-who")]
        quantities = {q.key: q for q in d.competing}
        if figure is not None:
            label = quantities[figure.quantity_key].label if figure.quantity_key in quantities else None
            widgets += [section("The figure"), LinkText(figure_doc(figure, label))]
            widgets += self._support(figure)
        ordered = sorted(d.competing, key=lambda q: figure is None or q.key != figure.quantity_key)
        for n, quantity in enumerate(ordered):
            title = "Every estimate of the same quantity" if figure is not None and n == 0 else "Counted here"
            widgets.append(section(title))
            widgets.append(EstimateChart(quantity, current=self.figure_id, classes="chart"))
        if figure is not None and figure.quantity_key is None:
            widgets.append(line("No other figure in the article counts the same thing.", classes="hint"))
        if claim.kind == "sentence" and len(d.paragraph) > 1:
            widgets += [section("In its paragraph"), LinkText(paragraph_doc(d), classes="paragraph")]
        widgets += self._named()
        return widgets

    def _support(self, figure: Figure) -> list[Widget]:
        d = self.detail
        if self.detail.claim.kind == "infobox":
            backing = d.supports.get(figure.id, [])
            if backing:
                return [section("Backed by the body"), LinkText([estimate_row(e) for e in backing])]
            if figure.support == "unsupported":
                return [line("✗ No sentence of the article's body gives this number.", classes="warning")]
        elif d.supported_by.get(figure.id):
            return [line("✓ The infobox repeats this number.", classes="hint")]
        return []

    def _named(self) -> list[Widget]:
        seen: set[int] = set()
        doc = Doc()
        for mention in self.detail.claim.mentions:
            if mention.entity_id in seen:
                continue
            if seen:
                doc.add(" · ", "muted")
            seen.add(mention.entity_id)
            doc.link(mention.entity_name, Target("entity", mention.entity_id), "entity")
            doc.add(f" ({fmt.entity_type(mention.entity_type)})", "muted")
        if not seen:
            return []
        return [section("Named in it"), LinkText(doc, id="claim-named")]
