"""Topic words in a parsed sentence (pure): the lexicon's topics, with the few readings that need
the parse to tell them apart.

* "force": a national or possessed plural ("British forces", "their own forces") is sending one's
  own soldiers (``ground_troops``); the force as a project ("the force", "a reassurance force") is
  ``coalition_force``; anyone else's forces (Ukraine's, Russia's) are no topic;
* Ukraine's own troops, soldiers and army are no topic of their own (``ground_troops`` is sending
  one's own soldiers into Ukraine);
* "security" alone counts only as Ukraine's ("Ukraine's security", "security for Kyiv");
* monitoring a ceasefire is the peace process, not intelligence;
* verbs are topics only where the lexicon's word is itself the deed ("train", "patrol", "demine");
  nouns and adjectives otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.pipeline.extract.lexicon import Lexicon

_VERB_TOPICS = {
    "train": "training",
    "patrol": "naval",
    "demine": "naval",
    "monitor": "intelligence",
    "fund": "burden_sharing",
    "finance": "burden_sharing",
    "airlift": "logistics",
    "police": "air_support",
    "pay": "burden_sharing",
    "spend": "burden_sharing",
    "intervene": "security_guarantees",
}
_UKRAINE_WORDS = {"ukraine", "ukrainian", "kyiv", "kiev", "ukraine's", "kyiv's"}
# building up Ukraine's own army is training ("help rebuild Ukraine's armed forces", "the regeneration of
# Ukraine's forces", "a strong Ukrainian military")
_ARMY_NOUNS = {"army", "military", "force", "forces", "troop", "soldier", "armed forces"}
_BUILD_UP = {
    "rebuild",
    "regenerate",
    "strengthen",
    "train",
    "equip",
    "arm",
    "bolster",
    "modernise",
    "modernize",
    "reinforce",
    "build",
    "regeneration",
    "strengthening",
    "rebuilding",
    "modernisation",
    "modernization",
    "reconstitute",
    "reconstitution",
    "reform",
}
_STRONG = {"strong", "stronger", "strongest", "capable", "robust", "modern", "powerful", "credible"}
_OWN_FORCES_DETS = {"their", "its", "our", "his", "her", "own"}
_RUSSIA_WORDS = {"russia", "russian", "moscow", "kremlin", "russia's", "moscow's"}
_RUSSIA_ROLE_NOUNS = {"participation", "role", "involvement", "say", "seat", "veto", "place"}
_FORCE_PROJECT = {
    "reassurance",
    "multinational",
    "european",
    "peacekeeping",
    "stabilisation",
    "stabilization",
    "deterrence",
    "deterrent",
    "security",
    "international",
    "coalition",
    "post-war",
    "postwar",
    "protection",
    "support",
    "allied",
    "western",
    "nato",
    "european-led",
    "uk-led",
    "french-led",
    "british-led",
    "intervention",
    "monitoring",
}


@dataclass(frozen=True)
class TopicMention:
    start: int
    end: int
    head: int  # the token whose ancestors are read for the predicate
    topic: str


def _words_near(token) -> set[str]:
    """Lower-cased words of a noun's modifiers (determiners, adjectives, possessors, compounds, "of" objects)."""
    out = set()
    for c in token.children:
        if c.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod"):
            out.update(t.lower_ for t in c.subtree)
        elif c.dep_ == "prep" and c.lower_ in ("of", "from"):
            out.update(t.lower_ for t in c.subtree)
    return out


