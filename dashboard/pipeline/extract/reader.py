"""Article text -> claims by the sentence reading (pure: no file I/O).

Sentence by sentence: parse, name the actors (``mentions``), find the topic words (``topics``),
read who takes which stance on them (``reading``), then say who the claim's actor is, as the
codebook does:

* a named speaker who states their own side's position is the actor ("Tusk said Poland would ...":
  Donald Tusk, Poland); a position the speaker reports of another party is that party's;
* "we", "our" and "I" in a quote are the speaker's; a quote that runs into the next sentence keeps
  its speaker;
* a topic as the holder's side sees it: Russia objecting to foreign forces is ``russia_role``;
  Ukraine on foreign troops is ``coalition_force``;
* what a condition asks for is a ``calls_for`` of the holder of the conditional offer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from dashboard.pipeline.codebook import Codebook
from dashboard.pipeline.extract.lexicon import Lexicon
from dashboard.pipeline.extract.mentions import Mention, Registry, find_mentions
from dashboard.pipeline.extract.nlp import parse
from dashboard.pipeline.extract.reading import Reading, read_sentence
from dashboard.pipeline.extract.sentences import Sentence
from dashboard.pipeline.extract.topics import find_topics

RUSSIA, UKRAINE = "Russia", "Ukraine"
_QUOTES = ('"', "“", "”", "'", "‘", "’")


@dataclass(frozen=True)
class Claim:
    """One claim before it is a row: the sentence it was read from and what it says."""

    sentence: Sentence
    actor: str
    actor_type: str
    affiliation: str
    topic: str
    stance: str
    scope_end: int  # where the claim's words end in the sentence (dates before it date it)
    predicate: str  # the predicate's text (a pledge or a commitment is a committed contribution)
    contributor: str
    topic_words: str = ""
    addressees: tuple[tuple[str, str, str], ...] = ()  # (name, type, affiliation) of who is asked


def _side_topic(topic: str, affiliation: str) -> str:
    if affiliation == RUSSIA and topic in ("ground_troops", "coalition_force"):
        return "russia_role"
    if affiliation == UKRAINE and topic == "ground_troops":
        return "coalition_force"  # Ukraine sends no troops into itself: its view of foreign troops is of the force
    return topic


def _actor(holder: Mention | None, speaker: Mention | None) -> Mention | None:
    """Who the claim is credited to: a named speaker stating their own side's position, else the holder."""
    if holder is None or holder.kind == "speaker":
        return speaker
    if speaker is not None and speaker.type == "person" and holder.type in ("country", "organization"):
        if not speaker.affiliation:
            # a person the codebook does not know, speaking of a country: their country
            return replace(speaker, affiliation=holder.affiliation)
        if holder.affiliation == speaker.affiliation:
            return speaker
    if speaker is not None and speaker.type == "person" and holder.type == "group" and holder.affiliation == speaker.affiliation:
        return speaker
    return holder


def contributor_of(m: Mention) -> str:
    """Countries and groups contribute as themselves; people and institutions as their country."""
    if m.type in ("country", "group") or m.affiliation in ("Other", "Europe", "Coalition", ""):
        return m.name
    return m.affiliation


_TRAILING_SPEAKER = re.compile(r"^(?P<said>.+?)\s*(?::|\s[-–—])\s*(?P<who>(?:[A-Z][\w.'’-]+\s?){1,3})\s*$")
_LEADING_SPEAKER = re.compile(r"^(?P<who>(?:[A-Z][\w.'’-]+\s?){1,3}):\s+(?P<said>.+)$")
_NO_COPULA = re.compile(
    r"^(?P<np>(?:[A-Z][\w.'’-]*\s?){1,3}?|(?:[A-Z][\w'’-]*\s)?(?:[a-z][\w'’-]*\s)?[a-z]{2,}[^u\W]s\s)(?P<adv>(?:still|now|also|not)\s)?"
    r"(?P<adj>ready|willing|open|hopeful|prepared|essential|needed|crucial|keen|opposed|unlikely|unwilling|undecided|wary|cautious)\b"
)
_TAKES_TO = re.compile(
    r"\b(?:urges?|asks?|presses|calls|ready|willing|prepared|open|plans?|wants?|set|expected|able|going|agrees?|vows?|pledges?|offers?|refuses?|declines?|seeks?|hopes?|is|are|was|were|has|have|had|need|needs|must|would|will|could|"
    r"decision|readiness|willingness|proposal|commitment|bid|effort|move|intention|right|way|time)\b",
    re.IGNORECASE,
)
_TO_FUTURE = re.compile(
    r"^(?P<np>[^;:]{2,70}?)\sto\s(?P<verb>be|send|deploy|join|provide|offer|lead|sign|host|contribute|brief|commit|give|take|play|seek|back|fund|train|patrol|keep)\b"
)


