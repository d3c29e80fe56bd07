"""Claims -> reported contributions (who offers or refuses troops, aircraft ...): pure.

A contribution is a capability named in the scope of a claim's stance cue. Its status follows the
stance (supports -> offered, or committed for pledges and commitments; conditional; opposes ->
refused; calls_for -> sought, credited to the actor asked). Persons and institutions contribute
through their country.
"""

from __future__ import annotations

import re

from ..codebook import Codebook, scan

_COMMITTED = re.compile(r"\b(?:pledg\w*|commit\w*|will\s+(?:send|deploy|provide))\b", re.IGNORECASE)
STATUS_BY_STANCE = {"supports": "offered", "conditional": "conditional", "opposes": "refused", "calls_for": "sought"}


def capability_matches(text: str, codebook: Codebook) -> list[tuple[int, int, str]]:
    """(start, end, capability) of every capability cue in ``text``, in codebook order."""
    caps = codebook.capabilities
    return [(a, b, caps[i][0]) for i, a, b in scan([pattern for _, pattern in caps], text)]


def capabilities_in(
    text: str, codebook: Codebook, span: tuple[int, int] | None = None, matches: list[tuple[int, int, str]] | None = None
) -> list[str]:
    """Capabilities named in ``text`` (or in ``span`` of it), in order, each once; longer cues
    mask shorter. ``matches`` from ``capability_matches`` saves scanning the text again."""
    lo, hi = span or (0, len(text))
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, str]] = []
    for start, end, cap in matches if matches is not None else capability_matches(text, codebook):
        if start < lo or end > hi or any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        found.append((start, cap))
    return list(dict.fromkeys(cap for _, cap in sorted(found)))


def contributor_of(actor: str, codebook: Codebook) -> str:
    """Countries and groups contribute as themselves; people and institutions as their country."""
    info = codebook.actors[actor]
    if info.type in ("country", "group") or info.affiliation in ("Other", "Europe", "Coalition"):
        return actor
    return info.affiliation


def contribution_status(stance: str, cue_text: str) -> str | None:
    """The contribution status a stance gives, or None for stances that offer nothing."""
    status = STATUS_BY_STANCE.get(stance)
    if status == "offered" and _COMMITTED.search(cue_text):
        return "committed"
    return status
