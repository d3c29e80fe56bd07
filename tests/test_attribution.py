import pytest

from dashboard.pipeline.extract.attribution import credited_outlet, default_source
from dashboard.pipeline.extract.sentences import split_sentences


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The US has announced its refusal to provide air cover - Bloomberg\nKyiv • UNN\nBody.", "Bloomberg"),
        ("Bloomberg: 'coalition of the willing' stalls\nBody.", "Bloomberg"),
        ("Headline\n\nMOSCOW, Aug 20 (Reuters) - Lavrov said things.", "Reuters"),
        ("Headline\n\nBy PA Political Staff, in Paris\n\nStarmer said.", "PA Media"),
        ("Headline\nThe US refuses, UNN writes with reference to Bloomberg.", "Bloomberg"),
        ("Headline\nPlain reporting with no credit.", "Publisher X"),
    ],
)
def test_attribution001_default_source(codebook, text, expected):
    assert default_source(text, split_sentences(text), "Publisher X", codebook) == expected


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("The U.S. commitment, as reported by the Financial Times, includes intelligence.", "Financial Times"),
        ("Trump said he was willing to help, The Hill reported.", "The Hill"),
        ("As Bloomberg previously reported, the UK and France tried.", "Bloomberg"),
        ("The UK refuses, UNN writes with reference to Bloomberg.", "Bloomberg"),
        ("They believe it is sufficient, one source told the publication.", None),
        # what was told to an outlet is credited to it (CODEBOOK.md), unless an outlet is credited as reporting it
        ("In an interview with Fox News, Trump said so.", "Fox News"),
        ("The UK may drop its plans, The Times reports, citing sources in the government.", "The Times"),
        ("Speaking to DW, a senior German official said Berlin was weighing it.", "DW"),
        ("In an interview with Fox News, Trump said he was willing to help, The Hill reported.", "The Hill"),
        # the outlet named with what it is ("the British daily", "the public broadcaster")
        ("According to the British daily The Times, Turkey and Canada have agreed to contribute forces.", "The Times"),
        ("According to the daily Financial Times, the US will help.", "Financial Times"),
        ("According to the British government, the force is ready.", None),
    ],
)
def test_attribution002_sentence_credit(codebook, sentence, expected):
    assert credited_outlet(sentence, codebook) == expected
