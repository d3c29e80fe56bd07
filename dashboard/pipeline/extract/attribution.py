"""Which outlet a claim is credited to (CODEBOOK.md, "A claim"): pure functions over text.

An article that rewrites another outlet's report (headline "... - Bloomberg" or "Bloomberg: ...",
"writes with reference to X", a wire dateline "(Reuters) -" or "/TASS/", a "By PA ..." byline)
credits its claims to that outlet; a sentence's own "as reported by X", "X reported", "according to
X" overrides it, and failing those "in an interview with X", "speaking to X". "One source told the
publication" stays with the default. People are never sources.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dashboard.pipeline.codebook import Codebook
from dashboard.pipeline.extract.sentences import Sentence

_OUTLET_VERB_AFTER = re.compile(
    r"^\s*,?\s*(?:(?:newspaper|daily|news\s+agency|agency|broadcaster|website|magazine|weekly|outlet)\s+)?(?:has\s+|had\s+)?(?:previously\s+|also\s+|first\s+)?"
    r"(?:reported|reports|said|says|writes|wrote|learned|learnt|revealed|cited|quoted|published)\b"
)
_OUTLET_VERB_BEFORE = re.compile(
    r"(?:reported\s+by|according\s+to|with\s+reference\s+to|citing|told|cited\s+by|as\s+reported\s+by|as\s+first\s+reported\s+by|wrote|writes|published\s+by|reports?\s+in)\s+"
    # "according to the British daily The Times", "citing the public broadcaster"
    r"(?:the\s+(?:[A-Z][\w-]+\s+)?(?:daily|newspaper|news\s+agency|agency|broadcaster|public\s+broadcaster|weekly|magazine|website|radio|channel)\s+)?$",
    re.IGNORECASE,
)
# where the words were said: credited when no outlet is credited as reporting them ("In an interview with Fox
# News, Trump said ..., The Hill reported" stays with The Hill)
_INTERVIEW_BEFORE = re.compile(r"(?:(?:in|during)\s+an?\s+(?:\w+\s+)?interview\s+(?:with|on)|speaking\s+to)\s+$", re.IGNORECASE)
_INTERVIEW_AFTER = re.compile(r"^\s+(?:interview|broadcast|programme|program|podcast)\b", re.IGNORECASE)
# an outlet the codebook does not list, named as one: "citing RMF24", "the newspaper Berlingske", "broadcaster NRK"
_NAMED_OUTLET = re.compile(
    r"(?:\bciting\s+(?:the\s+)?|\b(?:newspaper|daily|news\s+agency|broadcaster|public\s+broadcaster|magazine|weekly|news\s+site|portal|outlet)\s+)"
    r"(?P<o>[A-Z][\w.&'-]*(?:\s+[A-Z0-9][\w.&'-]*){0,3})"
    r"|(?P<o2>[A-Z][\w.&'-]*(?:\s+[A-Z0-9][\w.&'-]*){0,3})\s+(?:newspaper|daily|news\s+agency|broadcaster)\s+(?:reported|reports|said|says|wrote|writes|quoted|cited)\b"
)


def outlet_spans(text: str, codebook: Codebook) -> tuple[tuple[int, int, str], ...]:
    """(start, end, outlet name) of every outlet named in ``text``."""
    return tuple(
        (m.start(), m.end(), codebook.outlets[_alias_key(codebook.outlets, m.group())])
        for m in codebook.outlet_regex.finditer(text)
    )


def _outlet_named(written: str, codebook: Codebook) -> str | None:
    """The outlet a short credit line names, whatever its case ("Reuters", "KYODO")."""
    if codebook.outlet_regex.fullmatch(written):
        return codebook.outlets[_alias_key(codebook.outlets, written)]
    lowered = {alias.lower(): name for alias, name in codebook.outlets.items()}
    return lowered.get(written.lower())


def _alias_key(table: dict[str, str], written: str) -> str:
    if written in table:
        return written
    flipped = written[0].swapcase() + written[1:]
    return flipped if flipped in table else written


def credited_outlet(
    sentence_text: str, codebook: Codebook, spans: Sequence[tuple[int, int, str]] | None = None, publisher: str = ""
) -> str | None:
    """The outlet a sentence credits itself ("X reported", "as reported by X"), if any; ``spans``
    are the sentence's ``outlet_spans`` when the caller has them."""
    credited_before, credited_after, interviewed = [], [], []
    for start, end, name in outlet_spans(sentence_text, codebook) if spans is None else spans:
        before = sentence_text[max(0, start - 40) : start]
        if _OUTLET_VERB_BEFORE.search(before):
            credited_before.append(name)
        elif _OUTLET_VERB_AFTER.match(sentence_text[end : end + 40]):
            credited_after.append(name)
        elif ("nterview" in before or "peaking" in before) and _INTERVIEW_BEFORE.search(before):
            interviewed.append(name)
        elif _INTERVIEW_AFTER.match(sentence_text[end : end + 20]) and re.search(
            r"\b(?:in|during|on)\s+(?:an?\s+|the\s+)?$", before
        ):
            interviewed.append(name)  # "in a Fox News interview"
    # "UNN writes with reference to Bloomberg": the outlet referred to wins over the one writing;
    # "said in an interview with Reuters, Ukrinform reports": the publisher crediting itself gives way
    if publisher and interviewed:
        credited_after = [name for name in credited_after if name.lower() != publisher.lower()]
    found = credited_before or credited_after or interviewed
    if not found and (
        "citing" in sentence_text or "newspaper" in sentence_text or "agency" in sentence_text or "broadcaster" in sentence_text
    ):
        m = _NAMED_OUTLET.search(sentence_text)
        if m:
            name = (m.group("o") or m.group("o2")).strip().rstrip(".,;:")
            if name not in codebook.actor_aliases and not name.lower().startswith(
                ("sources", "officials", "people", "diplomats", "the ")
            ):
                return codebook.outlets.get(name, name)
    return found[0] if found else None


