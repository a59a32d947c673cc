"""EstimateChart: every estimate of one quantity as a marker on a shared axis.

Drawn with glyphs (● exact, ◆ about, ├─┤ range, ●─▶ at least, ◀─● at most,
○ vague) so that the chart reads the same in 16 colours and with NO_COLOR.
Each row starts with the figure as written, linked to its claim view, and
ends with who gave it; the axis always starts at zero so spreads are honest.
"""

from __future__ import annotations

import math

from konna_tui.queries.records import Estimate, Quantity
from konna_tui.ui import format as fmt
from konna_tui.ui.widgets.doc import Doc, Target
from konna_tui.ui.widgets.linktext import Block, LinkText

GLYPHS = {
    "exact": "●",
    "about": "◆",
    "vague": "○",
}
LEGEND = [
    ("exact", "● exact"),
    ("about", "◆ about"),
    ("range", "├─┤ range"),
    ("at_least", "●─▶ at least"),
    ("at_most", "◀─● at most"),
    ("vague", "○ vague"),
]
VALUE_WIDTH = 16


def nice_step(span: float, ticks: int = 4) -> float:
    """A round step (1, 2, 2.5 or 5 times a power of ten, at least 1) giving about ``ticks`` intervals."""
    if span <= 0:
        return 1.0
    raw = max(span / ticks, 1.0)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if factor * power >= raw:
            return factor * power
    return 10 * power


def first_of(*values: float | None) -> float | None:
    return next((v for v in values if v is not None), None)


def top_of(estimates: list[Estimate]) -> float:
    values = [v for e in estimates for v in (e.figure.low, e.figure.best, e.figure.high) if v is not None]
    return max(values, default=1.0) or 1.0


def shape(estimate: Estimate) -> str:
    """The marker kind: a qualifier, or 'range' when the figure spans values."""
    f = estimate.figure
    if f.qualifier == "vague":
        return "vague"
    if f.qualifier == "range" or (f.low is not None and f.high is not None and f.high > f.low):
        return "range"
    if f.qualifier == "at_least" or (f.low is not None and f.high is None and f.qualifier != "exact"):
        return "at_least"
    if f.qualifier in GLYPHS or f.qualifier == "at_most":
        return f.qualifier
    return "exact"


def track(estimate: Estimate, width: int, top: float, ticks: list[float]) -> Doc:
    """One row of the chart: gridlines at the ticks and this estimate's marker."""
    cells = [" "] * width
    kinds = ["grid"] * width

    def x(value: float | None) -> int:
        if value is None or top <= 0:
            return 0
        return max(0, min(width - 1, round(value / top * (width - 1))))

    for tick in ticks:
        cells[x(tick)] = "┊"
    f = estimate.figure
    kind = shape(estimate)
    best = f.best if f.best is not None else (f.low if f.low is not None else f.high)

    def put(at: int, glyph: str, style: str = "marker") -> None:
        cells[at] = glyph
        kinds[at] = style

    if kind == "range":
        lo, hi = x(f.low), x(f.high)
        for at in range(lo, hi + 1):
            put(at, "─", "range")
        if lo == hi:
            put(lo, "┼")
        else:
            put(lo, "├")
            put(hi, "┤")
    elif kind == "at_least":
        lo = x(f.low if f.low is not None else best)
        for at in range(lo, width):
            put(at, "─", "range")
        put(width - 1, "▶")
        put(lo, "●")
    elif kind == "at_most":
        hi = x(f.high if f.high is not None else best)
        for at in range(0, hi + 1):
            put(at, "─", "range")
        put(0, "◀")
        put(hi, "●")
    else:
        put(x(best if best is not None else f.low), GLYPHS.get(kind, "●"))
    doc = Doc()
    run_start = 0
    for at in range(1, width + 1):
        if at == width or kinds[at] != kinds[run_start]:
            doc.add("".join(cells[run_start:at]), kinds[run_start])
            run_start = at
    return doc


def source_words(estimate: Estimate) -> str:
    named = fmt.named_sources(estimate.attributions)
    text = fmt.who(estimate.attributions)
    if named:
        text += f" · {fmt.source_type(named[0].source.type)}"
    when = fmt.said_on(estimate.attributions)
    if when:
        text += f" · {when}"
    return text


