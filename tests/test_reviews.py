"""Analyst decisions (data/reviews.csv): the old format still applies, a decision finds its claim again
when a changed extractor gives it another id, added claims, orphans reported by name, bad rows."""

from __future__ import annotations

import dataclasses
import shutil

import pandas as pd
import pytest

from dashboard.__main__ import main
from dashboard.errors import InputError
from dashboard.pipeline import extract as extract_module
from dashboard.pipeline.build import build_tables
from dashboard.pipeline.reviews import (
    QueueItem,
    added_claim_id,
    added_row,
    apply_reviews,
    decision_row,
    read_reviews,
    redecide,
    rows_text,
    write_rows,
)
from dashboard.schema import Claims, Reviews

from .conftest import ROOT

OLD_HEADER = "claim_id,action,actor,topic,stance,note\n"
HEADER = ",".join(Reviews.COLUMNS) + "\n"
UNN = "004_03d7dc0ff398e5df"  # the UNN article of the seeds (Bloomberg's report, 2025-06-04)


def write(tmp_path, body, header=OLD_HEADER):
    path = tmp_path / "reviews.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def frame():
    return pd.DataFrame(
        [
            {
                Claims.CLAIM_ID: "a",
                Claims.ACTOR: "United States",
                Claims.ACTOR_TYPE: "country",
                Claims.AFFILIATION: "United States",
                Claims.TOPIC: "air_support",
                Claims.STANCE: "supports",
                Claims.METHOD: "rule",
            },
            {
                Claims.CLAIM_ID: "b",
                Claims.ACTOR: "France",
                Claims.ACTOR_TYPE: "country",
                Claims.AFFILIATION: "France",
                Claims.TOPIC: "naval",
                Claims.STANCE: "supports",
                Claims.METHOD: "rule",
            },
        ]
    )


@pytest.fixture
def seeds(tmp_path):
    """A copy of the shipped seeds, to change."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    return tmp_path / "seeds"


@pytest.fixture(scope="module")
def machine(codebook):
    """The extractor's claims on the shipped seeds, before any review."""
    tables, _ = build_tables(ROOT / "seeds", codebook, None)
    return tables["claims"]


def only(claims: pd.DataFrame, **where) -> dict:
    mask = pd.Series(True, index=claims.index)
    for column, value in where.items():
        mask &= claims[column].astype(str) == str(value)
    (row,) = claims[mask].to_dict("records")
    return row


def unique_claims(claims: pd.DataFrame, article_id: str) -> list[dict]:
    """Claims of the article whose (sentence, reading) occurs once, in order."""
    rows = claims[claims[Claims.ARTICLE_ID] == article_id]
    key = [Claims.QUOTE, Claims.ACTOR, Claims.TOPIC, Claims.STANCE]
    return rows[~rows.duplicated(key, keep=False)].to_dict("records")


def reading(row: dict) -> tuple[str, str, str]:
    return (row[Claims.ACTOR], row[Claims.TOPIC], row[Claims.STANCE])


def other_stance(stance: str) -> str:
    return "undecided" if stance != "undecided" else "calls_for"


def test_reviews001_old_format_rows_still_apply(tmp_path, codebook):
    reviews = read_reviews(
        write(tmp_path, "a,reject,,,,wrong actor\nb,correct,Emmanuel Macron,coalition_force,,\nzzz,reject,,,,gone\n"), codebook
    )
    applied = apply_reviews(frame(), reviews, codebook)
    out = applied.claims
    assert list(out[Claims.CLAIM_ID]) == ["b"]
    row = out.iloc[0]
    assert (
        row[Claims.ACTOR],
        row[Claims.ACTOR_TYPE],
        row[Claims.AFFILIATION],
        row[Claims.TOPIC],
        row[Claims.STANCE],
        row[Claims.METHOD],
    ) == ("Emmanuel Macron", "person", "France", "coalition_force", "supports", "reviewed")
    assert [r.claim_id for r in applied.orphans] == ["zzz"]
    (message,) = [u.message() for u in applied.unplaced]
    assert message.startswith("line 4: reject of claim zzz") and "does not name its sentence" in message
    assert applied.placed == {2: "a", 3: "b"}


