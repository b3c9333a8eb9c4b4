"""GIFT parser and writer: conformance data (read from ../shared) and our own cases.

The conformance tests read Moodle's and gift-pegjs's files from
``../shared/conformance/gift`` (relative to the project root) and copy nothing
into the project. Where that folder is absent (a clone of the project alone)
they are skipped with a message; our own cases below them still run.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from training.assessments.gift import (
    NOT_UTF8_MESSAGE,
    QUESTION_TYPES,
    GiftAnswer,
    GiftQuestion,
    extract_tags_and_id,
    format_number,
    parse,
    parse_bytes,
    unescape,
    write,
)
from training.assessments.gift_writer import escape, write_question

CONFORMANCE = Path(__file__).resolve().parents[1].parent / "shared" / "conformance" / "gift"
MOODLE = CONFORMANCE / "moodle"
PEGJS = CONFORMANCE / "gift-pegjs"
ABSENT = f"GIFT conformance data not found at {CONFORMANCE} (expected ../shared/conformance/gift beside the project)"


def _cases(folder: Path, pattern: str, direction: str | None = None) -> list:
    """Files for parametrize, or a single skipped entry when the conformance data is absent."""
    files = sorted(folder.glob(pattern)) if folder.is_dir() else []
    if direction:
        files = [f for f in files if json.loads(f.read_text(encoding="utf-8")).get("direction") == direction]
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=ABSENT))]
    return [pytest.param(f, id=f.name) for f in files]


def _ws(text: str | None) -> str:
    return " ".join((text or "").split())


def _one(text: str) -> GiftQuestion:
    result = parse(text)
    assert result.errors == []
    assert len(result.questions) == 1
    return result.questions[0]


# =========================================================================== Moodle: import cases

FORMATS = {"FORMAT_MOODLE": "moodle", "FORMAT_HTML": "html", "FORMAT_PLAIN": "plain", "FORMAT_MARKDOWN": "markdown"}
FORMATS.update({0: "moodle", 1: "html", 2: "plain", 4: "markdown"})
# Moodle-internal settings with no counterpart in our model (marks, penalties, editor options,
# combined feedback, answer numbering). Every other asserted field is compared.
NOT_IN_OUR_MODEL = {
    "defaultmark",
    "penalty",
    "length",
    "shuffleanswers",
    "answernumbering",
    "correctfeedback",
    "partiallycorrectfeedback",
    "incorrectfeedback",
    "responseformat",
    "responsefieldlines",
    "attachments",
    "graderinfo",
}
QTYPES = {
    "essay": "essay",
    "match": "matching",
    "numerical": "numeric",
    "shortanswer": "short_answer",
    "truefalse": "true_false",
    "description": "description",
}


def _check_moodle_import(q: GiftQuestion, expected: dict) -> None:
    for key, want in expected.items():
        if key in NOT_IN_OUR_MODEL:
            continue
        if key == "name":
            assert q.name == want
        elif key == "questiontext":
            assert q.prompt == want
        elif key == "questiontextformat":
            assert q.prompt_format == FORMATS[want]
        elif key == "generalfeedback":
            assert q.general_feedback == want
        elif key == "generalfeedbackformat":
            assert q.general_feedback_format == FORMATS[want]
        elif key == "qtype":
            if want == "multichoice":
                assert q.type == ("single_choice" if expected["single"] else "multiple_choice")
            else:
                assert q.type == QTYPES[want]
        elif key == "single":
            assert q.type == ("single_choice" if want else "multiple_choice")
        elif key == "answer":
            for answer, item in zip(q.answers, want, strict=True):
                if isinstance(item, dict):
                    assert (answer.text, answer.text_format) == (item["text"], FORMATS[item["format"]])
                else:
                    assert answer.text == item
        elif key == "fraction":
            assert [a.fraction for a in q.answers] == [float(f) for f in want]
        elif key == "feedback":
            assert [(a.feedback, a.feedback_format) for a in q.answers] == [
                (f["text"], FORMATS[f["format"]]) for f in want
            ]
        elif key == "tolerance":
            assert [a.tolerance for a in q.answers] == [None if t == "" else float(t) for t in want]
        elif key == "subquestions":
            assert [(a.text, a.text_format) for a in q.answers] == [(s["text"], FORMATS[s["format"]]) for s in want]
        elif key == "subanswers":
            assert [a.match for a in q.answers] == want
        elif key == "correctanswer":
            assert q.truth is bool(want)
        elif key in ("feedbacktrue", "feedbackfalse"):
            answer = q.answers[0 if key == "feedbacktrue" else 1]
            assert (answer.feedback, answer.feedback_format) == (want["text"], FORMATS[want["format"]])
        elif key == "tags":
            assert q.tags == want
        elif key == "idnumber":
            assert q.id_number == want
        else:  # pragma: no cover - a new field in the data must be looked at, not ignored
            pytest.fail(f"Moodle asserts a field this test does not map: {key}")


@pytest.mark.parametrize("sidecar", _cases(MOODLE, "*.expected.json", "import"))
def test_moodle_import_case(sidecar):
    case = json.loads(sidecar.read_text(encoding="utf-8"))
    q = _one((MOODLE / case["gift_file"]).read_text(encoding="utf-8"))
    _check_moodle_import(q, case["expected"])


@pytest.mark.parametrize("sidecar", _cases(MOODLE, "025-*.expected.json"))
def test_moodle_tags_and_idnumber_from_comment(sidecar):
    for case in json.loads(sidecar.read_text(encoding="utf-8"))["cases"]:
        assert extract_tags_and_id(case["comment"]) == (case["expected_idnumber"], case["expected_tags"]), case["case"]


# =========================================================================== Moodle: export cases


def _from_moodle(qdata: dict) -> GiftQuestion:
    """Map a Moodle ``$qdata`` (test input) onto our dataclasses."""
    fmt = FORMATS[qdata["questiontextformat"]]
    q = GiftQuestion(
        type=QTYPES.get(qdata["qtype"], "single_choice"),
        name=qdata["name"],
        prompt=qdata["questiontext"],
        prompt_format=fmt,
        general_feedback=qdata["generalfeedback"],
        general_feedback_format=FORMATS[qdata["generalfeedbackformat"]],
    )
    options = qdata.get("options", {})
    answers = list(options.get("answers", {}).values())
    if qdata["qtype"] == "multichoice":
        q.type = "single_choice" if options["single"] else "multiple_choice"
        for a in answers:
            q.answers.append(
                GiftAnswer(
                    a["answer"],
                    float(a["fraction"]),
                    a["feedback"],
                    text_format=FORMATS[a["answerformat"]],
                    feedback_format=FORMATS[a["feedbackformat"]],
                )
            )
    elif qdata["qtype"] in ("shortanswer", "numerical"):
        for a in answers:
            answer = GiftAnswer(a["answer"], float(a["fraction"]), a["feedback"], text_format=fmt)
            answer.feedback_format = FORMATS[a["feedbackformat"]]
            if qdata["qtype"] == "numerical" and a["answer"] != "*":
                answer.tolerance = float(a["tolerance"])
            q.answers.append(answer)
    elif qdata["qtype"] == "match":
        for sub in options["subquestions"].values():
            q.answers.append(
                GiftAnswer(sub["questiontext"], text_format=FORMATS[sub["questiontextformat"]], match=sub["answertext"])
            )
    elif qdata["qtype"] == "truefalse":
        for key, text in (("trueanswer", "True"), ("falseanswer", "False")):
            a = options["answers"][str(options[key])]
            q.answers.append(
                GiftAnswer(text, float(a["fraction"]), a["feedback"], feedback_format=FORMATS[a["feedbackformat"]])
            )
    return q


def _moodle_generated_truefalse() -> GiftQuestion:
    """Case 024's input comes from Moodle's data generator (truefalse, idnumber myid, tags tag1/tag2)."""
    return GiftQuestion(
        type="true_false",
        name="True/false question",
        prompt="The answer is true.",
        prompt_format="html",
        answers=[
            GiftAnswer("True", 1.0, "This is the right answer.", text_format="html", feedback_format="html"),
            GiftAnswer("False", 0.0, "This is the wrong answer.", text_format="html", feedback_format="html"),
        ],
        general_feedback="You should have selected true.",
        general_feedback_format="html",
        tags=["tag1", "tag2"],
        id_number="myid",
    )


@pytest.mark.parametrize("sidecar", _cases(MOODLE, "*.expected.json", "export"))
def test_moodle_export_case(sidecar):
    case = json.loads(sidecar.read_text(encoding="utf-8"))
    expected = (MOODLE / case["expected_gift_file"]).read_text(encoding="utf-8").replace("\r\n", "\n")
    if "$generated_by" in case["input_question"]:
        question, number = _moodle_generated_truefalse(), 4242
        expected = expected.replace("{$question->id}", str(number))
    else:
        question, number = _from_moodle(case["input_question"]), case["input_question"]["id"]
    assert write_question(question, number) == expected
    assert parse(expected).errors == []


# =========================================================================== Moodle: Behat fixtures


def _fixture(name: str) -> Path:
    path = MOODLE / name
    if not path.is_file():
        pytest.skip(ABSENT)
    return path


def test_behat_questions_fixture_imports_nine_questions():
    result = parse_bytes(_fixture("questions.gift.txt").read_bytes())
    assert result.errors == []
    assert len(result.questions) == 9
    assert "colours" in [q.name for q in result.questions]
    assert any(q.prompt == "What's between orange and green in the spectrum?" for q in result.questions)
    expect = json.loads(_fixture("fixtures.expected.json").read_text(encoding="utf-8"))["fixtures"][0]["expect"]
    # Behat exports the whole category, so Moodle's file starts with a category switch; the course in
    # the scenario is "C1". Database ids are longer than our 1..9, which the window allows for.
    for q in result.questions:
        q.category = "$course$/top/Default for C1"
    size = len(write(result.questions).encode("utf-8"))
    window = expect["gift_reexport_size_bytes"]
    assert window["min"] <= size <= window["max"]


def test_behat_category_fixture_imports_four_questions_in_the_category():
    result = parse_bytes(_fixture("questions_in_category.gift.txt").read_bytes())
    assert result.errors == []
    assert result.categories == ["$course$/Default for New Features"]
    assert len(result.questions) == 4
    assert {q.category for q in result.questions} == {"$course$/Default for New Features"}
    assert "Moodle activities" in [q.name for q in result.questions]
    assert "Match the activity to the description." in [q.prompt for q in result.questions]
    greeting = next(q for q in result.questions if q.name == "Greeting")
    assert 'href="http://demo.moodle.net/file.php/5/media/bonjour.mp3"' in greeting.prompt


def test_behat_windows_1252_file_is_refused():
    result = parse_bytes(_fixture("questions_encoding_windows-1252.gift.txt").read_bytes())
    assert result.questions == []
    assert [e.message for e in result.errors] == [NOT_UTF8_MESSAGE]
    assert result.errors[0].line > 0


def test_moodle_examples_file_parses_without_errors():
    result = parse_bytes(_fixture("examples.txt").read_bytes())
    assert result.errors == []
    assert len(result.questions) > 30
    # ...and what we write reads back to the same questions.
    assert parse(write(result.questions)).questions == result.questions


# =========================================================================== gift-pegjs pairs

PEGJS_TYPES = {
    "Short": {"short_answer"},
    "TF": {"true_false"},
    "Numerical": {"numeric"},
    "Essay": {"essay"},
    "Description": {"description"},
    "Matching": {"matching"},
    "MC": {"single_choice", "multiple_choice"},
}
# Where gift-pegjs reads GIFT differently from Moodle (the reference), the comparison leaves that part out:
# * TRUE/FALSE feedback on TRUE questions: pegjs reads "{TRUE#a#b}" as (feedback on "true" = a, on
#   "false" = b); in Moodle the first feedback is for a *wrong* answer, so on TRUE questions they swap.
#   Compared for FALSE questions only (TFTwoFeedback, totara_moodle_truefalse*).
# * Whitespace: pegjs folds line breaks inside texts; Moodle keeps them. Texts are compared with
#   whitespace runs collapsed, and the missing-word blank is compared without spaces ("_____ ." vs "_____.").
# * Matching right-hand sides are not compared for text format (pegjs gives them none either).
# No pair is skipped as a whole.


def _pegjs_fraction(choice: dict) -> float:
    if choice.get("weight") is not None:
        return choice["weight"] / 100
    return 1.0 if choice["isCorrect"] else 0.0


def _pegjs_compare(q: GiftQuestion, want: dict, where: str) -> None:
    assert q.type in PEGJS_TYPES[want["type"]], where
    assert q.name == (want.get("title") or ""), where
    if want.get("id") is not None:
        assert q.id_number == want["id"], where
    assert q.tags == (want.get("tags") or []), where
    stem = want["stem"]
    assert q.prompt_format == stem["format"], where
    # pegjs writes the missing-word blank as "_____ ." where Moodle writes "_____."
    assert _ws(q.prompt).replace(" ", "") == _ws(stem["text"]).replace(" ", ""), where
    if want.get("globalFeedback"):
        assert _ws(q.general_feedback) == _ws(want["globalFeedback"]["text"]), where
    kind = want["type"]
    if kind in ("MC", "Short"):
        got = [(_ws(a.text), a.fraction, _ws(a.feedback)) for a in q.answers]
        assert got == [
            # pegjs computes 33.33333 / 100 in binary floating point; we divide in decimal.
            (_ws(c["text"]["text"]), pytest.approx(_pegjs_fraction(c)), _ws((c.get("feedback") or {}).get("text")))
            for c in want["choices"]
        ], where
        if kind == "MC":
            assert [a.text_format for a in q.answers] == [c["text"]["format"] for c in want["choices"]], where
    elif kind == "TF":
        assert q.truth is want["isTrue"], where
        if not want["isTrue"]:
            assert _ws(q.answers[0].feedback) == _ws((want["trueFeedback"] or {}).get("text")), where
            assert _ws(q.answers[1].feedback) == _ws((want["falseFeedback"] or {}).get("text")), where
    elif kind == "Matching":
        assert [(a.text, a.match) for a in q.answers] == [
            (_ws(p["subquestion"]["text"]), p["subanswer"]) for p in want["matchPairs"]
        ], where
    elif kind == "Numerical":
        choices = want["choices"]
        if isinstance(choices, dict):  # a single answer without weight or feedback
            choices = [{"isCorrect": True, "weight": None, "text": choices, "feedback": None}]
        assert len(q.answers) == len(choices), where
        for answer, choice in zip(q.answers, choices, strict=True):
            value = choice["text"]
            assert answer.fraction == _pegjs_fraction(choice), where
            assert _ws(answer.feedback) == _ws((choice.get("feedback") or {}).get("text")), where
            if value.get("type") == "simple":
                assert (float(answer.text), answer.tolerance) == (value["number"], 0.0), where
            elif value.get("type") == "range":
                assert (float(answer.text), answer.tolerance) == (value["number"], value["range"]), where
            elif value.get("type") == "high-low":
                assert (answer.low, answer.high) == (value["numberLow"], value["numberHigh"]), where
            else:
                assert answer.text == value["text"] == "*", where


@pytest.mark.parametrize("gift_file", _cases(PEGJS, "*.gift"))
def test_gift_pegjs_pair(gift_file):
    expected = json.loads(gift_file.with_suffix(".json").read_text(encoding="utf-8"))
    result = parse(gift_file.read_text(encoding="utf-8"))
    assert result.errors == []
    assert result.categories == [item["title"] for item in expected if item["type"] == "Category"]
    items = [item for item in expected if item["type"] != "Category"]
    assert len(result.questions) == len(items)
    for number, (q, want) in enumerate(zip(result.questions, items, strict=True), 1):
        _pegjs_compare(q, want, f"{gift_file.name} question {number}")


# =========================================================================== our own cases: every type


def test_single_choice_with_feedback_and_weights():
    q = _one("::Colour:: Sky colour? {=blue#Yes ~%-25%red#No ~green}")
    assert (q.type, q.name, q.prompt) == ("single_choice", "Colour", "Sky colour?")
    assert [(a.text, a.fraction, a.feedback) for a in q.answers] == [
        ("blue", 1.0, "Yes"),
        ("red", -0.25, "No"),
        ("green", 0.0, ""),
    ]


def test_multiple_choice_from_weights_without_equals():
    q = _one("Pick primes {~%50%2 ~%50%3 ~%-100%4}")
    assert q.type == "multiple_choice"
    assert [a.fraction for a in q.answers] == [0.5, 0.5, -1.0]


def test_true_false_forms_and_feedback_order():
    for source, truth in (("{T}", True), ("{TRUE}", True), ("{F}", False), ("{FALSE}", False)):
        assert _one("Fish swim." + source).truth is truth
    q = _one("Fish fly.{FALSE#Sorry, they do not.#Right!####Most fish cannot fly.}")
    assert q.type == "true_false"
    # The first feedback is for the wrong answer ("true" here), the second for the right one.
    assert [(a.text, a.fraction, a.feedback) for a in q.answers] == [
        ("True", 0.0, "Sorry, they do not."),
        ("False", 1.0, "Right!"),
    ]
    assert q.general_feedback == "Most fish cannot fly."
    q = _one("Fish swim.{TRUE#Wrong.#Right.}")
    assert [a.feedback for a in q.answers] == ["Right.", "Wrong."]


def test_numeric_tolerance_range_and_several_answers():
    q = _one("Pi? {#3.14:0.01}")
    assert (q.type, q.answers[0].text, q.answers[0].tolerance) == ("numeric", "3.14", 0.01)
    q = _one("From 1 to 5 {#1..5}")
    assert (q.answers[0].low, q.answers[0].high, q.answers[0].tolerance) == (1.0, 5.0, None)
    q = _one("Year? {# =%100%1822:0 =%50%1822:2#Close ~#Way off}")
    assert [(a.text, a.fraction, a.tolerance, a.feedback) for a in q.answers] == [
        ("1822", 1.0, 0.0, ""),
        ("1822", 0.5, 2.0, "Close"),
        ("*", 0.0, None, "Way off"),
    ]


def test_short_answer_essay_description_matching():
    q = _one("Capital of France? {=Paris =%50%paris#Capitalise it}")
    assert q.type == "short_answer"
    assert [(a.text, a.fraction, a.feedback) for a in q.answers] == [
        ("Paris", 1.0, ""),
        ("paris", 0.5, "Capitalise it"),
    ]
    assert _one("Tell us why.{}").type == "essay"
    assert _one("Essay?{####Graders: look for X.}").general_feedback == "Graders: look for X."
    q = _one("::Intro:: Read the text below carefully.")
    assert (q.type, q.name, q.prompt, q.answers) == ("description", "Intro", "Read the text below carefully.", [])
    q = _one("Match {=[html]<b>A</b> -> 1 =B -> 2 = -> 3}")
    assert q.type == "matching"
    assert [(a.text, a.text_format, a.match) for a in q.answers] == [
        ("<b>A</b>", "html", "1"),
        ("B", "moodle", "2"),
        ("", "moodle", "3"),
    ]


def test_missing_word_keeps_a_blank_marker():
    q = _one("The {~cat =dog} barked.")
    assert (q.type, q.prompt) == ("single_choice", "The _____ barked.")


def test_formats_categories_comments_tags_and_multiline():
    text = (
        "$CATEGORY: Safety/Fire\n\n"
        "// [tag:fire] [tag: kitchen ] [id:F-1]\n"
        "::Q1::[markdown]Is **water**\n"
        "  safe on oil fires?{F}\n\n"
        "// just a remark\n\n"
        "$CATEGORY: Safety/Chemicals\n"
        "::Q2::[html]<p>Label?</p>{=GHS ~none}\n"
    )
    result = parse(text)
    assert result.errors == []
    assert result.categories == ["Safety/Fire", "Safety/Chemicals"]
    q1, q2 = result.questions
    assert (q1.category, q1.tags, q1.id_number, q1.prompt_format) == (
        "Safety/Fire",
        ["fire", "kitchen"],
        "F-1",
        "markdown",
    )
    assert q1.prompt == "Is **water**\n  safe on oil fires?"
    assert (q1.line, q2.line) == (4, 10)  # line 9 holds the $CATEGORY switch
    assert (q2.category, q2.prompt_format, q2.answers[0].text_format) == ("Safety/Chemicals", "html", "html")


def test_escapes_are_read_and_written():
    q = _one(r"::a\:b:: 1 \= 1 \{x\} \~ \# back\\slash line\nbreak {=\=#\#}")
    assert q.name == "a:b"
    assert q.prompt == "1 = 1 {x} ~ # back\\slash line\nbreak"
    assert (q.answers[0].text, q.answers[0].feedback) == ("=", "#")
    assert unescape(r"\\n") == "\\n"  # an escaped backslash followed by n
    assert escape("a\\b=c~d#e{f}g:h\ni") == r"a\\b\=c\~d\#e\{f\}g\:h\ni"


def test_writer_basics():
    q = GiftQuestion("single_choice", "N", "2+2?", answers=[GiftAnswer("4", 1.0), GiftAnswer("5", 0.0, "no")])
    q.category = "Maths"
    assert write([q]) == (
        "// question: 0  name: switch category to Maths\n$CATEGORY: Maths\n\n"
        "// question: 1  name: N\n::N::2+2?{\n\t=4\n\t~5#no\n}\n\n"
    )


def test_bom_and_crlf_are_accepted():
    result = parse_bytes("\ufeff::A::Q?{T}\r\n\r\n::B::R?{F}\r\n".encode())
    assert result.errors == []
    assert [q.name for q in result.questions] == ["A", "B"]


# =========================================================================== our own cases: errors


def test_empty_and_comment_only_input():
    assert parse("") == parse("   \n\n// nothing here\n") == parse("")
    assert parse("").questions == [] and parse("").errors == []


@pytest.mark.parametrize(
    ("source", "line", "words"),
    [
        ("::A:: ok {T}\n\n::B::\nWhat? {=yes\n", 4, "never closed"),
        ("::A:: ok {T}\n\n\nWhat? }\n", 4, "without an opening"),
        ("::A:: ok {T}\n\nPick {\n~a\n~%abc%b\n}\n", 5, "Unknown answer weight '%abc%'"),
        ("Pick {~a ~%150%b}\n", 1, "outside -100..100"),
        ("::A:: ok {T}\n\nMatch {\n=a -> 1\n}\n", 3, "at least two pairs"),
        ("Match {=a -> 1 =b}\n", 1, "no '->'"),
        ("Pick {~only}\n", 1, "at least two answers"),
        ("Number {#abc}\n", 1, "not a number"),
        ("Number {#5..1}\n", 1, "starts above"),
        ("::Title without end\nQ {T}\n", 1, "no closing '::'"),
        ("Two {T} blocks {F}\n", 1, "only one answer block"),
        ("Nested {=a {b}}\n", 1, "inside an answer block"),
    ],
)
def test_broken_input_reports_line_and_message(source, line, words):
    result = parse(source)
    assert len(result.errors) == 1, result.errors
    assert result.errors[0].line == line
    assert words in result.errors[0].message
    assert str(result.errors[0]).startswith(f"Line {line}: ")


def test_a_bad_question_does_not_stop_the_rest():
    result = parse("Good one {T}\n\nBad {~a ~%x%b}\n\nAnother {F}\n\nBroken {=a\n\nLast {}\n")
    assert [q.prompt for q in result.questions] == ["Good one", "Another", "Last"]
    assert [e.line for e in result.errors] == [3, 7]


def test_writer_refuses_what_gift_cannot_express():
    with pytest.raises(ValueError, match="->"):
        write([GiftQuestion("matching", "m", "?", answers=[GiftAnswer("a->b", match="1"), GiftAnswer("c", match="2")])])
    with pytest.raises(ValueError, match="->"):
        write([GiftQuestion("short_answer", "s", "?", answers=[GiftAnswer("x->y", 1.0)])])


# =========================================================================== round trip (hypothesis)

QUESTION_KINDS = list(QUESTION_TYPES)

# Awkward on purpose: every GIFT control character, backslashes, format-looking brackets, percent signs,
# newlines and tabs, and several non-Latin scripts.
ALPHABET = st.sampled_from(
    list("abcXYZ019 \t\n~=#{}:\\%[]->_/$*.")
    + ["[html]", "[plain]", "####", "//", "\\n", "->"]
    + list("éßøЖжπΩ中文字あア한글עבריתالعربيةहिन्दीไทย🙂")
)
TEXT = st.lists(ALPHABET, min_size=1, max_size=12).map("".join).map(lambda s: s.strip(" \t\n\r\x00\x0b"))
NONEMPTY = TEXT.filter(bool)
FORMAT = st.sampled_from(["moodle", "html", "plain", "markdown"])
FRACTION = st.sampled_from([1.0, 0.5, 0.3333333, 0.25, 0.1428571, 0.05, 0.0, -0.5, -1.0, 0.8333333, -0.1])
NUMBER = st.one_of(
    st.integers(-(10**6), 10**6).map(float),
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 4)),
)
NAME = TEXT.map(lambda s: s.replace("\n", " ").strip())
TAG = st.lists(st.sampled_from(list("abcé中-_ ")), min_size=1, max_size=6).map("".join).map(str.strip).filter(bool)


def _feedback(fmt_default: str):
    return st.tuples(TEXT, FORMAT).map(lambda t: (t[0], t[1] if t[0] else fmt_default))


@st.composite
def questions(draw, kind=None):
    kind = kind or draw(st.sampled_from(QUESTION_KINDS))
    fmt = draw(FORMAT)
    gf, gf_fmt = draw(_feedback(fmt)) if kind != "description" else ("", fmt)
    q = GiftQuestion(
        type=kind,
        name=draw(NAME),
        prompt=draw(NONEMPTY),
        prompt_format=fmt,
        general_feedback=gf,
        general_feedback_format=gf_fmt,
        category=draw(st.sampled_from([None, "Top", "Top/Sub: ünïcode", "Курс/Тема"])),
        tags=draw(st.lists(TAG, max_size=3)),
        id_number=draw(st.one_of(st.just(""), TAG)),
    )
    if kind in ("single_choice", "multiple_choice"):
        for _ in range(draw(st.integers(2, 5))):
            text, text_fmt = draw(NONEMPTY), draw(FORMAT)
            feedback, feedback_fmt = draw(_feedback(fmt))
            q.answers.append(
                GiftAnswer(text, draw(FRACTION), feedback, text_format=text_fmt, feedback_format=feedback_fmt)
            )
        if kind == "multiple_choice" and all(a.fraction == 0 for a in q.answers):
            q.answers[0].fraction = 1.0
    elif kind == "short_answer":
        for _ in range(draw(st.integers(1, 4))):
            text = draw(NONEMPTY.filter(lambda s: "->" not in s))
            feedback, feedback_fmt = draw(_feedback(fmt).filter(lambda t: "->" not in t[0]))
            q.answers.append(GiftAnswer(text, draw(FRACTION), feedback, text_format=fmt, feedback_format=feedback_fmt))
    elif kind == "numeric":
        for _ in range(draw(st.integers(1, 3))):
            feedback, feedback_fmt = draw(_feedback(fmt))
            value = draw(NUMBER)
            if draw(st.booleans()):
                high = value + abs(draw(NUMBER))
                answer = GiftAnswer("", draw(FRACTION), feedback, low=value, high=high)
                answer.text = f"{format_number(value)}..{format_number(high)}"
            else:
                answer = GiftAnswer(format_number(value), draw(FRACTION), feedback, tolerance=abs(draw(NUMBER)))
            answer.text_format, answer.feedback_format = fmt, feedback_fmt
            q.answers.append(answer)
        if draw(st.booleans()):
            feedback, feedback_fmt = draw(_feedback(fmt))
            q.answers.append(GiftAnswer("*", 0.0, feedback, text_format=fmt, feedback_format=feedback_fmt))
    elif kind == "matching":
        for _ in range(draw(st.integers(2, 4))):
            left = draw(TEXT.filter(lambda s: "->" not in s))
            q.answers.append(
                GiftAnswer(left, match=draw(NONEMPTY), text_format=draw(FORMAT) if left else fmt, feedback_format=fmt)
            )
    elif kind == "true_false":
        truth = draw(st.booleans())
        (fb_true, f_true), (fb_false, f_false) = draw(_feedback(fmt)), draw(_feedback(fmt))
        q.answers = [
            GiftAnswer("True", 1.0 if truth else 0.0, fb_true, text_format=fmt, feedback_format=f_true),
            GiftAnswer("False", 0.0 if truth else 1.0, fb_false, text_format=fmt, feedback_format=f_false),
        ]
    return q


@pytest.mark.parametrize("kind", QUESTION_KINDS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip_every_type(kind, data):
    q = data.draw(questions(kind))
    written = write([q])
    result = parse(written)
    assert result.errors == [], written
    assert result.questions == [q], written


@settings(max_examples=100, deadline=None)
@given(st.lists(questions(), min_size=1, max_size=6))
def test_round_trip_mixed_lists_with_categories(qs):
    result = parse(write(qs))
    assert result.errors == []
    assert result.questions == qs


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_parser_never_raises(text):
    result = parse(text)
    for error in result.errors:
        assert error.line >= 1 and error.message
