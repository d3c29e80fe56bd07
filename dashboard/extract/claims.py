"""Article text -> claims: who takes which stance on which topic (pure: no file I/O).

The rules read the language, not particular articles:

* a sentence is cut into clauses at contrast ("but", "while X, Y"), semicolons, colons and
  participle continuations (", saying ...");
* stance cues come from the codebook with a kind: a *verb* cue ("refuses", "is open to") is held
  by the grammatical subject before it, and its topic follows it; a *noun* cue ("its refusal",
  "Russia's insistence") by its possessor; a *pred* cue ("X is needed", "X is essential") and a
  *modal* ("must", "should") by the speaker of a reported statement, their topic being the subject;
* calls and denials consume their complement ("hope that the US will provide intelligence" is
  one call, not also a US offer);
* topics are the codebook's cue words in the cue's scope, which stops at subordinate clauses
  ("if", "because", "once") and skips beneficiaries ("for a European force", "to support ...");
* "only if", "provided that", "but only if" turn the support before them into a condition;
* pronouns and titles ("he", "it", "the president") take the actor they refer to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..codebook import Codebook, Matcher, StanceCue, Words, scan
from .attribution import credited_outlet, outlet_spans
from .sentences import Sentence, by_sentence

PREPOSITIONS = frozenset(
    """of for to with by from between against on in at about over under than into toward towards
    across among including like without via per near behind upon within amid despite outside inside beyond throughout""".split()
)
_PRONOUN = Words(["he", "she", "it", "they"])
_POSSESSIVE_PRONOUN = re.compile(r"\b(?:its|his|her|their)\s+(?:\w+\s+)?$", re.IGNORECASE)
_TITLE_ANAPHOR = Matcher(
    r"\bthe\s+(?P<title>president|prime\s+minister|chancellor|foreign\s+minister|defen[cs]e\s+minister|"
    r"defen[cs]e\s+secretary|secretary\s+of\s+state|foreign\s+secretary|vice\s+president|secretary\s+general|"
    r"premier|minister)\b",
)
_TITLE_BEFORE_NAME = re.compile(
    r"(?P<title>President|Prime\s+Minister|Chancellor|Foreign\s+Minister|Defen[cs]e\s+Minister|"
    r"Defen[cs]e\s+Secretary|Secretary\s+of\s+State|Foreign\s+Secretary|Vice\s+President|Secretary\s+General|"
    r"Premier|Minister)\s+(?:[A-Z][\w.'-]*\s+){0,2}$"
)
_COORDINATION = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s+)(?:the\s+)?(?:[A-Z][\w.'-]*\s+){0,3}$")
# Clause breaks: "; ", ": ", " - ", " but ", ", while ", ", saying" ... A break that begins with
# whitespace (" - ", " but ") is found at its dash or "but" and its start moved back over the whitespace
# (``_clause_breaks``): the regex then begins with a class of a few rare characters, which the engine
# skips to, instead of trying every alternative at every character (four times faster on a sentence).
_CLAUSE_BREAKS = re.compile(
    r"[;:,\-–—b](?:(?<=[;:])\s|(?<=\s[-–—])\s|(?<=\sb)ut\s+(?!also\b)|(?<=,)\s+(?:but\s+|while\s+|whereas\s+|"
    r"although\s+|though\s+|(?=(?:stating|saying|adding|arguing|emphasi[sz]ing|insisting|noting|"
    r"warning|calling|aligning|responding|citing|claiming|stressing)\b)|and\s+(?=(?:he|she|it|they|officials|"
    r"sources|some|many|most|the|[A-Z]))|and\s+(?=(?:has|have|had|is|was|will|would|instead|later)\s)))"
)
_CLAUSE_KEYS = (",", ";", ":", "-", "–", "—", "but")  # every clause break holds one of these
_LEADING_SUBORDINATE = re.compile(r"^\s*(?:While|Although|Though|Whereas|Despite|Even\s+though)\b[^,]*,\s*")
_AS_BREAK = re.compile(r"(?<!such)(?<!well)(?<!\bso)\s+as\s+(?=(?:the\s+)?[A-Z])")
_AND_THAT = re.compile(r"and\s+that\s+")  # a clause of its own where whitespace comes before (``clauses``)
_AS_HINT = re.compile(r"as\s+(?:the\s+)?[A-Z]")  # in every _AS_BREAK match; found much faster
_WORD = re.compile(r"[\w']+")
_SUBORDINATOR = Matcher(
    r"(?:\b(?:if|unless|because|since|so\s+that|once|until|after|before|when|whereas|although|though|where|"
    r"while|despite|without|even\s+as|even\s+though|as\s+(?:(?:the|some|other|several|many|european|western)\s+)?"
    r"(?:allies|countries|nations|partners|governments|members|officials|leaders))\b|,\s+(?:which|who|whose)\b|,\s+according\s+to\b|,\s+(?:UNN|the\s+\w+)\s+(?:writes|said|reported)\b)",
)
_HELP_VERBS = r"(?!\s+(?:train|police|secure|protect|build|rebuild|fund|finance|pay|monitor|defend|patrol|supply|provide|guard|enforce|maintain|establish|set|create|equip|deploy|send|staff|run|lead|with)\b)"
_PASSIVE_AFTER = re.compile(
    r"\s+be\s+(?:\w+ly\s+)?(?:sent|deployed|stationed|provided|supplied|offered|committed|given|extended)\b"
)
# Matchers (codebook.Matcher: case-insensitive, skip a sentence without their words): read per sentence or per cue
_CONDITION_WORDS = Words(["if", "unless", "as long as", "on condition that", "provided", "providing"])
# an unnamed group right before a verb is its subject ("as allies baulk"), not a name before it; not
# one coordinated with a name ("France and its allies"). The text before the verb is searched only when
# it ends with one of _GROUP_NOUNS.
_MEMBERS = frozenset(["partners", "members", "allies", "countries", "nations", "states"])  # "partners in X" is X
_GROUP_NOUNS = ("countries", "nations", "governments", "allies", "partners")
_GROUP_SUBJECT = re.compile(
    r"(?<!\band )(?<!\band its )(?<!\band their )(?<!\band other )\b(?:" + "|".join(_GROUP_NOUNS) + r")\s+$",
    re.IGNORECASE,
)
_UNNAMED_GROUP = Matcher(r"\b(?:countries|nations|states|governments|allies|partners|members)\b")
_SAID_OF = Matcher(r"\b(?:said|says) of (?:the )?")
_MODAL_BEFORE = re.compile(r"\b(?:must|should|ought\s+to|needs?\s+to|have\s+to|has\s+to)\s+(?:be\s+)?$", re.IGNORECASE)
_HEDGED_BEFORE = re.compile(r"\b(?:considering|weighing|mulling|studying|debating)\s+$", re.IGNORECASE)
_NEGATED_BEFORE = re.compile(r"(?:\bnot|n't|\bnever)\s+(?:yet\s+)?$", re.IGNORECASE)
_IF = re.compile(r"\bif\b", re.IGNORECASE)
_WITHOUT_UNLESS = re.compile(r"\b(?:without|unless)\b", re.IGNORECASE)
_AND_TO = re.compile(r",?\s+and\s+to\s+(?=\w)")  # "to deploy X and to provide Y": two objects
_AND_TO_HINT = re.compile(r"and\s+to\s")  # in every _AND_TO match; found much faster (a literal start)
_AND_BEFORE = re.compile(r"\sand\s+$")  # the few characters before a cue: "... and would provide"
_FIRST_PERSON = re.compile(r"(?<![\w'])(?:we|i)(?![\w'])", re.IGNORECASE)
# "paves the way for", "take responsibility for", "take the lead for" + their object, not a beneficiary
_THE_WAY = re.compile(r"\b(?:the\s+way|responsibility|the\s+lead)$", re.IGNORECASE)
_BENEFICIARY = Matcher(
    r"\s(?:for|to\s+support|to\s+help"
    + _HELP_VERBS
    + r"|help"
    + _HELP_VERBS
    + r"|to\s+facilitate|in\s+support\s+of|to\s+protect|to\s+secure|to\s+deter|"
    r"to\s+bolster|to\s+assist|to\s+back|as\s+part\s+of|alongside|in\s+the\s+context\s+of|within\s+the\s+context\s+of)\b",
)
_INCLUDING = Matcher(r",?\s+including\b")
_PARENTHETICAL = Matcher(
    r",\s+(?:which|who|whose|led\s+by|including|such\s+as|a\s+group\s+of|co-chaired\s+by|backed\s+by|along\s+with|"
    r"together\s+with|during|in\s+a|at\s+a|as\s+well\s+as)\b"
)
_CONDITION = Matcher(
    r"\b(?:but\s+)?only\s+if\b|\bprovided\s+(?:that\s+)?\b|\bon\s+(?:the\s+)?condition\s+that\b|\bas\s+long\s+as\b|"
    r"\bcould\s+be\s+rescinded\s+if\b|\bwould\s+depend\s+on\b|\bif\s+and\s+only\s+if\b",
)
_HYPHENATED_WORD = re.compile(r"[\w-]+")
_POSSESSION_GAP = re.compile(r"(?:['’]s)?\s+(?:[a-z-]+\s+){0,2}")  # "Russia's insistence", "The U.S. offer"
_DETERMINER = re.compile(r"\b(?:the|a|an|its|their|his|her|this|that|any)\b")  # opens a noun phrase of its own
_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")  # "the refusal of X"
_RELATIVE_ASIDE = re.compile(r",\s+(?:which|who|whose)\b")
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+$", re.IGNORECASE)
_CONTINUATION = re.compile(
    r"^\s*(?:stating|saying|adding|arguing|emphasi[sz]ing|insisting|noting|warning|calling|stressing|claiming)\b",
    re.IGNORECASE,
)
_HEADLINE_SPEAKER = re.compile(r"^\s*([^:]{2,40}):\s")
# "This support could involve ...": the subject is what the previous sentence's actor offered
_ANAPHORIC_SUBJECT = re.compile(
    r"^\s*(?:this|that|the|these|such|its|their)\s+(?:\w+\s+)?(?:support|commitment|offer|pledge|proposal|package|"
    r"assistance|plan|contribution|aid)\b",
    re.IGNORECASE,
)
RUSSIA = "Russia"
UKRAINE = "Ukraine"


@dataclass(slots=True)
class Mention:
    """An actor named (or referred to) at ``start:end`` of a sentence."""

    start: int
    end: int
    actors: tuple[str, ...]
    kind: str = "name"  # name | pronoun | title


@dataclass(slots=True)
class Cue:
    start: int
    end: int
    spec: StanceCue


@dataclass(slots=True)
class RawClaim:
    """What the engine found before it is turned into a row: offsets are the sentence's."""

    actor: str
    topic: str
    stance: str
    scope: tuple[int, int]
    cue_start: int
    addressee: tuple[str, ...] = ()


