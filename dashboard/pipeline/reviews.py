"""Analyst decisions (``data/reviews.csv``): accept, reject or correct a claim the extractor read, or
add one it missed. Pure except for reading and writing that one file.

A decision names the claim's id and, in the current format, the sentence it was made on (article,
quote, offsets) and the machine reading it was made on (original actor, topic, stance). On a build,
``apply_reviews`` places each decision on its claim: by id when the id still exists, otherwise on the
claim of the same article whose quote is the same sentence and whose reading is the same. An added
claim becomes a row of its own (``method`` = reviewed), its offsets found in the article's text. A
decision that finds no claim is returned (``Unplaced``, with the reason) for the build to report.

The review page (``review_app``) shows ``review_queue`` and writes its decisions with
``decision_row``/``added_row``, ``replace_row`` and ``write_rows``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dashboard.errors import InputError
from dashboard.pipeline.codebook import Codebook
from dashboard.schema import ISO_DAY, STANCES, TOPICS, Claims, Reviews

Reading = tuple[str, str, str]  # (actor, topic, stance)

REVIEWED = "reviewed"  # the ``method`` of a claim a person decided on
STATUSES = ("unreviewed", "accepted", "corrected", "rejected", "added")
_STATUS_OF = {"accept": "accepted", "correct": "corrected", "reject": "rejected", "add": "added"}


@dataclass(frozen=True)
class Review:
    """One row of the reviews file. For ``add`` rows ``claim_id`` is the derived id of the added claim."""

    line: int
    action: str
    claim_id: str = ""
    actor: str = ""
    topic: str = ""
    stance: str = ""
    note: str = ""
    article_id: str = ""
    quote: str = ""
    char_start: int | None = None
    char_end: int | None = None
    original: Reading | None = None  # the machine reading the decision was made on
    source: str = ""
    claim_date: str = ""

    @property
    def keyed_by_sentence(self) -> bool:
        return bool(self.article_id and self.quote)

    @property
    def reading(self) -> Reading:
        return (self.actor, self.topic, self.stance)

    @property
    def corrected(self) -> Reading:
        """The reading a correction leads to (the original with the labels it sets)."""
        was = self.original or ("", "", "")
        return (self.actor or was[0], self.topic or was[1], self.stance or was[2])

    def name(self) -> str:
        """The review as a warning names it: line, action, claim, reading and quote."""
        reading = self.reading if self.action == "add" else self.original
        said = f" ({' · '.join(reading)})" if reading else ""
        where = f" in {self.article_id}" if self.article_id else ""
        quote = f": “{_short(self.quote)}”" if self.quote else ""
        what = "added claim" if self.action == "add" else "claim"
        return f"line {self.line}: {self.action} of {what} {self.claim_id or '(no id)'}{said}{where}{quote}"


@dataclass(frozen=True)
class Unplaced:
    """A review that found no claim, and why."""

    review: Review
    reason: str

    @property
    def claim_id(self) -> str:
        return self.review.claim_id

    def message(self) -> str:
        return f"{self.review.name()} — {self.reason}"


@dataclass(frozen=True)
class ArticleText:
    """What placing a review needs of an article: its text, publisher and publication date."""

    text: str
    publisher: str
    published: str  # YYYY-MM-DD


@dataclass
class Applied:
    """``apply_reviews``' result: the claims with the decisions applied, where each review landed
    (review line -> the claim id it decides; for an added claim, its own id) and the ones that found
    no claim."""

    claims: pd.DataFrame
    placed: dict[int, str] = field(default_factory=dict)
    unplaced: list[Unplaced] = field(default_factory=list)

    @property
    def orphans(self) -> list[Review]:
        return [u.review for u in self.unplaced]


def _short(text: str, n: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def normalise(quote: str) -> str:
    """A quote with its white space collapsed: the same sentence however it is spaced or wrapped."""
    return " ".join(quote.split())


def added_claim_id(article_id: str, quote: str, actor: str, topic: str, stance: str) -> str:
    """The id of a claim an analyst added: from the article, the sentence (its white space
    collapsed) and the reading, not from offsets, so it stays the same when the text around moves."""
    key = "|".join(["reviewed", article_id, normalise(quote), actor, topic, stance])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


# ---------------------------------------------------------------- reading and writing the file


def read_rows(path: Path) -> tuple[list[str], list[tuple[int, dict]]]:
    """The file's header and its rows as written (line, {column: text}); a missing file has none."""
    path = Path(path)
    if not path.exists():
        return list(Reviews.COLUMNS), []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(str(path), "the reviews file is not UTF-8") from None
    return _rows(text)


