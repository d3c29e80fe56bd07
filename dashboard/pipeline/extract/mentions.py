"""Who is named in a parsed sentence: the actors that can hold a position (pure).

A mention is a span of tokens with the actor it names:

* an alias from the codebook ("Kyiv", "the Pentagon", "Keir Starmer", "Tusk");
* a person the codebook does not know, found by shape: capitalised names with a title before them
  ("Estonian Prime Minister Kristen Michal") or after them (", Estonia's prime minister"), or a
  first-and-last name that says or tells something; their country comes from the title's words or,
  later in the article, from the first mention (``Registry``);
* a group: a plural noun of the lexicon's ``group_nouns`` with a word that says whose it is
  ("European leaders", "US officials", "Twenty-six of Ukraine's allies", "coalition members");
* a pronoun or a title alone ("he", "their", "the chancellor"), resolved to the actor last named
  that fits it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.pipeline.codebook import Codebook
from dashboard.pipeline.extract.lexicon import Lexicon

_PERSON_PRONOUNS = {"he": "person", "him": "person", "his": "person", "she": "person", "her": "person"}
_THING_PRONOUNS = {"it", "its"}
_PLURAL_PRONOUNS = {"they", "them", "their"}
_SPEAKER_PRONOUNS = {"we", "our", "us", "i", "my", "me", "ours"}
_NAME_PARTICLES = {"de", "von", "van", "der", "den", "da", "di", "del", "la", "le", "bin", "al", "el", "ter", "du"}
_NUMBER_WORDS = {
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "dozen",
    "dozens",
    "several",
    "many",
    "some",
    "few",
    "most",
    "all",
    "both",
    "other",
    "numerous",
    "various",
    "handful",
}
_COALITION_WORDS = {"coalition", "allied", "willing"}
_UKRAINE_BACKERS = {"ally", "partner", "backer", "supporter", "friend", "member"}


@dataclass(frozen=True)
class Mention:
    """``doc[start:end]`` names ``name`` (type, affiliation); ``head`` is the span's syntactic head."""

    start: int
    end: int
    head: int
    name: str
    type: str
    affiliation: str
    kind: str  # alias, person, group, pronoun, speaker, demonym
    title: str = ""


@dataclass
class Registry:
    """What an article has named so far: people by their surnames, and the last of each kind."""

    people: dict = field(default_factory=dict)  # name or surname -> (full name, affiliation, title)
    last_person: Mention | None = None
    last_thing: Mention | None = None  # a country or an organisation
    last_plural: list = field(default_factory=list)  # the mentions "they" stands for
    last_speaker: Mention | None = None  # who spoke last (for a quote that runs on)
    last_subject_person: Mention | None = None  # the person a sentence was about (its subject)

    def remember(self, mentions: list[Mention], doc=None) -> None:
        if doc is not None:
            for m in mentions:
                if m.type == "person" and m.kind != "demonym" and doc[m.head].dep_ in ("nsubj", "nsubjpass"):
                    self.last_subject_person = m
                    break
        subjects = []
        for m in mentions:
            if m.kind in ("demonym",):
                continue
            if m.type == "person":
                self.last_person = m
            elif m.type in ("country", "organization"):
                self.last_thing = m
            if m.type == "group":
                self.last_plural = [m]
            subjects.append(m)
        # a coordinated pair ("France and Britain") is what a later "they" names
        countries = [m for m in subjects if m.type == "country"]
        if len(countries) >= 2:
            self.last_plural = countries


def _alias_spans(doc, text: str, codebook: Codebook):
    for m in codebook.actor_regex.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and len(span):
            yield span, codebook.actor_aliases.get(m.group()) or _alias_ci(codebook, m.group())


def _alias_ci(codebook: Codebook, written: str) -> str | None:
    flipped = written[0].swapcase() + written[1:]
    return codebook.actor_aliases.get(flipped)


_LOCATIVE = frozenset({"in", "at", "near", "outside", "inside", "around", "across", "throughout", "to", "into", "via"})


