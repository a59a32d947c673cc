"""The six panes of the main screen; each module is imported when its pane is first shown."""
