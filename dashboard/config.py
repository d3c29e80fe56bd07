"""Paths of the project's folders, with environment overrides (``DASHBOARD_DATA_DIR``)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def seeds_dir() -> Path:
    return Path(os.environ.get("DASHBOARD_SEEDS_DIR", ROOT / "seeds"))


def data_dir() -> Path:
    """Where the tables are written and read; ``DASHBOARD_DATA_DIR`` overrides it."""
    return Path(os.environ.get("DASHBOARD_DATA_DIR", ROOT / "data"))


def codebook_path() -> Path:
    """The codebook ships in the repository's data/ (not in an overridden data dir)."""
    return Path(os.environ.get("DASHBOARD_CODEBOOK", ROOT / "data" / "codebook.yaml"))


def lexicon_path() -> Path:
    """The sentence reading's word classes (``data/lexicon.yaml``)."""
    return Path(os.environ.get("DASHBOARD_LEXICON", ROOT / "data" / "lexicon.yaml"))


def model_path() -> Path | None:
    """The learned layer's weights (``data/model.json``); ``DASHBOARD_MODEL=none`` reads with the rules alone."""
    value = os.environ.get("DASHBOARD_MODEL", str(ROOT / "data" / "model.json"))
    return None if value.lower() in ("", "none") else Path(value)


def first_readings_path() -> Path:
    """The extractor's first readings of blind rounds (``data/first_readings.csv``), shown on the About page."""
    return ROOT / "data" / "first_readings.csv"


def reviews_path() -> Path:
    return Path(os.environ.get("DASHBOARD_REVIEWS", ROOT / "data" / "reviews.csv"))


def assets_dir() -> Path:
    return ROOT / "assets"