@dataclass
class _Context:
    """What earlier sentences tell later ones: actors in order, and the titles people carry."""

    history: list[list[tuple[tuple[str, ...], str]]] = field(default_factory=list)  # per sentence: (actors, type)
    titles: dict[str, set[str]] = field(default_factory=dict)
    last_claim_actors: tuple[str, ...] = ()


def _norm_title(title: str) -> str:
    return " ".join(title.lower().replace("defense", "defence").split())


class ClaimEngine:
    """Find claims sentence by sentence; ``run`` returns (sentence, RawClaim) pairs in text order."""

    def __init__(self, codebook: Codebook):
        self.cb = codebook
        self._memo: dict[tuple, object] = {}  # what is found once per sentence being read
        self._article: dict[str, dict[int, list]] | None = None  # key -> sentence index -> its matches, set by ``run``
        self._sentence: Sentence | None = None
        self._outlets: dict[int, list] = {}  # sentence index -> outlet_spans, for the article's sentences

    # ---- mentions -------------------------------------------------------------------------
    def outlets(self, sent: Sentence) -> list[tuple[int, int, str]]:
        """The outlets a sentence of the article names (``outlet_spans``), found once: for its
        actors (an outlet is no actor) and for its claims' source."""
        if sent.index not in self._outlets:  # ``run`` gives each sentence its share of the article's
            self._outlets[sent.index] = list(outlet_spans(sent.text, self.cb))
        return self._outlets[sent.index]

    def _actor_of(self, written: str) -> str | None:
        table = self.cb.actor_aliases
        if written in table:
            return table[written]
        flipped = written[0].swapcase() + written[1:]
        return table.get(flipped)

    def _type_of(self, name: str) -> str:
        return self.cb.actors[name].type

    def _actor_matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, alias as written) of the actor aliases in ``text``."""
        share = self._share("actors", text)
        if share is not None:
            return share
        return [(m.start(), m.end(), m.group()) for m in self.cb.actor_regex.finditer(text)]

    def mentions(self, text: str, ctx: _Context) -> list[Mention]:
        """Named actors, pronouns and title anaphora in ``text``, resolved with ``ctx``; outlets are masked."""
        found: list[Mention] = []
        named = self._actor_matches(text)
        masked = []
        if named:
            sent = self._sentence
            outlets = self.outlets(sent) if sent is not None and text is sent.text else outlet_spans(text, self.cb)
            masked = [(s, e) for s, e, _ in outlets]
        for start, end, written in named:
            if any(s < end and start < e for s, e in masked):
                continue
            name = self._actor_of(written)
            if name:
                found.append(Mention(start, end, (name,)))
        taken = [(x.start, x.end) for x in found]
        for m in _TITLE_ANAPHOR.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            found.append(Mention(m.start(), m.end(), (), "title:" + _norm_title(m.group("title"))))
        for a, b in _PRONOUN.spans(text):
            if any(s <= a < e for s, e in taken):
                continue
            found.append(Mention(a, b, (), "pronoun:" + text[a:b].lower()))
        found.sort(key=lambda x: x.start)
        return found

    def _resolve(self, text: str, mentions: list[Mention], ctx: _Context) -> list[Mention]:
        """Fill in the actors of pronouns and titles from what came before, and record history."""
        local: list[tuple[tuple[str, ...], str]] = []
        resolved = []
        # '"... they're willing," Trump said of European leaders': the quote's pronouns are about them
        said_of = _SAID_OF.search(text)
        asides = (
            [(a, b) for a, b in self.parentheticals(text, 0, len(text)) if _RELATIVE_ASIDE.match(text[a : a + 10])]
            if ", wh" in text
            else []
        )
        about = next((x.actors for x in mentions if x.kind == "name" and x.start == said_of.end()), ()) if said_of else ()
        for i, m in enumerate(mentions):
            if m.kind == "name":
                if any(a <= m.start < b for a, b in asides):
                    resolved.append(m)  # ", which is not an EU member,": no antecedent for a later "it"
                    continue
                title = _TITLE_BEFORE_NAME.search(text[max(0, m.start - 60) : m.start])
                if title and self._type_of(m.actors[0]) == "person":
                    ctx.titles.setdefault(m.actors[0], set()).add(_norm_title(title.group("title")))
                group = self._coordinated(text, mentions, i)
                local.append(
                    (
                        m.actors if len(group) == 1 else tuple(a for g in group for a in g.actors),
                        self._type_of(m.actors[0]) if len(group) == 1 else "group",
                    )
                )
                resolved.append(m)
                continue
            # the nearest mention in this sentence first; then earlier sentences, newest first, each
            # in reading order so that its subject comes before its objects
            pool = list(reversed(local)) + [m for sent in reversed(ctx.history) for m in sent]
            actors: tuple[str, ...] = ()
            if about and m.kind.startswith("pronoun") and m.start < said_of.start():
                actors = about
            elif m.kind.startswith("title:"):
                title = m.kind[6:]
                for names, _kind in pool:
                    if len(names) == 1 and title in ctx.titles.get(names[0], set()):
                        actors = names
                        break
            else:
                word = m.kind[8:]
                if word == "they" and not local and _UNNAMED_GROUP.search(text, 0, m.start):
                    continue  # "Fewer than 10 countries have indicated they would ...": those countries
                wanted = {"he": ("person",), "she": ("person",), "it": ("country", "organization"), "they": ("group",)}[word]
                for names, kind in pool:
                    if kind in wanted:
                        actors = names
                        break
            if actors:
                resolved.append(Mention(m.start, m.end, actors, m.kind))
                local.append((actors, self._type_of(actors[0]) if len(actors) == 1 else "group"))
        ctx.history.append(local)
        return resolved

    @staticmethod
    def _coordinated(text: str, mentions: list[Mention], i: int, lo: int = 0) -> list[Mention]:
        """The mention at ``i`` with the names coordinated before it ("Italy and Poland"), from ``lo`` on."""
        group = [mentions[i]]
        j = i - 1
        while (
            j >= 0
            and mentions[j].actors
            and mentions[j].start >= lo
            and _COORDINATION.match(text[mentions[j].end : group[0].start])
        ):
            group.insert(0, mentions[j])
            j -= 1
        return group

    # ---- clauses and scopes ---------------------------------------------------------------
    @staticmethod
    def clauses(text: str, mentions: list[Mention]) -> list[tuple[int, int, bool]]:
        """(start, end, inherits_subject) clause spans of a sentence."""
        cuts: list[tuple[int, int, bool]] = []  # (cut start, next clause start, inherits)
        lead = _LEADING_SUBORDINATE.match(text)
        if lead:
            cuts.append((lead.end() - 1, lead.end(), False))
        for a, b in _clause_breaks(text) if any(k in text for k in _CLAUSE_KEYS) else ():
            word = text[a:b].strip(" ,;:").lower()
            inherits = word.startswith("but") or word.startswith("and") or word in ("-", "–", "—")
            cuts.append((a, b, inherits))
        for m in _AND_THAT.finditer(text):  # 'said X "..." and that Europe must ...': a second reported clause
            start = m.start()
            while start > 0 and text[start - 1].isspace():
                start -= 1
            if start < m.start():
                cuts.append((start, m.end(), True))
        starts = {x.start for x in mentions if x.actors}
        for m in _AS_BREAK.finditer(text) if _AS_HINT.search(text) else ():
            nxt = m.end() + (4 if text[m.end() : m.end() + 4].lower() == "the " else 0)
            if nxt in starts or m.end() in starts:
                cuts.append((m.start(), m.end(), False))
        cuts.sort()
        spans, pos, inherit = [], 0, False
        for a, b, inh in cuts:
            if a < pos:
                continue
            spans.append((pos, a, inherit))
            pos, inherit = b, inh
        spans.append((pos, len(text), inherit))
        return [s for s in spans if s[1] > s[0]]

    @staticmethod
    def forward_scope(text: str, start: int, end: int, call: bool = False) -> list[tuple[int, int]]:
        """The pieces of ``text[start:end]`` that hold a cue's object: up to a subordinate clause,
        without beneficiary phrases ("for a European-led force", "to support ..."). After a call
        (``call``: "urged allies to back ..."), the first "to ..." after the addressee is what is asked,
        not a purpose."""
        sub = _SUBORDINATOR.search(text, start, end)
        if sub and sub.start() > start + 1:
            end = sub.start()
        elif sub:
            nxt = _SUBORDINATOR.search(text, sub.end(), end)
            end = nxt.start() if nxt else end
        pieces, pos = [], start
        for m in _BENEFICIARY.finditer(text, start, end):
            if m.group().strip().lower() == "for" and (
                m.start() - start <= 1 or _THE_WAY.search(text, max(start, m.start() - 16), m.start())
            ):
                continue  # "support for", "proposal for": the cue's own preposition; "paves the way for": its object
            if call and pos == start and m.group().lstrip().lower().startswith("to"):
                asked = text[start : m.start()]
                if asked.strip() and "," not in asked:
                    continue  # "called on partners to back ...": what the addressee is asked, not a purpose
            if m.start() < pos:
                continue
            pieces.append((pos, m.start()))
            comma = text.find(",", m.end(), end)
            pos = end if comma < 0 else comma
        pieces.append((pos, end))
        return [p for p in pieces if p[1] > p[0]]

    def _share(self, key: str, text: str) -> list[tuple] | None:
        """When ``text`` is the sentence being read and ``run`` scanned the whole article: the
        article-wide matches of ``key`` (``(start, end, ...)``) that lie inside it, in the
        sentence's offsets. Else None, and the caller scans ``text`` itself."""
        sent = self._sentence
        if sent is None or self._article is None or text is not sent.text:
            return None
        return self._article[key].get(sent.index, [])

    def _topic_matches(self, text: str) -> list[tuple[int, int, int, str, bool]]:
        """Every topic cue match in a sentence: (start, end, codebook order, label, weak); once per sentence
        (from the article-wide matches when ``run`` read the whole article)."""
        key = ("topics", text)
        if key not in self._memo:
            share = self._share("topics", text)
            if share is not None:
                self._memo[key] = share
            else:
                self._memo[key] = [
                    (m.start(), m.end(), order, cue.label, cue.weak)
                    for order, cue in enumerate(self.cb.topics)
                    for m in cue.pattern.finditer(text)
                ]
        return self._memo[key]

    def topics_in(self, text: str, spans: list[tuple[int, int]], stop_at_including: bool = True) -> list[str]:
        """Topic labels whose cue words fall in ``spans`` (masked by earlier, more specific topics).

        A list after ", including" adds nothing once a topic is named before it."""
        matches = self._topic_matches(text)
        found: list[tuple[int, int, str, bool]] = []
        for a, b in spans:
            if stop_at_including:
                inc = _INCLUDING.search(text, a, b)
                if inc and inc.start() > a and any(a <= m[0] and m[1] <= inc.start() for m in matches):
                    b = inc.start()
            taken: list[tuple[int, int]] = []
            for start, end, _order, label, weak in sorted(
                (m for m in matches if a <= m[0] and m[1] <= b), key=lambda m: (m[2], m[0])
            ):
                if any(s < end and start < e for s, e in taken):
                    continue
                taken.append((start, end))
                found.append((start, end, label, weak))
        labels = [f[2] for f in sorted(found)]
        strong = [t for t in labels if not any(f[2] == t and f[3] for f in found)]
        if strong:
            labels = strong
        if "russia_role" in labels:
            labels = [t for t in labels if t not in ("security_guarantees", "peace_process")]
        return list(dict.fromkeys(labels))

    def _conjunct_topics(self, text: str, spans: list[tuple[int, int]]) -> list[str]:
        """Topics of an object of two infinitives ("to deploy a multinational force and to provide
        intelligence support"), each read on its own: a weak topic in one is not dropped beside a strong
        one in the other."""
        if not _AND_TO_HINT.search(text):
            return self.topics_in(text, spans)
        parts: list[list[tuple[int, int]]] = [[]]
        for a, b in spans:
            for m in _AND_TO.finditer(text, a, b):
                parts[-1].append((a, m.start()))
                parts.append([])
                a = m.end()
            parts[-1].append((a, b))
        if len(parts) == 1:
            return self.topics_in(text, spans)
        return list(dict.fromkeys(t for part in parts for t in self.topics_in(text, part)))

    def _asked_after(self, text: str, word: re.Pattern, object_end: int, c_hi: int, topics: list[str]) -> list[str] | None:
        """What a condition opened by ``word`` right after an object asks for ("... without security
        guarantees", "would only send ... if the US provided air cover"): its topics not already in
        ``topics``; None when no such condition follows the object."""
        opener = word.search(text, object_end, c_hi)
        if opener is None or opener.start() - object_end > 1:
            return None
        return [t for t in self.topics_in(text, [(opener.end(), c_hi)]) if t not in topics]

    # ---- subjects and speakers ------------------------------------------------------------
    def parentheticals(self, text: str, lo: int, hi: int) -> list[tuple[int, int]]:
        """Spans of ", which ...,", ", led by ...," asides between ``lo`` and ``hi``.

        An aside ends at the comma that a predicate follows within three words ("..., New
        Zealand, fifteen have offered"); failing that, at the last comma before ``hi``."""
        spans: list[tuple[int, int]] = []
        if text.find(",", lo, hi) < 0:
            return spans  # every aside opens with a comma
        cue_starts = [c.start for c in self._all_cues(text) if lo <= c.start < hi]
        for p in _PARENTHETICAL.finditer(text, lo, hi):
            end = None
            for c in sorted(x for x in cue_starts if x > p.end()):
                comma = text.rfind(",", p.end(), c)
                if comma > p.start() and len(_HYPHENATED_WORD.findall(text, comma, c)) <= 3:
                    end = comma
                    break
            if end is None:
                last_comma = text.rfind(",", p.end(), hi)
                end = last_comma if last_comma > p.start() else None
            if end is not None:
                spans.append((p.start(), end))
        return spans

    def _last_eligible(self, text: str, mentions: list[Mention], lo: int, hi: int) -> int | None:
        """Index of the last mention in [lo, hi) that can be a subject: not after a preposition,
        not in a parenthetical (", which ...,", ", led by ...,")."""
        excluded = None
        for i in range(len(mentions) - 1, -1, -1):
            m = mentions[i]
            if not (lo <= m.start and m.end <= hi) or not m.actors or self._modifier_or_object(text, m.start):
                continue
            if excluded is None:
                excluded = self.parentheticals(text, lo, hi)
            if any(s <= m.start < e for s, e in excluded):
                continue
            return i
        return None

    def _modifier_or_object(self, text: str, start: int) -> bool:
        """Whether the mention at ``start`` follows "a"/"an" ("a US role") or a preposition (after
        "the", "some" ...), so that it is not a subject; once per mention of the sentence."""
        key = ("object", text, start)
        if key not in self._memo:
            window = text[max(0, start - 30) : start]
            cut = max(window.rfind(":"), window.rfind(";"))  # "Zoom in: Trump ...": a label, not a preposition
            before = _WORD.findall(window[cut + 1 :].lower())
            if before and before[-1] in ("a", "an"):
                self._memo[key] = True
            else:
                while before and before[-1] in ("the", "so-called", "some", "all"):
                    before.pop()
                # "partners in the Coalition of the Willing are ready": its members, so the coalition
                member = len(before) >= 2 and before[-1] in ("in", "of") and before[-2] in _MEMBERS
                self._memo[key] = bool(before) and before[-1] in PREPOSITIONS and not member
        return self._memo[key]

    def subject_before(self, text: str, mentions: list[Mention], lo: int, pos: int) -> tuple[tuple[str, ...], int]:
        """The actors of the nearest eligible subject before ``pos`` in [lo, pos), with coordination."""
        i = self._last_eligible(text, mentions, lo, pos)
        if i is None:
            return (), lo
        group = self._coordinated(text, mentions, i, lo)
        actors = tuple(dict.fromkeys(a for g in group for a in g.actors))
        return actors, mentions[i].end

    def _reporting(self, text: str) -> list[tuple[int, int]]:
        """Spans of the reporting verbs in ``text``."""
        share = self._share("reporting", text)
        if share is not None:
            return share
        return [m.span() for m in self.cb.reporting.finditer(text)]

    def speakers(self, text: str, mentions: list[Mention], headline: bool) -> list[tuple[int, tuple[str, ...]]]:
        """(position, actors) of everyone reported as speaking in a sentence."""
        out = []
        for start, end in self._reporting(text):
            if text[start:end].lower() == "according to":
                after = [x for x in mentions if x.actors and end <= x.start <= end + 6]
                if after:
                    out.append((0, after[0].actors))
                continue
            actors, _ = self.subject_before(text, mentions, 0, start)
            if actors:
                out.append((end, actors))
        if headline:
            hm = _HEADLINE_SPEAKER.match(text)
            if hm:
                first = [x for x in mentions if x.actors and x.start == hm.start(1)]
                if first:
                    out.append((hm.end(), first[0].actors))
        return sorted(out)

    def _possessor(self, text: str, mentions: list[Mention], cue: Cue, lo: int) -> tuple[str, ...]:
        """Who owns a noun cue: "Russia's insistence", "The U.S. offer", "the refusal of X", "its refusal"."""
        for m in reversed(mentions):
            if m.actors and lo <= m.start and m.end <= cue.start:
                gap = text[m.end : cue.start]
                if (
                    _POSSESSION_GAP.fullmatch(gap)
                    and not _DETERMINER.search(gap)
                    and not any(m.end <= c.start < cue.start for c in self._all_cues(text))
                ):
                    return m.actors  # not across a verb: "Kyiv welcomed / praised the decision of ..."
                break
        after = _OF_THE.match(text[cue.end : cue.end + 12])
        if after:
            for m in mentions:
                if m.actors and cue.end < m.start <= cue.end + after.end():  # "the refusal of (the) Netherlands"
                    return m.actors
        if _POSSESSIVE_PRONOUN.search(text[max(lo, cue.start - 30) : cue.start]):
            actors, _ = self.subject_before(text, mentions, lo, cue.start)
            return actors
        return ()

    # ---- the engine -----------------------------------------------------------------------
    def _all_cues(self, text: str) -> list[Cue]:
        """Every stance cue match in a sentence, overlapping ones included; once per sentence."""
        key = ("cues", text)
        if key not in self._memo:
            share = self._share("cues", text)
            if share is not None:
                self._memo[key] = [Cue(a, b, spec) for a, b, spec in share]
            else:
                self._memo[key] = [Cue(m.start(), m.end(), spec) for spec in self.cb.stances for m in spec.pattern.finditer(text)]
        return self._memo[key]

    def cues(self, text: str, topic_spans: list[tuple[int, int]]) -> list[Cue]:
        """Stance cues of a sentence; where two overlap the longer wins ("proposed by" over "proposed")."""
        matches = sorted(self._all_cues(text), key=lambda c: (c.start - c.end, c.start))
        found: list[Cue] = []
        for c in matches:
            if not c.spec.keep_topic and any(s <= c.start and c.end <= e for s, e in topic_spans):
                continue  # "financial commitment", "security commitments" are topics, not cues
            if any(f.start < c.end and c.start < f.end for f in found):
                continue
            if c.spec.stance != "undecided" and _negated_before(text, c.start):
                continue  # "will not agree to", "has not ruled out": the negation is a cue of its own, or none
            if c.spec.stance in ("supports", "opposes") and _MODAL_BEFORE.search(text, max(0, c.start - 16), c.start):
                continue  # "must be prepared to send": the modal's call, not the subject's offer
            if c.spec.stance in ("supports", "opposes") and _HEDGED_BEFORE.search(text, max(0, c.start - 12), c.start):
                continue  # "is considering offering": the hedge is the stance
            found.append(c)
        return sorted(found, key=lambda c: c.start)

    def _topic_spans(self, text: str) -> list[tuple[int, int]]:
        return [(m[0], m[1]) for m in self._topic_matches(text) if " " in text[m[0] : m[1]].strip()]

    def sentence_claims(self, sent: Sentence, ctx: _Context) -> list[RawClaim]:
        text = sent.text
        self._memo.clear()
        mentions = self._resolve(text, self.mentions(text, ctx), ctx)  # read by later sentences too
        cues = self.cues(text, self._topic_spans(text))
        if not cues:
            return []  # no stance is taken in this sentence
        speakers = self.speakers(text, mentions, sent.is_headline)
        openers = _condition_openers(text)
        clauses = self.clauses(text, mentions)
        main_subject, _ = self.subject_before(text, mentions, 0, cues[0].start)
        claims: list[RawClaim] = []
        consumed: list[tuple[int, int]] = []
        prev_subject: tuple[str, ...] = ()
        for ci, (c_lo, c_hi, inherits) in enumerate(clauses):
            clause_subject: tuple[str, ...] = prev_subject if inherits else ()
            here = [c for c in cues if c_lo <= c.start < c_hi]
            if not here:
                prev_subject = clause_subject or prev_subject
                continue
            continuation = bool(_CONTINUATION.match(text[c_lo:c_hi]))
            asides = [(a, b) for a, b in self.parentheticals(text, c_lo, c_hi) if _RELATIVE_ASIDE.match(text[a : a + 10])]
            for cue in here:
                if any(a <= cue.start < b for a, b in asides):
                    continue  # ", which will help ...": a description, not a position
                in_consumed = any(s <= cue.start < e for s, e in consumed)
                if any(c_lo <= a < cue.start and "," not in text[b : cue.start] for a, b in openers):
                    continue  # "..., provided the United States offers a backstop": the condition, not a position
                kind = cue.spec.kind
                actors: tuple[str, ...] = ()
                subj_end = c_lo
                if kind == "passive":
                    agent = [m for m in mentions if m.actors and cue.end < m.start <= cue.end + 6]
                    if in_consumed or not agent:
                        continue
                    topics = self.topics_in(text, [(c_lo, cue.start)])
                    for topic in topics:
                        for actor in agent[0].actors:
                            claims.append(RawClaim(actor, topic, cue.spec.stance, (c_lo, cue.start), cue.start))
                    continue
                if kind == "noun":
                    actors = self._possessor(text, mentions, cue, c_lo)
                    if in_consumed and not actors:
                        continue
                elif in_consumed:
                    continue
                speaker = next((a for pos, a in reversed(speakers) if pos <= cue.start), ())
                if continuation and not speaker:
                    # "Graham praised the approach, saying Europe must ...": the main clause's subject, its first name
                    speaker = next(
                        (
                            m.actors
                            for m in mentions
                            if m.actors and m.end <= c_lo and not self._modifier_or_object(text, m.start)
                        ),
                        main_subject,
                    )
                if not speaker and kind in ("modal", "pred") and _in_quote(text, cue.start):
                    # '"Foreign troops should not guarantee ...," Peskov told reporters': the speaker after the quote
                    speaker = next((a for pos, a in speakers if pos > cue.start), ())
                if not actors and kind in ("modal", "pred"):
                    actors = speaker
                    if not actors:
                        if kind == "pred":
                            continue  # "X is vital" with nobody saying so is the writer's view
                        actors, subj_end = self.subject_before(text, mentions, c_lo, cue.start)
                    else:
                        subj_end = max(c_lo, next((p for p, a in reversed(speakers) if p <= cue.start), c_lo))
                if not actors and kind == "verb":
                    before = text[max(c_lo, cue.start - 30) : cue.start].rstrip().lower()
                    group = (
                        _GROUP_SUBJECT.search(text, max(c_lo, cue.start - 30), cue.start)
                        if before.endswith(_GROUP_NOUNS)
                        else None
                    )
                    if group and not any(m.actors and m.start <= group.start() < m.end for m in mentions):
                        continue  # "UK and France will lead ... as allies baulk at": the allies, whom it does not name
                if not actors:
                    actors, subj_end = self.subject_before(text, mentions, c_lo, cue.start)
                if not actors and not (kind == "verb" and _UNNAMED_GROUP.search(text, c_lo, cue.start)):
                    # not for "Some 26 countries have pledged ..., according to French officials": the
                    # countries hold that stance, and the officials only report it
                    actors = clause_subject or speaker
                if not actors and _FIRST_PERSON.search(text, c_lo, cue.start):
                    # '"We will not ...," Merz said': the speaker named after the quote
                    actors = next((a for pos, a in speakers if pos > cue.start), ())
                anaphor = _ANAPHORIC_SUBJECT.match(text[c_lo : cue.start]) if not actors and ci == 0 else None
                if anaphor and len(text[c_lo + anaphor.end() : cue.start].split()) <= 2:
                    actors = ctx.last_claim_actors
                if not actors:
                    continue
                clause_subject = actors
                # the object ends where a new predicate about it begins ("X's offer ... depends on"), or
                # where a second one of the same subject does ("ready to lead the force and would provide troops")
                next_cue = (
                    c_hi
                    if cue.spec.consume
                    else next(
                        (
                            c.start
                            for c in cues
                            if c.start >= cue.end
                            and c_lo <= c.start < c_hi
                            and (c.spec.kind in ("cond", "pred") or _AND_BEFORE.search(text, max(cue.end, c.start - 8), c.start))
                        ),
                        c_hi,
                    )
                )
                fwd = self.forward_scope(text, cue.end, next_cue, call=cue.spec.stance == "calls_for")
                subj = [(subj_end, cue.start)] if cue.start > subj_end else []
                if kind in ("pred", "cond"):
                    topics = self.topics_in(text, subj) or self.topics_in(text, fwd)
                elif kind == "modal":
                    topics = self.topics_in(text, subj + fwd)
                elif cue.spec.stance == "opposes" and _PASSIVE_AFTER.match(text, cue.end):
                    # "US troops will not be sent"; not "the force would not be deployed on the front line"
                    topics = [t for t in self.topics_in(text, subj) if t == "ground_troops"] or self.topics_in(text, fwd)
                elif cue.spec.stance == "opposes":
                    topics = self.topics_in(text, fwd)  # a refusal names what it refuses
                else:
                    topics = self._conjunct_topics(text, fwd) or self.topics_in(text, subj)
                if not topics and any(m.end == subj_end and m.kind.startswith("pronoun") for m in mentions):
                    # "the guarantees they sought": the noun the relative clause hangs on
                    topics = self.topics_in(text, [(max(c_lo, subj_end - 40), subj_end)])
                if cue.spec.keep_topic:
                    topics = list(dict.fromkeys([*self.topics_in(text, [(cue.start, cue.end)]), *topics]))
                    if "russia_role" in topics:
                        topics = ["russia_role"]
                if not topics and kind in ("verb", "noun"):
                    later = [
                        (lo, hi)
                        for lo, hi, _ in clauses[ci + 1 :]
                        if _CONTINUATION.match(text[lo:hi]) and not any(lo <= c.start < hi for c in cues)
                    ]  # "..., saying air defence remained its most urgent need" holds a stance of its own
                    topics = self.topics_in(text, later[:1])
                if cue.spec.consume:
                    consumed.append((cue.end, c_hi))
                addressee = ()
                if cue.spec.stance == "calls_for":
                    inside = [m for m in mentions if m.actors and cue.end <= m.start < c_hi]
                    addressee = inside[0].actors if inside else ()
                scope = (fwd[0][0], fwd[-1][1]) if fwd else (cue.start, cue.end)
                stance, demanded = cue.spec.stance, []
                condition = _CONDITION.search(text, fwd[0][0], fwd[-1][1]) if stance == "supports" and fwd else None
                if condition and _opens_condition(text, condition.start(), condition.end()):
                    # "ready to put troops on the ground ..., provided there is a US backstop": the troops
                    # on that condition (made conditional below), the backstop asked for
                    offered = self.topics_in(text, [(a, min(b, condition.start())) for a, b in fwd if a < condition.start()])
                    if offered:
                        demanded = [t for t in self.topics_in(text, [(condition.end(), fwd[-1][1])]) if t not in offered]
                        topics = offered
                object_end = fwd[-1][1] if fwd else cue.end
                if stance == "supports" and kind == "verb" and topics and " only " in text[cue.start : cue.end + 1]:
                    # "would only send soldiers if the United States provided air cover": like "only if"
                    asked = self._asked_after(text, _IF, object_end, c_hi, topics)
                    if asked is not None:
                        demanded, stance = asked, "conditional"
                if stance == "opposes" and kind == "verb" and topics:
                    # "will not accept a ceasefire without security guarantees": the ceasefire only on a
                    # condition, and the guarantees asked for
                    demanded = self._asked_after(text, _WITHOUT_UNLESS, object_end, c_hi, topics) or []
                    if demanded:
                        stance = "conditional"
                for actor in actors:
                    for topic in demanded:
                        claims.append(RawClaim(actor, topic, "calls_for", scope, cue.start, addressee))
                    for topic in topics:
                        topic = _as_seen_by(self.cb.actors[actor].affiliation, topic)
                        claims.append(RawClaim(actor, topic, stance, scope, cue.start, addressee))
            prev_subject = clause_subject or prev_subject
        if any(c.stance == "supports" for c in claims):  # a condition qualifies offers only
            condition = _CONDITION.search(text)
            limits = [condition.start()] if condition else []
            limits += [c.start for c in cues if c.spec.kind == "cond"]
            if limits:
                for c in claims:
                    if c.stance == "supports" and c.cue_start < max(limits):
                        c.stance = "conditional"
        unique: dict[tuple[str, str, str], RawClaim] = {}
        for c in claims:
            unique.setdefault((c.actor, c.topic, c.stance), c)
        if unique:
            ctx.last_claim_actors = tuple(dict.fromkeys(c.actor for c in unique.values()))
        return list(unique.values())

    def run(self, sentences: list[Sentence], text: str | None = None) -> list[tuple[Sentence, RawClaim]]:
        """Claims of every sentence, in order. With the article ``text``, each cue pattern runs once
        over the whole article instead of once per sentence (same matches, far fewer calls)."""
        ctx = _Context()
        out = []
        self._outlets = {}  # a new article's sentences
        if text is not None:
            topics, stances = self.cb.topics, self.cb.stances
            found = {
                "topics": [(a, b, o, topics[o].label, topics[o].weak) for o, a, b in scan([c.pattern for c in topics], text)],
                "cues": [(a, b, stances[i]) for i, a, b in scan([c.pattern for c in stances], text)],
                "actors": [(m.start(), m.end(), m.group()) for m in self.cb.actor_regex.finditer(text)],
                "reporting": [m.span() for m in self.cb.reporting.finditer(text)],
            }
            self._article = {key: by_sentence(matches, sentences) for key, matches in found.items()}
            # each sentence's outlet names, from one scan: for its actors and its claims' source
            self._outlets = {sent.index: [] for sent in sentences} | by_sentence(outlet_spans(text, self.cb), sentences)
        try:
            for sent in sentences:
                self._sentence = sent
                for claim in self.sentence_claims(sent, ctx):
                    out.append((sent, claim))
        finally:
            self._article = self._sentence = None
        return out


