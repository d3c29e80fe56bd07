"""The reading's word classes (``data/lexicon.yaml``), loaded once and matched on parsed sentences.

Entries are lemmas or phrases of lemmas; each is split by the parser's own tokenizer, so an entry
matches the tokens the parser makes ("air-defence" is three tokens, "lion's share" three). A token
matches an entry word when its lower-cased text or its lemma is that word.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from dashboard.errors import InputError
from dashboard.schema import TOPICS

STANCE_CLASSES = ("support", "oppose", "call", "undecided", "report")
KINDS = ("verbs", "adjectives", "nouns")


@dataclass(frozen=True)
class PhraseIndex:
    """Phrases by their first word: word -> ((words, label), ...), longest first."""

    by_first: dict

    def match_at(self, doc, i: int, end: int | None = None) -> tuple[int, str] | None:
        """(length, label) of the longest phrase that starts at token ``i``, or None."""
        first = doc[i]
        lower = first.lower_
        lemma = first.lemma_.lower()
        by_first = self.by_first
        entries = by_first.get(lower)
        if lemma != lower:
            more = by_first.get(lemma)
            if more:
                entries = entries + more if entries else more
        if not entries:
            return None
        stop = len(doc) if end is None else end
        for words, label in entries:
            n = len(words)
            if i + n <= stop and all(_is(doc[i + j], words[j]) for j in range(1, n)):
                return n, label
        return None

    def find(self, doc, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
        """(start, end, label) of non-overlapping phrases in ``doc[start:end]``, leftmost-longest."""
        out, i = [], start
        stop = len(doc) if end is None else end
        while i < stop:
            hit = self.match_at(doc, i, stop)
            if hit:
                out.append((i, i + hit[0], hit[1]))
                i += hit[0]
            else:
                i += 1
        return out


def _is(token, word: str) -> bool:
    return token.lower_ == word or token.lemma_.lower() == word


def _index(entries: list[tuple[str, str]], split) -> PhraseIndex:
    by_first: dict[str, list] = {}
    for phrase, label in entries:
        words = tuple(t.lower() for t in split(phrase))
        if words:
            by_first.setdefault(words[0], []).append((words, label))
        if len(words) == 2 and "-" not in words:  # "air policing" is also "air-policing"
            by_first.setdefault(words[0], []).append(((words[0], "-", words[1]), label))
    for key in by_first:
        # longest first; among equals the order written (the first topic listed wins)
        by_first[key] = tuple(sorted(by_first[key], key=lambda e: -len(e[0])))
    return PhraseIndex(by_first)


@dataclass(frozen=True)
class Lexicon:
    stances: dict  # kind ("verbs", "adjectives", "nouns") -> PhraseIndex of class labels
    topics: PhraseIndex  # label = topic
    requires: dict  # lemma -> words one of which must follow ("plan" -> "to")
    negations: frozenset
    modals_call: PhraseIndex
    modals_weak: frozenset
    hedges: PhraseIndex
    condition_marks: PhraseIndex
    condition_predicates: dict  # kind -> frozenset of lemmas
    group_nouns: frozenset
    titles: frozenset
    not_names: frozenset
    demonyms: dict  # lower-case adjective -> country or bloc
    capitals: dict  # capital -> country (countries beyond the codebook's actors)
    places: frozenset = frozenset()  # city names that are a place, not a government, after "in", "at" ...


def parse_lexicon(doc: dict, split, path: str = "lexicon") -> Lexicon:
    """Validate and index a lexicon document. ``split`` turns a phrase into its tokens' texts."""
    if not isinstance(doc, dict):
        raise InputError(path, "the lexicon must be a mapping")
    for key in ("stance_classes", "topics", "negations", "condition_marks", "group_nouns", "titles", "demonyms"):
        if key not in doc:
            raise InputError(path, f"missing section '{key}'")
    stances = {}
    for kind in KINDS:
        entries = []
        for label, lists in doc["stance_classes"].items():
            if label not in STANCE_CLASSES:
                raise InputError(path, f"stance_classes: unknown class '{label}' (allowed: {', '.join(STANCE_CLASSES)})")
            entries += [(str(w), label) for w in lists.get(kind, [])]
        stances[kind] = _index(entries, split)
    topic_entries = []
    for label, words in doc["topics"].items():
        if label not in TOPICS:
            raise InputError(path, f"topics: unknown topic '{label}' (allowed: {', '.join(TOPICS)})")
        topic_entries += [(str(w), label) for w in words]
    cond = doc.get("condition_predicates") or {}
    return Lexicon(
        stances=stances,
        topics=_index(topic_entries, split),
        requires={k: frozenset(v or []) for k, v in (doc.get("class_requires") or {}).items()},
        negations=frozenset(str(w) for w in doc["negations"]),
        modals_call=_index([(str(w), "call") for w in doc.get("modals_call", [])], split),
        modals_weak=frozenset(str(w) for w in doc.get("modals_weak", [])),
        hedges=_index([(str(w), "hedge") for w in doc.get("hedges", [])], split),
        condition_marks=_index([(str(w), "if") for w in doc["condition_marks"]], split),
        condition_predicates={k: frozenset(str(w) for w in cond.get(k, [])) for k in KINDS},
        group_nouns=frozenset(str(w) for w in doc["group_nouns"]),
        titles=frozenset(str(w) for w in doc["titles"]),
        not_names=frozenset(str(w) for w in doc.get("not_names", [])),
        demonyms={str(k).lower(): str(v) for k, v in doc["demonyms"].items()},
        capitals={str(v): str(k) for k, v in (doc.get("more_countries") or {}).items()},
        places=frozenset(str(w) for w in doc.get("place_cities", []))
        | frozenset(str(v) for v in (doc.get("more_countries") or {}).values()),
    )


def load_lexicon(path: Path) -> Lexicon:
    """Read and index ``path``; a YAML error names the line."""
    from dashboard.pipeline.extract.nlp import tokenizer

    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "the lexicon is missing (expected data/lexicon.yaml)") from None
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        raise InputError(
            str(path), f"not valid YAML: {getattr(err, 'problem', err)}", None if line is None else line + 1
        ) from None
    split = tokenizer()
    return parse_lexicon(doc, lambda phrase: [t.text for t in split(phrase)], str(path))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """``data/lexicon.yaml`` (or ``DASHBOARD_LEXICON``), loaded once per process."""
    from dashboard.config import lexicon_path

    return load_lexicon(lexicon_path())
