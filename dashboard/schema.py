"""Column names and allowed values of every table, once (CODEBOOK.md is the contract)."""

from __future__ import annotations

import re

TOPICS = (
    "security_guarantees",
    "ground_troops",
    "coalition_force",
    "air_support",
    "air_defense",
    "intelligence",
    "logistics",
    "naval",
    "training",
    "burden_sharing",
    "russia_role",
    "peace_process",
)
STANCES = ("supports", "opposes", "conditional", "calls_for", "undecided")
ACTOR_TYPES = ("country", "person", "organization", "group")
CAPABILITIES = (
    "troops",
    "aircraft",
    "naval",
    "air_defense",
    "intelligence",
    "logistics",
    "command_and_control",
    "equipment",
    "training",
    "funding",
    "radar",
)
STATUSES = ("offered", "committed", "conditional", "refused", "sought")
PRECISIONS = ("day", "month", "year")
KINDS = ("contradiction", "shift")
METHODS = ("rule", "reviewed")
# stances that stand against each other in a disagreement
FOR_STANCES = ("supports", "conditional")
AGAINST_STANCES = ("opposes",)
CONTRADICTION_DAYS = 14


class Claims:
    CLAIM_ID = "claim_id"
    ARTICLE_ID = "article_id"
    PUBLISHED = "published"
    CLAIM_DATE = "claim_date"
    DATE_PRECISION = "date_precision"
    PUBLISHER = "publisher"
    SOURCE = "source"
    ACTOR = "actor"
    ACTOR_TYPE = "actor_type"
    AFFILIATION = "affiliation"
    TOPIC = "topic"
    STANCE = "stance"
    QUOTE = "quote"
    CHAR_START = "char_start"
    CHAR_END = "char_end"
    METHOD = "method"
    COLUMNS = (
        CLAIM_ID,
        ARTICLE_ID,
        PUBLISHED,
        CLAIM_DATE,
        DATE_PRECISION,
        PUBLISHER,
        SOURCE,
        ACTOR,
        ACTOR_TYPE,
        AFFILIATION,
        TOPIC,
        STANCE,
        QUOTE,
        CHAR_START,
        CHAR_END,
        METHOD,
    )


class Contributions:
    CONTRIBUTOR = "contributor"
    CAPABILITY = "capability"
    STATUS = "status"
    ARTICLE_ID = "article_id"
    SOURCE = "source"
    CLAIM_DATE = "claim_date"
    QUOTE = "quote"
    CLAIM_ID = "claim_id"
    COLUMNS = (CONTRIBUTOR, CAPABILITY, STATUS, ARTICLE_ID, SOURCE, CLAIM_DATE, QUOTE, CLAIM_ID)


class Counts:
    METRIC = "metric"
    LOW = "low"
    HIGH = "high"
    AS_WRITTEN = "as_written"
    ARTICLE_ID = "article_id"
    SOURCE = "source"
    CLAIM_DATE = "claim_date"
    DATE_PRECISION = "date_precision"
    QUOTE = "quote"
    CHAR_START = "char_start"
    CHAR_END = "char_end"
    COLUMNS = (METRIC, LOW, HIGH, AS_WRITTEN, ARTICLE_ID, SOURCE, CLAIM_DATE, DATE_PRECISION, QUOTE, CHAR_START, CHAR_END)


class Disagreements:
    KIND = "kind"
    DAYS_APART = "days_apart"
    ACTOR = "actor"
    AFFILIATION = "affiliation"
    TOPIC = "topic"
    COLUMNS = (
        KIND,
        DAYS_APART,
        AFFILIATION,
        TOPIC,
        "claim_id_a",
        "actor_a",
        "stance_a",
        "source_a",
        "claim_date_a",
        "article_id_a",
        "quote_a",
        "claim_id_b",
        "actor_b",
        "stance_b",
        "source_b",
        "claim_date_b",
        "article_id_b",
        "quote_b",
    )


class Articles:
    ARTICLE_ID = "article_id"
    FILE = "file"
    TITLE = "title"
    PUBLISHER = "publisher"
    PUBLISHED = "published"
    URL = "url"
    CHARS = "chars"
    SHA256 = "sha256"
    COLUMNS = (ARTICLE_ID, FILE, TITLE, PUBLISHER, PUBLISHED, URL, CHARS, SHA256)
    # the metadata file seeds/articles.csv: required and optional columns
    METADATA_REQUIRED = ("file", "publisher", "published")
    METADATA_COLUMNS = ("file", "title", "publisher", "published", "url", "cites", "date_note")


class Reviews:
    """``data/reviews.csv``: one analyst decision a row. A decision is tied to the claim's id and to
    its sentence and reading (article, quote, offsets, the actor, topic and stance it was read with),
    so it finds its claim again when a changed extractor gives the claim another id. Files with only
    the first six columns (the format before 2026-12) are read as they are."""

    CLAIM_ID = "claim_id"  # the claim's id when decided (for an add: derived from the row, may be left empty)
    ACTION = "action"  # accept | reject | correct | add
    ACTOR = "actor"  # correct: the new value (empty: unchanged); add: the claim's
    TOPIC = "topic"
    STANCE = "stance"
    NOTE = "note"
    ARTICLE_ID = "article_id"  # the sentence: article, its text and where it was
    QUOTE = "quote"
    CHAR_START = "char_start"
    CHAR_END = "char_end"
    ORIGINAL_ACTOR = "original_actor"  # the machine reading the decision was made on
    ORIGINAL_TOPIC = "original_topic"
    ORIGINAL_STANCE = "original_stance"
    SOURCE = "source"  # add: according to whom (empty: the article's publisher)
    CLAIM_DATE = "claim_date"  # add: YYYY-MM-DD (empty: the article's publication date)
    LEGACY_COLUMNS = (CLAIM_ID, ACTION, ACTOR, TOPIC, STANCE, NOTE)
    COLUMNS = (
        *LEGACY_COLUMNS,
        ARTICLE_ID,
        QUOTE,
        CHAR_START,
        CHAR_END,
        ORIGINAL_ACTOR,
        ORIGINAL_TOPIC,
        ORIGINAL_STANCE,
        SOURCE,
        CLAIM_DATE,
    )
    ORIGINAL = (ORIGINAL_ACTOR, ORIGINAL_TOPIC, ORIGINAL_STANCE)
    ACTIONS = ("accept", "reject", "correct", "add")


ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