def _rows(text: str) -> tuple[list[str], list[tuple[int, dict]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = [(reader.line_num, row) for row in reader]
    return list(reader.fieldnames or []), rows


def read_reviews(path: Path, codebook: Codebook) -> list[Review]:
    """The reviews file's rows, validated; a missing file means no reviews. A bad row names file and line."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(str(path), "the reviews file is not UTF-8") from None
    return parse_reviews(text, str(path), codebook)


def _int(row: dict, column: str, label: str, line: int) -> int | None:
    value = (row.get(column) or "").strip()
    if not value:
        return None
    if not value.isdigit():
        raise InputError(label, f'{column} "{value}" is not a whole number of characters', line)
    return int(value)


def parse_reviews(text: str, label: str, codebook: Codebook) -> list[Review]:
    """``read_reviews`` on the file's text; ``label`` names it in errors."""
    header, rows = _rows(text)
    missing = [c for c in (Reviews.CLAIM_ID, Reviews.ACTION) if c not in header]
    if missing:
        raise InputError(label, f"missing column(s) {', '.join(missing)} (expected {', '.join(Reviews.COLUMNS)})", 1)
    out: list[Review] = []
    seen: dict[str, int] = {}
    seen_sentence: dict[tuple, int] = {}
    for line, row in rows:
        if None in row:
            raise InputError(label, f"more fields than the header has ({len(header)})", line)
        get = {c: (row.get(c) or "").strip() for c in Reviews.COLUMNS}
        action, cid = get[Reviews.ACTION], get[Reviews.CLAIM_ID]
        actor, topic, stance = get[Reviews.ACTOR], get[Reviews.TOPIC], get[Reviews.STANCE]
        article_id, quote = get[Reviews.ARTICLE_ID], (row.get(Reviews.QUOTE) or "")
        if action not in Reviews.ACTIONS:
            raise InputError(label, f'unknown action "{action}" (allowed: {", ".join(Reviews.ACTIONS)})', line)
        if topic and topic not in TOPICS:
            raise InputError(label, f'unknown topic "{topic}" (allowed: {", ".join(TOPICS)})', line)
        if stance and stance not in STANCES:
            raise InputError(label, f'unknown stance "{stance}" (allowed: {", ".join(STANCES)})', line)
        if actor and actor not in codebook.actors:
            raise InputError(label, f'unknown actor "{actor}": add it to data/codebook.yaml first', line)
        start, end = _int(row, Reviews.CHAR_START, label, line), _int(row, Reviews.CHAR_END, label, line)
        if (start is None) != (end is None):
            raise InputError(label, "char_start and char_end go together: give both or neither", line)
        if start is not None and not quote.strip():
            raise InputError(label, "char_start and char_end need the quote they locate", line)
        if start is not None and end - start != len(quote):
            raise InputError(label, f"char_end - char_start is {end - start}, but the quote has {len(quote)} characters", line)
        if bool(article_id) != bool(quote.strip()):
            raise InputError(label, "article_id and quote go together: give both (the sentence) or neither", line)
        original = tuple(get[c] for c in Reviews.ORIGINAL)
        if any(original) and not all(original):
            raise InputError(
                label, "original_actor, original_topic and original_stance go together: give all three or none", line
            )
        if get[Reviews.CLAIM_DATE] and not _is_day(get[Reviews.CLAIM_DATE]):
            raise InputError(label, f'claim_date "{get[Reviews.CLAIM_DATE]}" is not a YYYY-MM-DD date', line)
        if "\n" in quote or "\r" in quote:
            raise InputError(label, "the quote spans more than one line: a claim is read from one sentence", line)
        review = dict(
            line=line,
            action=action,
            actor=actor,
            topic=topic,
            stance=stance,
            note=get[Reviews.NOTE],
            article_id=article_id,
            quote=quote if quote.strip() else "",
            char_start=start,
            char_end=end,
            source=get[Reviews.SOURCE],
            claim_date=get[Reviews.CLAIM_DATE],
        )
        if action == "add":
            lacking = [c for c in (Reviews.ARTICLE_ID, Reviews.QUOTE, Reviews.ACTOR, Reviews.TOPIC, Reviews.STANCE) if not get[c]]
            if lacking:
                raise InputError(label, f"an added claim needs {', '.join(lacking)}", line)
            if any(original):
                raise InputError(label, "an added claim has no original reading: leave original_* empty", line)
            derived = added_claim_id(article_id, quote, actor, topic, stance)
            if cid and cid != derived:
                raise InputError(
                    label, f'the id of an added claim is derived from its row: claim_id should be "{derived}" or empty', line
                )
            cid = derived
        else:
            if get[Reviews.SOURCE] or get[Reviews.CLAIM_DATE]:
                raise InputError(label, "source and claim_date are for added claims only (action add)", line)
            if article_id and not any(original):
                raise InputError(
                    label,
                    "a review that names its sentence needs the reading it was made on (original_actor, original_topic, original_stance)",
                    line,
                )
            if any(original) and not article_id:
                raise InputError(
                    label, "original_actor, original_topic and original_stance need the sentence (article_id, quote)", line
                )
            if not cid and not article_id:
                raise InputError(label, "claim_id is empty", line)
            if action == "correct" and not (actor or topic or stance):
                raise InputError(label, "a correction must set actor, topic or stance", line)
            if action in ("accept", "reject") and (actor or topic or stance):
                raise InputError(
                    label, f"{'an acceptance' if action == 'accept' else 'a rejection'} sets no actor, topic or stance", line
                )
            if any(original):
                review["original"] = original
                key = (article_id, normalise(quote), original, start)
                if key in seen_sentence:
                    raise InputError(
                        label, f"the same reading of this sentence is reviewed twice (also on line {seen_sentence[key]})", line
                    )
                seen_sentence[key] = line
        if cid in seen:
            what = "added" if action == "add" else "reviewed"
            raise InputError(label, f'claim "{cid}" is {what} twice (also on line {seen[cid]})', line)
        if cid:
            seen[cid] = line
        out.append(Review(claim_id=cid, **review))
    return out


def _is_day(value: str) -> bool:
    if not ISO_DAY.fullmatch(value):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def rows_text(rows: list[dict], columns: list[str] | tuple[str, ...] = Reviews.COLUMNS) -> str:
    """The file's text for ``rows`` (every column of the current format first, then any other the file had)."""
    header = list(Reviews.COLUMNS) + [c for c in columns if c not in Reviews.COLUMNS and c]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c) or "" for c in header})
    return buf.getvalue()


