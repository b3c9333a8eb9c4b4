"""Automatic grading (training.assessments.grading): rules per type, hostile responses, spec checks."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from training.assessments.grading import (
    Outcome,
    correct_answer_text,
    grade,
    is_answered,
    parse_number,
    validate_spec,
)


def _options(*items):
    return [{"id": f"o{n}", "text": text, "fraction": f, "feedback": fb} for n, (text, f, fb) in enumerate(items, 1)]


SINGLE = {"options": _options(("Blue", 1.0, "Yes"), ("Teal", 0.5, "Close"), ("Red", -0.5, "No")), "shuffle": True}
MULTI = {
    "options": _options(("2", 0.5, "prime"), ("3", 0.5, "prime too"), ("4", -1.0, "even"), ("9", 0.0, "")),
    "shuffle": True,
}
TF = {"answer": True, "feedback_true": "Right.", "feedback_false": "It is true."}
NUMERIC = {
    "answers": [
        {"id": "o1", "value": 3.14, "tolerance": 0.01, "fraction": 1.0, "feedback": "Pi!"},
        {"id": "o2", "value": 3.0, "tolerance": 0.2, "fraction": 0.5, "feedback": "Roughly."},
        {"id": "o3", "low": 10.0, "high": 20.0, "fraction": 0.25, "feedback": "Range."},
    ]
}
SHORT = {
    "answers": [
        {"id": "o1", "text": "Paris", "fraction": 1.0, "feedback": "Yes"},
        {"id": "o2", "text": "Île-de-France", "fraction": 0.5, "feedback": "The region"},
        {"id": "o3", "text": "a*b", "fraction": 0.3, "feedback": ""},
    ],
    "case_sensitive": False,
}
MATCHING = {
    "pairs": [
        {"id": "o1", "left": "cat", "right": "meow"},
        {"id": "o2", "left": "dog", "right": "woof"},
        {"id": "o3", "left": "cow", "right": "moo"},
        {"id": "o4", "left": "", "right": "quack"},
    ]
}
SPECS = {
    "single_choice": SINGLE,
    "multiple_choice": MULTI,
    "true_false": TF,
    "numeric": NUMERIC,
    "short_answer": SHORT,
    "matching": MATCHING,
    "essay": {},
    "description": {},
}


# =========================================================================== each type


@pytest.mark.parametrize(
    ("choice", "expected"),
    [("o1", Outcome(1.0, ("Yes",))), ("o2", Outcome(0.5, ("Close",))), ("o3", Outcome(0.0, ("No",)))],
)
def test_single_choice_partial_and_negative_clamped(choice, expected):
    assert grade("single_choice", SINGLE, {"choice": choice}) == expected


@pytest.mark.parametrize(
    ("choices", "fraction", "feedback"),
    [
        (["o1", "o2"], 1.0, ("prime", "prime too")),
        (["o2", "o1"], 1.0, ("prime", "prime too")),  # feedback in option order
        (["o1"], 0.5, ("prime",)),
        (["o1", "o2", "o4"], 1.0, ("prime", "prime too")),  # empty feedback is left out
        (["o1", "o3"], 0.0, ("prime", "even")),  # 0.5 - 1.0 clamps to 0
        (["o1", "o2", "o3"], 0.0, ("prime", "prime too", "even")),
        (["o1", "o1", "o1"], 0.5, ("prime",)),  # a repeated id counts once
    ],
)
def test_multiple_choice_sums_and_clamps(choices, fraction, feedback):
    assert grade("multiple_choice", MULTI, {"choices": choices}) == Outcome(fraction, feedback)


def test_multiple_choice_thirds_add_up_to_exactly_one():
    spec = {"options": _options(("a", 0.3333333, ""), ("b", 0.3333333, ""), ("c", 0.3333334, ""), ("d", 0, ""))}
    assert grade("multiple_choice", spec, {"choices": ["o1", "o2", "o3"]}).fraction == 1.0


def test_true_false_and_its_feedback():
    assert grade("true_false", TF, {"value": True}) == Outcome(1.0, ("Right.",))
    assert grade("true_false", TF, {"value": False}) == Outcome(0.0, ("It is true.",))
    false_spec = {**TF, "answer": False}
    assert grade("true_false", false_spec, {"value": False}) == Outcome(1.0, ("It is true.",))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("3.14", Outcome(1.0, ("Pi!",))),
        ("3.15", Outcome(1.0, ("Pi!",))),  # on the tolerance edge (float error absorbed)
        ("3.13", Outcome(1.0, ("Pi!",))),
        ("3,141", Outcome(1.0, ("Pi!",))),
        (" 314e-2 ", Outcome(1.0, ("Pi!",))),
        ("3.16", Outcome(0.5, ("Roughly.",))),  # best match wins; 3.16 only matches 3 ± 0.2
        ("2.8", Outcome(0.5, ("Roughly.",))),
        ("2.79", Outcome(0.0, ())),
        ("10", Outcome(0.25, ("Range.",))),
        ("20", Outcome(0.25, ("Range.",))),
        ("15.5", Outcome(0.25, ("Range.",))),
        ("20.0001", Outcome(0.0, ())),
        ("-3.14", Outcome(0.0, ())),
    ],
)
def test_numeric(typed, expected):
    assert grade("numeric", NUMERIC, {"value": typed}) == expected


def test_numeric_exact_answer_and_negative_fraction():
    spec = {
        "answers": [
            {"id": "o1", "value": 0.0, "tolerance": 0.0, "fraction": 1.0, "feedback": ""},
            {"id": "o2", "value": 1.0, "tolerance": 0.0, "fraction": -0.5, "feedback": "Off by one"},
        ]
    }
    assert grade("numeric", spec, {"value": "0"}).fraction == 1.0
    assert grade("numeric", spec, {"value": "-0.0"}).fraction == 1.0
    assert grade("numeric", spec, {"value": "1e-12"}).fraction == 0.0
    assert grade("numeric", spec, {"value": "1"}) == Outcome(0.0, ("Off by one",))


@pytest.mark.parametrize(
    ("text", "value"),
    [("3.14", 3.14), ("3,14", 3.14), (" 1e3 ", 1000.0), ("1 000", 1000.0), ("\u22122", -2.0), (".5", 0.5)],
)
def test_parse_number_accepts(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text", ["", "abc", "nan", "inf", "-Infinity", "1e999", "1,000.5", "1,2,3", "1_000", "١٢", "0x10", "3.1.4", None, 3]
)
def test_parse_number_rejects(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Paris", Outcome(1.0, ("Yes",))),
        ("  pARIS ", Outcome(1.0, ("Yes",))),
        ("Ile-de-France", Outcome(0.0, ())),
        ("i\u0302le-de-france", Outcome(0.5, ("The region",))),  # decomposed î, other case
        ("ÎLE-DE-FRANCE", Outcome(0.5, ("The region",))),
        ("a*b", Outcome(0.3, ())),
        ("aXb", Outcome(0.0, ())),  # no wildcards
        ("Par is", Outcome(0.0, ())),
    ],
)
def test_short_answer(typed, expected):
    assert grade("short_answer", SHORT, {"text": typed}) == expected


def test_short_answer_case_sensitive_whitespace_and_casefold():
    spec = {"answers": [{"id": "o1", "text": "New  York", "fraction": 1.0, "feedback": ""}], "case_sensitive": True}
    assert grade("short_answer", spec, {"text": "New York"}).fraction == 1.0
    assert grade("short_answer", spec, {"text": " New\t\nYork "}).fraction == 1.0
    assert grade("short_answer", spec, {"text": "new york"}).fraction == 0.0
    german = {"answers": [{"id": "o1", "text": "Straße", "fraction": 1.0, "feedback": ""}]}
    assert grade("short_answer", german, {"text": "STRASSE"}).fraction == 1.0
    assert grade("short_answer", {**german, "case_sensitive": True}, {"text": "STRASSE"}).fraction == 0.0
    accented = {"answers": [{"id": "o1", "text": "Ch\u00e2teau", "fraction": 1.0}], "case_sensitive": True}
    assert grade("short_answer", accented, {"text": "Cha\u0302teau"}).fraction == 1.0  # NFC on both sides


def test_matching_counts_real_pairs_only():
    def matches(m):
        return grade("matching", MATCHING, {"matches": m}).fraction

    assert matches({"o1": "meow", "o2": "woof", "o3": "moo"}) == 1.0
    assert matches({"o1": "meow", "o2": "moo", "o3": "quack"}) == pytest.approx(1 / 3)
    assert matches({"o1": "meow", "o2": "woof"}) == pytest.approx(2 / 3)
    assert matches({"o1": "MEOW", "o2": "", "o3": "moo"}) == pytest.approx(1 / 3)


def test_essay_and_description():
    assert grade("essay", {}, {"text": "My answer"}) == Outcome(None, ())
    assert grade("essay", {}, {"text": "   "}) == Outcome(0.0, ())
    assert grade("essay", {}, None) == Outcome(0.0, ())
    assert grade("description", {}, None) == Outcome(None, ())
    assert grade("description", {}, {"text": "x"}) == Outcome(None, ())


def test_unknown_type_raises():
    with pytest.raises(ValueError, match="Unknown question type"):
        grade("hotspot", {}, None)


# =========================================================================== hostile responses

# Every one of these grades 0 for every automatically graded type. Unknown ids ("o99"; "o4" is a distractor,
# not a pair), wrong JSON types, numbers where text is expected, and huge strings.
HOSTILE = json.loads("""[
    null, {}, [], "o1", 42, [{"choice": "o1"}], {"choice": ["o1"]}, {"choice": "o99"}, {"choice": null},
    {"choices": "o1"}, {"choices": ["o1", "o99"]}, {"choices": [["o1"]]}, {"choices": [{"id": "o1"}]},
    {"choices": {"o1": true}}, {"choices": []}, {"value": "true"}, {"value": 1}, {"value": null},
    {"value": 3.14}, {"value": ["3.14"]}, {"text": ["Paris"]}, {"text": 1}, {"text": ""}, {"matches": []},
    {"matches": {"o1": ["meow"]}}, {"matches": {"o1": "meow", "o2": "woof", "o3": "moo", "o99": "x"}},
    {"matches": {"o1": "meow", "o2": "woof", "o3": "moo", "o4": "quack"}},
    {"matches": {"o1": null, "o2": "woof", "o3": "moo"}}, {"matches": "meow"}
]""") + [{"value": "x" * 1_000_000}, {"value": "9" * 100_000}, {"text": "Paris" * 50_000}]


@pytest.mark.parametrize("qtype", [t for t in SPECS if t not in ("essay", "description")])
@pytest.mark.parametrize("response", HOSTILE, ids=range(len(HOSTILE)))
def test_malformed_responses_grade_zero(qtype, response):
    assert grade(qtype, SPECS[qtype], response) == Outcome(0.0, ())


KEYS = st.sampled_from(["choice", "choices", "value", "text", "matches", "o1", "o2", "o4"])
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.sampled_from(["o1", "o2", "meow"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(JSON)
def test_grade_never_raises_and_stays_in_range(response):
    for qtype, spec in SPECS.items():
        outcome = grade(qtype, spec, response)
        assert outcome.fraction is None or 0.0 <= outcome.fraction <= 1.0
        assert isinstance(is_answered(qtype, response), bool)


def test_is_answered():
    assert is_answered("single_choice", {"choice": "o1"})
    assert not is_answered("single_choice", {"choice": ""})
    assert is_answered("multiple_choice", {"choices": ["o1"]})
    assert not is_answered("multiple_choice", {"choices": []})
    assert is_answered("true_false", {"value": False})
    assert not is_answered("true_false", {"value": "false"})
    assert is_answered("numeric", {"value": "junk"})
    assert not is_answered("numeric", {"value": "  "})
    assert is_answered("short_answer", {"text": "x"})
    assert not is_answered("essay", {"text": "\n"})
    assert is_answered("matching", {"matches": {"o1": "", "o2": "woof"}})
    assert not is_answered("matching", {"matches": {"o1": ""}})
    assert not is_answered("description", {"text": "x"})
    assert not any(is_answered(t, None) for t in SPECS)


def test_correct_answer_text():
    assert correct_answer_text("true_false", TF) == ""  # the page words True/False in the trainee's language
    assert correct_answer_text("single_choice", SINGLE) == "Blue"
    assert correct_answer_text("multiple_choice", MULTI) == "2; 3"
    assert correct_answer_text("numeric", NUMERIC) == "3.14 ± 0.01"
    exact = {
        "answers": [{"id": "o1", "low": 1.5, "high": 2.0, "fraction": 1.0}, {"id": "o2", "value": 7.0, "fraction": 1}]
    }
    assert correct_answer_text("numeric", exact) == "1.5 to 2; 7"
    assert correct_answer_text("short_answer", SHORT) == "Paris"
    assert correct_answer_text("matching", MATCHING) == "cat → meow; dog → woof; cow → moo"
    assert correct_answer_text("essay", {}) == correct_answer_text("description", {}) == ""


# =========================================================================== properties

VALUES = st.floats(-1e6, 1e6, allow_nan=False)
TOLERANCES = st.floats(0, 1e3, allow_nan=False)
FRACTIONS = st.sampled_from([1.0, 0.5, 0.25, 0.1, 0.3333333])


@settings(max_examples=300, deadline=None)
@given(VALUES, TOLERANCES, st.floats(-1, 1), FRACTIONS)
def test_numeric_anything_within_tolerance_gets_the_fraction(value, tolerance, t, fraction):
    spec = {"answers": [{"id": "o1", "value": value, "tolerance": tolerance, "fraction": fraction, "feedback": "f"}]}
    typed = repr(value + t * tolerance)
    assert grade("numeric", spec, {"value": typed}) == Outcome(fraction, ("f",))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(VALUES, TOLERANCES), min_size=1, max_size=3), VALUES)
def test_numeric_outside_every_answer_grades_zero(answers, x):
    spec = {
        "answers": [
            {"id": f"o{n}", "value": v, "tolerance": tol, "fraction": 1.0, "feedback": ""}
            for n, (v, tol) in enumerate(answers)
        ]
    }
    outside = all(abs(x - v) > tol * (1 + 1e-6) + 1e-6 * max(1.0, abs(v)) for v, tol in answers)
    if outside:
        assert grade("numeric", spec, {"value": repr(x)}) == Outcome(0.0, ())
    else:
        assert grade("numeric", spec, {"value": repr(x)}).fraction in (0.0, 1.0)


@st.composite
def multiple_choice(draw):
    """Options whose positive weights add up to 1 (in hundredths), plus wrong ones at 0 or below."""
    right = draw(st.integers(1, 5))
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=right - 1, max_size=right - 1, unique=True)))
    weights = [(b - a) / 100 for a, b in zip([0, *cuts], [*cuts, 100], strict=True)]
    weights += draw(
        st.lists(st.sampled_from([0.0, -0.25, -0.5, -1.0, -0.3333333]), min_size=2 - min(right, 2), max_size=4)
    )
    weights = draw(st.permutations(weights))
    return {"options": _options(*((f"t{n}", w, "") for n, w in enumerate(weights))), "shuffle": True}


@settings(max_examples=300, deadline=None)
@given(multiple_choice(), st.data())
def test_multiple_choice_partial_credit(spec, data):
    options = spec["options"]
    assert validate_spec("multiple_choice", spec) == []
    right = [o["id"] for o in options if o["fraction"] > 0]
    assert grade("multiple_choice", spec, {"choices": right}).fraction == 1.0
    chosen = data.draw(st.lists(st.sampled_from([o["id"] for o in options]), min_size=1, unique=True))
    total = sum(o["fraction"] for o in options if o["id"] in chosen)
    got = grade("multiple_choice", spec, {"choices": chosen}).fraction
    assert 0.0 <= got <= 1.0
    assert got == pytest.approx(min(1.0, max(0.0, total)), abs=1e-6)


# =========================================================================== validate_spec


def _choices(*fractions, **extra):
    return {"options": _options(*((chr(97 + n), f, "") for n, f in enumerate(fractions))), **extra}


def _answers(**answer):
    return {"answers": [{"id": "o1", "fraction": 1.0, **answer}]}


def test_valid_specs_have_no_problems():
    for qtype, spec in SPECS.items():
        if qtype != "multiple_choice":
            assert validate_spec(qtype, spec) == [], qtype
    assert validate_spec("multiple_choice", _choices(0.5, 0.5, -1, 0)) == []
    assert validate_spec("multiple_choice", _choices(0.3333333, 0.3333333, 0.3333334)) == []


WEIGHT = "Option 2's weight must be between -100 % and 100 %."
NOT_FULL = "Mark at least one answer as fully correct (100 %)."
RANGE = "A numeric range needs its low end below its high end."
TWO_PAIRS = "A matching question needs at least two pairs."
PAIRS = MATCHING["pairs"]


@pytest.mark.parametrize(
    ("qtype", "spec", "problem"),
    [
        ("single_choice", _choices(0.5, 0), "Mark at least one option as fully correct (100 %)."),
        ("single_choice", _choices(1.0), "Give at least two options."),
        ("single_choice", {"options": _options(("a", 1.0, ""), (" ", 0, ""))}, "Option 2 has no text."),
        ("single_choice", _choices(1.0, 1.5), WEIGHT),
        ("single_choice", _choices(1.0, True), WEIGHT),
        (
            "single_choice",
            {"options": [{"id": "o1", "text": "a", "fraction": 1.0}] * 2},
            "Two options share the id 'o1'.",
        ),
        ("single_choice", _choices(1.0, 0, shuffle="yes"), "The shuffle setting must be true or false."),
        (
            "multiple_choice",
            _choices(0.5, 0.3, -1),
            "The right options' weights add up to 80 %; they must add up to 100 %.",
        ),
        (
            "multiple_choice",
            _choices(1.0, 0.5),
            "The right options' weights add up to 150 %; they must add up to 100 %.",
        ),
        ("multiple_choice", _choices(0, -0.5), "Mark at least one option as right (a weight above 0 %)."),
        ("true_false", {"answer": "yes"}, "Choose whether the statement is true or false."),
        ("numeric", {"answers": []}, "Give at least one numeric answer."),
        ("numeric", _answers(low=5.0, high=1.0), RANGE),
        ("numeric", _answers(low=5.0, high=5.0), RANGE),
        ("numeric", _answers(low=5.0), "Answer 1: a numeric range needs a number at both ends."),
        ("numeric", _answers(value=5.0, tolerance=-1), "Answer 1's tolerance must be a number of 0 or more."),
        ("numeric", _answers(value=float("nan")), "Answer 1 needs a number."),
        ("numeric", _answers(value=5.0, fraction=0.5), NOT_FULL),
        ("short_answer", _answers(text="x", fraction=0.9), NOT_FULL),
        ("short_answer", _answers(text="  "), "Answer 1 has no text."),
        ("short_answer", {"answers": [{"text": "x", "fraction": 1.0}]}, "Answer 1 has no id."),
        ("short_answer", {"answers": ["x"]}, "Answer 1 is not in the expected form."),
        (
            "short_answer",
            {**_answers(text="x"), "case_sensitive": 1},
            "The case-sensitivity setting must be true or false.",
        ),
        ("matching", {"pairs": PAIRS[2:]}, TWO_PAIRS),
        ("matching", {}, TWO_PAIRS),
        ("matching", {"pairs": [*PAIRS, {"id": "o5", "left": "pig", "right": " "}]}, "Pair 5 needs a right-hand text."),
        ("matching", {"pairs": [*PAIRS, {"id": "o5", "left": "pig"}]}, "Pair 5 is missing its right."),
        ("essay", [], "The question's settings are not in the expected form."),
        ("hotspot", {}, "Unknown question type 'hotspot'."),
    ],
)
def test_validate_spec_problems(qtype, spec, problem):
    assert problem in validate_spec(qtype, spec)