def _as_seen_by(affiliation: str, topic: str) -> str:
    """A topic as the codebook files it for who holds the position: ground_troops is sending one's own
    soldiers into Ukraine, so Russia objecting to foreign forces is about its role, and Kyiv's view of
    foreign troops is of the force."""
    if affiliation == RUSSIA and topic in ("ground_troops", "coalition_force"):
        return "russia_role"
    if affiliation == UKRAINE and topic == "ground_troops":
        return "coalition_force"
    return topic


def _in_quote(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside a quotation: after an odd number of straight double quotes, or after a
    curly opening quote that no closing one follows before ``pos``."""
    if text.count('"', 0, pos) % 2:
        return True
    return text.rfind("“", 0, pos) > text.rfind("”", 0, pos)


def _opens_condition(text: str, start: int, end: int) -> bool:
    """Whether a condition word or phrase at ``start:end`` opens a condition: "provided" only after a
    comma (else it is the verb: "the US provided air defence")."""
    return text[start:end].lower().split()[0] not in ("provided", "providing") or text[
        max(0, start - 3) : start
    ].rstrip().endswith(",")


def _negated_before(text: str, start: int) -> bool:
    """Whether "not", "n't" or "never" (and perhaps "yet") comes right before ``start``: ``_NEGATED_BEFORE``
    over the twelve characters before, run only when they hold one of those words (most cues have none)."""
    lo = max(0, start - 12)
    window = text[lo:start].lower()
    return ("not" in window or "n't" in window or "never" in window) and _NEGATED_BEFORE.search(text, lo, start) is not None


def _clause_breaks(text: str) -> list[tuple[int, int]]:
    """Spans of the clause breaks in ``text``, from left to right and none overlapping: a semicolon or
    colon and the whitespace after it; a dash between whitespace; "but" after whitespace (from the
    first whitespace before it); ", but", ", while", ", saying", ", and he" and the like. ``_CLAUSE_BREAKS``
    finds " - " and " but " at the dash or "but"; their start is the whitespace before, which an
    earlier break must not have taken."""
    out: list[tuple[int, int]] = []
    pos, search = 0, _CLAUSE_BREAKS.search
    while (m := search(text, pos)) is not None:
        a, b = m.span()
        first = text[a]
        if first == "b" or first in "-–—":
            start = a - 1
            if first == "b":
                while start > pos and text[start - 1].isspace():
                    start -= 1
            if start < pos:  # the whitespace before belongs to the previous break: none here
                pos = a + 1
                continue
            a = start
        out.append((a, b))
        pos = b
    return out


def _condition_openers(text: str) -> list[tuple[int, int]]:
    """Where a condition begins in a sentence: "if", "unless", "as long as", ", provided (that)" ..."""
    return [(a, b) for a, b in _CONDITION_WORDS.spans(text) if _opens_condition(text, a, b)]


def sentence_source(sent: Sentence, default: str, codebook: Codebook, spans: Sequence[tuple[int, int, str]] | None = None) -> str:
    """The outlet credited for a sentence's claims (``spans``: its outlet names, if known)."""
    return credited_outlet(sent.text, codebook, spans) or default