def write_rows(
    path: Path, rows: list[dict], codebook: Codebook, columns: list[str] | tuple[str, ...] = Reviews.COLUMNS
) -> list[Review]:
    """Write the reviews file at once: checked first (nothing is written if a row is bad), then a
    temporary file in the same folder moved over it (``os.replace``). Returns the reviews written."""
    path = Path(path)
    text = rows_text(rows, columns)
    reviews = parse_reviews(text, str(path), codebook)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".reviews-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return reviews


# ---------------------------------------------------------------- placing and applying


def locate(text: str, quote: str, near: int | None = None) -> tuple[int, int] | None:
    """Where ``quote`` is in ``text`` (the occurrence nearest ``near``): verbatim, or else with its
    white space however spaced. None when the text no longer has it."""
    if not quote.strip():
        return None
    if near is not None and text[near : near + len(quote)] == quote:
        return near, near + len(quote)
    spans = []
    i = text.find(quote)
    while i >= 0:
        spans.append((i, i + len(quote)))
        i = text.find(quote, i + 1)
    if not spans:
        pattern = re.compile(r"\s+".join(re.escape(w) for w in quote.split()))
        spans = [m.span() for m in pattern.finditer(text)]
    if not spans:
        return None
    return min(spans, key=lambda s: abs(s[0] - near)) if near is not None else spans[0]


