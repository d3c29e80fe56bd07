"""The machine-readable codebook (``data/codebook.yaml``): loaded, validated and compiled once.

The codebook names the actors (with their aliases, type and affiliation) and the outlets (with
theirs). The words the sentence reading looks for are in ``data/lexicon.yaml``.
``load_codebook`` is the only function here that reads a file; the ``Codebook`` it returns is
immutable and is what the pure extractor takes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from ahocorasick_rs import AhoCorasick
from retrie.trie import Trie

from dashboard.errors import InputError
from dashboard.schema import ACTOR_TYPES


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


@dataclass(frozen=True)
class Actor:
    name: str
    type: str
    affiliation: str


@dataclass(frozen=True)
class Codebook:
    """Compiled codebook. Build one with ``load_codebook`` or ``parse_codebook``."""

    actors: dict[str, Actor]
    actor_aliases: dict[str, str]  # alias as written -> canonical actor name
    outlets: dict[str, str]  # alias -> outlet name
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


def parse_codebook(doc: dict, path: str = "codebook") -> Codebook:
    """Validate and compile a codebook document; errors name the entry and the allowed values."""
    if not isinstance(doc, dict):
        raise InputError(path, "the codebook must be a mapping with actors and outlets")
    for key in ("actors", "outlets"):
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

    return Codebook(
        actors=actors,
        actor_aliases=aliases,
        outlets=outlets,
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