def default_source(text: str, sentences: list[Sentence], publisher: str, codebook: Codebook) -> str:
    """The outlet an article credits as a whole, else its publisher."""
    if sentences:
        headline = sentences[0].text
        m = re.search(r"\s[-–—|]\s*([^-–—|]+?)\s*$", headline)
        if m and codebook.outlet_regex.fullmatch(m.group(1)):
            return codebook.outlets[_alias_key(codebook.outlets, m.group(1))]
        m = re.match(r"^\s*([^:]{2,40}):\s", headline)
        if m and codebook.outlet_regex.fullmatch(m.group(1)):
            return codebook.outlets[_alias_key(codebook.outlets, m.group(1))]
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    for line in lines[1:4] + lines[-2:]:
        m = re.match(r"^(?:©\s*|\(c\)\s*|source:\s*|by\s+)?(?P<o>[^|,;:()]{2,40}?)\s*(?:\|.*)?$", line, re.IGNORECASE)
        if m and len(line) <= 60:
            name = _outlet_named(m.group("o").strip(), codebook)
            if name and name.lower() != publisher.lower():
                return name
    lead = text[:1500]
    # a wire the codebook does not list, in a dateline: "OSLO (NTB) –"
    m = re.search(r"(?m)^[A-ZÀ-Ý][A-ZÀ-Ý .,'/-]{1,40}\((?P<o>[A-Za-zÀ-ž]{2,12})\)\s*[-–—]{1,2}", lead)
    if m and m.group("o") not in codebook.actor_aliases:
        return _outlet_named(m.group("o"), codebook) or m.group("o")
    for pattern in (
        r"with\s+reference\s+to\s+(?:the\s+)?(?P<o>[A-Z][\w.&' -]{1,40}?)[\s.,]",
        r"\((?P<o>[A-Z][\w.&' -]{1,30})\)\s*[-–—]{1,2}",
        r"/(?P<o>[A-Z]{2,10})/",
        r"(?m)^\s*By\s+(?P<o>[A-Z][\w.&' -]{1,40}?)(?:,|$)",
    ):
        for m in re.finditer(pattern, lead):
            hit = codebook.outlet_regex.match(m.group("o"))
            if hit:
                return codebook.outlets[_alias_key(codebook.outlets, hit.group())]
    return publisher


def sentence_source(
    sent: Sentence, default: str, codebook: Codebook, spans: Sequence[tuple[int, int, str]] | None = None, publisher: str = ""
) -> str:
    """The outlet credited for a sentence's claims (``spans``: its outlet names, if known). The
    publisher's own name, as its metadata gives it, stands for the publisher ("AP" credits "AP", not
    "Associated Press", when AP publishes)."""
    found = credited_outlet(sent.text, codebook, spans, publisher) or default
    return publisher if publisher and found != publisher and _outlet_named(publisher, codebook) == found else found