def test_reviews002_old_format_file_in_a_build(tmp_path, codebook, machine):
    """A file written before the format grew (six columns, claim ids only) applies as it did."""
    first, second = unique_claims(machine, UNN)[:2]
    stance = other_stance(second[Claims.STANCE])
    path = write(tmp_path, f"{first[Claims.CLAIM_ID]},reject,,,,\n{second[Claims.CLAIM_ID]},correct,,,{stance},\n")
    tables, summary = build_tables(ROOT / "seeds", codebook, path)
    claims = tables["claims"]
    assert first[Claims.CLAIM_ID] not in set(claims[Claims.CLAIM_ID])
    row = only(claims, claim_id=second[Claims.CLAIM_ID])
    assert (row[Claims.STANCE], row[Claims.METHOD]) == (stance, "reviewed")
    assert (summary["claims"], summary["reviewed"], summary["rejected"], summary["orphan_reviews"]) == (
        len(machine) - 1,
        1,
        1,
        [],
    )


def sentence_keyed(rows: list[tuple[dict, str, dict]]) -> str:
    """reviews.csv text of decisions on machine claims, as the review page writes them."""
    return rows_text([decision_row(claim, action, **labels) for claim, action, labels in rows])


def test_reviews003_a_decision_finds_its_claim_after_the_ids_change(tmp_path, seeds, codebook, machine, monkeypatch):
    """A changed engine gives every claim another id (here: ``claim_id`` hashed differently). The
    decisions that name their sentence and reading land on the same claims; an old-format row (id
    only) can no longer be placed and is reported by name."""
    claims = unique_claims(machine, UNN)
    corrected, rejected, accepted, old = claims[0], claims[1], claims[2], claims[3]
    stance = other_stance(corrected[Claims.STANCE])
    path = tmp_path / "reviews.csv"
    text = sentence_keyed(
        [(corrected, "correct", {"stance": stance, "note": "read again"}), (rejected, "reject", {}), (accepted, "accept", {})]
    )
    path.write_text(text + f"{old[Claims.CLAIM_ID]},reject,,,,,,,,,,,,,\n", encoding="utf-8")

    before, summary = build_tables(seeds, codebook, path)
    assert summary["orphan_reviews"] == [] and summary["rejected"] == 2

    real = extract_module.claim_id
    monkeypatch.setattr(extract_module, "claim_id", lambda *key: "v2" + real(*key)[:10])
    after, summary = build_tables(seeds, codebook, path)
    new = after["claims"]
    assert not set(new[Claims.CLAIM_ID]) & set(machine[Claims.CLAIM_ID])  # every id changed
    row = only(new, quote=corrected[Claims.QUOTE], actor=corrected[Claims.ACTOR], topic=corrected[Claims.TOPIC], stance=stance)
    assert row[Claims.METHOD] == "reviewed" and row[Claims.CLAIM_ID].startswith("v2")
    assert (row[Claims.CHAR_START], row[Claims.CHAR_END]) == (corrected[Claims.CHAR_START], corrected[Claims.CHAR_END])
    gone = new[(new[Claims.QUOTE] == rejected[Claims.QUOTE])]
    assert reading(rejected) not in {reading(r) for r in gone.to_dict("records")}
    assert (
        only(new, quote=accepted[Claims.QUOTE], **dict(zip(("actor", "topic", "stance"), reading(accepted))))[Claims.METHOD]
        == "reviewed"
    )
    # the old-format row rejected its claim by id alone: it comes back, and the build says which row lost it
    assert len(new) == len(before["claims"]) + 1
    (orphan,) = summary["orphan_reviews"]
    assert orphan.startswith(f"line 5: reject of claim {old[Claims.CLAIM_ID]}") and "does not name its sentence" in orphan
    assert summary["reviewed"] == 2 and summary["rejected"] == 1


