"""Read-only queries over the built database; plain dataclasses out, no Textual in."""
