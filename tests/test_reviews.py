import pandas as pd
import pytest

from dashboard.errors import InputError
from dashboard.reviews import apply_reviews, read_reviews
from dashboard.schema import Claims


def write(tmp_path, body):
    path = tmp_path / "reviews.csv"
    path.write_text("claim_id,action,actor,topic,stance,note\n" + body, encoding="utf-8")
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


def test_reviews001_reject_and_correct(tmp_path, codebook):
    reviews = read_reviews(
        write(tmp_path, "a,reject,,,,wrong actor\nb,correct,Emmanuel Macron,coalition_force,,\nzzz,reject,,,,gone\n"), codebook
    )
    out, orphans = apply_reviews(frame(), reviews, codebook)
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
    assert [r.claim_id for r in orphans] == ["zzz"]


@pytest.mark.parametrize(
    "body, message",
    [
        ("a,approve,,,,\n", 'line 2: unknown action "approve" (allowed: reject, correct)'),
        ("a,correct,,air_cover,,\n", 'line 2: unknown topic "air_cover"'),
        ("a,correct,,,maybe,\n", 'line 2: unknown stance "maybe"'),
        ("a,correct,Nobody Known,,,\n", 'line 2: unknown actor "Nobody Known"'),
        ("a,reject,,,,\na,reject,,,,\n", 'line 3: claim "a" is reviewed twice (also on line 2)'),
        ("a,correct,,,,\n", "line 2: a correction must set actor, topic or stance"),
    ],
)
def test_reviews002_errors_name_file_and_line(tmp_path, codebook, body, message):
    with pytest.raises(InputError) as err:
        read_reviews(write(tmp_path, body), codebook)
    assert str(err.value).startswith(str(tmp_path / "reviews.csv")) and message in str(err.value)