def test_reviews004_decisions_follow_their_sentence_when_the_text_moves(tmp_path, seeds, codebook, machine):
    """A paragraph inserted above moves every offset (so every id): decisions, and an added claim,
    are placed where their sentences are now, verbatim."""
    claims = unique_claims(machine, UNN)
    target = claims[4]
    stance = other_stance(target[Claims.STANCE])
    last = claims[-1]
    add = added_row(UNN, last[Claims.QUOTE], last[Claims.CHAR_START], "Poland", "ground_troops", "opposes")
    path = tmp_path / "reviews.csv"
    path.write_text(rows_text([decision_row(target, "correct", stance=stance), add]), encoding="utf-8")

    article = seeds / f"{UNN}.txt"
    text = article.read_text(encoding="utf-8")
    head, rest = text.split("\n", 1)
    moved = head + "\n\nAn editor's note added later, long after the article first ran.\n" + rest
    article.write_text(moved, encoding="utf-8")
    shift = len(moved) - len(text)

    tables, summary = build_tables(seeds, codebook, path)
    assert summary["orphan_reviews"] == []
    new = tables["claims"]
    row = only(new, quote=target[Claims.QUOTE], actor=target[Claims.ACTOR], topic=target[Claims.TOPIC], stance=stance)
    assert row[Claims.METHOD] == "reviewed" and row[Claims.CLAIM_ID] != target[Claims.CLAIM_ID]
    assert row[Claims.CHAR_START] == target[Claims.CHAR_START] + shift
    added = only(new, claim_id=add[Reviews.CLAIM_ID])
    assert added[Claims.CHAR_START] == last[Claims.CHAR_START] + shift
    assert moved[added[Claims.CHAR_START] : added[Claims.CHAR_END]] == added[Claims.QUOTE] == last[Claims.QUOTE]


def test_reviews005_a_claim_the_engine_reads_differently_now_is_reported(tmp_path, seeds, codebook, machine, monkeypatch):
    """A changed engine reads one sentence with another stance: the decision made on the old reading
    is reported by name with what the sentence reads now (not applied to a reading nobody checked);
    a correction to what the engine now reads lands (the engine agrees); the others are unaffected."""
    claims = unique_claims(machine, UNN)
    changed, agreed, kept = claims[0], claims[1], claims[2]
    new_stance = other_stance(changed[Claims.STANCE])
    agreed_stance = other_stance(agreed[Claims.STANCE])
    path = tmp_path / "reviews.csv"
    path.write_text(
        sentence_keyed([(changed, "reject", {}), (agreed, "correct", {"stance": agreed_stance}), (kept, "accept", {})]),
        encoding="utf-8",
    )
    real = extract_module.read_article
    engine = {
        (changed[Claims.CHAR_START], *reading(changed)): new_stance,
        (agreed[Claims.CHAR_START], *reading(agreed)): agreed_stance,
    }

    def reread(sentences, codebook, lexicon, model=None):
        out = real(sentences, codebook, lexicon, model)
        return [dataclasses.replace(c, stance=engine.get((c.sentence.start, c.actor, c.topic, c.stance), c.stance)) for c in out]

    monkeypatch.setenv("DASHBOARD_WORKERS", "1")
    monkeypatch.setattr(extract_module, "read_article", reread)
    tables, summary = build_tables(seeds, codebook, path)
    (orphan,) = summary["orphan_reviews"]
    assert orphan.startswith(f"line 2: reject of claim {changed[Claims.CLAIM_ID]} ({' · '.join(reading(changed))})")
    assert changed[Claims.QUOTE][:60] in " ".join(orphan.split())
    assert "no claim on it reads" in orphan and f"{changed[Claims.ACTOR]} · {changed[Claims.TOPIC]} · {new_stance}" in orphan
    new = tables["claims"]
    assert (
        only(new, quote=changed[Claims.QUOTE], actor=changed[Claims.ACTOR], topic=changed[Claims.TOPIC], stance=new_stance)[
            Claims.METHOD
        ]
        == "rule"
    )
    assert (
        only(new, quote=agreed[Claims.QUOTE], actor=agreed[Claims.ACTOR], topic=agreed[Claims.TOPIC], stance=agreed_stance)[
            Claims.METHOD
        ]
        == "reviewed"
    )
    assert only(new, claim_id=kept[Claims.CLAIM_ID])[Claims.METHOD] == "reviewed"


