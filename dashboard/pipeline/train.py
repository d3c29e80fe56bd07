"""``python -m dashboard train``: the learned layer's weights from the annotated corpus and articles.

Load inputs: the annotated sentences (``data/corpus/*.jsonl``) and the annotated articles (every
``tests/fixtures/**/gold/*.json`` with its article beside it in ``articles/``), minus any set held
out for a first reading. Process: every sentence is read as the extractor reads it
(``reader.analyse``); each (side, topic) candidate is labelled with the stance the annotators gave
that side on that topic in that sentence, or "none"; a multinomial logistic regression is fitted on
the candidates' features. Save: ``data/model.json``.

The same inputs give the same file, byte for byte: inputs are read in sorted order, the features
are indexed in sorted order, the fit runs on one thread, and the weights are rounded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from dashboard.errors import InputError
from dashboard.pipeline.codebook import Codebook
from dashboard.pipeline.extract.learned import LABELS, Model, candidates, dump_model
from dashboard.pipeline.extract.lexicon import Lexicon
from dashboard.pipeline.extract.reader import analyse
from dashboard.pipeline.extract.sentences import split_sentences

C = 0.3  # inverse regularisation strength, chosen by article-level cross-validation
THRESHOLD = -0.2  # a candidate is a claim when its best stance's probability minus "none"'s is at least this


@dataclass(frozen=True)
class Example:
    features: list
    label: str


def _norm(value: str) -> str:
    text = " ".join(str(value or "").lower().replace(".", "").split())
    return text[4:] if text.startswith("the ") else text


def _label(candidate, gold: list[tuple[str, str, str]]) -> str:
    for affiliation, topic, stance in gold:
        if _norm(affiliation) == _norm(candidate.affiliation) and topic == candidate.topic:
            return stance
    return "none"


def corpus_examples(path: Path, codebook: Codebook, lexicon: Lexicon) -> list[Example]:
    """Examples from one file of annotated sentences (JSON lines)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as err:
            raise InputError(str(path), f"not JSON ({err.msg})", n) from None
        context = row.get("context") or ""
        text = f"{context}\n{row['text']}" if context else row["text"]
        cut = len(context) + 1 if context else 0
        gold = [(c["affiliation"], c["topic"], c["stance"]) for c in row.get("claims", [])]
        for a in analyse(split_sentences(text), codebook, lexicon):
            if a.sentence.start >= cut:
                out += [Example(c.features, _label(c, gold)) for c in candidates(a, lexicon)]
    return out


def article_examples(gold_path: Path, codebook: Codebook, lexicon: Lexicon) -> list[Example]:
    """Examples from one annotated article: a sentence's labels are the gold claims quoted from it."""
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    article = gold_path.parent.parent / "articles" / (gold.get("file") or f"{gold['id']}.txt")
    if not article.is_file():
        raise InputError(str(gold_path), f"no article {article.name} in {article.parent}")
    out = []
    for a in analyse(split_sentences(article.read_text(encoding="utf-8")), codebook, lexicon):
        text = a.sentence.text
        said = [(c["affiliation"], c["topic"], c["stance"]) for c in gold["claims"] if c["quote"] in text or text in c["quote"]]
        out += [Example(c.features, _label(c, said)) for c in candidates(a, lexicon)]
    return out


def gold_files(fixtures: Path, exclude: tuple[str, ...] = ()) -> list[Path]:
    """Every annotated article under ``fixtures`` (sorted), but those of the sets in ``exclude``."""
    return sorted(p for p in fixtures.glob("**/gold/*.json") if p.parent.parent.name not in exclude)


def fit(examples: list[Example], c: float = C, threshold: float = THRESHOLD) -> Model:
    """A multinomial logistic regression over the examples' features (one thread: the same bytes every time)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform([dict.fromkeys(e.features, 1) for e in examples])
    labels = [LABELS.index(e.label) for e in examples]
    with threadpool_limits(limits=1):
        model = LogisticRegression(C=c, max_iter=5000).fit(matrix, labels)
    names = vectorizer.get_feature_names_out()
    weights = model.coef_.T.round(6)
    keep = [i for i in range(len(names)) if abs(weights[i]).max() > 0]
    return Model(
        index={str(names[i]): k for k, i in enumerate(keep)},
        weights=tuple(tuple(float(w) for w in weights[i]) for i in keep),
        bias=tuple(float(b) for b in model.intercept_.round(6)),
        threshold=threshold,
    )


def train(
    corpus: Path, fixtures: Path, codebook: Codebook, lexicon: Lexicon, exclude: tuple[str, ...] = (), progress=None
) -> tuple[str, dict]:
    """The model file's text and a summary of what it was trained on."""
    examples: list[Example] = []
    sentences = articles = 0
    for path in sorted(corpus.glob("*.jsonl")):
        examples += corpus_examples(path, codebook, lexicon)
        sentences += sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
        if progress:
            progress(path.name)
    for path in gold_files(fixtures, exclude):
        examples += article_examples(path, codebook, lexicon)
        articles += 1
    if not examples:
        raise InputError(str(corpus), "no annotated sentences or articles to train on")
    model = fit(examples)
    summary = {
        "sentences": sentences,
        "articles": articles,
        "candidates": len(examples),
        "claims": sum(e.label != "none" for e in examples),
        "excluded": list(exclude),
    }
    meta = {"C": C, "trained_on": summary}
    return dump_model(model, meta), summary
