"""Screens pushed over the dashboard: claim, entity and source views, help, and the too-small notice."""
