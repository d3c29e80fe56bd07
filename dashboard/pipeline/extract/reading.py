"""The sentence reading: who takes which stance on which topic, from the dependency parse (pure).

For each topic word the reading climbs the tree from the word to the root and reads what governs
it. Every verb, adjective or noun on the way is looked up in the lexicon's classes (support,
oppose, call, undecided, report) at the lemma level, with its negation and its modal; the classes
compose from the inside out:

    "Germany refused to rule out sending troops"   troops <- send (support) <- rule out (oppose)
                                                   <- refuse (oppose): undecided, held by Germany
    "Tusk said Poland would take care of logistics" logistics <- take care (support) <- say (report):
                                                   support, held by Poland, spoken by Tusk

The holder is the subject of the outermost predicate that has one (an infinitive takes its
controller's, a coordinated verb its first verb's, a noun its possessor or the subject of the
light verb it is the object of); the speaker is the subject of a reporting verb above it. Calls
name who is asked (their object, or the subject of the clause they govern).

What is not the predicate's topic: a topic in a purpose clause ("to deter Russia", "to help secure
a settlement"), behind a subordinating conjunction, or in a condition ("provided there is a US
backstop": what the holder asks for, and what makes its offer conditional). Of the topics one
predicate governs, those it governs directly (its subject, its object, their coordination) win over
those behind a preposition or inside another topic's phrase ("air cover for a European force" is
air support, not the force).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.pipeline.extract.lexicon import Lexicon
from dashboard.pipeline.extract.mentions import Mention
from dashboard.pipeline.extract.topics import TopicMention

CONDITION_MARKS = {"if", "unless", "provided", "providing", "assuming"}
SUBORDINATORS = {
    "because",
    "since",
    "after",
    "before",
    "when",
    "while",
    "whereas",
    "although",
    "though",
    "as",
    "until",
    "once",
    "despite",
    "so",
    "where",
    "even",
    "than",
    "like",
}
LIGHT_VERBS = {
    "make",
    "express",
    "voice",
    "give",
    "reaffirm",
    "announce",
    "confirm",
    "signal",
    "declare",
    "have",
    "show",
    "offer",
    "lend",
    "throw",
    "reiterate",
    "state",
    "underline",
    "stress",
    "renew",
    "repeat",
    "extend",
    "outline",
    "present",
    "unveil",
    "put",
    "set",
    "lay",
    "submit",
    "table",
    "issue",
    "see",
    "take",
}
_FUTURE = {"will", "would", "shall", "'ll", "wo"}
_NEG_WORDS = {"not", "n't", "never", "no", "neither", "nor"}
_DIRECT = {
    "dobj",
    "nsubj",
    "nsubjpass",
    "xcomp",
    "ccomp",
    "attr",
    "acomp",
    "oprd",
    "conj",
    "appos",
    "compound",
    "amod",
    "csubj",
    "pcomp",
    "advcl",
    "acl",
    "relcl",
    "parataxis",
    "cc",
    "nmod",
    "npadvmod",
}
_INDIRECT = {"prep", "dative", "pobj", "agent", "poss"}
# an outer predicate over an inner one, by lemma, where the classes alone read it wrong
_NOT_COMMITTING = {"commit", "rule", "exclude", "decide", "pledge"}  # declining these is not refusing
_DECLINING = {"decline", "refuse", "refusal", "reluctance", "hesitate", "stop"}
_UNDECIDED_WHEN_NEGATED = {
    "commit",
    "decide",
    "decision",
    "commitment",
    "promise",
    "pledge",
}  # "has not committed", "no decision"
_ANAPHORIC = {
    "support",
    "commitment",
    "offer",
    "pledge",
    "proposal",
    "package",
    "assistance",
    "plan",
    "contribution",
    "aid",
    "guarantee",
    "backing",
}
_DOCUMENTS = {
    "way",
    "declaration",
    "accord",
    "agreement",
    "deal",
    "plan",
    "framework",
    "document",
    "pact",
    "treaty",
    "memorandum",
    "statement",
    "proposal",
    "roadmap",
    "blueprint",
    "communique",
    "letter",
}
_CONTENT_NOUNS = {
    "suggestion",
    "idea",
    "report",
    "claim",
    "notion",
    "talk",
    "proposal",
    "possibility",
    "prospect",
    "question",
    "speculation",
    "assertion",
    "demand",
    "insistence",
    "promise",
    "pledge",
    "assurance",
    "warning",
    "condition",
    "view",
    "position",
}
_STATUS = {"entitled", "eligible", "allowed", "permitted"}
_OWN_WISH = {"want", "hope", "seek", "wish", "aim", "intend", "plan", "strive", "desire"}
_ASKED = {"expect", "ask", "urge", "press", "invite", "encourage", "call", "request", "push"}
_STANCE_OF = {"support": "supports", "oppose": "opposes", "call": "calls_for", "undecided": "undecided"}


@dataclass
class Predicate:
    token: int
    cls: str | None  # support, oppose, call, undecided, report or None
    negated: bool
    modal_call: bool = False  # must / should / need to
    modal_weak: bool = False  # could / might / may
    future: bool = False
    whether: bool = False  # its complement is "whether ..." / "if ..."


@dataclass
class Reading:
    """One (holder, topic, stance) the sentence says, before the holder is named."""

    topic: TopicMention
    stance: str
    holders: list[Mention]
    speaker: Mention | None
    predicate: int  # the token of the predicate that decided the stance
    addressees: list[Mention] = field(default_factory=list)
    direct: bool = True  # governed directly (not behind a preposition or another topic's phrase)
    condition: bool = False  # the topic is what a condition asks for
    path: tuple = ()  # (dependency, class) pairs from the topic up: features for the learned layer
    depth: int = 0  # prepositions between the topic and its predicate
    anaphoric: bool = False  # held by "this support", "the offer": the previous sentence's holder
    speakers: list = field(default_factory=list)  # every speaker of a coordinated subject ("Sweden and Finland said")
    inner: Reading | None = (
        None  # a nested holder's own stance ("Russia's insistence on ...", "the decision of the Netherlands to ...")
    )


def classify(tok, lexicon: Lexicon) -> str | None:
    """The lexicon class of a token (with its particle: "rule out", "push back", "take part"); read
    once per token and lexicon (the sentence reading and the learned layer ask many times)."""
    memo = tok.doc.user_data.setdefault(("classify", id(lexicon)), {})
    i = tok.i
    if i not in memo:
        memo[i] = _classify(tok, lexicon)
    return memo[i]


def _classify(tok, lexicon: Lexicon) -> str | None:
    pos = tok.pos_
    kind = "verbs" if pos in ("VERB", "AUX") else "adjectives" if pos == "ADJ" else "nouns" if pos in ("NOUN", "PROPN") else None
    if kind is None:
        if tok.lower_ in ("ready", "willing", "open", "prepared", "against", "unclear", "able", "reluctant"):
            kind = "adjectives"
        else:
            return None
    index = lexicon.stances[kind]
    doc = tok.doc
    lemma = tok.lemma_.lower()
    entries = index.by_first.get(lemma, ()) or index.by_first.get(tok.lower_, ())
    if not entries:
        for c in tok.children:
            if c.dep_ in ("amod", "compound") and c.i == tok.i - 1:
                hit = index.match_at(doc, c.i)
                if hit and c.i + hit[0] == tok.i + 1:
                    return hit[1]
        return None
    # phrasal verbs: the verb and its particle or object ("rule out", "take part", "take care of")
    after = [c for c in tok.children if c.dep_ in ("prt", "dobj", "acomp", "prep", "advmod", "xcomp") and c.i > tok.i]
    for words, label in entries:
        if len(words) < 2:
            continue
        for c in sorted(after, key=lambda c: c.i):
            if words[1] in (c.lower_, c.lemma_.lower()):
                rest = words[2:]
                if all(
                    c.i + 1 + k < len(doc) and rest[k] in (doc[c.i + 1 + k].lower_, doc[c.i + 1 + k].lemma_.lower())
                    for k in range(len(rest))
                ):
                    return label
        hit = index.match_at(doc, tok.i)
        if hit and hit[0] == len(words) and hit[1] == label:
            return label
    # an adjective and its noun ("legitimate target", "red line")
    for c in tok.children:
        if c.dep_ in ("amod", "compound") and c.i == tok.i - 1:
            hit = index.match_at(doc, c.i)
            if hit and c.i + hit[0] == tok.i + 1:
                return hit[1]
    label = next((lab for words, lab in entries if len(words) == 1), None)
    if label is None:
        return None
    if label == "call" and kind == "verbs" and lemma in _ASKED and any(c.dep_ == "auxpass" for c in tok.children):
        return None  # "is expected to provide", "are asked to send": the subject's own deed, or nobody's call
    needs = lexicon.requires.get(lemma)
    if needs is not None and kind != "adjectives" and needs:
        if not any(
            c.lower_ in needs or (c.dep_ in ("xcomp", "acl", "advcl") and any(g.lower_ in needs for g in c.children))
            for c in tok.children
        ):
            if not (kind == "verbs" and any(c.dep_ == "dobj" for c in tok.children)):
                return None  # "the plan" is no stance; "plans to send", "plans a force" are
    return label


def _negated(tok) -> bool:
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ in ("det", "advmod", "preconj", "cc") and c.lower_ in _NEG_WORDS and c.lower_ != "nor"):
            return True
    # an auxiliary's negation ("is not ready" hangs "not" on "is")
    if tok.dep_ in ("acomp", "attr", "oprd") and tok.head.pos_ == "AUX":
        return any(c.dep_ == "neg" for c in tok.head.children)
    return False


def _modals(tok, lexicon: Lexicon) -> tuple[bool, bool, bool]:
    call = weak = future = False
    heads = [tok]
    if tok.dep_ in ("acomp", "attr", "oprd") and tok.head.pos_ == "AUX":
        heads.append(tok.head)
    for h in heads:
        for c in h.children:
            low = c.lower_
            if c.dep_ in ("aux", "auxpass"):
                if low in ("must", "should", "ought"):
                    call = True
                elif low in lexicon.modals_weak:
                    weak = True
                elif low in _FUTURE:
                    future = True
    # "has to send", "needs to send"
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() == "have" and any(c.lower_ == "to" for c in tok.children):
        call = not any(c.lower_ == "yet" for c in tok.head.children)
    return call, weak, future


def _whether(tok) -> bool:
    """Its complement is an open question ("whether ...", "if ...")."""
    for c in tok.children:
        clauses = (
            [c]
            if c.dep_ in ("ccomp", "advcl", "xcomp")
            else [g for g in c.children if g.dep_ in ("pcomp", "pobj")]
            if c.dep_ == "prep"
            else []
        )
        for cl in clauses:
            if any(g.dep_ == "mark" and g.lower_ in ("whether", "if") for g in cl.children):
                return True
            if any(g.lower_ in ("what", "how", "which", "when") and g.i < cl.i for g in cl.children):
                return True
    return False


_COPULAS = {"be", "remain", "become", "seem", "appear", "look"}


def _predicate(tok, lexicon: Lexicon, via=None) -> Predicate:
    """``tok`` read as a predicate; a copula ("is essential", "are legitimate targets", "is not in a
    position to") is read by its complement (not the one ``via`` which the reading came up), a verb
    of regarding by what it regards something as ("would regard any troops as legitimate targets")."""
    cls = classify(tok, lexicon)
    negated = _negated(tok)
    lemma = tok.lemma_.lower()
    if lemma == "make" and any(c.dep_ == "dobj" and c.lemma_.lower() == "decision" for c in tok.children):
        cls = "support"  # "has not made a (final) decision" is read as "has not decided"
    if lemma == "call" and any(c.dep_ in ("oprd", "xcomp", "ccomp") and c.pos_ in ("NOUN", "ADJ") for c in tok.children):
        cls = None  # "called the plan a breakthrough": read by what it is called, below
    if lemma == "target" and any(c.dep_ == "amod" and c.lemma_.lower() == "legitimate" for c in tok.children):
        cls = "oppose"  # "legitimate (military) targets"
    if lemma in _COPULAS and any(
        c.dep_ == "prep"
        and (
            (c.lower_ == "out" and any(g.lemma_.lower() == "question" for g in c.subtree))
            or (c.lower_ == "off" and any(g.lemma_.lower() == "table" for g in c.subtree))
        )
        for c in tok.children
    ):
        cls = "oppose"  # "is out of the question", "is off the table"
    if cls is None and lemma in ("regard", "consider", "treat", "see", "view", "deem", "call", "describe", "brand"):
        for c in tok.children:
            target = (
                next((g for g in c.children if g.dep_ in ("pobj", "amod", "acomp")), None)
                if (c.dep_ == "prep" and c.lower_ == "as")
                else c
                if c.dep_ in ("oprd", "acomp", "xcomp", "ccomp") and c.pos_ in ("NOUN", "ADJ")
                else None
            )
            if target is not None and (via is None or target.i != via.i):
                cls = classify(target, lexicon) or cls
    if via is not None and lemma in _COPULAS and via.dep_ in ("acomp", "attr", "oprd") and via.head.i == tok.i:
        negated = False  # "is not ready": the complement below took the negation already
    if cls is None and lemma in _COPULAS:
        for c in tok.children:
            if c.dep_ in ("acomp", "attr", "oprd") and (via is None or c.i != via.i):
                cls = classify(c, lexicon)
                negated = negated or _negated(c)
                if cls:
                    break
    if (
        cls == "call"
        and lemma in _OWN_WISH
        and any(c.dep_ == "xcomp" and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children) for c in tok.children)
        and not any(c.dep_ in ("dobj", "dative") for c in tok.children)
    ):
        cls = "support"  # "Trump wants to hold a meeting": his own aim, not a call on others
    # a pseudo-cleft: "what is important is (that) ...", "what Ukraine needs is ..."
    if cls is None and lemma in _COPULAS:
        for c in tok.children:
            if c.dep_ in ("csubj", "nsubj") and any(g.lower_ in ("what",) for g in c.subtree):
                inner = next(
                    (g for g in c.subtree if g.dep_ in ("acomp", "ROOT", "csubj") and classify(g, lexicon) == "call"), None
                )
                if inner is not None or c.lemma_.lower() in ("need", "want"):
                    cls = "call"
    if (
        tok.dep_ == "xcomp"
        and tok.head.lemma_.lower() in ("have", "be", "remain")
        and any(c.lower_ == "yet" for c in tok.head.children)
        and cls != "oppose"
    ):
        cls = "undecided"  # "has yet to spell out", "is yet to decide"
    call, weak, future = _modals(tok, lexicon)
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() == "go" and tok.head.tag_ == "VBG":
        future = True  # "we're not going to have troops there"
        negated = negated or _negated(tok.head)
    return Predicate(tok.i, cls, negated, call, weak, future, _whether(tok))


def _mark(clause) -> str | None:
    for c in clause.children:
        if c.dep_ == "mark":
            return c.lower_
    return None


def _is_purpose(clause) -> bool:
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children):
        return False
    if clause.dep_ == "xcomp":
        # "is important to deter Russia": what it is for; "ready to send", "agreed to provide": what is offered
        needed = clause.head.pos_ == "ADJ" and clause.head.lemma_.lower() in (
            "important",
            "necessary",
            "essential",
            "crucial",
            "vital",
            "key",
            "needed",
            "enough",
            "sufficient",
        )
        return needed and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children) or _mark(clause) in ("to", "order")


def _subject(tok):
    """The subject token of a predicate, looking through infinitives, copulas, coordination and
    relative clauses; None when it has none."""
    seen = 0
    while tok is not None and seen < 12:
        seen += 1
        subs = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if subs:
            return subs[0]
        agent = [c for c in tok.children if c.dep_ == "agent"]
        if agent:
            objs = [g for g in agent[0].children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
        if tok.dep_ in ("xcomp", "acomp", "attr", "oprd") or (tok.dep_ == "conj" and tok.pos_ in ("VERB", "AUX", "ADJ")):
            tok = tok.head
            continue
        if tok.dep_ == "relcl":
            return tok.head
        if tok.dep_ == "acl" and tok.head.pos_ in ("NOUN", "PROPN") and tok.tag_ in ("VBG", "VBN"):
            return tok.head
        if tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.head.pos_ in ("VERB", "AUX"):
            tok = tok.head  # "..., saying it would send troops": the main clause's subject
            continue
        if (
            tok.dep_ == "pcomp"
            and tok.tag_ == "VBG"
            and tok.head.lower_ in ("by", "through", "via")
            and tok.head.head.pos_ in ("VERB", "AUX")
        ):
            tok = tok.head.head  # "is evolving its policy by pledging air support": the verb's subject
            continue
        return None
    return None


def _noun_holder(tok):
    """Whose a noun predicate is: its possessor, a country modifier, its "by / from" object, or the
    subject of the light verb it is the object of ("expressed support for")."""
    for c in tok.children:
        if c.dep_ == "poss":
            return c
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod") and c.pos_ in ("PROPN", "ADJ") and c.i < tok.i:
            return c
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs and (
                objs[0].pos_ == "PROPN"
                or objs[0].lemma_.lower() in ("state", "country", "nation", "ally", "member", "partner", "government")
            ):
                return objs[0]
    if tok.dep_ in ("dobj", "attr", "nsubjpass") and (tok.head.lemma_.lower() in LIGHT_VERBS or tok.head.pos_ in ("VERB", "AUX")):
        return _subject(tok.head)
    if tok.dep_ == "pobj" and tok.head.dep_ == "prep":
        verb = tok.head.head
        if verb.pos_ in ("VERB", "AUX"):
            return _subject(verb)
    return None


def _conj_group(tok) -> list:
    """A token and the tokens coordinated with it ("Germany, Italy and Poland") or listed after it
    ("countries such as Estonia and Latvia", "six countries - Estonia, ...")."""
    out = [tok]
    stack = [tok]
    while stack:
        t = stack.pop()
        for c in t.children:
            if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON"):
                out.append(c)
                stack.append(c)
            elif c.dep_ == "appos" and c.pos_ in ("PROPN", "NOUN"):
                out.append(c)
                stack.append(c)
            elif c.dep_ == "prep" and (
                c.lower_ in ("including", "like") or (c.lower_ == "as" and any(g.lower_ == "such" for g in c.children))
            ):
                for g in c.children:
                    if g.dep_ == "pobj":
                        out.append(g)
                        stack.append(g)
    return sorted({t.i: t for t in out}.values(), key=lambda t: t.i)


def mentions_at(tok, mentions: list[Mention]) -> list[Mention]:
    """The mentions a subject token stands for (a coordinated subject gives one per member; a group
    with its members listed gives the members)."""
    if tok is None:
        return []
    out = []
    for t in _conj_group(tok):
        hit = [m for m in mentions if m.start <= t.i < m.end and m.kind != "demonym"]
        if not hit:
            # a noun phrase whose modifier names a country ("the Estonian government", "Polish officials")
            hit = [
                m
                for m in mentions
                if m.kind in ("demonym", "alias") and m.type == "country" and t.left_edge.i <= m.start and m.end <= t.i
            ]
            hit = hit[-1:]
        for m in hit:
            if m not in out:
                out.append(m)
    # a group whose members are listed: the members hold it
    members = [m for m in out if m.type != "group"]
    if members and len(out) > len(members):
        return members
    return out


def _speaker_of(verb, mentions: list[Mention]) -> Mention | None:
    found = _speakers_of(verb, mentions)
    if found:
        return found[0]
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ == "according":
            for g in c.subtree:
                found = [m for m in mentions if m.start <= g.i < m.end and m.kind != "demonym"]
                if found:
                    return found[0]
    return None


def _speakers_of(verb, mentions: list[Mention]) -> list[Mention]:
    subj = _subject(verb)
    if subj is not None and subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
        subj = verb.head  # "Vance, who said on Fox News that ..."
    return mentions_at(subj, mentions)


def _sentence_speaker(doc, mentions: list[Mention], lexicon: Lexicon) -> Mention | None:
    """A speaker named anywhere in the sentence (a reporting verb's subject, "according to X")."""
    for tok in doc:
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            for m in mentions:
                if m.start > tok.i and m.kind not in ("demonym",) and m.start - tok.i <= 8:
                    return m
    for tok in doc:
        if tok.pos_ in ("VERB", "AUX") and classify(tok, lexicon) == "report":
            sp = _speaker_of(tok, mentions)
            if sp is not None:
                return sp
    return None


def combine(outer: str | None, inner: str | None) -> str | None:
    """The stance of an outer predicate over an inner one's (both already negation-resolved)."""
    if inner is None:
        return None if outer == "negate" else outer
    if outer is None or outer in ("report", "support"):
        return inner
    if outer == "negate":
        return {"support": "oppose", "oppose": "undecided", "undecided": "undecided", "call": None}.get(inner)
    if outer == "oppose":
        return {"support": "oppose", "oppose": "undecided", "undecided": "undecided", "call": "oppose"}.get(inner, "oppose")
    if outer == "call":
        return "oppose" if inner == "oppose" else "call"
    if outer == "undecided":
        return "undecided"
    return inner


def _effective(p: Predicate) -> str | None:
    cls = p.cls
    if p.negated and cls is None and p.token is not None:
        pass
    if p.negated:
        if cls is None:
            return "negate"
        return {"support": "oppose", "oppose": "undecided", "call": "negate", "undecided": "oppose", "report": "report"}[cls]
    return cls


def _same_phrase(tok, head) -> bool:
    """Whether ``tok`` names what ``head`` names ("US 'backstop'", "the air-defence equipment")."""
    t = tok
    while t.i != head.i:
        if t.dep_ not in ("appos", "compound", "amod", "nmod", "conj") or t.head.i == t.i:
            return False
        t = t.head
    return True


def _actor_subject(tok, mentions) -> bool:
    """Whether a predicate's subject names an actor ("Slovakia will not be a guarantor")."""
    subj = _subject(tok)
    return subj is not None and any(m.start <= subj.i < m.end and m.kind != "demonym" for m in mentions)


def _makes_decision(tok) -> bool:
    return tok.lemma_.lower() == "make" and any(c.dep_ == "dobj" and c.lemma_.lower() == "decision" for c in tok.children)


_WHERE = {"line", "frontline", "front", "border", "combat", "zone", "contact", "territory", "soil", "front-line"}


def _only_where(tok) -> bool:
    """A negated deployment that says where it will not be ("not on the front line", "not in combat")."""
    return (
        tok.lemma_.lower() in ("deploy", "station", "base", "send", "position", "operate", "fight", "engage")
        and any(
            c.dep_ == "prep"
            and c.lower_ in ("on", "in", "at", "near", "along")
            and any(g.lemma_.lower() in _WHERE for g in c.subtree)
            for c in tok.children
        )
        and any(c.dep_ == "auxpass" for c in tok.children)
    )


def _conditions(tok, lexicon: Lexicon) -> bool:
    """A predicate that makes its subject conditional ("hinges on", "depends on", "is contingent on")."""
    preds = lexicon.condition_predicates
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB" and lemma in preds["verbs"] and lemma not in ("require", "condition"):
        return any(c.dep_ == "prep" and c.lower_ in ("on", "upon") for c in tok.children)
    if lemma in _COPULAS:
        return any(c.dep_ in ("acomp",) and c.lemma_.lower() in preds["adjectives"] for c in tok.children)
    return False


def _path_negated(tokens) -> bool:
    """A negation on a word between the topic and its predicate ("but not to a force on the ground",
    "but without sending soldiers")."""
    for t in tokens:
        if t.lower_ == "without" and t.dep_ in ("prep", "mark"):
            return True
        for c in t.children:
            if c.dep_ == "neg" or (c.dep_ in ("det", "preconj") and c.lower_ in ("no", "neither")):
                return True
        if t.dep_ == "conj" and any(c.dep_ == "neg" for c in t.head.children if c.i > t.head.i and c.i < t.i):
            return True
    return False


def condition_spans(doc, lexicon: Lexicon) -> list[tuple[int, int]]:
    """Token spans of the sentence's conditions: from the mark ("if", "provided", "as long as",
    "only if") to the end of its clause (the next comma, semicolon or dash, or the sentence's end)."""
    spans = []
    for start, end, _ in lexicon.condition_marks.find(doc):
        first = doc[start]
        if first.lower_ in ("without", "until") and not _negated_clause(first):
            continue  # only "will not X without Y", "not ... until": a condition
        if first.lower_ == "if" and (
            first.head.lemma_.lower() in ("ask", "say", "know", "decide", "wonder", "see", "unclear", "clear", "comment")
            or _whether_if(first)
        ):
            continue  # "asked if", "unclear if": a question, not a condition
        if first.lower_ in ("provided", "providing") and not _condition_provided(first):
            continue
        stop = end
        while (
            stop < len(doc)
            and doc[stop].text not in (",", ";", "—", "–", ":")
            and not (doc[stop].text == "-" and doc[stop].whitespace_)
        ):
            stop += 1
        spans.append((start, stop))
    return spans


def _negated_clause(tok) -> bool:
    head = tok.head
    for _ in range(2):
        if _negated(head):
            return True
        if head.head.i == head.i:
            break
        head = head.head
    return False


def _whether_if(tok) -> bool:
    clause = tok.head
    return clause.dep_ in ("ccomp",) and clause.head.lemma_.lower() in ("know", "say", "ask", "wonder", "decide", "see", "clear")


def _condition_provided(tok) -> bool:
    """ "provided (that) X": a condition, not the verb "provided" ("Britain provided jets")."""
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if tok.i == 0 or tok.nbor(-1).text in (",", "—", "-", "–") or (nxt is not None and nxt.lower_ == "that"):
        return True
    return tok.dep_ in ("mark", "prep") or (
        tok.dep_ == "advcl" and not any(c.dep_ in ("nsubj",) and c.i < tok.i for c in tok.children)
    )


def read_sentence(doc, mentions: list[Mention], topics: list[TopicMention], lexicon: Lexicon) -> list[Reading]:
    """Every (holders, topic, stance) the parsed sentence states. A question states none."""
    if doc.text.rstrip().rstrip("\"'”’)").endswith("?"):
        return []
    conditions = condition_spans(doc, lexicon)
    readings: list[Reading] = []
    for topic in topics:
        in_condition = any(a <= topic.head < b for a, b in conditions)
        reading = _read_topic(doc, topic, mentions, topics, lexicon)
        if reading is None:
            continue
        if in_condition:
            reading.condition = True
        readings.append(reading)
        if reading.inner is not None and not in_condition:
            readings.append(reading.inner)
    # a conditional offer: the predicate's nearest condition (after it, or fronted before it)
    for r in readings:
        if r.condition or r.stance not in ("supports", "opposes", "undecided"):
            continue
        for a, b in conditions:
            near = (a > r.predicate and a - r.predicate <= 25) or (
                b <= r.predicate and (a == 0 or doc[a - 1].text in (",", "but"))
            )
            unless = doc[a].lower_ in ("unless", "without", "until")
            if near and (r.stance == "supports" or (r.stance == "undecided") != unless):
                r.stance = "conditional"
                break
    # the holder of a condition's topic is the holder of the offer it conditions
    for r in readings:
        if r.condition:
            main = next((m for m in readings if not m.condition and m.stance == "conditional"), None)
            if main is None:
                r.stance = ""
                continue
            r.holders, r.speaker, r.stance = main.holders, main.speaker or r.speaker, "calls_for"
    readings = [r for r in readings if r.stance]
    # "a UK, France-led coalition": who leads it backs it
    for topic in topics:
        head = doc[topic.head]
        for c in head.children:
            if c.lower_ == "led" and c.i > 0 and doc[c.i - 1].text == "-" and c.dep_ in ("amod", "compound", "acl"):
                leaders = [
                    m
                    for m in mentions
                    if m.end <= c.i and m.start >= head.left_edge.i and m.type == "country" and m.kind != "demonym"
                ]
                if leaders and topic.topic == "coalition_force":
                    readings.append(Reading(topic, "supports", leaders, None, c.i, [], True, False, ("led",), 0))
    # of the topics one predicate governs for one holder, the direct ones win, then the nearest (what a
    # condition asks for competes only with other conditions: "would take part in a mission if a
    # ceasefire is reached" states both)
    direct_at = {(r.condition, r.predicate) for r in readings if r.direct}
    readings = [r for r in readings if r.direct or (r.condition, r.predicate) not in direct_at]
    nearest: dict = {}
    for r in readings:
        nearest[r.condition, r.predicate] = min(nearest.get((r.condition, r.predicate), 99), r.depth)
    readings = [r for r in readings if r.depth == nearest[r.condition, r.predicate]]
    speaker = None
    for r in readings:
        if r.speaker is None:
            if speaker is None:
                speaker = _sentence_speaker(doc, mentions, lexicon) or False
            r.speaker = speaker or None
    return readings


def _read_topic(doc, topic: TopicMention, mentions, topics, lexicon: Lexicon) -> Reading | None:
    tok = doc[topic.head]
    topic_heads = {t.head for t in topics if t is not topic}
    path: list = []
    below: list = [tok] if tok.pos_ != "VERB" else []  # tokens between the topic and the deciding predicate
    state: str | None = None
    decided_at = None  # the token of the outermost predicate with a class
    holder_tok = None
    speaker = None
    addressees: list[Mention] = []
    direct = True
    depth = 0
    frozen = False  # past a clause boundary: the class is settled, the subject is still sought
    own_clause = False  # a coordinated clause with its own subject: the clause it joins lends it none
    reported_at = None  # the reporting verb passed ("declined to say whether ..." is undecided)
    inner_lemma = None
    conditional = False
    modal = False  # the stance is a modal's ("Europe must carry the burden"): its speaker's call
    question = False  # the topic is inside an open question ("whether ...")
    about_russia = False  # a status the speaker denies or grants Russia is about Russia's role
    pending_neg = False  # a negation on a word without a class, for the next predicate
    nested = None  # (stance, holder token, predicate) of a noun predicate an outer one took over
    speakers: list = []
    state_before = None
    if tok.pos_ == "VERB":  # a verb topic ("train", "patrol", "fund", "contribute") is its own predicate
        p = _predicate(tok, lexicon)
        state = _effective(Predicate(p.token, p.cls or "support", p.negated, p.modal_call, p.modal_weak, p.future, p.whether))
        if p.modal_call and state == "support":
            state = "call"
        elif p.modal_call and p.negated:
            state = "oppose"
        decided_at = tok
        inner_lemma = tok.lemma_.lower()
        holder_tok = _subject(tok)
    if (
        state is None
        and tok.pos_ in ("NOUN", "PROPN")
        and tok.dep_ == "dobj"
        and classify(tok.head, lexicon) == "report"
        and any(c.dep_ == "amod" and classify(c, lexicon) == "call" for c in tok.children)
    ):
        state, decided_at = "call", tok  # "the crucial role of the United States": called for by whoever says so
    child = tok
    while child.head.i != child.i:
        rel = child.dep_
        parent = child.head
        if rel in ("advcl", "xcomp") and child.pos_ in ("VERB", "AUX", "ADJ"):
            mark = _mark(child) if rel == "advcl" else None
            purpose = _is_purpose(child) if rel == "advcl" or parent.pos_ == "ADJ" else False
            if purpose:
                return None  # "to deter Russia", "to plan for a possible deployment": what it is for, not a position
            if (
                rel == "advcl"
                and mark is None
                and child.tag_ in ("VBG", "VBN")
                and state is not None
                and child.left_edge.i > 0
                and doc[child.left_edge.i - 1].text == ","
                and classify(child, lexicon) != "report"
            ):
                frozen = True  # ", aligning with ...": a participle's clause keeps its own stance
            if mark in SUBORDINATORS:
                if state is None:
                    return None  # a purpose or a subordinate clause is not what the clause above is about
                frozen = True
        if rel == "conj" and child.pos_ in ("VERB", "AUX", "ADJ") and parent.pos_ in ("VERB", "AUX", "ADJ") and not frozen:
            own = any(c.dep_ in ("aux", "auxpass", "neg", "nsubj", "nsubjpass") and c.lower_ != "to" for c in child.children)
            contrast = any(
                c.dep_ == "cc" and c.lower_ in ("but", "yet", "while") for c in parent.children if parent.i < c.i < child.i
            )
            if own or contrast:
                frozen = True  # "will not send troops but is ready to host ...": its own clause
                own_clause = any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
                if state is None:
                    return None
        if child.pos_ in ("VERB", "AUX", "ADJ") and any(c.dep_ == "mark" and c.lower_ == "whether" for c in child.children):
            question = True  # "needed clarity on whether the mission would ...", "unsure whether to send"
        if (
            rel in ("nsubj", "nsubjpass")
            and state is None
            and child.i != tok.i
            and child.pos_ in ("NOUN", "PROPN", "NUM", "PRON")
            and not _same_phrase(tok, child)
        ):
            return None  # a topic inside the subject's phrase ("countries in the coalition ... are prepared") only describes it
        if rel in ("relcl", "acl") and child.pos_ in ("VERB", "AUX", "ADJ"):
            infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
            if state is None and rel == "relcl" and parent.lemma_.lower() not in _DOCUMENTS:
                return None
            content = (
                rel == "acl"
                and parent.lemma_.lower() in _CONTENT_NOUNS
                and _mark(child) in ("that", "whether", None)
                and child.tag_ not in ("VBG", "VBN")
            )
            document = parent.lemma_.lower() in _DOCUMENTS and state is not None
            if document:
                holder_tok = None  # "signed a declaration that opens the way for troops": the signers hold it
            elif state is not None and not frozen and not (rel == "acl" and (infinitive or content)):
                frozen = True
                if holder_tok is None and parent.pos_ in ("NOUN", "PROPN"):
                    if not [
                        m for m in mentions if m.start <= parent.i < m.end and m.kind != "demonym"
                    ] and parent.lemma_.lower() not in ("country", "nation", "state", "government", "ally", "member", "partner"):
                        return None  # "a force supporting Ukraine on land, at sea and in the air" describes the force
                    holder_tok = parent  # "countries that have offered troops", "countries sending troops"
        if decided_at is None or state is None:
            adp = parent if rel == "pobj" else child if rel == "prep" else None
            offered_with = (
                adp is not None and adp.lower_ == "with" and adp.head.pos_ == "VERB" and classify(adp.head, lexicon) == "support"
            )
            if rel == "prep" and not offered_with:
                depth += 1
            if (rel in _INDIRECT or (rel == "pobj" and child.head.pos_ == "ADP")) and not offered_with:
                direct = False  # (but "back it with boots on the ground" offers what it backs with)
            if parent.i in topic_heads and rel not in ("conj", "appos"):
                direct = False  # inside another topic's phrase
        path.append(rel)
        if parent.pos_ in ("VERB", "AUX", "ADJ", "NOUN", "PROPN") and not frozen:
            p = _predicate(parent, lexicon, via=child)
            lemma = parent.lemma_.lower()
            if lemma == "go" and rel == "xcomp" and parent.tag_ == "VBG":
                below.append(parent)
                child = parent
                continue  # "not going to have troops": read with the verb below
            if p.cls == "report":
                if p.negated:
                    state, decided_at = "undecided", parent
                    holder_tok = _subject(parent)
                    path.append("report-neg")
                else:
                    if speaker is None:
                        speaker = _speaker_of(parent, mentions)
                        speakers = _speakers_of(parent, mentions)
                    reported_at = parent.i
                    path.append("report")
            else:
                eff = _effective(p)
                if (
                    p.cls == "oppose"
                    and not p.negated
                    and inner_lemma in _NOT_COMMITTING
                    and state is not None
                    and lemma in _DECLINING
                ):
                    eff, state = "undecided", None  # "declined to commit", "refusal to rule out"
                elif (
                    p.negated
                    and (lemma in _UNDECIDED_WHEN_NEGATED or _makes_decision(parent))
                    and not (p.future and lemma == "commit")
                ):
                    eff = "undecided"  # "has not committed to", "has made no decision on" (but "will not commit" refuses)
                elif (
                    reported_at is not None
                    and child.i == reported_at
                    and rel in ("xcomp", "ccomp")
                    and p.cls in ("oppose", "undecided")
                    and not p.negated
                ):
                    eff = "undecided"  # "declined to say / comment on whether ..."
                elif p.whether and p.cls in ("oppose", "undecided"):
                    eff = "undecided"  # "unclear whether", "refused to say whether"
                elif question and (eff in ("call", "support", "oppose", "undecided") or (eff is None and parent.pos_ == "VERB")):
                    eff, state = "undecided", None  # what is asked whether is not yet decided
                    question = False
                if lemma in _STATUS and eff in ("support", "oppose"):
                    modal = True  # "Russia is not entitled to guarantees": the speaker's view of the subject
                    if any(m.affiliation == "Russia" for m in mentions_at(_subject(parent), mentions)):
                        about_russia = True
                if p.modal_call and parent.pos_ != "NOUN":
                    if p.negated:
                        eff = "oppose"
                    elif eff in (None, "support"):
                        eff = "call"
                        modal = True
                if rel in ("nsubj", "nsubjpass", "csubj") and _conditions(parent, lexicon):
                    conditional = True  # "Denmark's willingness to deploy troops hinges on ..."
                    eff = None
                    if state is None:
                        state, decided_at = "support", parent
                        holder_tok = _noun_holder(child) if child.pos_ in ("NOUN", "PROPN") else None
                if (
                    eff is None
                    and state is None
                    and rel in ("nsubj", "nsubjpass")
                    and parent.pos_ in ("VERB", "AUX")
                    and (p.future or p.modal_weak)
                    and (
                        parent.lemma_.lower() not in _COPULAS
                        or any(c.dep_ == "prep" and c.lower_ in ("on", "in", "at") for c in parent.children)
                    )
                    and not any(c.dep_ in ("acomp", "attr") for c in parent.children)
                ):
                    eff = "oppose" if p.negated else "support"  # "Croatian soldiers would not serve on Ukrainian soil"
                if (
                    eff is None
                    and state is None
                    and rel == "attr"
                    and parent.lemma_.lower() == "be"
                    and (p.future or p.modal_weak)
                    and _actor_subject(parent, mentions)
                ):
                    eff = "oppose" if p.negated else "support"  # "Slovakia will not be a guarantor"
                elif (
                    eff == "negate"
                    and state is None
                    and rel == "attr"
                    and parent.lemma_.lower() == "be"
                    and _actor_subject(parent, mentions)
                ):
                    eff = "oppose"
                if (
                    eff is None
                    and state is None
                    and p.future
                    and parent.pos_ == "VERB"
                    and rel in ("dobj", "xcomp", "attr")
                    and not any(c.dep_ == "auxpass" for c in parent.children)
                ):
                    eff = "support"  # "Britain will station jets": a future deed is an offer
                if eff == "oppose" and p.cls == "oppose" and p.modal_weak and not p.negated:
                    eff = "undecided"  # "may abandon plans to deploy troops"
                if p.negated and _only_where(parent):
                    return None  # "would not be deployed on the front line": where, not whether
                if eff == "negate" and state is None:
                    if p.future and parent.pos_ == "VERB" and rel in ("dobj", "xcomp", "attr"):
                        eff = "oppose"  # "we're not going to have troops there"
                    else:
                        pending_neg = not pending_neg  # "take no part in", "has no plans to": the next predicate's
                        below.append(parent)
                        child = parent
                        continue
                if eff is not None and pending_neg:
                    eff = {"support": "oppose", "oppose": "undecided", "call": None, "undecided": "oppose", "negate": None}.get(
                        eff, eff
                    )
                    pending_neg = False
                    if eff is None:
                        return None
                if eff is not None:
                    if eff == "call" and state is not None and decided_at is not None and decided_at.i != parent.i:
                        asked = _subject(decided_at)
                        addressees = mentions_at(asked, mentions) or addressees
                    if eff == "call":
                        for c in parent.children:
                            target = (
                                c
                                if c.dep_ in ("dobj", "dative")
                                else next((g for g in c.children if g.dep_ == "pobj"), None)
                                if (c.dep_ == "prep" and c.lower_ == "on")
                                else None
                            )
                            if target is not None and target.i != topic.head:
                                addressees = mentions_at(target, mentions) or addressees
                    if _path_negated(below):
                        state = combine("negate", state) if state is not None else None
                        if state is None and eff in ("support",):
                            eff = "oppose"
                    state_before = state
                    state = combine(eff, state)
                    if state is None:
                        return None
                    hypothetical = (
                        any(c.dep_ == "det" and c.lower_ in ("any", "a", "an", "no") for c in decided_at.children)
                        if decided_at is not None
                        else True
                    )
                    if (
                        decided_at is not None
                        and decided_at.pos_ in ("NOUN", "PROPN")
                        and holder_tok is not None
                        and nested is None
                        and not hypothetical
                    ):
                        nested = (
                            state_before,
                            holder_tok,
                            decided_at,
                        )  # the noun's own holder and stance, before this predicate took over
                    decided_at = parent
                    inner_lemma = lemma
                    below = []
                    subj = _subject(parent) if parent.pos_ not in ("NOUN", "PROPN") else _noun_holder(parent)
                    if subj is not None and subj.i != topic.head:
                        holder_tok = subj
                    elif subj is not None and subj.i == topic.head:
                        holder_tok = None  # the topic is the subject: "Troops will not be sent"
                    elif eff in ("call", "undecided") or (eff == "oppose" and p.cls == "oppose"):
                        holder_tok = None  # who calls (refuses, hesitates) is not who is asked
                    path.append(eff)
                    child = parent
                    continue
        elif frozen and parent.pos_ in ("VERB", "AUX", "ADJ"):
            if holder_tok is None and not own_clause:
                subj = _subject(parent)
                if subj is not None and subj.i != topic.head:
                    holder_tok = subj
            if speaker is None and classify(parent, lexicon) == "report" and not _negated(parent):
                speaker = _speaker_of(parent, mentions)
        if parent.pos_ in ("VERB", "AUX") and not frozen and parent.i != (decided_at.i if decided_at is not None else -1):
            pass
        below.append(parent)
        child = parent
    if state is None:
        if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
            state = "oppose"  # "There will be no German soldiers on Ukrainian soil"
        else:
            return None
    if state in ("report", "negate"):
        return None
    holders = [m for m in mentions_at(holder_tok, mentions) if not (m.start < topic.end and topic.start < m.end)]
    if modal and speaker is not None:
        addressees, holders = holders or addressees, []  # the speaker calls on the subject
    if (
        not holders
        and holder_tok is not None
        and holder_tok.lower_ in ("that", "which", "who")
        and holder_tok.head.dep_ == "relcl"
    ):
        holders = mentions_at(holder_tok.head.head, mentions)
    if not holders and speaker is None:
        # whose troops: "British troops will not be sent", "no German soldiers"
        near = [
            m
            for m in mentions
            if m.kind == "demonym"
            and m.affiliation not in ("Ukraine",)
            and tok.left_edge.i <= m.start
            and m.end <= topic.end
            and m.start < topic.start
        ]
        holders = near[:1]
    stance = _STANCE_OF[state]
    if conditional and stance in ("supports",):
        stance = "conditional"
    if about_russia and speaker is not None:
        topic = TopicMention(topic.start, topic.end, topic.head, "russia_role")
    anaphoric = (
        not holders
        and holder_tok is not None
        and holder_tok.lemma_.lower() in _ANAPHORIC
        and any(c.dep_ == "det" and c.lower_ in ("this", "that", "these", "the", "such") for c in holder_tok.children)
    )
    inner = None
    if nested is not None and nested[0] in _STANCE_OF:
        inner_holders = [m for m in mentions_at(nested[1], mentions) if m not in holders]
        if inner_holders:
            inner = Reading(topic, _STANCE_OF[nested[0]], inner_holders, None, nested[2].i, [], direct, False, tuple(path), depth)
    return Reading(
        topic,
        stance,
        holders,
        speaker,
        decided_at.i if decided_at is not None else topic.head,
        addressees,
        direct,
        False,
        tuple(path),
        depth,
        anaphoric,
        speakers,
        inner,
    )
