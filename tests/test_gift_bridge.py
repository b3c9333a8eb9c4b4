"""GIFT <-> stored question fields (training.assessments.gift_bridge): mapping per type and round trips.

The conformance round trip reads Moodle's and gift-pegjs's files from ``../shared/conformance/gift``
(located as in test_gift.py) and is skipped when that folder is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.test_gift import MOODLE, PEGJS, questions
from training.assessments.gift import parse, parse_bytes, write
from training.assessments.gift_bridge import UnsupportedQuestion, from_gift, name_from_prompt, to_gift
from training.assessments.grading import validate_spec

CONFORMANCE_FILES = sorted(MOODLE.glob("*.gift*")) + sorted(PEGJS.glob("*.gift"))


def _one(text: str) -> dict:
    result = parse(text)
    assert result.errors == []
    assert len(result.questions) == 1
    return from_gift(result.questions[0])


def _round_trip(fields: dict, category: str | None = None) -> dict:
    written = write([to_gift(fields, category)])
    result = parse(written)
    assert result.errors == [], written
    assert len(result.questions) == 1, written
    assert result.questions[0].category == category
    return from_gift(result.questions[0])


# =========================================================================== GIFT -> fields, per type


def test_single_choice():
    fields = _one("::Sky:: [markdown]Sky *colour*? {=blue#Yes ~%50%teal#Close ~%-25%red#No ~green####Look up.}")
    assert fields == {
        "type": "single_choice",
        "name": "Sky",
        "prompt": "Sky *colour*?",
        "prompt_format": "markdown",
        "general_feedback": "Look up.",
        "spec": {
            "options": [
                {"id": "o1", "text": "blue", "fraction": 1.0, "feedback": "Yes"},
                {"id": "o2", "text": "teal", "fraction": 0.5, "feedback": "Close"},
                {"id": "o3", "text": "red", "fraction": -0.25, "feedback": "No"},
                {"id": "o4", "text": "green", "fraction": 0.0, "feedback": ""},
            ],
            "shuffle": True,
        },
    }


def test_multiple_choice_weights():
    fields = _one("Primes? {~%50%2 ~%50%3#odd ~%-100%4}")
    assert fields["type"] == "multiple_choice"
    assert [(o["id"], o["text"], o["fraction"], o["feedback"]) for o in fields["spec"]["options"]] == [
        ("o1", "2", 0.5, ""),
        ("o2", "3", 0.5, "odd"),
        ("o3", "4", -1.0, ""),
    ]


@pytest.mark.parametrize(
    ("gift", "spec"),
    [
        ("{T}", {"answer": True, "feedback_true": "", "feedback_false": ""}),
        # The first feedback is for a wrong pick, the second for a right one.
        (
            "{TRUE#No, it is true.#Well done.}",
            {"answer": True, "feedback_true": "Well done.", "feedback_false": "No, it is true."},
        ),
        (
            "{FALSE#No, it is false.#Well done.}",
            {"answer": False, "feedback_true": "No, it is false.", "feedback_false": "Well done."},
        ),
    ],
)
def test_true_false_feedbacks(gift, spec):
    fields = _one("The sky is blue. " + gift)
    assert (fields["type"], fields["spec"]) == ("true_false", spec)


def test_numeric_values_ranges_and_the_catch_all():
    fields = _one("Pi? {#=3.14:0.01#Good =%50%3..3.5#Roughly =%25%1e1 ~#Any other number}")
    assert fields["type"] == "numeric"
    assert fields["spec"] == {
        "answers": [
            {"id": "o1", "value": 3.14, "tolerance": 0.01, "fraction": 1.0, "feedback": "Good"},
            {"id": "o2", "low": 3.0, "high": 3.5, "fraction": 0.5, "feedback": "Roughly"},
            {"id": "o3", "value": 10.0, "tolerance": 0.0, "fraction": 0.25, "feedback": ""},
        ]
    }  # the "~#" catch-all (weight 0) is dropped with its feedback


def test_numeric_catch_all_with_a_weight_is_refused():
    (question,) = parse("Any number? {#=%50%*#Some credit =3}").questions
    with pytest.raises(UnsupportedQuestion, match=r"'\*'"):
        from_gift(question)


def test_short_answer_matching_essay_description():
    short = _one("Capital of France? {=Paris#Yes =%50%paris region}")
    assert short["spec"] == {
        "answers": [
            {"id": "o1", "text": "Paris", "fraction": 1.0, "feedback": "Yes"},
            {"id": "o2", "text": "paris region", "fraction": 0.5, "feedback": ""},
        ],
        "case_sensitive": False,
    }
    matching = _one("Sounds. {=cat -> meow =dog -> woof = -> quack}")
    assert matching["spec"] == {
        "pairs": [
            {"id": "o1", "left": "cat", "right": "meow"},
            {"id": "o2", "left": "dog", "right": "woof"},
            {"id": "o3", "left": "", "right": "quack"},  # a distractor
        ]
    }
    essay = _one("::E:: Write about it. {####We look for structure.}")
    assert (essay["type"], essay["spec"], essay["general_feedback"]) == ("essay", {}, "We look for structure.")
    assert _one("::D:: Read this first.")["type"] == "description"
    assert _one("Read this first.")["spec"] == {}


@pytest.mark.parametrize(
    ("prefix", "fmt"),
    [("", "html"), ("[moodle]", "html"), ("[html]", "html"), ("[markdown]", "markdown"), ("[plain]", "plain")],
)
def test_formats(prefix, fmt):
    assert _one(f"::Q::{prefix}Say hi. {{}}")["prompt_format"] == fmt


def test_name_from_prompt():
    assert _one("What is <b>2 &amp; 2</b>? {=4}")["name"] == "What is 2 & 2?"
    assert name_from_prompt("<b>kept</b> &amp;", "plain") == "<b>kept</b> &amp;"
    assert name_from_prompt("**Bold**<br>text", "markdown") == "**Bold** text"
    assert name_from_prompt("<p>One</p><p>Two&nbsp;three</p>", "html") == "One Two three"
    long = "Match the following countries with their corresponding capital cities, please."
    assert name_from_prompt(long, "html") == "Match the following countries with their corresponding…"
    assert len(name_from_prompt("x" * 200, "plain")) == 61
    assert _one("::Given:: Text {}")["name"] == "Given"


# =========================================================================== fields -> GIFT


def test_to_gift_writes_category_formats_and_markdown_feedback():
    fields = _one("::Q::[html]<p>Pick</p> {=a#<i>fine</i> ~b####General}")
    question = to_gift(fields, "Top/Unit 1")
    assert (question.category, question.prompt_format, question.general_feedback_format) == (
        "Top/Unit 1",
        "html",
        "markdown",
    )
    assert [(a.text_format, a.feedback_format) for a in question.answers] == [("html", "markdown")] * 2
    assert "$CATEGORY: Top/Unit 1" in write([question])
    assert _round_trip(fields, "Top/Unit 1") == fields


def test_what_gift_cannot_express_falls_back_to_defaults():
    fields = _one("Capital? {=Paris}")
    fields["spec"]["case_sensitive"] = True
    assert _round_trip(fields)["spec"]["case_sensitive"] is False
    choice = _one("Pick {=a ~b}")
    choice["spec"]["shuffle"] = False
    choice["spec"]["options"][0]["id"] = "x7"  # ids are not written; they are regenerated on import
    back = _round_trip(choice)
    assert back["spec"]["shuffle"] is True
    assert [o["id"] for o in back["spec"]["options"]] == ["o1", "o2"]


def test_arrows_that_gift_cannot_write_are_refused():
    with pytest.raises(ValueError, match="->"):
        write([to_gift({**_one("Arrow? {=a}"), "spec": {"answers": [{"id": "o1", "text": "a->b", "fraction": 1.0}]}})])


# =========================================================================== round trips


def _conformance_cases() -> list:
    if not CONFORMANCE_FILES:
        return [pytest.param(None, marks=pytest.mark.skip(reason="GIFT conformance data not found"))]
    return [pytest.param(f, id=f"{f.parent.name}/{f.name}") for f in CONFORMANCE_FILES]


@pytest.mark.parametrize("gift_file", _conformance_cases())
def test_conformance_questions_round_trip(gift_file: Path):
    result = parse_bytes(gift_file.read_bytes())
    if result.errors:
        pytest.skip(f"{gift_file.name} does not parse: {result.errors[0]}")
    for number, question in enumerate(result.questions, 1):
        where = f"{gift_file.name} question {number}"
        try:
            fields = from_gift(question)
        except UnsupportedQuestion:  # pragma: no cover - none in the current data
            continue
        assert validate_spec(fields["type"], fields["spec"]) == [], where
        assert _round_trip(fields, question.category) == fields, where


def test_conformance_data_is_substantial():
    if not CONFORMANCE_FILES:
        pytest.skip("GIFT conformance data not found")
    count = sum(len(parse_bytes(f.read_bytes()).questions) for f in CONFORMANCE_FILES)
    assert count > 100


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(questions())
def test_round_trip_of_generated_questions(question):
    fields = from_gift(question)
    assert _round_trip(fields, question.category) == fields
