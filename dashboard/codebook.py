"""The machine-readable codebook (``data/codebook.yaml``): loaded, validated and compiled once.

``load_codebook`` is the only function here that reads a file; the ``Codebook`` it returns is
immutable and is what the pure extractor takes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from ahocorasick_rs import AhoCorasick
from retrie.trie import Trie

from .errors import InputError
from .schema import ACTOR_TYPES, CAPABILITIES, STANCES, TOPICS

try:  # Python's own regex parser (re._parser since 3.11)
    from re import _parser as _sre
except ImportError:  # pragma: no cover
    import sre_parse as _sre

_sre_parse = _sre.parse
_LITERAL, _SUBPATTERN, _BRANCH = _sre.LITERAL, _sre.SUBPATTERN, _sre.BRANCH
_LOOKAROUNDS = (_sre.ASSERT, _sre.ASSERT_NOT)
_UNBOUNDED = 10_000  # a width at least this large is treated as unbounded

CUE_KINDS = ("verb", "noun", "pred", "modal", "cond", "passive")


def lower_literals(pattern: str) -> str:
    """The pattern with its literal letters lower-cased (escapes such as \\S or \\B, and group names, kept as written)."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith(("(?P<", "(?P="), i):  # a group's name is kept as written
            close = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
            out.append(pattern[i : close + 1])
            i = close + 1
        elif pattern[i] == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


_LAST_LOWERED: tuple[str, str] = ("", "")


def lower_same_length(text: str) -> str:
    """``text.lower()`` with offsets kept (characters whose lower case is longer stay as they are).

    The last text is remembered: every cue pattern of an article scans the same text."""
    global _LAST_LOWERED
    last = _LAST_LOWERED
    if last[0] is text:
        return last[1]
    low = _lower(text)
    _LAST_LOWERED = (text, low)
    return low


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _literal_runs(items) -> list[str]:
    """The runs of plain characters in a parsed sequence (each run is matched as written)."""
    runs, run = [], []
    for op, av in items:
        if op is _LITERAL:
            run.append(chr(av))
            continue
        if run:
            runs.append("".join(run))
        run = []
    if run:
        runs.append("".join(run))
    return runs


def required_literals(body: str) -> tuple[str, ...]:
    """Strings one of which every match of ``body`` must contain, or () when none can be told.

    Only what a sequence makes mandatory counts: its longest run of plain characters (at least
    three), or else a group of alternatives that each have such strings of their own (found the
    same way, so ``\\bmust\\b|\\bshould\\b`` gives ``must`` and ``should``). Used to skip a cue
    pattern whose text cannot match (a substring test instead of a regex scan)."""
    try:
        parsed = _sre_parse(body)
    except re.error:
        return ()
    return _required(list(parsed))


def _alternatives(op, av) -> list | None:
    """The alternatives of a parsed item that is a group of them (``a|b``, ``(?:a|b)``), else None."""
    if op is _BRANCH:
        return av[1]
    if op is _SUBPATTERN and len(av[-1]) == 1 and av[-1][0][0] is _BRANCH:
        return av[-1][0][1][1]
    return None


def _each(alternatives: list, strings_of) -> tuple[str, ...]:
    """The strings ``strings_of`` gives every alternative, together; () when one has none."""
    found: list[str] = []
    for alternative in alternatives:
        strings = strings_of(list(alternative))
        if not strings:
            return ()
        found.extend(strings)
    return tuple(dict.fromkeys(found))


def _required(items) -> tuple[str, ...]:
    best = max(_literal_runs(items), key=len, default="")
    if len(best) >= 3:
        return (best,)
    for op, av in items:  # every item of a sequence is mandatory
        alternatives = _alternatives(op, av)
        strings = _each(alternatives, _required) if alternatives is not None else ()
        if strings:
            return strings
    return ()


def _prefixes(items) -> tuple[str, ...]:
    """Strings one of which every match of a parsed sequence begins with, each of three characters
    or more, or () when none can be told: its leading run of plain characters, or the prefixes of
    each alternative of a leading group of alternatives."""
    run = []
    for op, av in items:
        if op is not _LITERAL:
            break
        run.append(chr(av))
    if run:
        return ("".join(run),) if len(run) >= 3 else ()
    alternatives = _alternatives(*items[0]) if items else None
    return _each(alternatives, _prefixes) if alternatives is not None else ()


def _widths(parsed) -> tuple[int, int] | None:
    """(the most characters a match of the ``parsed`` pattern spans, the most a lookaround looks
    past it), or None when either is unbounded or a match can be empty."""
    least, most = parsed.getwidth()
    looks = [0]

    def walk(items) -> None:
        for op, av in items:
            if op in _LOOKAROUNDS:
                looks.append(av[1].getwidth()[1])
            for part in av if isinstance(av, (tuple, list)) else ():
                if isinstance(part, _sre.SubPattern):
                    walk(part)
                elif isinstance(part, list):  # a branch's alternatives
                    for alternative in part:
                        if isinstance(alternative, _sre.SubPattern):
                            walk(alternative)

    walk(parsed)
    if least == 0 or most >= _UNBOUNDED or max(looks) >= _UNBOUNDED:
        return None
    return most, max(looks)


class Matcher:
    """A case-insensitive cue pattern that scans fast.

    Python's regex engine skips ahead quickly only when a pattern does not start with ``\\b`` and
    is case-sensitive, so the pattern is compiled without its leading ``\\b`` against lower-cased
    text, and the word boundary is checked on each match. About three times faster than
    ``re.IGNORECASE`` over the codebook, with the same matches.

    Where every match must contain one of some strings (``required_literals``) and a match spans
    at most ``W`` characters, the regex only reads the windows around those strings: a text
    without them is skipped outright, one with a few is read near them (see ``_windowed``). The
    strings of all matchers are found together, in one pass over the text (``_held``)."""

    __slots__ = ("pattern", "_regex", "_boundary", "_required", "_prefixes", "_widths", "_windows", "_any")

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._boundary = pattern.startswith("\\b")
        body = lower_literals(pattern[2:] if self._boundary else pattern)
        self._regex = re.compile(body)
        parsed = _sre_parse(body)  # parses: it has just compiled
        self._required = _required(list(parsed))
        self._prefixes = _prefixes(list(parsed))
        self._widths = _widths(parsed)
        self._windows = bool(self._required and self._widths)
        # whether a short text holds a required string: a few substring tests, or a look at the strings
        # that one automaton pass found in it for every matcher (``_strings_in``)
        self._any = frozenset(self._required) if len(self._required) > 2 else None
        _register(self._required)
        _register(self._prefixes)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        low = lower_same_length(text)
        end = len(low) if endpos is None else endpos
        whole = endpos is None and len(low) - pos > 400  # a long text; a sentence is read whole, faster
        if whole and (self._prefixes or self._windows):
            return iter(self._read_long(low, pos))
        if self._required and not self._holds_required(low):
            return iter(())  # no match can be in this text
        return self._plain(low, pos, end)

    def _read_long(self, low: str, pos: int):
        """The matches in a long lower-cased text from ``pos`` on: at its prefixes, in windows around its
        required strings, or by a plain scan (the caller has tested for the required strings)."""
        if self._prefixes:
            return self._anchored(low, pos)
        if self._windows:
            return self._windowed(low, pos)
        return self._plain(low, pos, len(low))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every match (``scan`` of an article)."""
        return [m.span() for m in self.finditer(text)]

    def _plain(self, low: str, pos: int, end: int):
        """The regex's matches in ``low[pos:end]``, its leading \\b checked on each."""
        while True:
            for m in self._regex.finditer(low, pos, end):
                if self._boundary and self._rejects(low, m.start()):
                    pos = m.start() + 1
                    break
                yield m
            else:
                return

    def _holds_required(self, low: str) -> bool:
        if self._any is not None:
            return not self._any.isdisjoint(_strings_in(low))
        return any(r in low for r in self._required)

    @staticmethod
    def _rejects(low: str, start: int) -> bool:
        """Whether the leading \\b the regex runs without fails at ``start``. A match it allows may
        then begin inside the rejected one ("rebut only if": "only if"): callers look again from
        the next character."""
        return (start > 0 and (low[start - 1].isalnum() or low[start - 1] == "_")) or not (
            low[start : start + 1].isalnum() or low[start : start + 1] == "_"
        )

    def search(self, text: str, pos: int = 0, endpos: int | None = None):
        """The first match, as ``next(self.finditer(...), None)``; a sentence (or a part of a text)
        is searched directly, without generators: the engine asks thousands of times an article."""
        low = lower_same_length(text)
        if endpos is None and len(low) - pos > 400:
            return next(self.finditer(text, pos), None)
        if self._required and not self._holds_required(low):
            return None
        end = len(low) if endpos is None else endpos
        m = self._regex.search(low, pos, end)
        while m is not None and self._boundary and self._rejects(low, m.start()):
            m = self._regex.search(low, m.start() + 1, end)  # as in _plain
        return m

    def _anchored(self, low: str, pos: int) -> list[re.Match]:
        """The pattern's matches from ``pos`` on, for a pattern every match of which begins with one
        of a few strings (``_prefixes``): the leftmost match begins where one of them is, so the
        regex is tried only there, at that position (``match``), in order, and the next try starts
        where a match ends. A position where the leading \\b fails is passed over untried."""
        hits = _positions(low, self._prefixes)
        match, boundary, floor, out = self._regex.match, self._boundary, pos, []
        for q in hits:
            if q < floor:
                continue
            if boundary:  # _rejects, written out: most hits are inside words ("the" in "other")
                before = low[q - 1] if q else " "
                if before.isalnum() or before == "_" or not (low[q].isalnum() or low[q] == "_"):
                    continue
            m = match(low, q)
            if m is not None:
                out.append(m)
                floor = m.end()
        return out

    def _windowed(self, low: str, pos: int) -> list[re.Match]:
        """The pattern's matches from ``pos`` on (its leading \\b checked), reading only near the required strings.

        With q the first required string at or after ``pos``, a match starting at or after ``pos``
        contains a required string at or after q, so it starts at or after q - W; the first one
        that starts by q ends by q + W. A search of [max(pos, q - W), q + W + L + 1) (L: how far a
        lookaround reads past a match; the regex sees the real text before its start) therefore
        finds it, and anything it finds starting by q is real (a match the window's cut end let
        through would start after q). Found: keep it, go on from its end. Found but its leading
        \\b fails: go on from the character after its start. Not found: no match starts by q, go
        on from q + 1. Many required strings: one plain scan is cheaper."""
        most, look = self._widths
        hits = _positions(low, self._required)
        n = len(hits)
        i = bisect_left(hits, pos)
        if i == n:
            return []
        end = len(low)
        if (n - i) * (2 * most + look) > end - pos:
            return list(self._plain(low, pos, end))
        search, reach, floor, out, boundary = self._regex.search, most + look + 1, pos, [], self._boundary
        while i < n:
            q = hits[i]
            m = search(low, q - most if q - most > floor else floor, q + reach if q + reach < end else end)
            if m is None or m.start() > q:
                floor = q + 1
            elif boundary and self._rejects(low, m.start()):
                floor = m.start() + 1  # as in _plain: a real match may begin inside this one
            else:
                out.append(m)
                floor = m.end()
            while i < n and hits[i] < floor:
                i += 1
        return out


class Words:
    """Whole words from a short list, case-insensitive: what ``\\b(?:w1|w2|...)\\b`` with
    ``re.IGNORECASE`` finds, as spans. The words are found with an Aho-Corasick automaton over the
    lower-cased text and kept where both ends are word boundaries (two kept words cannot overlap),
    three times faster than the regex, which tries every position of the text."""

    __slots__ = ("pattern", "_automaton")

    def __init__(self, words: list[str]):
        if not all(w and (w[0].isalnum() or w[0] == "_") and (w[-1].isalnum() or w[-1] == "_") for w in words):
            raise ValueError("Words takes words that begin and end with a word character")
        self.pattern = r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"
        self._automaton = AhoCorasick([w.lower() for w in words])

    def spans(self, text: str) -> list[tuple[int, int]]:
        low = lower_same_length(text)
        n, out = len(low), []
        for _, a, b in self._automaton.find_matches_as_indexes(low, overlapping=True):
            if (a == 0 or not (low[a - 1].isalnum() or low[a - 1] == "_")) and (
                b == n or not (low[b].isalnum() or low[b] == "_")
            ):
                out.append((a, b))
        return out


_STRINGS: dict[str, None] = {}  # the required strings of every matcher built, in order
_AUTOMATON: list = [None]  # an Aho-Corasick automaton of _STRINGS, built when first needed
_LAST_HELD: list = [None, {}]  # [text, {string: positions}]: cue patterns share strings
_SHORT_HELD: dict[str, frozenset[str]] = {}  # short text -> the strings of _STRINGS it holds (``_strings_in``)


def _register(strings: tuple[str, ...]) -> None:
    new = [s for s in strings if s not in _STRINGS]
    if new:
        _STRINGS.update(dict.fromkeys(new))
        _AUTOMATON[0] = _LAST_HELD[0] = None  # what was found so far lacks them
        _SHORT_HELD.clear()


def scan(matchers, text: str) -> list[tuple[int, int, int]]:
    """(index in ``matchers``, start, end) of every match of each matcher in ``text``, in matcher
    order. Over a long text, a matcher none of whose required strings the text holds is not run."""
    low = lower_same_length(text)
    if len(low) <= 400:
        return [(i, a, b) for i, matcher in enumerate(matchers) for a, b in matcher.spans(text)]
    held = _held(low).keys()
    out = []
    for i, m in enumerate(matchers):  # what ``m.spans(text)`` does for a long text, with fewer calls
        if m._required and held.isdisjoint(m._required):
            continue
        for match in m._read_long(low, 0):
            out.append((i, match.start(), match.end()))
    return out


def _positions(low: str, strings: tuple[str, ...]) -> list[int]:
    """Where any of ``strings`` (required strings of a matcher) begins in ``low``, in order."""
    held = _held(low)
    if len(strings) == 1:
        return held.get(strings[0], [])
    return sorted({i for s in strings for i in held.get(s, ())})


def _held(text: str) -> dict[str, list[int]]:
    """The required strings of all matchers that ``text`` holds, with their positions.

    They are found at once with an Aho-Corasick automaton: one pass instead of one ``str.find``
    scan per string, about a tenth of the time on an article. Remembered for the last text."""
    if _LAST_HELD[0] is not text:
        automaton, strings = _automaton()
        found: dict[str, list[int]] = {}
        for i, start, _end in automaton.find_matches_as_indexes(text, overlapping=True):
            string = strings[i]
            if string in found:
                found[string].append(start)  # by end, so by start for one string
            else:
                found[string] = [start]
        _LAST_HELD[0], _LAST_HELD[1] = text, found
    return _LAST_HELD[1]


def _automaton():
    """(An Aho-Corasick automaton of ``_STRINGS``, those strings as a list), built when first needed."""
    if _AUTOMATON[0] is None:
        strings = list(_STRINGS)
        _AUTOMATON[0] = (AhoCorasick(strings), strings)
    return _AUTOMATON[0]


def _strings_in(low: str) -> frozenset[str]:
    """The required strings of all matchers that a short text (a sentence, a window of one) holds.

    One automaton pass answers every matcher that asks about the text: a sentence is searched by
    several matchers, each of which used to run an automaton of its own. Remembered for the last
    few hundred texts."""
    found = _SHORT_HELD.get(low)
    if found is None:
        if len(_SHORT_HELD) >= 512:
            _SHORT_HELD.clear()
        automaton, strings = _automaton()
        found = frozenset([strings[i] for i, _start, _end in automaton.find_matches_as_indexes(low, overlapping=True)])
        _SHORT_HELD[low] = found
    return found


@dataclass(frozen=True)
class Actor:
    name: str
    type: str
    affiliation: str


@dataclass(frozen=True)
class TopicCue:
    label: str
    pattern: Matcher  # case-insensitive, lower-cased scan (same matches as re.IGNORECASE)
    weak: bool


@dataclass(frozen=True)
class StanceCue:
    stance: str
    pattern: Matcher  # case-insensitive, lower-cased scan (same matches as re.IGNORECASE)
    kind: str
    consume: bool = False
    keep_topic: bool = False


@dataclass(frozen=True)
class Codebook:
    """Compiled codebook. Build one with ``load_codebook`` or ``parse_codebook``."""

    actors: dict[str, Actor]
    actor_aliases: dict[str, str]  # alias as written -> canonical actor name
    outlets: dict[str, str]  # alias -> outlet name
    topics: tuple[TopicCue, ...]
    stances: tuple[StanceCue, ...]
    reporting: Matcher  # reporting verbs ("said", "according to"), case-insensitive
    capabilities: tuple[tuple[str, Matcher], ...]
    metrics: tuple[tuple[str, re.Pattern], ...]
    actor_regex: AliasPattern = field(repr=False)
    outlet_regex: AliasPattern = field(repr=False)


class AliasPattern:
    """Every alias of a table, as one regex: a leading capital may also be lower case and the reverse
    ("The Pentagon" / "the Pentagon"), but all-capital aliases (US, UK) match exactly.

    The aliases are laid out as a trie (``retrie``), so the engine follows one branch per letter
    instead of trying each of hundreds of aliases at every word: about twenty times faster than a
    plain alternation, with the same matches (all aliases that fit at a position are prefixes of
    one another, and the trie tries the longer first). ``finditer`` tries the regex only where an
    alias as written begins, found by an Aho-Corasick automaton: a match is one of those strings,
    so no other position can hold one (a third of the time of a full scan, same matches)."""

    __slots__ = ("regex", "_starts", "match", "fullmatch")

    def __init__(self, aliases: list[str]):
        written = set()
        for alias in aliases:
            first = alias[0]
            if first.isalpha() and not (alias.isupper() and len(alias) <= 5) and len(alias) > 1:
                written.update((first.upper() + alias[1:], first.lower() + alias[1:]))
            else:
                written.add(alias)
        self.regex = re.compile(r"(?<![\w.-])(?:" + Trie(*sorted(written)).pattern() + r")(?![\w-])(?!\.\w)")
        self.match, self.fullmatch = self.regex.match, self.regex.fullmatch
        self._starts = AhoCorasick(sorted(written))

    def finditer(self, text: str):
        """What ``self.regex.finditer(text)`` yields: at each position where an alias begins, the
        regex is tried as ``finditer`` would try it there; the next try starts where a match ends."""
        floor = 0
        for pos in sorted({start for _, start, _ in self._starts.find_matches_as_indexes(text, overlapping=True)}):
            if pos >= floor:
                m = self.regex.match(text, pos)
                if m is not None:
                    yield m
                    floor = m.end()


def _compile(path: str, where: str, pattern: str, flags: int = re.IGNORECASE) -> re.Pattern:
    try:
        return re.compile(pattern, flags)
    except re.error as err:
        raise InputError(path, f"{where}: pattern {pattern!r} is not a valid regular expression ({err})") from None


def _matcher(path: str, where: str, pattern: str) -> Matcher:
    _compile(path, where, pattern)  # the error names the entry
    try:
        return Matcher(pattern)
    except re.error as err:
        raise InputError(path, f"{where}: pattern {pattern!r} is not a valid regular expression ({err})") from None


def parse_codebook(doc: dict, path: str = "codebook") -> Codebook:
    """Validate and compile a codebook document; errors name the entry and the allowed values."""
    if not isinstance(doc, dict):
        raise InputError(path, "the codebook must be a mapping with actors, topics, stances, outlets")
    for key in ("actors", "topics", "stances", "outlets", "reporting_verbs"):
        if key not in doc:
            raise InputError(path, f"missing section '{key}'")

    actors: dict[str, Actor] = {}
    aliases: dict[str, str] = {}
    for i, entry in enumerate(doc["actors"]):
        where = f"actors[{i}] ({entry.get('name', '?')})"
        for key in ("name", "type", "affiliation"):
            if not entry.get(key):
                raise InputError(path, f"{where}: missing '{key}'")
        if entry["type"] not in ACTOR_TYPES:
            raise InputError(path, f"{where}: unknown type '{entry['type']}' (allowed: {', '.join(ACTOR_TYPES)})")
        actors[entry["name"]] = Actor(entry["name"], entry["type"], entry["affiliation"])
        for alias in [entry["name"], *entry.get("aliases", [])]:
            aliases[str(alias)] = entry["name"]

    outlets: dict[str, str] = {}
    for i, entry in enumerate(doc["outlets"]):
        if not entry.get("name"):
            raise InputError(path, f"outlets[{i}]: missing 'name'")
        for alias in [entry["name"], *entry.get("aliases", [])]:
            outlets[str(alias)] = entry["name"]

    topics = []
    for i, entry in enumerate(doc["topics"]):
        label = entry.get("label")
        if label not in TOPICS:
            raise InputError(path, f"topics[{i}]: unknown topic '{label}' (allowed: {', '.join(TOPICS)})")
        for cue in entry.get("cues", []):
            topics.append(TopicCue(label, _matcher(path, f"topic {label}", cue), bool(entry.get("weak"))))

    stances = []
    for stance, cues in doc["stances"].items():
        if stance not in STANCES:
            raise InputError(path, f"stances: unknown stance '{stance}' (allowed: {', '.join(STANCES)})")
        for cue in cues:
            kind = cue.get("kind", "verb")
            if kind not in CUE_KINDS:
                raise InputError(path, f"stance {stance}: unknown kind '{kind}' (allowed: {', '.join(CUE_KINDS)})")
            stances.append(
                StanceCue(
                    stance,
                    _matcher(path, f"stance {stance}", cue["pattern"]),
                    kind,
                    bool(cue.get("consume")),
                    bool(cue.get("keep_topic")),
                )
            )

    capabilities = []
    for cap, patterns in (doc.get("capabilities") or {}).items():
        if cap not in CAPABILITIES:
            raise InputError(path, f"capabilities: unknown capability '{cap}' (allowed: {', '.join(CAPABILITIES)})")
        capabilities += [(cap, _matcher(path, f"capability {cap}", p)) for p in patterns]
    metrics = [(m["metric"], _compile(path, f"metric {m['metric']}", m["pattern"])) for m in doc.get("metrics", [])]

    return Codebook(
        actors=actors,
        actor_aliases=aliases,
        outlets=outlets,
        topics=tuple(topics),
        stances=tuple(stances),
        reporting=_matcher(path, "reporting_verbs", doc["reporting_verbs"]),
        capabilities=tuple(capabilities),
        metrics=tuple(metrics),
        actor_regex=AliasPattern(list(aliases)),
        outlet_regex=AliasPattern(list(outlets)),
    )


def load_codebook(path: Path) -> Codebook:
    """Read and compile ``path``; a YAML error names the line."""
    try:
        doc = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "the codebook is missing (expected data/codebook.yaml)") from None
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        raise InputError(
            str(path), f"not valid YAML: {getattr(err, 'problem', err)}", None if line is None else line + 1
        ) from None
    return parse_codebook(doc, str(path))
