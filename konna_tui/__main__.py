"""Allow ``python -m konna_tui``."""

from konna_tui.cli import main

raise SystemExit(main())
