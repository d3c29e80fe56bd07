import pytest

from dashboard.pipeline.extract.sentences import by_sentence, split_sentences


def test_sentences001_abbreviations_do_not_split():
    text = "U.S. Vice President JD Vance spoke. Gen. Dan Caine agreed with Mr. Rubio. It ended."
    assert [s.text for s in split_sentences(text)] == [
        "U.S. Vice President JD Vance spoke.",
        "Gen. Dan Caine agreed with Mr. Rubio.",
        "It ended.",
    ]


def test_sentences002_quotes_stay_with_their_sentence():
    text = 'He said the force will go ahead "with or without the U.S." Then he left.'
    assert [s.text for s in split_sentences(text)] == [
        'He said the force will go ahead "with or without the U.S."',
        "Then he left.",
    ]


def test_sentences003_lines_end_sentences_and_offsets_are_exact():
    text = "Headline without a period\nKyiv • UNN\n\nFirst sentence here. Second one!\n"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["Headline without a period", "Kyiv • UNN", "First sentence here.", "Second one!"]
    assert all(text[s.start : s.end] == s.text for s in sents)
    assert sents[0].is_headline and not sents[1].is_headline


@pytest.mark.parametrize("text", ["", "   \n\n", "no punctuation at all"])
def test_sentences004_degenerate_input(text):
    assert all(text[s.start : s.end] == s.text for s in split_sentences(text))


def test_sentences007_article_matches_go_to_the_sentence_that_holds_them():
    """Matches found over the whole article are handed to their sentence, in its offsets and in the
    order given; one across a sentence's end ("jets. It") belongs to none."""
    text = "France offers jets. Italy refuses troops."
    sents = split_sentences(text)
    matches = [(26, 33, "refuses"), (0, 6, "France"), (14, 22, "across"), (7, 13, "offers")]
    got = by_sentence(matches, sents)
    assert got == {1: [(6, 13, "refuses")], 0: [(0, 6, "France"), (7, 13, "offers")]}
    assert [sents[i].text[a:b] for i in (0, 1) for a, b, _ in got[i]] == ["France", "offers", "refuses"]
