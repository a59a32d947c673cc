"""Command palette provider: jump to any pane, battle phase, source or entity by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from textual.command import DiscoveryHit, Hit, Hits, Provider

from konna_tui.queries.entities import entities
from konna_tui.queries.sections import phase_titles
from konna_tui.queries.sources import sources
from konna_tui.ui import format as fmt
from konna_tui.ui.widgets.panebar import PANES

if TYPE_CHECKING:
    from konna_tui.ui.app import KonnaApp


class Place(NamedTuple):
    text: str
    help: str
    go: Callable[[], Any]
    discover: bool = False


class NavigationProvider(Provider):
    """Panes and phases (listed before typing), sources and entities (found by typing)."""

    async def startup(self) -> None:
        app: KonnaApp = self.app  # type: ignore[assignment]
        conn = app.conn
        places: list[Place] = []
        for n, (pane, title, _) in enumerate(PANES, start=1):
            places.append(
                Place(f"Pane: {title}", f"key {n}", partial(app.call_later, app.action_show_pane, pane), True)
            )
        for number, title in phase_titles(conn):
            go = partial(app.call_later, app.action_show_phase, number)
            places.append(Place(f"Phase {number}: {title}", "Battle phases pane; [ and ] step", go, True))
        for source in sources(conn):
            places.append(
                Place(
                    f"Source: {source.name}",
                    fmt.source_type(source.type),
                    partial(app.open_source, source.id),
                )
            )
        for entity in entities(conn):
            label = fmt.entity_type(entity.type).capitalize()
            side = f" · {fmt.side(entity.side)}" if entity.side else ""
            places.append(
                Place(f"{label}: {entity.name}", f"{label}{side}", partial(app.open_entity, entity.id))
            )
        self.places = places

    async def discover(self) -> Hits:
        for place in self.places:
            if place.discover:
                yield DiscoveryHit(place.text, place.go, help=place.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for place in self.places:
            score = matcher.match(place.text)
            if score > 0:
                yield Hit(score, matcher.highlight(place.text), place.go, help=place.help)
