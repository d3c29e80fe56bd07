"""Property tests (hypothesis): random and hostile text never breaks the extractor.

Whatever the text, ``extract_article`` returns rows (it never raises), every quote is the text
between its offsets, and the offsets lie inside the text.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dashboard.pipeline.extract import extract_article
from dashboard.schema import STANCES, TOPICS

from .conftest import ROOT

SEED_TEXT = sorted((ROOT / "seeds").glob("*.txt"))[0].read_text(encoding="utf-8")
WORDS = (
    "France Britain the United States Trump Macron Starmer Zelensky Russia Ukraine NATO said says would will not "
    "refuses rules out offers pledged troops air support air defence ships intelligence guarantees ceasefire "
    "coalition of the willing only if contingent upon tens of thousands 30 fifteen single digits at least "
    "on Tuesday in June 2025 last week, Bloomberg reported according to the Financial Times . ; : ! ? \" ' ( ) - "
    "U.S. Mr. Dr. St. e.g. 1.5 % \u2014 \u201c \u201d \n \n\n \r\n \t <script>alert(1)</script> =cmd| \u00a0"
).split(" ")
text_of_words = st.lists(st.sampled_from(WORDS), max_size=120).map(" ".join)
any_text = st.text(max_size=600)
seed_slices = st.tuples(st.integers(0, len(SEED_TEXT)), st.integers(0, 800)).map(lambda p: SEED_TEXT[p[0] : p[0] + p[1]])
published = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 12, 31))


def check(text: str, day: dt.date, codebook) -> None:
    result = extract_article(text, article_id="prop", published=day, publisher="Wire", codebook=codebook)
    for row in result.claims + result.coalition_counts:
        assert 0 <= row["char_start"] <= row["char_end"] <= len(text), row
        assert text[row["char_start"] : row["char_end"]] == row["quote"], row
    for row in result.claims:
        assert row["topic"] in TOPICS and row["stance"] in STANCES, row
        assert row["claim_date"][:4].isdigit(), row
    for row in result.contributions:
        assert row["quote"] in text, row


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(text=any_text, day=published)
@example(text="", day=dt.date(2025, 6, 4))
@example(text="\r\n\r\n", day=dt.date(2025, 6, 4))
@example(text='"', day=dt.date(2025, 6, 4))
def test_properties001_any_unicode_text(codebook, text, day):
    check(text, day, codebook)


@FAST
@given(text=text_of_words, day=published)
@example(text="France said it would send troops only if the U.S. provides air support.", day=dt.date(2025, 6, 4))
def test_properties002_news_like_word_salad(codebook, text, day):
    check(text, day, codebook)


@FAST
@given(text=seed_slices, day=published)
def test_properties003_any_slice_of_a_real_article(codebook, text, day):
    check(text, day, codebook)


@FAST
@given(text=seed_slices)
def test_properties004_windows_line_ends_keep_quotes_verbatim(codebook, text):
    check(text.replace("\n", "\r\n"), dt.date(2025, 9, 1), codebook)