def find_topics(doc, lexicon: Lexicon) -> list[TopicMention]:
    found: list[TopicMention] = []
    taken = set()
    for start, end, topic in lexicon.topics.find(doc):
        span = doc[start:end]
        head = span.root
        if head.pos_ in ("VERB", "AUX") and end - start == 1 and head.dep_ not in ("amod", "compound", "nmod"):
            continue  # verbs count only as themselves (below)
        near = _words_near(head) | {t.lower_ for t in span}
        owners = _owner_words(head) | {t.lower_ for t in span}
        if topic == "ground_troops" and owners & _UKRAINE_WORDS and not near & {"foreign", "western", "european", "allied"}:
            continue  # Ukraine's own soldiers
        if topic == "russia_role" and head.lemma_.lower() in _RUSSIA_ROLE_NOUNS:
            wide = {t.lower_ for t in doc} if head.lemma_.lower() in ("veto", "say", "seat") else near
            if not wide & _RUSSIA_WORDS:
                continue
        if topic == "security_guarantees" and head.lower_ == "security" and end - start == 1:
            if not (near & _UKRAINE_WORDS or _for_ukraine(head)):
                continue
        if topic == "burden_sharing" and head.lemma_.lower() == "responsibility" and not _responsibility(head):
            continue  # "zones of responsibility" is no share of the burden
        if topic == "intelligence" and head.lemma_.lower() in ("monitoring", "monitor"):
            if any(t.lemma_.lower() in ("ceasefire", "cease-fire", "truce", "armistice") for t in head.subtree):
                topic = "peace_process"
        found.append(TopicMention(start, end, head.i, topic))
        taken.update(range(start, end))
    for tok in doc:
        if tok.i not in taken and _ukraine_army_built(tok):
            found.append(TopicMention(tok.i, tok.i + 1, tok.i, "training"))
            taken.add(tok.i)
    found = _coordinated_modifiers(doc, found, lexicon)
    found = _superseded(doc, found)
    for tok in doc:
        if tok.i in taken:
            continue
        lemma = tok.lemma_.lower()
        if lemma in ("force", "forces") and tok.pos_ in ("NOUN", "PROPN"):
            topic = _force_topic(tok)
            if topic:
                found.append(TopicMention(tok.i, tok.i + 1, tok.i, topic))
        elif lemma == "lead" and tok.pos_ == "NOUN" and tok.head.lemma_.lower() == "take":
            led = {
                t.i
                for c in [*tok.children, *tok.head.children]
                if c.dep_ == "prep" and c.lower_ in ("in", "on", "for") and c.i > tok.i
                for t in c.subtree
            }
            if not led & taken:  # "take the lead in Black Sea security" is about the Black Sea
                found.append(TopicMention(tok.i, tok.i + 1, tok.i, "burden_sharing"))  # "take the lead"
        elif tok.pos_ == "VERB" and lemma in _VERB_TOPICS:
            topic = _VERB_TOPICS[lemma]
            if any(c.dep_ == "dobj" and c.i in taken for c in tok.children):
                continue  # "patrol Ukraine's skies": the object names what is done
            if topic == "intelligence" and any(t.lemma_.lower() in ("ceasefire", "truce") for t in tok.subtree):
                topic = "peace_process"
            if lemma == "police" and not any(t.lemma_.lower() in ("sky", "airspace", "air") for t in tok.subtree):
                continue  # "to police any agreement": the troops' task, not air policing
            found.append(TopicMention(tok.i, tok.i + 1, tok.i, topic))
    heads = {t.head for t in found}
    # the United States' support, backing or involvement is the backstop ("US support", "backing from Washington")
    for tok in doc:
        if tok.i in heads or tok.pos_ != "NOUN" or tok.lemma_.lower() not in _US_HELP:
            continue
        near = {t.lower_ for c in tok.children if c.dep_ in ("compound", "amod", "poss", "nmod") for t in c.subtree}
        near |= {t.lower_ for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "of", "by") for t in c.subtree}
        if near & _US_WORDS and not any(t.i in heads for t in tok.subtree if t.i != tok.i):
            found.append(TopicMention(tok.i, tok.i + 1, tok.i, "security_guarantees"))
    # taking part with no named capability is taking part in the force ("Slovenia has not decided
    # whether to contribute", "Japan is weighing a contribution")
    heads = {t.head for t in found}
    for tok in doc:
        lemma = tok.lemma_.lower()
        joins = (
            (tok.pos_ == "VERB" and lemma in _JOINING)
            or (
                tok.pos_ == "VERB"
                and lemma == "take"
                and any(c.dep_ == "dobj" and c.lemma_.lower() == "part" for c in tok.children)
            )
            or (tok.pos_ == "NOUN" and lemma in _JOINING_NOUNS)
        )
        talks = joins and any(t.lemma_.lower() in ("talk", "discussion", "negotiation", "process") for t in tok.subtree)
        russia = talks and any(t.lower_ in _RUSSIA_WORDS for t in doc)
        if joins and tok.i not in heads and (russia or not any(t.i in heads for t in tok.subtree if t.i != tok.i)):
            found.append(TopicMention(tok.i, tok.i + 1, tok.i, "russia_role" if talks and russia else "coalition_force"))
    return sorted(found, key=lambda t: t.start)


_US_HELP = {
    "support",
    "backing",
    "involvement",
    "commitment",
    "role",
    "participation",
    "presence",
    "help",
    "contribution",
    "protection",
    "assistance",
}
_US_WORDS = {"us", "u.s.", "american", "america", "washington", "washington's", "america's", "states", "trump", "trump's"}
_JOINING = {"contribute", "participate"}
_JOINING_NOUNS = {"contribution", "participation"}


_GENERIC = ("coalition_force", "peace_process", "ground_troops")
_GENERIC_HEADS = {
    "mission",
    "force",
    "operation",
    "presence",
    "component",
    "contribution",
    "role",
    "responsibility",
    "part",
    "share",
    "lead",
    "equipment",
    "system",
    "asset",
    "capability",
    "unit",
    "battery",
    "package",
    "assistance",
    "support",
    "aid",
    "supply",
}