def _a_place(span, lexicon: Lexicon) -> bool:
    """A city named as where something happens ("told allies in Brussels", "a summit in Paris",
    "travelled to Kyiv"), not the government it can stand for."""
    root = span.root
    return span.text in lexicon.places and root.dep_ == "pobj" and root.head.lower_ in _LOCATIVE


# a group is named as the text names it: Europe's leaders are not its countries, and the coalition's
# members are not the coalition as a project
_GROUP_NOUNS = {
    "European nations": (
        ("leader", "European leaders"),
        ("countr", "European countries"),
        ("state", "European countries"),
        ("government", "European governments"),
        ("capital", "European capitals"),
        ("power", "European powers"),
    ),
    "Coalition of the willing": (
        ("member", "Coalition members"),
        ("countr", "Coalition members"),
        ("partner", "Coalition members"),
        ("leader", "Coalition members"),
        ("allied", "Coalition members"),
        ("allies", "Coalition members"),
    ),
}


def group_name(name: str, written: str) -> str:
    """The name a group actor goes by where the text names it with these words."""
    low = written.lower()
    for part, named in _GROUP_NOUNS.get(name, ()):
        if part in low:
            return named
    return name


class _Taken(list):
    """The (start, end) token spans already read as mentions, with a count per token covered (so that
    "is this token taken?" is one lookup, asked for every token by every pass)."""

    def __init__(self):
        super().__init__()
        self.cover: dict[int, int] = {}

    def append(self, span: tuple[int, int]) -> None:
        super().append(span)
        for i in range(*span):
            self.cover[i] = self.cover.get(i, 0) + 1

    def remove(self, span: tuple[int, int]) -> None:
        super().remove(span)
        for i in range(*span):
            self.cover[i] -= 1
            if not self.cover[i]:
                del self.cover[i]

    def covers(self, a: int, b: int) -> bool:
        """Whether any token of ``a``..``b`` is taken."""
        return any(i in self.cover for i in range(a, b))


def _head_of(doc, a: int, b: int) -> int:
    """The token of ``doc[a:b]`` whose head lies outside the span (the last one if several)."""
    best = b - 1
    for i in range(a, b):
        h = doc[i].head.i
        if not (a <= h < b) or h == i:
            best = i
    return best


def country_of_word(token, codebook: Codebook, lexicon: Lexicon) -> str | None:
    """The country or bloc a single word stands for ("Estonian", "Estonia", "Tallinn"), if any."""
    low = token.lower_
    if low in lexicon.demonyms:
        return lexicon.demonyms[low]
    name = codebook.actor_aliases.get(token.text)
    if name:
        actor = codebook.actors[name]
        if actor.type in ("country", "organization"):
            return actor.affiliation
    if token.text in lexicon.capitals:
        return lexicon.capitals[token.text]
    if token.text in lexicon.capitals.values():
        return token.text
    return None


