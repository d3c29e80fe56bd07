import pandas as pd
import pytest

from dashboard.read.derive import disagreements, distinct_positions
from dashboard.schema import Claims


def claim(cid, actor, topic, stance, source, date, affiliation=None, article="a1", start=0):
    return {
        Claims.CLAIM_ID: cid,
        Claims.ARTICLE_ID: article,
        Claims.ACTOR: actor,
        Claims.AFFILIATION: affiliation or actor,
        Claims.TOPIC: topic,
        Claims.STANCE: stance,
        Claims.SOURCE: source,
        Claims.CLAIM_DATE: date,
        Claims.QUOTE: f"quote {cid}",
        Claims.CHAR_START: start,
    }


@pytest.mark.parametrize(
    "date_b, kind, days",
    [
        ("2025-06-14", "contradiction", 10),
        ("2025-06-18", "contradiction", 14),
        ("2025-06-19", "shift", 15),
        ("2025-08-27", "shift", 84),
    ],
)
def test_derive001_contradiction_or_shift(date_b, kind, days):
    df = pd.DataFrame(
        [
            claim("c1", "United States", "air_support", "opposes", "Bloomberg", "2025-06-04", article="x"),
            claim("c2", "United States", "air_support", "supports", "Financial Times", date_b, article="y"),
        ]
    )
    (row,) = disagreements(df).to_dict("records")
    assert (row["kind"], row["days_apart"]) == (kind, days)
    assert (row["claim_id_a"], row["source_a"], row["claim_id_b"], row["source_b"]) == (
        "c1",
        "Bloomberg",
        "c2",
        "Financial Times",
    )


@pytest.mark.parametrize(
    "b",
    [
        claim("c2", "United States", "air_support", "opposes", "Financial Times", "2025-08-27"),  # same stance
        claim("c2", "United States", "air_support", "supports", "Bloomberg", "2025-08-27"),  # same source
        claim("c2", "United States", "ground_troops", "supports", "Financial Times", "2025-08-27"),  # other topic
        claim("c2", "France", "air_support", "supports", "Financial Times", "2025-08-27"),  # other affiliation
        claim("c2", "United States", "air_support", "calls_for", "Financial Times", "2025-08-27"),  # not opposite
    ],
)
def test_derive002_no_disagreement(b):
    a = claim("c1", "United States", "air_support", "opposes", "Bloomberg", "2025-06-04")
    assert disagreements(pd.DataFrame([a, b])).empty


def test_derive003_same_affiliation_and_conditional_count():
    df = pd.DataFrame(
        [
            claim("c1", "Donald Trump", "security_guarantees", "opposes", "Bloomberg", "2025-06-04", "United States"),
            claim("c2", "United States", "security_guarantees", "conditional", "Reuters", "2025-04", "United States"),
        ]
    )
    (row,) = disagreements(df).to_dict("records")
    assert row["claim_id_a"] == "c2" and row["claim_date_a"] == "2025-04" and row["kind"] == "shift" and row["days_apart"] == 50


def test_derive004_repeated_positions_count_once():
    df = pd.DataFrame(
        [
            claim("c1", "Italy", "ground_troops", "opposes", "TASS", "2025-09-04", start=0),
            claim("c2", "Italy", "ground_troops", "opposes", "TASS", "2025-09-04", start=90),
        ]
    )
    assert list(distinct_positions(df)[Claims.CLAIM_ID]) == ["c1"]


def test_derive005_one_row_per_subject_and_source_pair_the_closest_in_time():
    df = pd.DataFrame(
        [
            claim("c1", "United States", "air_support", "opposes", "Bloomberg", "2025-06-04", article="x"),
            claim("c2", "United States", "air_support", "opposes", "Bloomberg", "2025-08-20", article="y"),
            claim("c3", "United States", "air_support", "supports", "Financial Times", "2025-08-27", article="z"),
            claim("c4", "United States", "air_support", "supports", "Reuters", "2025-01-10", article="w"),
        ]
    )
    rows = disagreements(df)[["claim_id_a", "claim_id_b", "kind", "days_apart"]].values.tolist()
    assert rows == [["c4", "c1", "shift", 145], ["c2", "c3", "contradiction", 7]]


def paths_of(rows):
    from dashboard.read.derive import position_paths, when

    frame = pd.DataFrame(rows)
    frame["when"] = when(frame[Claims.CLAIM_DATE])
    return position_paths(frame)


def test_derive006_who_changed_their_mind_step_by_step():
    paths, total = paths_of(
        [
            claim("c1", "United States", "air_support", "opposes", "Bloomberg", "2025-06-04"),
            claim("c2", "United States", "air_support", "supports", "Financial Times", "2025-08-26"),
            claim("c3", "United States", "air_support", "supports", "Gaya One", "2025-08-27"),
            claim("c4", "United States", "air_support", "opposes", "Reuters", "2025-09-05"),
            claim("c5", "France", "air_support", "supports", "Reuters", "2025-06-01"),  # never changes
            claim("c6", "Poland", "ground_troops", "undecided", "PAP", "2025-03-01", article="a2"),
            claim("c7", "Poland", "ground_troops", "opposes", "PAP", "2025-04-01", article="a3"),
        ]
    )
    assert total == 2 and [(p["actor"], p["topic"]) for p in paths] == [
        ("United States", "air_support"),  # its last change (5 Sep) is the latest
        ("Poland", "ground_troops"),
    ]
    us = paths[0]["steps"]
    assert [(s["stance"], s["first"], s["last"], s["sources"], s["claims"], s["claim_id"]) for s in us] == [
        ("opposes", "2025-06-04", "2025-06-04", ["Bloomberg"], 1, "c1"),
        ("supports", "2025-08-26", "2025-08-27", ["Financial Times", "Gaya One"], 2, "c2"),
        ("opposes", "2025-09-05", "2025-09-05", ["Reuters"], 1, "c4"),
    ]
    assert [(s.get("kind"), s.get("days")) for s in us] == [(None, None), ("shift", 83), ("contradiction", 9)]
    assert [s.get("kind") for s in paths[1]["steps"]] == [None, ""]  # undecided -> opposes: a move, not a disagreement


def test_derive007_one_days_mixed_wording_is_not_a_change_back_and_forth():
    paths, total = paths_of(
        [
            claim("c1", "Italy", "ground_troops", "supports", "ANSA", "2025-03-01", start=0),
            claim("c2", "Italy", "ground_troops", "conditional", "ANSA", "2025-03-01", start=50),
            claim("c3", "Italy", "ground_troops", "supports", "ANSA", "2025-03-01", start=90),
        ]
    )
    assert total == 1 and [s["stance"] for s in paths[0]["steps"]] == ["supports", "conditional"]
    assert paths[0]["steps"][0]["claims"] == 2 and paths[0]["steps"][1]["kind"] == ""


def test_derive008_a_long_path_keeps_its_latest_steps():
    rows = [
        claim(f"c{i}", "Poland", "ground_troops", "supports" if i % 2 else "opposes", f"S{i}", f"2025-0{1 + i // 3}-{10 + i % 3}")
        for i in range(9)
    ]
    paths, total = paths_of(rows)
    (path,) = paths
    assert total == 1 and path["earlier"] == 1 and len(path["steps"]) == 8
    assert [s["claim_id"] for s in path["steps"]] == [f"c{i}" for i in range(1, 9)]
    assert path["steps"][0]["kind"] in ("shift", "contradiction") and path["steps"][0]["days"] >= 0
