"""Run every extraction stage over one parsed article, in dependency order."""

from __future__ import annotations

from konna_tui.ingest import entities, events, links, numbers, quantities, sources
from konna_tui.ingest.article import Article
from konna_tui.ingest.curation import load_curation
from konna_tui.ingest.records import Extraction


def extract(article: Article) -> Extraction:
    """Everything the database holds about one article, before ids are given."""
    curation = load_curation(article)
    out = Extraction(warnings=list(article.warnings))
    out.figures, out.non_quantities = numbers.extract_numbers(article)
    out.quantities = quantities.assign_quantities(article, out.figures, curation)
    out.supports = quantities.link_infobox(article, out.figures)
    out.entities, out.mentions, out.roles = entities.extract_entities(article, curation)
    out.sources, out.attributions = sources.attribute(article, out.entities, curation)
    out.figure_attributions = links.link_figure_attributions(article, out.figures, out.attributions)
    out.events = events.extract_events(article)
    return out