def find_mentions(doc, text: str, codebook: Codebook, lexicon: Lexicon, registry: Registry) -> list[Mention]:
    """Every actor mention in one parsed sentence, in order; pronouns resolved through ``registry``
    (which this does not change: the caller remembers the sentence's mentions when done)."""
    out: list[Mention] = []
    taken = _Taken()
    outlets = [(m.start(), m.end()) for m in codebook.outlet_regex.finditer(text)]

    # 1. the codebook's aliases
    for span, name in _alias_spans(doc, text, codebook):
        if name is None:
            continue
        a0, b0 = span[0].idx, span[-1].idx + len(span[-1])
        if any(s <= a0 and b0 <= e for s, e in outlets) or _a_place(span, lexicon):
            continue
        actor = codebook.actors[name]
        known = registry.people.get(span.text)
        if known and actor.type != "person" and span.text[:1].isupper():
            # "Montenegro" after "Prime Minister Luís Montenegro": the person the article named, not the country
            out.append(
                Mention(
                    span.start, span.end, _head_of(doc, span.start, span.end), known[0], "person", known[1], "person", known[2]
                )
            )
            taken.append((span.start, span.end))
            continue
        if actor.type == "person" and span[0].lower_ == "the":
            if span.end < len(doc) and doc[span.end].lower_ == "of":
                continue  # "the president of the European Commission": a title of whoever follows, not the one known
            # "the president", "the Prime Minister": the person of that title last named, if any
            person = _by_title(registry, span)
            if person:
                actor = person
        out.append(
            Mention(
                span.start,
                span.end,
                _head_of(doc, span.start, span.end),
                group_name(actor.name, span.text) if actor.type == "group" else actor.name,
                actor.type,
                actor.affiliation,
                "alias",
            )
        )
        taken.append((span.start, span.end))

    # 2. countries beyond the codebook's actors, by name or capital
    for tok in doc:
        if tok.i in taken.cover:
            continue
        if (tok.text in lexicon.capitals or (tok.text in lexicon.capitals.values() and tok.text[0].isupper())) and not _a_place(
            doc[tok.i : tok.i + 1], lexicon
        ):
            country = lexicon.capitals.get(tok.text, tok.text)
            out.append(Mention(tok.i, tok.i + 1, tok.i, country, "country", country, "alias"))
            taken.append((tok.i, tok.i + 1))

    # 3. people the codebook does not know (a first name before a country's name is a person: "Luís Montenegro")
    for m in list(out):
        if (
            m.kind == "alias"
            and m.type == "country"
            and m.start > 0
            and doc[m.start - 1].tag_ == "NNP"
            and m.start - 1 not in taken.cover
        ):
            first = doc[m.start - 1]
            if (
                first.text[:1].isupper()
                and first.lower_ not in lexicon.titles
                and first.lower_ not in lexicon.not_names
                and first.lower_ not in lexicon.demonyms
                and first.text not in codebook.actor_aliases
            ):
                out.remove(m)
                taken.remove((m.start, m.end))
    for person in _people(doc, taken, codebook, lexicon, registry):
        out.append(person)
        taken.append((person.start, person.end))

    # 4. groups
    for group in _groups(doc, taken, codebook, lexicon):
        out.append(group)
        taken.append((group.start, group.end))

    for group in _figure_subjects(doc, taken):
        out.append(group)
        taken.append((group.start, group.end))

    # 5. country adjectives ("British troops"): not holders by themselves, but they say whose troops
    for tok in doc:
        if tok.i in taken.cover or tok.pos_ not in ("ADJ", "PROPN", "NOUN"):
            continue
        low = tok.lower_
        if low in lexicon.demonyms and tok.text[0].isupper() and low not in ("us", "uk", "eu", "nato", "u.s.", "u.k."):
            aff = lexicon.demonyms[low]
            out.append(Mention(tok.i, tok.i + 1, tok.i, aff, "country", aff, "demonym"))

    # 6. pronouns and titles alone
    out.sort(key=lambda m: m.start)
    resolved: list[Mention] = []
    for tok in doc:
        low = tok.lower_
        if tok.i in taken.cover:
            continue
        target = None
        if low in _PERSON_PRONOUNS and tok.tag_ in ("PRP", "PRP$"):
            target = _last_before(out, tok.i, ("person",)) or registry.last_subject_person or registry.last_person
        elif low in _THING_PRONOUNS and tok.tag_ in ("PRP", "PRP$") and not _expletive(tok):
            target = _last_before(out, tok.i, ("country", "organization"), doc) or registry.last_thing
        elif low in _PLURAL_PRONOUNS and tok.tag_ in ("PRP", "PRP$"):
            before = [m for m in out if m.end <= tok.i and m.kind not in ("demonym",) and m.type in ("group", "country")]
            plural = _plural_before(before, doc)
            for m in plural or registry.last_plural:
                resolved.append(Mention(tok.i, tok.i + 1, tok.i, m.name, m.type, m.affiliation, "pronoun"))
            continue
        elif low in _SPEAKER_PRONOUNS and tok.tag_ in ("PRP", "PRP$"):
            resolved.append(Mention(tok.i, tok.i + 1, tok.i, "", "", "", "speaker"))
            continue
        elif low in ("country", "government", "nation") and any(
            c.dep_ == "poss" and c.lower_ in ("his", "her", "their", "our", "its") for c in tok.children
        ):
            owner = next(c for c in tok.children if c.dep_ == "poss")
            person = _last_before(out, owner.i, ("person",)) or registry.last_subject_person or registry.last_person
            if owner.lower_ in ("our",) or person is None or not person.affiliation:
                continue
            taken.append((owner.i, tok.i + 1))
            resolved.append(Mention(owner.i, tok.i + 1, tok.i, person.affiliation, "country", person.affiliation, "alias"))
            continue
        elif low == "the" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ in lexicon.titles:
            span = doc[tok.i : _title_end(doc, tok.i + 1, lexicon)]
            if span.end < len(doc) and doc[span.end].tag_ == "NNP":
                continue  # "the Prime Minister Kristen Michal" was read as a person
            person = _by_title(registry, span)
            if person:
                resolved.append(
                    Mention(span.start, span.end, span.end - 1, person.name, person.type, person.affiliation, "pronoun")
                )
            continue
        if target is not None:
            resolved.append(Mention(tok.i, tok.i + 1, tok.i, target.name, target.type, target.affiliation, "pronoun"))
    return sorted(out + resolved, key=lambda m: (m.start, m.end))