def headline_form(text: str, outlets=()) -> str:
    """A headline as a sentence the parser reads well (only for parsing: quotes stay as written):
    "Türkiye backs a truce: Erdoğan" is "Erdoğan said Türkiye backs a truce"; "Starmer: UK ready to
    send troops" is "Starmer said UK is ready to send troops"; "US to join the coalition" is "US will
    join the coalition"."""
    m = _LEADING_SPEAKER.match(text)
    if m:
        text = f"{m.group('who').strip()} said {_clause_form(m.group('said'))}"
    else:
        m = _TRAILING_SPEAKER.match(text)
        who = m.group("who").strip() if m else ""
        if m and who not in outlets and not who.lower().startswith(("the ", "a ")) and len(m.group("said")) > 20:
            text = f"{m.group('who').strip()} said {_clause_form(m.group('said'))}"
        else:
            text = _clause_form(text)
    return text


def _clause_form(text: str) -> str:
    if re.search(
        r"\b(?:is|are|was|were|remains?|stays?)\s+(?:still\s+|now\s+|also\s+|not\s+)?(?:ready|willing|open|prepared)\b", text
    ):
        return text
    parts = re.split(r"(\s[-–—]\s)", text)
    if len(parts) > 1:
        return "".join(_clause_form(p) if i % 2 == 0 else p for i, p in enumerate(parts))
    if re.search(r"\b(?:ready|willing|prepared|open|keen)\s+to\b", text) and not _NO_COPULA.match(text):
        return text
    text = _NO_COPULA.sub(lambda m: f"{m.group('np')}is {m.group('adv') or ''}{m.group('adj')}", text, count=1)
    m = _TO_FUTURE.match(text)
    if m and not _TAKES_TO.search(m.group("np")) and not re.search(r"\b[a-z]{3,}ed\b", m.group("np")):
        text = f"{m.group('np')} will {m.group('verb')}{text[m.end() :]}"
    return text


@dataclass
class Analysis:
    """One sentence as the reading sees it: the parse, who is named, the topic words, what the rules read."""

    sentence: Sentence
    doc: object
    mentions: list
    topics: list
    readings: list
    speaker: Mention | None  # the sentence's speaker, or the speaker of a quote it continues


def analyse(sentences: list[Sentence], codebook: Codebook, lexicon: Lexicon) -> list[Analysis]:
    """Parse and read an article's sentences in order (people and pronouns carry across them)."""
    outlets = set(codebook.outlets)
    texts = [headline_form(s.text, outlets) if s.is_headline else s.text for s in sentences]
    docs = parse(texts)
    registry = Registry()
    if any(s.is_headline for s in sentences):
        # a headline names people by the surname its lede introduces ("..., Blair says" before "Defence
        # Minister Bill Blair said"): the lede's people are known when the headline is read
        lede = Registry()
        for sent, doc, text in list(zip(sentences, docs, texts))[:8]:
            if not sent.is_headline:
                _learn_people(find_mentions(doc, text, codebook, lexicon, lede), lede)
        registry.people.update(lede.people)
    out: list[Analysis] = []
    in_quote_speaker: Mention | None = None
    last_holders: list = []
    for sent, doc, text in zip(sentences, docs, texts, strict=True):
        mentions = find_mentions(doc, text, codebook, lexicon, registry)
        _learn_people(mentions, registry)
        topics = find_topics(doc, lexicon)
        readings = read_sentence(doc, mentions, topics, lexicon) if topics else []
        for r in readings:
            if r.anaphoric and not r.holders and last_holders:
                r.holders = list(last_holders)  # "This support could involve ...": what the last sentence's holder offered
        if readings:
            last_holders = next((r.holders for r in readings if r.holders), last_holders)
        quote_opens = sent.text.lstrip()[:1] in _QUOTES
        said = next((r.speaker for r in readings if r.speaker), None)
        speaker = said or (in_quote_speaker if quote_opens else None)
        out.append(Analysis(sent, doc, mentions, topics, readings, speaker))
        # a quote that does not close in this sentence runs on with its speaker
        said = said or _speaker_in(mentions)
        if said is not None and (sent.text.count('"') % 2 == 1 or sent.text.count("“") > sent.text.count("”")):
            in_quote_speaker = said
        elif not quote_opens:
            in_quote_speaker = None
        registry.remember(mentions, doc)
    return out


