"""Claims -> reported contributions (who offers or refuses troops, aircraft ...): pure.

A contribution is what a claim's topic names as a capability (troops for ``ground_troops``,
aircraft for ``air_support``, a radar or air-defence systems for ``air_defense`` ...). Its status
follows the stance: supports is committed when the words say it will be done ("will send",
"pledged", "agreed") and offered when they say it could be ("ready to", "offered", "could");
conditional, refused (opposes) and sought (calls_for, credited to the party asked). A country
contributes, through its people, officials and institutions; so do the coalition's members and
Europe's nations as groups ("Coalition members", "European nations"); other groups do not.
"""

from __future__ import annotations

STATUS_BY_STANCE = {"conditional": "conditional", "opposes": "refused", "calls_for": "sought"}
_COMMITTING = ("pledge", "commit", "agree", "decide", "promise", "vow", "sign", "approve", "announce", "confirm")
_OFFERING = {
    "ready",
    "willing",
    "prepared",
    "open",
    "offer",
    "offered",
    "offers",
    "could",
    "can",
    "might",
    "may",
    "consider",
    "able",
    "propose",
}
_NO_CONTRIBUTOR = ("", "Other", "Coalition")


def capability_of(topic: str, words: str) -> str | None:
    """The capability a claim's topic names (None for topics that are no contribution)."""
    low = words.lower()
    if topic == "ground_troops":
        return "troops"
    if topic == "air_support":
        return "aircraft"
    if topic == "air_defense":
        return "radar" if "radar" in low else "air_defense"
    if topic in ("intelligence", "naval", "training"):
        return topic
    if topic == "logistics":
        if "command" in low or "headquarter" in low:
            return "command_and_control"
        if any(w in low for w in ("equipment", "weapon", "arms", "ammunition", "munition")):
            return "equipment"
        return "logistics"
    if topic == "burden_sharing" and any(w in low for w in ("fund", "financ", "money", "pay", "cost", "bill", "budget")):
        return "funding"
    return None


def contribution_status(stance: str, predicate: str) -> str | None:
    """The contribution status a stance gives; ``predicate`` is the words that decided it."""
    if stance != "supports":
        return STATUS_BY_STANCE.get(stance)
    words = {w.lower().strip(".,") for w in predicate.split()}
    if words & _OFFERING:
        return "offered"
    if words & {"will", "would", "shall", "'ll"} or any(w.startswith(_COMMITTING) for w in words):
        return "committed"
    return "offered"


def contributors(claim) -> list[str]:
    """Who a claim says contributes: the party asked for a call, else the claim's actor, as a country."""
    parties = list(claim.addressees) if claim.stance == "calls_for" else [(claim.actor, claim.actor_type, claim.affiliation)]
    out = []
    for name, kind, affiliation in parties:
        if kind == "group":
            # a country's officials speak for the country; the coalition's members and Europe's nations
            # are contributors as a group ("Coalition members", "European nations"); others are no one's
            if affiliation == "Coalition":
                out.append("Coalition members")
            elif affiliation == "Europe":
                out.append(name if name in _EUROPEAN_GROUPS else "European nations")
            elif affiliation not in _NO_CONTRIBUTOR:
                out.append(affiliation)
            continue
        if affiliation in _NO_CONTRIBUTOR:
            continue
        country = name if kind == "country" else affiliation
        out.append("European Union" if country == "Europe" else country)
    return list(dict.fromkeys(out))


_EUROPEAN_GROUPS = {"European allies", "European countries", "European nations", "Baltic states"}