def _expletive(tok) -> bool:
    """ "It remains unclear whether ...", "it is essential that ...": no referent."""
    head = tok.head
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return tok.dep_ == "expl"
    if head.lemma_ in ("be", "remain", "seem", "appear", "become", "look", "emerge", "make"):
        # "it is unclear whether ...", "it is important to ...": the clause is the subject
        if any(c.dep_ in ("ccomp", "xcomp", "csubj") for c in head.children):
            return True
        return any(c.dep_ in ("acomp", "attr") and any(g.dep_ in ("ccomp", "xcomp") for g in c.children) for c in head.children)
    return False


def _last_before(mentions: list[Mention], i: int, types: tuple[str, ...], doc=None) -> Mention | None:
    for m in reversed(mentions):
        if m.end <= i and m.type in types and m.kind != "demonym":
            if doc is not None and _in_aside(doc[m.head], i):
                continue  # "Norway, which is not an EU member, said it ...": the EU is no antecedent
            return m
    return None


def _in_aside(tok, i: int) -> bool:
    t = tok
    while t.head.i != t.i:
        if t.dep_ in ("relcl", "appos") and not (t.left_edge.i <= i <= t.right_edge.i):
            return True
        t = t.head
    return False


def _plural_before(before: list[Mention], doc=None) -> list[Mention]:
    if not before:
        return []
    if doc is not None:
        # the group the sentence is about ("European allies ... came to the conclusion that ... they sought")
        subjects = [m for m in before if m.type == "group" and doc[m.head].dep_ == "nsubj" and doc[m.head].head.dep_ == "ROOT"]
        if subjects:
            return [subjects[0]]
    last = before[-1]
    if last.type == "group":
        return [last]
    # a coordination of countries ("Britain and France ... they")
    if doc is not None:
        head = doc[last.head]
        if head.dep_ == "conj":
            first = head.head
            while first.dep_ == "conj":
                first = first.head
            members = [m for m in before if first.i <= m.head <= last.head and m.type == "country"]
            if len(members) >= 2:
                return members
    return []


def _title_end(doc, i: int, lexicon: Lexicon) -> int:
    while i < len(doc) and (doc[i].lower_ in lexicon.titles or doc[i].lower_ in ("of", "-")):
        i += 1
    return i


def _by_title(registry: Registry, span):
    words = {t.lower_ for t in span if t.lower_ not in ("the", "of")}
    best = None
    for name, (full, aff, title) in registry.people.items():
        if name != full or not title:
            continue
        if words <= set(title.split()):
            best = (full, aff)
    if best:
        from dashboard.pipeline.codebook import Actor

        return Actor(best[0], "person", best[1])
    return None


