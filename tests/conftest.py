"""Shared fixtures: the project's codebook and seeds, and small helpers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard import config
from dashboard.codebook import load_codebook
from dashboard.extract import extract_article

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def codebook():
    return load_codebook(config.codebook_path())


@pytest.fixture(scope="session")
def extract(codebook):
    """extract(text, published="2025-06-04", publisher="Test") -> Extraction."""

    def run(text: str, published: str = "2025-06-04", publisher: str = "Test Wire"):
        return extract_article(
            text, article_id="t", published=dt.date.fromisoformat(published), publisher=publisher, codebook=codebook
        )

    return run


def triples(extraction) -> set[tuple[str, str, str]]:
    """(actor, topic, stance) of every claim."""
    return {(c["actor"], c["topic"], c["stance"]) for c in extraction.claims}


@pytest.fixture(scope="session")
def shipped():
    """The tables that ship in data/, as the dashboard loads them."""
    from dashboard.store import load_tables

    return load_tables()