def test_reviews006_a_decision_whose_sentence_is_gone_is_reported_by_name(tmp_path, seeds, codebook, machine):
    claims = unique_claims(machine, UNN)
    gone = claims[3]
    path = tmp_path / "reviews.csv"
    add = added_row(UNN, gone[Claims.QUOTE], gone[Claims.CHAR_START], "Poland", "ground_troops", "opposes")
    path.write_text(rows_text([decision_row(gone, "correct", stance=other_stance(gone[Claims.STANCE])), add]), encoding="utf-8")
    article = seeds / f"{UNN}.txt"
    article.write_text(article.read_text(encoding="utf-8").replace(gone[Claims.QUOTE], ""), encoding="utf-8")
    tables, summary = build_tables(seeds, codebook, path)
    assert len(summary["orphan_reviews"]) == 2
    first, second = summary["orphan_reviews"]
    assert first.startswith(f"line 2: correct of claim {gone[Claims.CLAIM_ID]}") and UNN in first
    assert f"“{gone[Claims.QUOTE][:40]}" in first and first.endswith("its sentence is no longer in the article")
    assert second.startswith(f"line 3: add of added claim {add[Reviews.CLAIM_ID]} (Poland · ground_troops · opposes)")
    assert tables["claims"][Claims.METHOD].eq("rule").all()
    # the article itself gone from the metadata
    meta = seeds / "articles.csv"
    meta.write_text(
        "".join(line for line in meta.read_text(encoding="utf-8").splitlines(True) if UNN not in line), encoding="utf-8"
    )
    _, summary = build_tables(seeds, codebook, path)
    assert all(f"article {UNN} is no longer among the articles" in o for o in summary["orphan_reviews"])


def test_reviews007_an_added_claim_is_a_reviewed_row_with_its_offsets(tmp_path, seeds, codebook, machine):
    """A hand-written add row (no id, no offsets) becomes a claim of its own: offsets found in the text,
    the id derived from the row, source and date from the article unless given; adding what the
    extractor already reads confirms that claim instead of doubling it."""
    text = (seeds / f"{UNN}.txt").read_text(encoding="utf-8")
    sentence = next(s for s in machine[machine[Claims.ARTICLE_ID] == UNN][Claims.QUOTE] if "Starmer" in s)
    twin = unique_claims(machine, UNN)[0]
    add = {"action": "add", "article_id": UNN}
    path = tmp_path / "reviews.csv"
    path.write_text(
        rows_text(
            [
                {**add, "quote": sentence, "actor": "Poland", "topic": "ground_troops", "stance": "opposes", "note": "missed"},
                {**add, "quote": sentence, "actor": "France", "topic": "naval", "stance": "calls_for", "source": "Reuters"}
                | {"claim_date": "2025-06-01"},
                {**add, "quote": twin[Claims.QUOTE], **dict(zip(("actor", "topic", "stance"), reading(twin)))},
            ]
        ),
        encoding="utf-8",
    )
    tables, summary = build_tables(seeds, codebook, path)
    assert summary["orphan_reviews"] == [] and summary["added"] == 3
    claims = tables["claims"]
    assert len(claims) == len(machine) + 2
    first = only(claims, claim_id=added_claim_id(UNN, sentence, "Poland", "ground_troops", "opposes"))
    start = text.index(sentence)
    assert (first[Claims.CHAR_START], first[Claims.CHAR_END]) == (start, start + len(sentence))
    assert text[first[Claims.CHAR_START] : first[Claims.CHAR_END]] == first[Claims.QUOTE]
    assert (first[Claims.METHOD], first[Claims.ACTOR_TYPE], first[Claims.AFFILIATION]) == ("reviewed", "country", "Poland")
    assert (first[Claims.SOURCE], first[Claims.PUBLISHER], first[Claims.CLAIM_DATE], first[Claims.PUBLISHED]) == (
        "UNN",
        "UNN",
        "2025-06-04",
        "2025-06-04",
    )
    second = only(claims, actor="France", topic="naval", stance="calls_for", quote=sentence)
    assert (second[Claims.SOURCE], second[Claims.CLAIM_DATE], second[Claims.METHOD]) == ("Reuters", "2025-06-01", "reviewed")
    assert only(claims, claim_id=twin[Claims.CLAIM_ID])[Claims.METHOD] == "reviewed"  # confirmed, not doubled
    # the same rows give the same table
    again, _ = build_tables(seeds, codebook, path)
    assert again["claims"].equals(claims)