def _is_name_token(tok, lexicon: Lexicon) -> bool:
    text = tok.text
    if tok.tag_ not in ("NNP", "NNPS") and not (text[:1].isupper() and tok.pos_ == "PROPN"):
        return False
    low = tok.lower_
    return (
        text[:1].isupper()
        and low not in lexicon.not_names
        and low not in lexicon.titles
        and low not in lexicon.demonyms
        and not any(ch.isdigit() for ch in text)
        and not (len(text) > 2 and text.isupper())  # a dateline's city ("ROME, SEPT 4 -"), not a name
        and text not in lexicon.places
    )


def _people(doc, taken, codebook: Codebook, lexicon: Lexicon, registry: Registry):
    i, n = 0, len(doc)
    while i < n:
        if taken.covers(i, i + 1) or not _is_name_token(doc[i], lexicon):
            i += 1
            continue
        j = i + 1
        while (
            j < n
            and not taken.covers(j, j + 1)
            and (
                _is_name_token(doc[j], lexicon)
                or (doc[j].lower_ in _NAME_PARTICLES and j + 1 < n and _is_name_token(doc[j + 1], lexicon))
            )
        ):
            j += 1
        name = " ".join(t.text for t in doc[i:j])
        known = registry.people.get(name)
        title_words, aff = _title_before(doc, i, codebook, lexicon)
        appos_title, appos_aff = _appositive(doc, i, j, codebook, lexicon)
        title = title_words or appos_title
        aff = aff or appos_aff
        said = j - i >= 2 and _speaks(doc, i, j)
        if known:
            full, known_aff, known_title = known
            yield Mention(i, j, _head_of(doc, i, j), full, "person", aff or known_aff, "person", title or known_title)
        elif title or said:
            if j - i >= 2 or title:
                yield Mention(i, j, _head_of(doc, i, j), name, "person", aff or "", "person", title)
        i = j


def _title_before(doc, i: int, codebook: Codebook, lexicon: Lexicon) -> tuple[str, str]:
    """The title words right before a name ("Estonian Prime Minister") and the country they name."""
    k = i - 1
    words, aff = [], ""
    while k >= 0 and i - k <= 8:
        tok = doc[k]
        low = tok.lower_
        if (
            low in lexicon.titles
            or low in ("'s", "’s", "of", "the", "-")
            or low in lexicon.demonyms
            or tok.pos_ in ("ADJ", "PROPN", "NOUN")
        ):
            if low in lexicon.titles:
                words.append(low)
            country = country_of_word(tok, codebook, lexicon)
            if country and not aff:
                aff = country
            if tok.pos_ == "VERB" or low in (",", "and", "said"):
                break
            k -= 1
            if not words and i - k > 3:
                break
            continue
        break
    return " ".join(reversed(words)), aff if words else ""


def _appositive(doc, i: int, j: int, codebook: Codebook, lexicon: Lexicon) -> tuple[str, str]:
    """ ", Estonia's prime minister," or ", the head of Germany's armed forces association," after a name."""
    if j >= len(doc) or doc[j].text != ",":
        return "", ""
    words, aff = [], ""
    k = j + 1
    while k < len(doc) and k - j <= 12 and doc[k].text not in (",", ";", ":", "(", ")") and doc[k].pos_ != "VERB":
        tok = doc[k]
        if tok.lower_ in lexicon.titles:
            words.append(tok.lower_)
        country = country_of_word(tok, codebook, lexicon)
        if country and not aff:
            aff = country
        k += 1
    return (" ".join(words), aff) if words else ("", "")


def _speaks(doc, i: int, j: int) -> bool:
    head = doc[_head_of(doc, i, j)]
    if head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_ in (
        "say",
        "tell",
        "add",
        "write",
        "argue",
        "insist",
        "warn",
        "announce",
        "note",
        "stress",
    ):
        return True
    return j < len(doc) and doc[j].lower_ in ("said", "says", "told", "tells", "added", "wrote")