_MIN_CONTAINED = 20  # characters a quote needs to be found inside another sentence (or to hold one)


class _Sentences:
    """The claims of each article with their quotes normalised, to find a review's claim by sentence."""

    def __init__(self, claims: pd.DataFrame):
        self.by_article: dict[str, list[tuple[int, str, int, Reading]]] = {}
        if not len(claims) or Claims.QUOTE not in claims.columns:
            return
        cols = [Claims.ARTICLE_ID, Claims.QUOTE, Claims.CHAR_START, Claims.ACTOR, Claims.TOPIC, Claims.STANCE]
        for i, (aid, quote, start, actor, topic, stance) in enumerate(zip(*(claims[c].tolist() for c in cols))):
            self.by_article.setdefault(str(aid), []).append(
                (i, normalise(str(quote)), int(start), (str(actor), str(topic), str(stance)))
            )

    def find(
        self, article_id: str, quote: str, reading: Reading, near: int | None, taken: dict[int, int]
    ) -> tuple[int | None, str]:
        """(position of the claim, "") or (None, why not)."""
        rows = self.by_article.get(article_id, [])
        want = normalise(quote)
        same = [r for r in rows if r[1] == want and r[3] == reading]
        if not same:  # the sentence split differently: one quote holds the other (not a mere phrase)
            same = [
                r
                for r in rows
                if r[3] == reading and min(len(want), len(r[1])) >= _MIN_CONTAINED and (want in r[1] or r[1] in want)
            ]
        free = [r for r in same if r[0] not in taken]
        if free:
            best = min(free, key=lambda r: abs(r[2] - near)) if near is not None else free[0]
            return best[0], ""
        if same:
            return None, f"line {taken[same[0][0]]} decides the same claim"
        return None, ""

    def readings(self, article_id: str, quote: str) -> list[Reading]:
        want = normalise(quote)
        return sorted({r[3] for r in self.by_article.get(article_id, []) if r[1] == want})


def _why_not_found(r: Review, sentences: _Sentences, articles: dict[str, ArticleText] | None) -> str:
    now = sentences.readings(r.article_id, r.quote)
    if articles is not None:
        if r.article_id not in articles:
            return f"article {r.article_id} is no longer among the articles (seeds/articles.csv)"
        if locate(articles[r.article_id].text, r.quote, r.char_start) is None:
            return "its sentence is no longer in the article"
    elif not now:
        return "no claim is read from its sentence any more (the sentence may be gone)"
    said = "; ".join(" · ".join(x) for x in now)
    return (
        f"the sentence is there, but no claim on it reads {' · '.join(r.original or ())} any more"
        + (f" (the extractor now reads: {said})" if now else " (the extractor reads no claim from it now)")
        + "; decide on it again"
    )


