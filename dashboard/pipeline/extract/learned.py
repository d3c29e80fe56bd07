"""The learned layer: which side takes which stance on which topic, decided by a trained model over
the sentence reading (pure; the weights are data, ``data/model.json``).

For every sentence the candidates are the pairs (side, topic) the sentence could state: each
affiliation named in it (by an actor, a person, a group, a pronoun or the speaker) with each topic
whose words it holds. A candidate is described by features of the parse and of the rules:

* what the rules read for it (their stance, whether the topic was governed directly, the path);
* where the side's mention stands (subject, object, after which preposition, the speaker, in a
  purpose clause or a condition) and where the topic word stands (the classes, negations and
  modals of the predicates above it);
* the tree path between the two, and the side's and topic's kinds.

A multinomial logistic regression (trained by ``python -m dashboard train`` from the annotated
corpus and the annotated articles) gives each candidate a probability for "no claim" and for each
stance; a candidate whose best stance beats "no claim" by the model's threshold is a claim. The
rules stay the strongest features: the model learns when to trust them and where they are silent.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from dashboard.pipeline.extract.lexicon import Lexicon
from dashboard.pipeline.extract.mentions import Mention
from dashboard.pipeline.extract.reading import Reading, classify, condition_spans
from dashboard.pipeline.extract.topics import TopicMention

LABELS = ("none", "supports", "opposes", "conditional", "calls_for", "undecided")
MAJOR = {"Russia", "Ukraine", "United States", "Europe", "Coalition", "Other", "United Kingdom", "France", "Germany"}
_REPORT = "report"


@dataclass(frozen=True)
class Model:
    """A linear model: one weight per (feature, label), a bias per label, and the decision threshold."""

    index: dict  # feature -> row in weights
    weights: tuple  # rows of len(LABELS) floats
    bias: tuple
    threshold: float
    version: int = 1

    def probabilities(self, features) -> list[float]:
        index, weights = self.index, self.weights
        rows = [weights[r] for r in map(index.get, features) if r is not None]
        # each label's score summed feature by feature, in order (the same floats as one loop)
        scores = list(self.bias)
        for k in range(len(scores)):
            total = scores[k]
            for w in rows:
                total += w[k]
            scores[k] = total
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]


@lru_cache(maxsize=1)
def default_model() -> Model | None:
    """``data/model.json`` (or ``DASHBOARD_MODEL``; "none" for the rules alone), loaded once per process."""
    from dashboard.config import model_path

    path = model_path()
    return None if path is None else load_model(path)


def load_model(path: Path) -> Model | None:
    """The model in ``path``, or None when there is none."""
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    features = doc["features"]
    return Model(
        index={f: i for i, f in enumerate(features)},
        weights=tuple(tuple(r) for r in doc["weights"]),
        bias=tuple(doc["bias"]),
        threshold=float(doc["threshold"]),
        version=int(doc.get("version", 1)),
    )


def dump_model(model: Model, meta: dict) -> str:
    """The model as JSON text (features in order, weights rounded), the same bytes for the same model."""
    features = sorted(model.index, key=model.index.get)
    doc = {
        "version": model.version,
        "labels": list(LABELS),
        "threshold": round(model.threshold, 4),
        "meta": meta,
        "bias": [round(b, 6) for b in model.bias],
        "features": features,
        "weights": [[round(w, 6) for w in model.weights[model.index[f]]] for f in features],
    }
    return json.dumps(doc, ensure_ascii=False, indent=0, sort_keys=False) + "\n"


@dataclass
class Candidate:
    affiliation: str
    topic: str  # as the side sees it (Russia objecting to foreign troops is russia_role)
    mentions: list  # the side's mentions in the sentence
    topic_mentions: list  # the topic's words in the sentence
    features: list
    rule: Reading | None  # the rules' reading for it, if any
    tokens: tuple = ()  # (mention head, topic head, common ancestor) token indices, or ()


def _side_topic(topic: str, affiliation: str) -> str:
    if affiliation == "Russia" and topic in ("ground_troops", "coalition_force"):
        return "russia_role"
    if affiliation == "Ukraine" and topic == "ground_troops":
        return "coalition_force"
    return topic


def _ancestors(tok, limit: int = 8):
    out = []
    while tok.head.i != tok.i and len(out) < limit:
        out.append((tok.dep_, tok.head))
        tok = tok.head
    return out


def _path(a, b):
    """Dependency labels from token a up to the lowest common ancestor, and from b up to it."""
    up_a = [a] + [h for _, h in _ancestors(a, 30)]
    idx = {t.i: k for k, t in enumerate(up_a)}
    chain_b = [b]
    t = b
    while t.i not in idx and t.head.i != t.i:
        t = t.head
        chain_b.append(t)
    if t.i not in idx:
        return None, [], []
    lca = t
    ups = [x.dep_ for x in up_a[: idx[lca.i]]]
    downs = [x.dep_ for x in chain_b[:-1]]
    return lca, ups, downs


def _in_spans(i: int, spans) -> bool:
    return any(a <= i < b for a, b in spans)


def _purpose(tok) -> bool:
    t = tok
    while t.head.i != t.i:
        if (
            t.dep_ in ("advcl", "xcomp", "acl")
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)
        ):
            if t.dep_ == "advcl":
                return True
        t = t.head
    return False


def _pred_features(tok, lexicon: Lexicon, prefix: str, cache: dict) -> list[str]:
    """Classes, negations and modals of the predicates above a token."""
    key = (prefix, tok.i)
    if key in cache:
        return cache[key]
    out = []
    first = True
    for _dep, head in _ancestors(tok, 6):
        if head.pos_ not in ("VERB", "AUX", "ADJ", "NOUN"):
            continue
        cls = classify(head, lexicon)
        neg = any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in head.children)
        modal = next(
            (
                c.lower_
                for c in head.children
                if c.dep_ == "aux" and c.lower_ in ("must", "should", "could", "would", "will", "might", "may", "can")
            ),
            "",
        )
        if cls:
            out.append(f"{prefix}cls={cls}{'_neg' if neg else ''}")
            if first:
                out.append(f"{prefix}first={cls}{'_neg' if neg else ''}")
                out.append(f"{prefix}first_modal={modal}")
                first = False
        elif neg:
            out.append(f"{prefix}neg_unclassed")
        if head.pos_ in ("VERB", "ADJ") and len(out) < 12:
            out.append(f"{prefix}lemma={head.lemma_.lower()}")
    if first:
        out.append(f"{prefix}first=none")
    cache[key] = out
    return out


_PRESENCE = {"participation", "presence", "attendance"}


def _present_only(tok) -> bool:
    """A party that is merely present ("with the participation of JD Vance", "attended by Zelensky",
    "in the presence of ...") holds no position there (issue 16: attendees are never holders)."""
    for _ in range(3):
        if tok.dep_ in ("pobj", "conj", "appos", "compound"):
            head = tok.head
            if head.lower_ == "of" and head.head.lemma_.lower() in _PRESENCE:
                return True
            if head.lower_ == "by" and head.head.lemma_.lower() in ("attend", "join"):
                return True
            tok = head.head if head.dep_ == "prep" else head
            continue
        return False
    return False


def candidates(a, lexicon: Lexicon) -> list[Candidate]:
    """The (side, topic) pairs of one analysed sentence, with their features."""
    doc = a.doc
    if not a.topics:
        return []
    sides: dict[str, list] = {}
    for m in a.mentions:
        if m.affiliation and not _present_only(doc[m.head]):
            sides.setdefault(m.affiliation, []).append(m)
    speaker = a.speaker
    if speaker is not None and speaker.affiliation:
        sides.setdefault(speaker.affiliation, [])
    topics: dict[str, list] = {}
    for t in a.topics:
        topics.setdefault(t.topic, []).append(t)
    conds = condition_spans(doc, lexicon)
    cache: dict = {}
    # the rules' readings, by (side, topic)
    rules: dict = {}
    for r in a.readings:
        sp = r.speaker or speaker
        holders = r.holders or ([sp] if sp is not None else [])
        for h in holders:
            aff = h.affiliation if h.kind != "speaker" else (sp.affiliation if sp is not None else "")
            if not aff and sp is not None and sp is not h:
                aff = sp.affiliation
            if aff:
                rules.setdefault((aff, _side_topic(r.topic.topic, aff)), r)
    rule_topics = {_side_topic(r.topic.topic, "") for r in a.readings}
    rule_sides = {k[0] for k in rules}
    out = []
    n_sides = len(sides)
    for aff, ms in sides.items():
        for label, ts in topics.items():
            topic = _side_topic(label, aff)
            f = [f"k={topic}", f"aff={aff if aff in MAJOR else 'country'}", f"affk={aff if aff in MAJOR else 'country'}&{topic}"]
            r = rules.get((aff, topic))
            if r is not None:
                f += [
                    f"rule={r.stance}",
                    f"rule&k={r.stance}&{topic}",
                    f"rule_direct={r.direct}",
                    f"rule_depth={min(r.depth, 3)}",
                ]
                f += [f"rule_path={'>'.join(r.path[:3])}"]
            else:
                f.append("rule=none")
                if label in rule_topics:
                    f.append("rule_topic_other_side")
                if aff in rule_sides:
                    f.append("rule_side_other_topic")
            if speaker is not None and speaker.affiliation == aff:
                f.append("is_speaker_side")
                f.append(f"speaker_type={speaker.type}")
            elif speaker is not None:
                f.append("speaker_other_side")
            if not ms:
                f.append("only_speaker")
            f.append(f"n_sides={min(n_sides, 4)}")
            f.append(f"n_topics={min(len(topics), 4)}")
            # the best (mention, topic word) pair: the shortest tree path
            best = None
            for m in ms:
                for t in ts:
                    lca, ups, downs = _path(doc[m.head], doc[t.head])
                    if lca is None:
                        continue
                    d = len(ups) + len(downs)
                    if best is None or d < best[0]:
                        best = (d, m, t, lca, ups, downs)
            t0 = ts[0] if best is None else best[2]
            tt = doc[t0.head]
            f += [f"t_dep={tt.dep_}", f"t_lemma={tt.lemma_.lower()}", f"t_pos={tt.pos_}"]
            f += _pred_features(tt, lexicon, "t_", cache)
            if _in_spans(t0.head, conds):
                f.append("t_in_condition")
            if _purpose(tt):
                f.append("t_in_purpose")
            if any(c.dep_ == "det" and c.lower_ == "no" for c in tt.children):
                f.append("t_no")
            if best is not None:
                d, m, t, lca, ups, downs = best
                mt = doc[m.head]
                f += [f"m_dep={mt.dep_}", f"m_kind={m.kind}", f"m_type={m.type}", f"m_pos={mt.pos_}"]
                if mt.dep_ == "pobj":
                    f.append(f"m_prep={mt.head.lower_}")
                    f.append(f"m_prep_gov={mt.head.head.lemma_.lower()}")
                gov = mt.head
                gcls = classify(gov, lexicon) or gov.pos_
                f += [f"m_gov={gcls}", f"m_gov_lemma={gov.lemma_.lower()}"]
                if gcls == _REPORT and mt.dep_ in ("nsubj", "nsubjpass"):
                    f.append("m_speaks")
                if mt.dep_ in ("dobj", "dative") and gcls in ("call", _REPORT):
                    f.append(f"m_addressed_{gcls}")
                if _in_spans(m.head, conds):
                    f.append("m_in_condition")
                if _purpose(mt):
                    f.append("m_in_purpose")
                lcls = classify(lca, lexicon) or lca.pos_
                f += [
                    f"lca={lcls}",
                    f"lca_lemma={lca.lemma_.lower()}",
                    f"len={min(d, 8)}",
                    f"order={'mt' if m.head < t.head else 'tm'}",
                ]
                f += [
                    f"up={'>'.join(ups[:4])}",
                    f"down={'>'.join(downs[:4])}",
                    f"updown={'>'.join(ups[:2])}|{'>'.join(downs[:2])}",
                ]
                f += [
                    f"lca&t_first={lcls}&{next((x for x in _pred_features(tt, lexicon, 't_', cache) if x.startswith('t_first=')), '')}"
                ]
                if m.kind == "demonym":
                    f.append("m_demonym_" + ("in_topic" if t.start <= m.start < t.end or mt.head.i == t.head else "elsewhere"))
                if m.start >= t.start and m.end <= t.end:
                    f.append("m_inside_topic")
            else:
                f.append("no_pair")
            if a.sentence.is_headline:
                f.append("headline")
            # how the rules' stance meets where the side stands (the model weighs their combinations)
            rule_stance = r.stance if r is not None else "none"
            f += [f"rule&{x}" + "=" + rule_stance for x in f if x.startswith(("m_dep=", "t_first=", "m_kind=", "lca=", "up="))][
                :8
            ]
            if r is not None:
                holder_names = {h.name for h in r.holders}
                f.append("rule_holder_named" if any(m.name in holder_names for m in ms) else "rule_holder_by_speaker")
            pred = doc[r.predicate] if r is not None else None
            if pred is not None:
                tense = "future" if any(c.lower_ in ("will", "would", "shall", "'ll") for c in pred.children) else pred.tag_
                f.append(f"pred_tense={tense}")
                f.append(f"pred_lemma={pred.lemma_.lower()}")
            if '"' in a.sentence.text or "“" in a.sentence.text:
                f.append("quoted")
            toks = (best[1].head, best[2].head, best[3].i) if best is not None else (-1, t0.head, -1)
            out.append(Candidate(aff, topic, ms, ts, f, r, toks))
    return out


def decide(model: Model, a, lexicon: Lexicon) -> list[tuple[Reading, Mention]]:
    """The claims the model finds in one analysed sentence, as (reading, actor) pairs."""
    out = []
    # a call consumes its complement: who is asked to provide something does not offer it here
    asked = {
        (m.affiliation, _side_topic(r.topic.topic, m.affiliation))
        for r in a.readings
        if r.stance == "calls_for"
        for m in r.addressees
    }
    for c in candidates(a, lexicon):
        probs = model.probabilities(c.features)
        k = max(range(1, len(LABELS)), key=lambda i: probs[i])
        if probs[k] - probs[0] < model.threshold:
            if not _group_reading(c, probs):
                continue
            k = LABELS.index(c.rule.stance)
        stance = LABELS[k]
        if stance == "supports" and (c.affiliation, c.topic) in asked and c.rule is None:
            continue
        actor = _actor_for(c, a)
        if actor is None:
            continue
        r = c.rule
        topic = r.topic if r is not None else c.topic_mentions[0]
        reading = Reading(
            TopicMention(topic.start, topic.end, topic.head, c.topic),
            stance,
            [actor],
            a.speaker,
            r.predicate if r is not None else topic.head,
            list(r.addressees) if r is not None else [],
        )
        out.append((reading, actor))
    return out


GROUP_FLOOR = 0.15  # chosen by leaving each blind round out of training (F1 +0.00 to +0.01 on each)


def _group_reading(c: Candidate, probs) -> bool:
    """The rules read a named group's position ("26 countries have pledged to join", "European
    leaders agreed to ...") and the model gives it some weight: a group is no side the model has
    seen often enough to judge alone."""
    r = c.rule
    if r is None or c.affiliation not in ("Coalition", "Europe"):
        return False
    if not any(h.kind == "group" and h.affiliation == c.affiliation for h in r.holders):
        return False
    return probs[LABELS.index(r.stance)] >= GROUP_FLOOR


def _actor_for(c: Candidate, a) -> Mention | None:
    """Who a side's claim is credited to: its speaker if a person, the holder the rules found, a
    person named, else the side's first mention (a country for a country's adjective)."""
    sp = a.speaker
    if sp is not None and sp.affiliation == c.affiliation and sp.type == "person":
        return sp
    if (
        sp is not None
        and sp.type == "person"
        and not sp.affiliation
        and any(m.type in ("country", "organization") and m.kind != "demonym" for m in c.mentions)
        and c.affiliation not in ("Europe", "Coalition", "Other", "Ukraine", "Russia")
        and {m.affiliation for m in a.mentions if m.type in ("country", "organization") and m.kind != "demonym"}
        - {"Ukraine", "Russia"}
        == {c.affiliation}
    ):
        return replace(sp, affiliation=c.affiliation)  # a person the codebook does not know, speaking of a country
    if c.rule is not None:
        for h in c.rule.holders:
            if h.affiliation == c.affiliation and h.kind != "speaker":
                return h
    people = [m for m in c.mentions if m.type == "person"]
    if people:
        return people[0]
    named = [m for m in c.mentions if m.kind != "demonym"]
    if named:
        return named[0]
    if c.mentions:
        m = c.mentions[0]
        return Mention(m.start, m.end, m.head, m.affiliation, "country", m.affiliation, "alias")
    return sp