def _coordinated_modifiers(doc, found: list[TopicMention], lexicon: Lexicon) -> list[TopicMention]:
    """ "air and intelligence support": the first modifier with the shared head is a phrase of its own
    ("air support"), read from the head's place."""
    out = list(found)
    for tok in doc:
        if tok.dep_ not in ("compound", "amod", "nmod") or not any(c.dep_ == "conj" for c in tok.children):
            continue
        head = tok.head
        for words, label in lexicon.topics.by_first.get(tok.lower_, ()) + lexicon.topics.by_first.get(tok.lemma_.lower(), ()):
            if len(words) == 2 and words[1] in (head.lower_, head.lemma_.lower()):
                if not any(t.start <= tok.i < t.end for t in found):
                    out.append(TopicMention(tok.i, tok.i + 1, head.i, label))
                break
    return sorted(out, key=lambda t: t.start) if len(out) != len(found) else found


def _superseded(doc, found: list[TopicMention]) -> list[TopicMention]:
    """A generic head named by a specific modifier ("an air-policing mission", "a training mission",
    "naval forces") is the modifier's topic, read from the head's place in the sentence."""
    by_head = {t.head: t for t in found}
    out = []
    drop = set()
    for t in found:
        tok = doc[t.head]
        lemma = tok.lemma_.lower()
        if t.topic in _GENERIC or lemma in _GENERIC_HEADS:
            mods = [
                by_head[c.i]
                for c in tok.children
                if c.i in by_head and c.dep_ in ("compound", "amod", "nmod") and by_head[c.i].topic not in _GENERIC
            ]
            if not mods and lemma in _GENERIC_HEADS:
                # "responsibility in the Black Sea", "a role on land"
                for c in tok.children:
                    if c.dep_ == "prep" and c.lower_ in ("in", "on", "at", "over"):
                        mods += [
                            by_head[g.i]
                            for g in c.children
                            if g.dep_ == "pobj"
                            and g.i in by_head
                            and by_head[g.i].topic not in _GENERIC + ("security_guarantees", "burden_sharing")
                        ]
            if mods:
                drop.add(t.head)
                for m in mods:
                    drop.add(m.head)
                    out.append(TopicMention(m.start, m.end, t.head, m.topic))
    out += [t for t in found if t.head not in drop]
    return sorted(out, key=lambda t: t.start)


def _owner_words(token) -> set[str]:
    """Lower-cased words that say whose a noun is: its modifiers (determiners, adjectives, possessors,
    compounds) and the object of its "of" or "from" with that object's own modifiers, but not what
    hangs further off it: in "the deployment of contingents from NATO countries in Ukraine" the
    owners are NATO countries, Ukraine is only where they go."""
    out = set()
    for c in token.children:
        if c.dep_ in ("det", "amod", "compound", "poss", "nmod", "nummod"):
            out.update(t.lower_ for t in c.subtree)
        elif c.dep_ == "prep" and c.lower_ in ("of", "from"):
            for obj in c.children:
                if obj.dep_ in ("pobj", "conj"):
                    out.add(obj.lower_)
                    out |= _owner_words(obj)
    return out


def _ukraine_army_built(tok) -> bool:
    """Ukraine's own army as what is built up: the object of "rebuild", "regenerate", "strengthen" ...
    (or of "the regeneration of"), or "a strong / capable Ukrainian military"."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lemma_.lower() not in _ARMY_NOUNS:
        return False
    near = _words_near(tok)
    ukraine = bool(near & _UKRAINE_WORDS) or (tok.lemma_.lower() == "force" and "armed" in near and "its" in near)
    if not ukraine:
        return False
    if near & _STRONG:
        return True
    gov = tok.head
    if tok.dep_ == "pobj" and gov.lower_ == "of":
        gov = gov.head
    elif tok.dep_ == "conj":
        gov = gov.head
    return tok.dep_ in ("dobj", "pobj", "conj", "nsubjpass") and gov.lemma_.lower() in _BUILD_UP


def _responsibility(tok) -> bool:
    """Responsibility taken or borne ("take responsibility for Ukraine's security"), not a zone of it."""
    if tok.head.lemma_.lower() in ("take", "bear", "assume", "shoulder", "carry", "share", "accept", "have"):
        return True
    return any(c.dep_ == "prep" and c.lower_ == "for" for c in tok.children) and tok.dep_ != "pobj"


def _for_ukraine(tok) -> bool:
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("for", "of"):
            if any(t.lower_ in _UKRAINE_WORDS for t in c.subtree):
                return True
    return False


def _force_topic(tok) -> str | None:
    near = _words_near(tok)
    if _owner_words(tok) & _UKRAINE_WORDS and not near & _FORCE_PROJECT:
        return None  # Ukraine's own forces
    if near & _RUSSIA_WORDS:
        return None
    if tok.tag_ in ("NNS", "NNPS") or tok.lower_ == "forces":
        if "armed" in near and not near & _OWN_FORCES_DETS:
            return None
        if near & _FORCE_PROJECT and not near & _OWN_FORCES_DETS:
            return "coalition_force"
        return "ground_troops"
    # singular: the force as a project ("the force", "a reassurance force", "a force of 30,000")
    if near & {"air"}:
        return "air_support"
    return "coalition_force"