def read_article(sentences: list[Sentence], codebook: Codebook, lexicon: Lexicon, model=None) -> list[Claim]:
    """The claims of an article: the rules' readings, or the learned layer's decisions over them."""
    claims = _read(sentences, codebook, lexicon, model)
    # one person, one name: "Zhelyazkov" in the headline is the "Rosen Zhelyazkov" of the lede
    people = sorted({c.actor for c in claims if c.actor_type == "person"}, key=len, reverse=True)
    full = {}
    for name in people:
        last = name.split()[-1]
        full.setdefault(last, name)
    return _dedupe([replace(c, actor=full.get(c.actor.split()[-1], c.actor)) if c.actor_type == "person" else c for c in claims])


def _read(sentences: list[Sentence], codebook: Codebook, lexicon: Lexicon, model) -> list[Claim]:
    claims: list[Claim] = []
    for a in analyse(sentences, codebook, lexicon):
        if model is not None:
            from dashboard.pipeline.extract.learned import decide

            for r, actor in decide(model, a, lexicon):
                claims.extend(_claims_of(a.sentence, a.doc, r, actor, a.speaker))
            continue
        for r in a.readings:
            speaker = r.speaker or a.speaker
            if not r.holders and len(r.speakers) > 1:
                pairs = [(None, s) for s in r.speakers]  # "Sweden and Finland underlined ...": each of them
            else:
                pairs = [(holder, speaker) for holder in r.holders or [None]]
            for holder, said in pairs:
                actor = _actor(holder, said)
                if actor is None or not actor.name:
                    continue
                claims.extend(_claims_of(a.sentence, a.doc, r, actor, said))
    return claims


def _speaker_in(mentions: list[Mention]) -> Mention | None:
    people = [m for m in mentions if m.type == "person" and m.kind != "pronoun"]
    return people[-1] if people else None


def _learn_people(mentions: list[Mention], registry: Registry) -> None:
    for m in mentions:
        if m.type != "person" or m.kind not in ("person", "alias"):
            continue
        entry = (m.name, m.affiliation, m.title)
        old = registry.people.get(m.name)
        if old and not m.affiliation:
            entry = (m.name, old[1], old[2] or m.title)
        registry.people[m.name] = entry
        parts = m.name.split()
        if len(parts) >= 2:
            registry.people.setdefault(parts[-1], entry)


def _claims_of(sent: Sentence, doc, r: Reading, actor: Mention, speaker: Mention | None) -> list[Claim]:
    affiliation = actor.affiliation or (speaker.affiliation if speaker is not None and speaker is not actor else "") or "Other"
    topic = _side_topic(r.topic.topic, affiliation)
    scope_end = doc[r.topic.end - 1].idx + len(doc[r.topic.end - 1])
    predicate = _predicate_words(doc[r.predicate])
    asked = tuple((m.name, m.type, m.affiliation) for m in r.addressees)
    words = doc[r.topic.start : r.topic.end].text
    out = [
        Claim(
            sent,
            actor.name,
            actor.type or "country",
            affiliation,
            topic,
            r.stance,
            scope_end,
            predicate,
            contributor_of(actor),
            words,
            asked,
        )
    ]
    return out


def _predicate_words(pred) -> str:
    """The words that say how firm an offer is: the predicate's lemma, its modals and auxiliaries, and
    those of the verbs it depends on ("is ready to send", "will also provide", "could offer")."""
    words = [pred.lemma_.lower()]
    tok = pred
    for _ in range(3):
        words += [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass", "neg", "acomp")]
        if tok.dep_ in ("xcomp", "acomp", "ccomp") and tok.head.i != tok.i:
            tok = tok.head
            words.append(tok.lemma_.lower())
        else:
            break
    return " ".join(words)


def _dedupe(claims: list[Claim]) -> list[Claim]:
    seen, out = set(), []
    for c in claims:
        key = (c.sentence.index, c.actor, c.topic, c.stance)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out