_AMOUNT_NOUNS = {"number", "dozen", "dozens", "handful", "majority", "score", "scores", "couple", "host", "raft", "string"}


def _groups(doc, taken, codebook: Codebook, lexicon: Lexicon):
    for tok in doc:
        if tok.pos_ not in ("NOUN", "PROPN") or taken.covers(tok.i, tok.i + 1):
            continue
        lemma = tok.lemma_.lower()
        if lemma not in lexicon.group_nouns:
            continue
        plural = tok.tag_ in ("NNS", "NNPS") or tok.lower_ in ("europeans",)
        left = [c for c in tok.lefts]
        start = min(
            [tok.i]
            + [
                c.left_edge.i
                for c in left
                if c.dep_ in ("amod", "compound", "nummod", "poss", "det", "quantmod", "npadvmod", "nmod")
            ]
        )
        aff, numeric, coalition = "", False, False
        for c in left:
            for t in c.subtree:
                low = t.lower_
                if low in _COALITION_WORDS:
                    coalition = True
                if t.like_num or low in _NUMBER_WORDS:
                    numeric = True
                country = country_of_word(t, codebook, lexicon)
                if country and not aff and not (country == "Ukraine" and lemma in _UKRAINE_BACKERS):
                    aff = country
                if country == "Ukraine" and lemma in _UKRAINE_BACKERS:
                    coalition = True
        # "Twenty-six of Ukraine's allies": the figure is the head, the group its "of" object
        if (
            tok.dep_ == "pobj"
            and tok.head.lower_ == "of"
            and (tok.head.head.like_num or tok.head.head.lemma_.lower() in _AMOUNT_NOUNS)
        ):
            numeric = True  # "a number of countries", "dozens of countries"
            start = min(start, tok.head.head.left_edge.i)
        if taken.covers(start, tok.i):
            start = tok.i
        if not plural and lemma not in ("coalition",) and not aff:
            continue
        if lemma in ("european", "westerner"):
            aff = aff or ("Europe" if lemma == "european" else "Other")
        if coalition or (numeric and not aff) or (lemma in _UKRAINE_BACKERS and not aff):
            name, aff = "Coalition members", "Coalition"
        elif aff:
            name = _group_name(aff, tok, lexicon)
        else:
            continue
        yield Mention(start, tok.i + 1, tok.i, name, "group", aff, "group")


def _figure_subjects(doc, taken):
    """A figure standing for countries as a subject ("fifteen have offered their forces", "26 have signed")."""
    for tok in doc:
        if tok.tag_ == "CD" and tok.dep_ in ("nsubj", "nsubjpass") and not taken.covers(tok.i, tok.i + 1):
            if not any(c.dep_ == "prep" for c in tok.children) or any(
                c.dep_ == "prep"
                and c.lower_ == "of"
                and any(g.lemma_.lower() in ("country", "member", "ally", "nation", "state", "them") for g in c.subtree)
                for c in tok.children
            ):
                yield Mention(tok.left_edge.i, tok.i + 1, tok.i, "Coalition members", "group", "Coalition", "group")


def _group_name(aff: str, tok, lexicon: Lexicon) -> str:
    noun = tok.lemma_.lower()
    plural = {
        "ally": "allies",
        "country": "countries",
        "army": "armies",
        "military": "militaries",
        "chief": "chiefs",
        "democracy": "democracies",
    }.get(noun, noun + "s")
    if noun in ("european", "westerner"):
        return "European countries" if noun == "european" else "Western countries"
    adjective = {
        "Europe": "European",
        "United States": "US",
        "United Kingdom": "British",
        "Other": "Western",
        "Coalition": "Coalition",
    }.get(aff)
    if adjective is None:
        adjective = next((k.capitalize() for k, v in lexicon.demonyms.items() if v == aff and k.isalpha()), aff)
    return f"{adjective} {plural}"
