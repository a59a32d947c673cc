"""The Textual dashboard. Only ``app`` and what the first pane needs load before the first frame."""