def apply_reviews(
    claims: pd.DataFrame, reviews: list[Review], codebook: Codebook, articles: dict[str, ArticleText] | None = None
) -> Applied:
    """Claims with the decisions applied: rejected ones removed, corrections applied, accepted and
    corrected ones and added ones marked ``method`` = reviewed (added ones built from their review,
    their offsets found in ``articles``' text). A review is placed by its claim id when that claim
    exists, otherwise on the claim of the same article with the same sentence and the same original
    reading (the nearest to where it was, when the sentence occurs twice). Each claim takes one
    decision. A correction also finds a claim that already reads what it says (the extractor now agrees:
    the claim is marked reviewed). Reviews that find no claim are returned with the reason, not applied."""
    out = claims.reset_index(drop=True)
    if not reviews:
        return Applied(out)
    out = out.copy()
    position = {cid: i for i, cid in enumerate(out[Claims.CLAIM_ID].astype(str).tolist())}
    taken: dict[int, int] = {}  # claim position -> line of the review that decides it
    decided: dict[int, Review] = {}
    placed: dict[int, str] = {}
    unplaced: list[Unplaced] = []
    sentences = _Sentences(out)
    pending = []
    for r in reviews:  # by id first, so that no sentence match takes a claim its own review names
        i = position.get(r.claim_id) if r.action != "add" else None
        if i is None:
            pending.append(r)
        elif i in taken:
            unplaced.append(Unplaced(r, f"line {taken[i]} decides the same claim"))
        else:
            taken[i], decided[i] = r.line, r
    added: list[dict] = []
    added_ids: set[str] = set()
    for r in pending:
        if r.action != "add":
            if not r.keyed_by_sentence:
                unplaced.append(
                    Unplaced(
                        r, "no claim has this id any more, and the row does not name its sentence (article_id, quote, original_*)"
                    )
                )
                continue
            i, clash = sentences.find(r.article_id, r.quote, r.original, r.char_start, taken)
            if i is None and not clash and r.action == "correct":  # the extractor now reads what the analyst said
                i, clash = sentences.find(r.article_id, r.quote, r.corrected, r.char_start, taken)
            if i is None:
                unplaced.append(Unplaced(r, clash or _why_not_found(r, sentences, articles)))
                continue
            taken[i], decided[i] = r.line, r
            continue
        article = (articles or {}).get(r.article_id)
        span = locate(article.text, r.quote, r.char_start) if article else None
        if span is None:
            unplaced.append(Unplaced(r, _why_not_found(r, sentences, articles or {})))
            continue
        # the extractor may read it now itself: the added claim is then that claim, confirmed
        i, clash = sentences.find(r.article_id, article.text[span[0] : span[1]], r.reading, span[0], taken)
        if i is not None:
            taken[i], decided[i] = r.line, r
            continue
        if clash:  # the extractor reads it, and another line decides on that claim
            unplaced.append(Unplaced(r, clash))
            continue
        if r.claim_id in added_ids:
            unplaced.append(Unplaced(r, "the same claim is added by another line"))
            continue
        info = codebook.actors[r.actor]
        added_ids.add(r.claim_id)
        placed[r.line] = r.claim_id
        added.append(
            {
                Claims.CLAIM_ID: r.claim_id,
                Claims.ARTICLE_ID: r.article_id,
                Claims.PUBLISHED: article.published,
                Claims.CLAIM_DATE: r.claim_date or article.published,
                Claims.DATE_PRECISION: "day",
                Claims.PUBLISHER: article.publisher,
                Claims.SOURCE: r.source or article.publisher,
                Claims.ACTOR: info.name,
                Claims.ACTOR_TYPE: info.type,
                Claims.AFFILIATION: info.affiliation,
                Claims.TOPIC: r.topic,
                Claims.STANCE: r.stance,
                Claims.QUOTE: article.text[span[0] : span[1]],
                Claims.CHAR_START: span[0],
                Claims.CHAR_END: span[1],
                Claims.METHOD: REVIEWED,
            }
        )
    ids = out[Claims.CLAIM_ID].astype(str).tolist()
    for i, r in decided.items():
        placed[r.line] = ids[i]
        if r.action == "reject":
            continue
        if r.action == "correct":
            if r.actor:
                info = codebook.actors[r.actor]
                out.loc[i, [Claims.ACTOR, Claims.ACTOR_TYPE, Claims.AFFILIATION]] = [info.name, info.type, info.affiliation]
            if r.topic:
                out.loc[i, Claims.TOPIC] = r.topic
            if r.stance:
                out.loc[i, Claims.STANCE] = r.stance
        out.loc[i, Claims.METHOD] = REVIEWED
    rejected = [i for i, r in decided.items() if r.action == "reject"]
    out = out.drop(index=rejected)
    if added:
        new = pd.DataFrame(added, columns=list(Claims.COLUMNS))
        out = pd.concat([out, new], ignore_index=True) if len(out) else new
    unplaced.sort(key=lambda u: u.review.line)
    return Applied(out.reset_index(drop=True), dict(sorted(placed.items())), unplaced)


