"""konna-tui: a source-critical terminal explorer of the Battle of Konna."""

__version__ = "0.1.0"
