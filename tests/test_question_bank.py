"""The question bank (training.assessments.bank): categories, saving questions (objectives inherited from the
module, else the course), retiring questions, and GIFT import (all or nothing) and export, round trip included."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select

from tests import assessment_factories as af
from tests import course_factories as cf
from training.assessments import attempts, bank, builder, gift
from training.assessments.bank import BankError, QuestionFields
from training.assessments.models import Question, QuestionCategory
from training.audit.models import AuditLog

ALL_TYPES_GIFT = """\
$CATEGORY: $course$/top/Energy/Basics

// [tag:carbon] [tag:basics] [id:GAS-1]
::Gas:: Which gas warms the planet most? {=Carbon dioxide#Yes ~%50%Methane#Partly ~Oxygen#No ####Think again.}

::Renewables:: [markdown]Pick the *renewable* sources. {~%50%Solar ~%50%Wind ~%-50%Coal#Not renewable ~Oil}

::Sky:: The sky is blue. {T#Look again.#Right.}

$CATEGORY: Energy/Numbers

::Pi:: Pi to two decimals? {#=3.14:0.01#Good =%50%3..3.5#Roughly}

::Capital:: The capital of Japan in the year 1000? {=Kyoto#Yes =%25%Tokyo#Close}

::Formulas:: Match the formulas. {=CO2 -> Carbon dioxide =CH4 -> Methane = -> Ozone}

$CATEGORY: Writing

// [id:ESSAY-1]
::Essay:: [html]<p>Why do co-benefits matter?</p> {####We look for structure.}

::Intro:: Read this section before you answer.
"""


@pytest.fixture
def teacher(db_session):
    return af.instructor(db_session)


@pytest.fixture
def course(db_session, teacher):
    return af.course(db_session, teacher, objective_codes=("low-carbon", "leadership"))


def category_names(course) -> list[str]:
    return [c.name for c in bank.categories(course)]


def bank_questions(session, course) -> list[Question]:
    return list(session.scalars(select(Question).where(Question.course_id == course.id).order_by(Question.id)))


# --- Categories ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (" Energy / Basics/ ", "Energy/Basics"),
        ("Energy\\Basics", "Energy/Basics"),
        ("$course$/top/Energy", "Energy"),
        ("Top", "Default"),
        ("", "Default"),
        (None, "Default"),
        (" / / ", "Default"),
        ("a/b/c/d/e/f/g/h", "a/b/c/d/e/f"),
        ("x" * 300, "x" * 255),
    ],
)
def test_clean_category_name(raw, clean):
    assert bank.clean_category_name(raw) == clean


def test_a_nested_category_is_created_with_its_parents_once(db_session, course):
    leaf = bank.category(course, "Energy / Basics / Solar")
    assert (leaf.name, leaf.leaf, leaf.depth) == ("Energy/Basics/Solar", "Solar", 2)
    assert category_names(course) == ["Energy", "Energy/Basics", "Energy/Basics/Solar"]
    assert bank.category(course, "Energy/Basics/Solar").id == leaf.id
    bank.category(course, "Energy/Wind")
    assert category_names(course) == ["Energy", "Energy/Basics", "Energy/Basics/Solar", "Energy/Wind"]
    other = af.course(db_session)
    assert bank.category(other, "Energy").id != bank.category(course, "Energy").id


def test_only_an_empty_category_can_be_deleted(db_session, course, teacher):
    holding = af.question(course, "true_false", category="Full").category
    drawn_from = af.question(course, "true_false", category="Drawn").category
    quiz = af.assessment(course, publish=False)
    builder.add_draw(teacher, quiz, drawn_from, 1, Decimal("1"))
    archived = af.question(course, "true_false", category="Archived")
    builder.add_question(teacher, quiz, archived)
    assert bank.retire_question(teacher, archived) == "archived"
    bank.category(course, "Parent/Child")
    bank.category(course, "Parent_")  # a near name is no child ("_" is no wildcard)
    for name in ("Full", "Drawn", "Archived", "Parent"):  # Parent holds a sub-category
        cat = bank.category(course, name)
        with pytest.raises(BankError, match="Only an empty category"):
            bank.delete_category(teacher, cat)
    assert holding.id in bank.category_counts(course)
    empty = bank.category(course, "Parent/Child")
    bank.delete_category(teacher, empty)
    db_session.flush()
    assert "Parent/Child" not in category_names(course)
    entry = db_session.scalar(select(AuditLog).where(AuditLog.action == "question_category.delete"))
    assert (entry.actor_id, entry.details) == (teacher.id, {"name": "Parent/Child"})
    bank.delete_category(teacher, bank.category(course, "Parent_"))
    bank.delete_category(teacher, bank.category(course, "Parent"))  # empty now
    db_session.flush()
    assert "Parent" not in category_names(course)


# --- Saving questions ------------------------------------------------------------------------------------


def objective_codes(question) -> list[str]:
    return sorted(o.code for o in question.objectives)


def test_objectives_come_from_the_module_else_the_course(db_session, course, teacher):
    tagged = cf.module(db_session, course, codes=("monitoring",))
    untagged = cf.module(db_session, course)
    untagged.objectives = []
    assert objective_codes(af.question(course, module=tagged)) == ["monitoring"]
    assert objective_codes(af.question(course, module=untagged)) == ["leadership", "low-carbon"]
    assert objective_codes(af.question(course)) == ["leadership", "low-carbon"]
    chosen = cf.objectives(db_session, "green-market")
    assert objective_codes(af.question(course, module=tagged, objectives=chosen)) == ["green-market"]


def test_save_question_creates_then_updates_with_audit_records(db_session, course, teacher):
    fields = QuestionFields(
        type="true_false",
        name="",
        prompt="Is the <b>sky</b>\n blue?",
        spec=af.SPECS["true_false"],
        points=Decimal("2"),
        tags=["sky"],
    )
    question = bank.save_question(teacher, course, None, fields, category_name="Nature/Sky")
    assert (question.name, question.category.name, question.points, question.created_by_id) == (
        "Is the sky blue?",
        "Nature/Sky",
        Decimal("2"),
        teacher.id,
    )
    fields.spec = {"answer": False, "feedback_true": "", "feedback_false": ""}
    fields.name = "Sky"
    same = bank.save_question(teacher, course, question, fields, category_name="Nature")
    assert (same.id, same.name, same.spec["answer"], same.category.name) == (question.id, "Sky", False, "Nature")
    actions = db_session.scalars(
        select(AuditLog.action).where(AuditLog.object_type == "questions", AuditLog.object_id == question.id)
    ).all()
    assert actions == ["question.create", "question.update"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"prompt": "  "}, "Write the question's text."),
        ({"points": Decimal("-1")}, "Points cannot be negative."),
        ({"spec": {"options": [{"id": "o1", "text": "a", "fraction": 0.0}]}}, "at least two options"),
        ({"type": "riddle"}, "Unknown question type"),
    ],
)
def test_invalid_questions_are_refused(db_session, course, overrides, message):
    fields = QuestionFields(
        **({"type": "single_choice", "name": "Q", "prompt": "Pick", "spec": af.SPECS["single_choice"]} | overrides)
    )
    with pytest.raises(BankError, match=message):
        bank.save_question(None, course, None, fields, category_name="Default")
    assert bank_questions(db_session, course) == []


def test_retire_deletes_an_unused_question_and_archives_a_used_one(db_session, course, teacher):
    unused, in_quiz, answered = (af.question(course, "true_false", category="Pool") for _ in range(3))
    quiz = af.assessment(course, [in_quiz, answered])
    attempts.start(quiz, af.trainee(db_session, course), af.T0)
    builder.remove_item(teacher, quiz, quiz.items[1])  # the attempt still refers to ``answered``
    assert [bank.retire_question(teacher, q) for q in (unused, in_quiz, answered)] == [
        "deleted",
        "archived",
        "archived",
    ]
    db_session.flush()
    assert db_session.get(Question, unused.id) is None
    assert (in_quiz.archived, answered.archived) == (True, True)
    assert builder.pool_size(in_quiz.category) == 0 and bank.category_counts(course) == {}
    assert "Pool" not in bank.export_gift(course)
    with pytest.raises(builder.BuildError):
        builder.add_question(teacher, quiz, answered)


# --- GIFT import -----------------------------------------------------------------------------------------


def test_a_good_file_imports_every_question_into_its_category(db_session, course, teacher):
    plan = bank.plan_import(ALL_TYPES_GIFT.encode(), "Imported")
    assert plan.ok and plan.errors == []
    assert [c for c, _ in plan.rows] == ["Energy/Basics"] * 3 + ["Energy/Numbers"] * 3 + ["Writing"] * 2
    assert db_session.scalar(select(func.count()).select_from(Question)) == 0  # planning touches nothing
    created = bank.apply_import(teacher, course, plan)
    assert sorted(q.type for q in created) == sorted(af.TYPES)
    assert (created[0].tags, created[0].id_number, created[0].general_feedback) == (
        ["carbon", "basics"],
        "GAS-1",
        "Think again.",
    )
    assert category_names(course) == ["Energy", "Energy/Basics", "Energy/Numbers", "Writing"]
    entry = db_session.scalar(select(AuditLog).where(AuditLog.action == "question.import"))
    assert (entry.actor_id, entry.details) == (teacher.id, {"count": 8})


def test_questions_without_a_category_go_to_the_default_one(db_session, course):
    plan = bank.plan_import(b"Ok? {T}\n\nAnd this? {F}\n", "  Imported / Batch 1 ")
    assert [c for c, _ in plan.rows] == ["Imported/Batch 1"] * 2
    assert bank.plan_import(b"Ok? {T}\n").rows[0][0] == "Default"


def test_one_bad_question_stops_the_whole_import_with_line_numbers(db_session, course, teacher):
    data = b"Fine? {T}\n\n::No key:: Pick one {~a ~b}\n\n::Open:: Broken {=a ~b\n\nAlso fine? {F}\n"
    plan = bank.plan_import(data)
    assert not plan.ok and len(plan.rows) == 2
    assert plan.errors[0].startswith("Line 5:") and "never closed" in plan.errors[0]
    assert plan.errors[1].startswith("Line 3:") and "at least one option as right" in plan.errors[1]
    with pytest.raises(BankError, match="Nothing was imported"):
        bank.apply_import(teacher, course, plan)
    assert bank_questions(db_session, course) == []


def test_a_question_the_bank_cannot_store_is_reported_not_raised(db_session, course):
    plan = bank.plan_import(b"Fine? {T}\n\nAny number? {#=%50%*#Some credit =3}\n")
    assert not plan.ok and len(plan.errors) == 1
    assert plan.errors[0].startswith("Line 3:") and "'*'" in plan.errors[0]


def test_a_file_that_is_not_utf8_is_refused(db_session, course):
    plan = bank.plan_import("Café? {=Oui}".encode("cp1252"))
    assert not plan.ok and plan.rows == []
    assert len(plan.errors) == 1 and gift.NOT_UTF8_MESSAGE in plan.errors[0]


def test_an_empty_file_is_refused(db_session, course):
    assert bank.plan_import(b"// nothing but a comment\n").errors == ["The file holds no questions."]


# --- GIFT export, and back -------------------------------------------------------------------------------

COMPARED = ("type", "name", "prompt", "prompt_format", "general_feedback", "spec", "points", "id_number", "tags")


def snapshot(question: Question) -> dict:
    return {name: getattr(question, name) for name in COMPARED} | {"category": question.category.name}


def test_export_then_import_into_another_course_gives_the_same_questions(db_session, course, teacher):
    bank.apply_import(teacher, course, bank.plan_import(ALL_TYPES_GIFT.encode()))
    af.question(course, "true_false", category="Energy/Basics", spec=af.SPECS["true_false"]).archived = True
    exported = bank.export_gift(course)
    assert exported.count("::") == 2 * 8  # eight named questions; the archived one stays behind

    other = af.course(db_session, teacher)
    plan = bank.plan_import(exported.encode("utf-8"))
    assert plan.ok, plan.errors
    bank.apply_import(teacher, other, plan)

    def key(q):
        return (q.category.name, q.name)

    originals = sorted((q for q in bank_questions(db_session, course) if not q.archived), key=key)
    copies = sorted(bank_questions(db_session, other), key=key)
    assert len(copies) == 8
    for original, copy in zip(originals, copies, strict=True):
        assert snapshot(copy) == snapshot(original), original.name
    # Exporting the copy gives the very same text.
    assert bank.export_gift(other) == exported


def test_export_can_be_limited_to_categories(db_session, course, teacher):
    bank.apply_import(teacher, course, bank.plan_import(ALL_TYPES_GIFT.encode()))
    writing = bank.category(course, "Writing")
    only = bank.plan_import(bank.export_gift(course, {writing.id}).encode())
    assert sorted(f.name for _, f in only.rows) == ["Essay", "Intro"]
    assert {c for c, _ in only.rows} == {"Writing"}


def test_categories_are_listed_in_order_with_counts(db_session, course):
    questions = [af.question(course, "essay", category=name) for name in ("B", "A", "A")]
    by_id = {c.id: c.name for c in db_session.scalars(select(QuestionCategory))}
    assert category_names(course) == ["A", "B"]
    assert {by_id[k]: v for k, v in bank.category_counts(course).items()} == {"A": 2, "B": 1}
    assert {q.category.name for q in questions} == {"A", "B"}


def test_the_edit_form_keeps_numeric_keys_exactly():
    """Opening a numeric question's form and saving it untouched leaves its key as it was (no 6-digit rounding)."""
    from training.assessments import editing

    spec = {
        "answers": [
            {"id": "o1", "fraction": 1.0, "value": 1234567.0, "tolerance": 0.0, "feedback": ""},
            {"id": "o2", "fraction": 0.5, "value": 3.14159265, "tolerance": 0.001, "feedback": ""},
        ]
    }
    rows = editing.rows_from_spec("numeric", spec)
    assert [row.get("text") for row in rows[:2]] == ["1234567", "3.14159265"]
    assert [a["value"] for a in editing.spec_from_rows("numeric", rows)["answers"]] == [1234567.0, 3.14159265]
    typed = [{"text": "1 000", "fraction": 100}, {"text": "−2,5", "fraction": 50}, {"text": "nan", "fraction": 0}]
    assert [a["value"] for a in editing.spec_from_rows("numeric", typed)["answers"]] == [1000.0, -2.5, None]


def test_the_edit_form_shows_weights_as_plain_percentages():
    """A full-credit answer reads 100 in the form, not 1E+2."""
    from training.assessments import editing

    spec = {
        "options": [
            {"id": "o1", "text": "Prevention", "fraction": 1.0},
            {"id": "o2", "text": "Reuse", "fraction": 0.5},
            {"id": "o3", "text": "Landfill", "fraction": -1 / 3},
        ]
    }
    rows = editing.rows_from_spec("single_choice", spec)
    assert [str(row["fraction"]) for row in rows[:3]] == ["100", "50", "-33.33333"]