def test_reviews008_the_build_command_warns_with_the_quote(tmp_path, seeds, machine, monkeypatch, capsys):
    gone = unique_claims(machine, UNN)[2]
    path = tmp_path / "reviews.csv"
    path.write_text(sentence_keyed([(gone, "reject", {})]), encoding="utf-8")
    article = seeds / f"{UNN}.txt"
    article.write_text(article.read_text(encoding="utf-8").replace(gone[Claims.QUOTE], ""), encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_SEEDS_DIR", str(seeds))
    monkeypatch.setenv("DASHBOARD_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DASHBOARD_REVIEWS", str(path))
    assert main(["build"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("built 2 articles:")
    (warning,) = err.splitlines()
    assert warning.startswith(f"warning: {path}, line 2: reject of claim {gone[Claims.CLAIM_ID]}")
    assert f"“{gone[Claims.QUOTE][:50]}" in warning and "no longer in the article" in warning


@pytest.mark.parametrize(
    "body, message",
    [
        ("a,approve,,,,\n", 'line 2: unknown action "approve" (allowed: accept, reject, correct, add)'),
        ("a,correct,,air_cover,,\n", 'line 2: unknown topic "air_cover"'),
        ("a,correct,,,maybe,\n", 'line 2: unknown stance "maybe"'),
        ("a,correct,Nobody Known,,,\n", 'line 2: unknown actor "Nobody Known"'),
        ("a,reject,,,,\na,reject,,,,\n", 'line 3: claim "a" is reviewed twice (also on line 2)'),
        ("a,correct,,,,\n", "line 2: a correction must set actor, topic or stance"),
        ("a,accept,France,,,\n", "line 2: an acceptance sets no actor, topic or stance"),
        (",reject,,,,\n", "line 2: claim_id is empty"),
        ("a,reject,,,,,extra\n", "line 2: more fields than the header has"),
    ],
)
def test_reviews009_errors_name_file_and_line(tmp_path, codebook, body, message):
    with pytest.raises(InputError) as err:
        read_reviews(write(tmp_path, body), codebook)
    assert str(err.value).startswith(str(tmp_path / "reviews.csv")) and message in str(err.value)


S = "France will send ships."


@pytest.mark.parametrize(
    "body, message",
    [
        (f',add,France,naval,,,t,"{S}",,,,,,,\n', "line 2: an added claim needs stance"),
        (",add,France,naval,supports,,t,,,,,,,,\n", "line 2: article_id and quote go together"),
        (
            f',add,France,naval,supports,,t,"{S}",0,5,,,,,\n',
            "line 2: char_end - char_start is 5, but the quote has 23 characters",
        ),
        (f',add,France,naval,supports,,t,"{S}",x,23,,,,,\n', 'line 2: char_start "x" is not a whole number'),
        (f',add,France,naval,supports,,t,"{S}",0,,,,,,\n', "line 2: char_start and char_end go together"),
        (f',add,France,naval,supports,,t,"{S}",,,,,,,2025-13-01\n', 'line 2: claim_date "2025-13-01" is not a YYYY-MM-DD date'),
        (f'abc,add,France,naval,supports,,t,"{S}",,,,,,,\n', "line 2: the id of an added claim is derived from its row"),
        (
            f',add,France,naval,supports,,t,"{S}",,,,,,,\n,add,France,naval,supports,,t,"{S}",,,,,,,\n',
            'line 3: claim "' + added_claim_id("t", S, "France", "naval", "supports") + '" is added twice (also on line 2)',
        ),
        (f'a,reject,,,,,t,"{S}",,,,,,,\n', "line 2: a review that names its sentence needs the reading it was made on"),
        (f'a,reject,,,,,t,"{S}",,,France,naval,,,\n', "line 2: original_actor, original_topic and original_stance go together"),
        (
            "a,reject,,,,,,,,,France,naval,supports,,\n",
            "line 2: original_actor, original_topic and original_stance need the sentence",
        ),
        (
            f'a,correct,,,opposes,,t,"{S}",,,France,naval,supports,Reuters,\n',
            "line 2: source and claim_date are for added claims only",
        ),
        (f'a,add,Atlantis,naval,supports,,t,"{S}",,,,,,,\n', 'line 2: unknown actor "Atlantis"'),
    ],
)
def test_reviews010_bad_rows_of_the_current_format(tmp_path, codebook, body, message):
    with pytest.raises(InputError) as err:
        read_reviews(write(tmp_path, body, HEADER), codebook)
    assert str(err.value).startswith(str(tmp_path / "reviews.csv")) and message in str(err.value)


def test_reviews011_writing_is_checked_then_atomic(tmp_path, codebook):
    path = write(tmp_path, "a,reject,,,,\n")
    before = path.read_bytes()
    with pytest.raises(InputError, match="line 2: unknown stance"):
        write_rows(path, [{"claim_id": "a", "action": "correct", "stance": "maybe"}], codebook)
    assert path.read_bytes() == before
    written = write_rows(
        path, [{"claim_id": "a", "action": "reject"}, {"claim_id": "b", "action": "accept", "note": "ok"}], codebook
    )
    assert [(r.claim_id, r.action, r.note) for r in written] == [("a", "reject", ""), ("b", "accept", "ok")]
    assert path.read_text(encoding="utf-8").splitlines()[0] == ",".join(Reviews.COLUMNS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reviews.csv"]  # no temporary file left


def test_reviews012_deciding_again_replaces_or_withdraws(codebook):
    claim = {
        Claims.CLAIM_ID: "abc",
        Claims.ARTICLE_ID: "t",
        Claims.QUOTE: S,
        Claims.CHAR_START: 10,
        Claims.CHAR_END: 10 + len(S),
        Claims.ACTOR: "France",
        Claims.TOPIC: "naval",
        Claims.STANCE: "supports",
    }
    row = decision_row(claim, "correct", actor="France", topic="naval", stance="opposes", note="a\nb")
    assert (row["action"], row.get("actor"), row.get("topic"), row["stance"], row["note"]) == (
        "correct",
        None,
        None,
        "opposes",
        "a b",
    )
    assert (row["original_actor"], row["original_topic"], row["original_stance"], row["char_start"]) == (
        "France",
        "naval",
        "supports",
        "10",
    )
    assert decision_row(claim, "correct", actor="France", topic="naval", stance="supports")["action"] == "accept"
    machine = QueueItem(
        "abc", "rejected", "t", S, 10, 33, "2025-01-02", "W", "W", "2025-01-02", "day", ("France", "naval", "supports"), None
    )
    assert redecide(machine, "undo") is None
    assert redecide(machine, "accept")["action"] == "accept"
    added = QueueItem(
        "zzz", "added", "t", S, 10, 33, "2025-01-02", "W", "Reuters", "2025-01-01", "day", None, ("France", "naval", "supports")
    )
    assert redecide(added, "reject") is None
    again = redecide(added, "correct", stance="opposes")
    assert (again["action"], again["stance"], again["claim_id"], again["source"]) == (
        "add",
        "opposes",
        added_claim_id("t", S, "France", "naval", "opposes"),
        "Reuters",
    )


def test_reviews013_the_review_page_is_local_and_not_part_of_the_public_app(tmp_path, seeds, capsys, shipped):
    from dashboard import config
    from dashboard.web.app import create_app
    from dashboard.web.review_app import create_review_app

    assert main(["review", "--host", "0.0.0.0", "--port", "8051"]) == 2
    err = capsys.readouterr().err
    assert err.startswith('error: refusing to serve the review page on "0.0.0.0"') and "answers on 127.0.0.1 only" in err
    public = {rule.rule for rule in create_app(shipped).server.url_map.iter_rules()}
    assert not public & {"/decide", "/add", "/withdraw", "/article/<article_id>", "/articles"}
    (tmp_path / "data").mkdir()
    app = create_review_app(seeds, tmp_path / "data", config.codebook_path(), tmp_path / "data" / "reviews.csv")
    client = app.test_client()
    page = client.get("/", headers={"Host": "127.0.0.1:8051"})
    assert page.status_code == 200 and "default-src 'none'" in page.headers["Content-Security-Policy"]
    assert client.get("/", headers={"Host": "reviews.example.com"}).status_code == 403  # another name (DNS rebinding)
    claim_id = app.extensions["review_session"].machine[Claims.CLAIM_ID].iloc[0]
    forged = client.post("/decide", data={"claim_id": claim_id, "action": "reject"}, headers={"Host": "127.0.0.1:8051"})
    assert forged.status_code == 403 and not (tmp_path / "data" / "reviews.csv").exists()