# ---------------------------------------------------------------- the review page's queue and decisions


@dataclass(frozen=True)
class QueueItem:
    """One claim on the review page: a machine-read claim (``original`` is its reading) or one an
    analyst added (``original`` is None); ``current`` is what the table shows (None once rejected)."""

    claim_id: str
    status: str  # one of STATUSES
    article_id: str
    quote: str
    char_start: int
    char_end: int
    published: str
    publisher: str
    source: str
    claim_date: str
    date_precision: str
    original: Reading | None
    current: Reading | None
    note: str = ""
    line: int | None = None  # the line of reviews.csv that decides it

    @property
    def reviewed(self) -> bool:
        return self.status != "unreviewed"

    def record(self) -> dict:
        """The machine claim as ``decision_row`` takes it."""
        actor, topic, stance = self.original or ("", "", "")
        return {
            Claims.CLAIM_ID: self.claim_id,
            Claims.ARTICLE_ID: self.article_id,
            Claims.QUOTE: self.quote,
            Claims.CHAR_START: self.char_start,
            Claims.CHAR_END: self.char_end,
            Claims.ACTOR: actor,
            Claims.TOPIC: topic,
            Claims.STANCE: stance,
        }


def _reading(row: dict) -> Reading:
    return (str(row[Claims.ACTOR]), str(row[Claims.TOPIC]), str(row[Claims.STANCE]))


def review_queue(machine: pd.DataFrame, applied: Applied, reviews: list[Review]) -> list[QueueItem]:
    """Every claim to review: the extractor's (``machine``: claims before any review) with what was
    decided on each, and the added ones; unreviewed first, then the newest articles first, in the
    order of their sentences."""
    by_line = {r.line: r for r in reviews}
    decision = {cid: by_line[line] for line, cid in applied.placed.items()}
    now = {str(row[Claims.CLAIM_ID]): row for row in applied.claims.to_dict("records")}
    items = []
    for row in machine.to_dict("records"):
        cid = str(row[Claims.CLAIM_ID])
        r = decision.get(cid)
        shown = now.get(cid)
        items.append(
            _queue_item(
                row,
                _STATUS_OF[r.action] if r else "unreviewed",
                original=_reading(row),
                current=_reading(shown) if shown is not None else None,
                note=r.note if r else "",
                line=r.line if r else None,
            )
        )
    machine_ids = set(machine[Claims.CLAIM_ID].astype(str))
    for line, cid in applied.placed.items():
        if cid in machine_ids or cid not in now:
            continue
        row, r = now[cid], by_line[line]
        items.append(_queue_item(row, "added", original=None, current=_reading(row), note=r.note, line=line))
    items.sort(key=lambda q: (q.article_id, q.char_start, q.original or q.current or ()))
    items.sort(key=lambda q: q.published, reverse=True)
    items.sort(key=lambda q: q.reviewed)
    return items


def _queue_item(row, status: str, **decided) -> QueueItem:
    """A claims-table row (a dict or a row) on the queue, with its status and what was decided."""
    return QueueItem(
        claim_id=str(row[Claims.CLAIM_ID]),
        status=status,
        article_id=str(row[Claims.ARTICLE_ID]),
        quote=str(row[Claims.QUOTE]),
        char_start=int(row[Claims.CHAR_START]),
        char_end=int(row[Claims.CHAR_END]),
        published=str(row[Claims.PUBLISHED]),
        publisher=str(row[Claims.PUBLISHER]),
        source=str(row[Claims.SOURCE]),
        claim_date=str(row[Claims.CLAIM_DATE]),
        date_precision=str(row[Claims.DATE_PRECISION]),
        **decided,
    )


