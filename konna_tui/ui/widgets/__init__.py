"""Widgets that each own one job: linked text, the pane bar, the infobox card, the estimate chart."""