class EstimateChart(LinkText):
    """A quantity's estimates on one axis; the current one (in a claim view) marked ▶."""

    def __init__(
        self,
        quantity: Quantity,
        *,
        current: int | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        self.quantity = quantity
        self.current_figure = current
        self.value_width = min(VALUE_WIDTH, max(len(e.figure.raw) for e in quantity.estimates) + 2)
        super().__init__([], gutter_width=self.value_width + 1, truncate=True, id=id, classes=classes)

    def _ticks(self, top: float) -> tuple[float, list[float]]:
        step = nice_step(top)
        top = step * math.ceil(top / step) if top > 0 else 1.0
        return top, [step * n for n in range(int(round(top / step)) + 1)]

    def blocks_for(self, width: int) -> list[Block]:
        estimates = self.quantity.estimates
        top, ticks = self._ticks(top_of(estimates))
        body_width = max(1, width - self.gutter_width)
        track_width = max(12, min(60, body_width // 2))
        figures = [e.figure for e in estimates]
        lows = [v for f in figures if (v := first_of(f.low, f.best, f.high)) is not None]
        highs = [v for f in figures if (v := first_of(f.high, f.best, f.low)) is not None]
        if lows and highs and min(lows) != max(highs):
            span = f"from {fmt.number(min(lows))} to {fmt.number(max(highs))}"
        elif lows and len(estimates) > 1:
            span = f"all {fmt.number(lows[0])}"
        else:
            span = ""
        title = Doc().add(self.quantity.label, "heading")
        count = f"{len(estimates)} estimate{'s' if len(estimates) != 1 else ''}"
        title.add(f"  {count}{', ' + span if span.startswith('all') else ' ' + span}".rstrip(), "muted")
        blocks = [Block(title)]
        for estimate in estimates:
            f = estimate.figure
            is_current = f.id == self.current_figure
            gutter = Doc()
            gutter.add("▶ " if is_current else "  ", "current")
            raw = f.raw if len(f.raw) <= self.value_width - 2 else f.raw[: self.value_width - 3] + "…"
            gutter.add(" " * (self.value_width - 2 - len(raw)))
            gutter.link(raw, Target("claim", f.claim_id, f.id), "figure", f.raw)
            body = track(estimate, track_width, top, ticks)
            body.add("  ")
            body.add(source_words(estimate), "current" if is_current else None)
            blocks.append(Block(body, gutter=gutter))
        axis = Doc()
        cells = [" "] * (track_width + 8)
        for tick in ticks:
            label = fmt.number(tick)
            at = max(0, min(track_width - 1, round(tick / top * (track_width - 1)))) - len(label) // 2
            at = max(0, at)
            if all(c == " " for c in cells[max(0, at - 1) : at + len(label) + 1]):
                cells[at : at + len(label)] = list(label)
        axis.add("".join(cells).rstrip() + (f"  {self.quantity.unit}" if self.quantity.unit else ""), "muted")
        blocks.append(Block(axis, gutter=Doc()))
        used = {shape(e) for e in estimates}
        legend = "   ".join(text for kind, text in LEGEND if kind in used)
        blocks.append(Block(Doc().add(legend, "muted"), gutter=Doc()))
        return blocks


def estimate_rows(quantities: list[Quantity], *, labels: str = "heading") -> list[Block]:
    """Estimates as rows: the figure (a link) in the gutter, who gave it beside it.

    ``labels="heading"`` puts each quantity's name on a line above its rows;
    ``labels="inline"`` starts each row with it (for quantities counted once).
    """
    blocks = []
    for quantity in quantities:
        if labels == "heading":
            blocks.append(Block(Doc().add(quantity.label, "label")))
        for estimate in quantity.estimates:
            f = estimate.figure
            gutter = Doc().link(f.raw, Target("claim", f.claim_id, f.id), "figure", f.raw)
            body = Doc()
            if labels == "inline":
                body.add(quantity.label, "label").add("  ")
            body.add(source_words(estimate), "muted")
            blocks.append(Block(body, gutter=gutter))
    return blocks