def decision_row(claim: dict, action: str, actor: str = "", topic: str = "", stance: str = "", note: str = "") -> dict:
    """The reviews.csv row for deciding on a machine claim (``QueueItem.record()``): its id, its
    sentence and its reading; a correction keeps only the labels it changes, and one that changes
    nothing is an acceptance."""
    if action not in ("accept", "reject", "correct"):
        raise ValueError(f"not a decision on a claim: {action}")
    original = (str(claim[Claims.ACTOR]), str(claim[Claims.TOPIC]), str(claim[Claims.STANCE]))
    new = {Reviews.ACTOR: actor, Reviews.TOPIC: topic, Reviews.STANCE: stance}
    if action == "correct":
        new = {k: v for (k, v), was in zip(new.items(), original) if v and v != was}
        action = "correct" if new else "accept"
    return {
        Reviews.CLAIM_ID: str(claim[Claims.CLAIM_ID]),
        Reviews.ACTION: action,
        **(new if action == "correct" else {}),
        Reviews.NOTE: _one_line(note),
        Reviews.ARTICLE_ID: str(claim[Claims.ARTICLE_ID]),
        Reviews.QUOTE: str(claim[Claims.QUOTE]),
        Reviews.CHAR_START: str(int(claim[Claims.CHAR_START])),
        Reviews.CHAR_END: str(int(claim[Claims.CHAR_END])),
        Reviews.ORIGINAL_ACTOR: original[0],
        Reviews.ORIGINAL_TOPIC: original[1],
        Reviews.ORIGINAL_STANCE: original[2],
    }


def added_row(
    article_id: str,
    quote: str,
    start: int,
    actor: str,
    topic: str,
    stance: str,
    source: str = "",
    claim_date: str = "",
    note: str = "",
) -> dict:
    """The reviews.csv row adding a claim on the sentence ``quote`` (at ``start`` in the article)."""
    return {
        Reviews.CLAIM_ID: added_claim_id(article_id, quote, actor, topic, stance),
        Reviews.ACTION: "add",
        Reviews.ACTOR: actor,
        Reviews.TOPIC: topic,
        Reviews.STANCE: stance,
        Reviews.NOTE: _one_line(note),
        Reviews.ARTICLE_ID: article_id,
        Reviews.QUOTE: quote,
        Reviews.CHAR_START: str(start),
        Reviews.CHAR_END: str(start + len(quote)),
        Reviews.SOURCE: _one_line(source),
        Reviews.CLAIM_DATE: claim_date,
    }


def redecide(item: QueueItem, action: str, actor: str = "", topic: str = "", stance: str = "", note: str = "") -> dict | None:
    """The row that records ``action`` on ``item`` in place of its decision so far (None: no row,
    the item goes back to the queue or, for an added claim, away). ``action`` is accept, reject,
    correct or undo."""
    if action == "undo":
        return None
    if item.original is not None:
        return decision_row(item.record(), action, actor, topic, stance, note)
    # a claim an analyst added: rejecting it withdraws it; correcting it adds it with the new reading
    if action == "reject":
        return None
    was = item.current or ("", "", "")
    reading = (actor or was[0], topic or was[1], stance or was[2]) if action == "correct" else was
    return added_row(item.article_id, item.quote, item.char_start, *reading, item.source, item.claim_date, note or item.note)


def replace_row(rows: list[tuple[int, dict]], line: int | None, new: dict | None) -> list[dict]:
    """The file's rows with the row at ``line`` replaced by ``new`` (removed when ``new`` is None);
    with no ``line``, ``new`` is appended."""
    out = []
    for at, row in rows:
        if at == line:
            if new is not None:
                out.append(new)
        else:
            out.append(row)
    if line is None and new is not None:
        out.append(new)
    return out


def _one_line(text: str) -> str:
    return " ".join(str(text or "").split())


def next_to_review(items: list[QueueItem], claim_id: str) -> str | None:
    """The claim to look at after deciding on ``claim_id``: the next unreviewed one after it in the
    queue, else the first unreviewed one, else None."""
    ids = [q.claim_id for q in items]
    at = ids.index(claim_id) if claim_id in ids else -1
    later = [q for q in items[at + 1 :] if not q.reviewed and q.claim_id != claim_id]
    sooner = [q for q in items if not q.reviewed and q.claim_id != claim_id]
    return (later or sooner)[0].claim_id if (later or sooner) else None
