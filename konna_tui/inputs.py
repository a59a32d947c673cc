"""What a database is built from, and a hash of it to tell when a database is stale.

Kept free of sqlite-utils so the app can check staleness before its first frame.
The hash covers the articles, their curated files, the schema version and the
extraction code itself, so a change to any of them rebuilds the bundled database.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from konna_tui.schema import SCHEMA_VERSION

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_ARTICLE = "battle_of_konna.txt"


def data_dir() -> Path:
    """The bundled data: inside the package when installed, the repo's data/ when editable."""
    packaged = PACKAGE_DIR / "data"
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / "data"


def bundled_articles() -> list[Path]:
    return [data_dir() / BUNDLED_ARTICLE]


def curation_files(article: Path) -> list[Path]:
    """Curated files beside an article: ``<stem>.<kind>.csv``."""
    return sorted(article.parent.glob(f"{article.stem}.*.csv"))


def inputs_hash(articles: list[Path]) -> str:
    """A hash of everything a build reads; equal hashes mean the same database."""
    h = hashlib.sha256(f"schema {SCHEMA_VERSION}\n".encode())
    for article in articles:
        for path in [article, *curation_files(article)]:
            h.update(path.name.encode() + b"\0")
            h.update(path.read_bytes())
    for code in sorted((PACKAGE_DIR / "ingest").glob("*.py")) + [PACKAGE_DIR / "build.py"]:
        h.update(code.name.encode() + b"\0" + code.read_bytes())
    return h.hexdigest()
