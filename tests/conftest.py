"""Shared fixtures: the project's codebook and seeds, and small helpers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import strategies as st

from dashboard import config
from dashboard.pipeline.codebook import load_codebook
from dashboard.pipeline.extract import extract_article

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ANNOTATED = FIXTURES / "annotated"


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


@pytest.fixture(scope="session")
def extract_rules(codebook):
    """extract_rules(text, published="2025-06-04") -> Extraction, read by the rules alone (no learned layer)."""

    def run(text: str, published: str = "2025-06-04", publisher: str = "Test Wire"):
        return extract_article(
            text, article_id="t", published=dt.date.fromisoformat(published), publisher=publisher, codebook=codebook, model=None
        )

    return run


def triples(extraction) -> set[tuple[str, str, str]]:
    """(actor, topic, stance) of every claim."""
    return {(c["actor"], c["topic"], c["stance"]) for c in extraction.claims}


@pytest.fixture(scope="session")
def shipped():
    """The tables that ship in data/, as the dashboard loads them."""
    from dashboard.read.store import load_tables

    return load_tables()


def salad(tokens: list[str], gaps: list[str], max_words: int = 8) -> st.SearchStrategy[str]:
    """Text of up to ``max_words`` of ``tokens``, each followed by one of ``gaps``: for property
    tests of a rule's cheap prefilter against the rule."""
    words = st.lists(st.sampled_from(tokens), max_size=max_words)
    between = st.lists(st.sampled_from(gaps), min_size=max_words, max_size=max_words)
    return st.tuples(words, between).map(lambda p: "".join(w + g for w, g in zip(*p)))


@pytest.fixture(scope="module")
def browser():
    """Debian's headless Chromium, driven by Playwright, one per test module (the browser tests')."""
    import os

    from playwright.sync_api import sync_playwright

    from dashboard.measure.bench import CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
