"""Factories for the assessment tests: valid questions of every type, assessments, enrolled trainees.

Everything goes through the services (``bank.save_question``, ``builder.save_assessment`` /
``add_question`` / ``set_status``), so the rules they enforce apply to test data too.
``RIGHT[type]`` / ``WRONG[type]`` are responses that earn full marks / nothing on ``SPECS[type]``.
"""

from __future__ import annotations

import copy
import itertools
from datetime import UTC, datetime
from decimal import Decimal

from tests import course_factories as cf
from tests.helpers import fast_user
from training.assessments import attempts, bank, builder
from training.assessments.models import Assessment, Question

# A fixed clock (tests move it by hand): the services take ``now`` as an argument.
T0 = datetime(2031, 3, 1, 9, 0, tzinfo=UTC)

SPECS: dict[str, dict] = {
    "single_choice": {
        "options": [
            {"id": "o1", "text": "Carbon dioxide", "fraction": 1.0, "feedback": "Yes."},
            {"id": "o2", "text": "Oxygen", "fraction": 0.0, "feedback": "No."},
            {"id": "o3", "text": "Methane", "fraction": 0.5, "feedback": "Partly."},
            {"id": "o4", "text": "Argon", "fraction": 0.0, "feedback": ""},
        ],
        "shuffle": True,
    },
    "multiple_choice": {
        "options": [
            {"id": "o1", "text": "Solar", "fraction": 0.5, "feedback": ""},
            {"id": "o2", "text": "Wind", "fraction": 0.5, "feedback": ""},
            {"id": "o3", "text": "Coal", "fraction": -0.5, "feedback": "Not renewable."},
            {"id": "o4", "text": "Oil", "fraction": 0.0, "feedback": ""},
        ],
        "shuffle": True,
    },
    "true_false": {"answer": True, "feedback_true": "Right.", "feedback_false": "It is true."},
    "numeric": {"answers": [{"id": "o1", "value": 3.14, "tolerance": 0.01, "fraction": 1.0, "feedback": ""}]},
    "short_answer": {
        "answers": [
            {"id": "o1", "text": "Kyoto", "fraction": 1.0, "feedback": ""},
            {"id": "o2", "text": "Tokyo", "fraction": 0.25, "feedback": "Close."},
        ],
        "case_sensitive": False,
    },
    "matching": {
        "pairs": [
            {"id": "o1", "left": "CO2", "right": "Carbon dioxide"},
            {"id": "o2", "left": "CH4", "right": "Methane"},
            {"id": "o3", "left": "N2O", "right": "Nitrous oxide"},
            {"id": "o4", "left": "", "right": "Ozone"},
        ]
    },
    "essay": {},
    "description": {},
}
TYPES = tuple(SPECS)

RIGHT: dict[str, dict | None] = {
    "single_choice": {"choice": "o1"},
    "multiple_choice": {"choices": ["o1", "o2"]},
    "true_false": {"value": True},
    "numeric": {"value": "3,14"},
    "short_answer": {"text": "  kyoto "},
    "matching": {"matches": {"o1": "Carbon dioxide", "o2": "Methane", "o3": "Nitrous oxide"}},
    "essay": {"text": "Because the co-benefits are large."},
    "description": None,
}
WRONG: dict[str, dict | None] = {
    "single_choice": {"choice": "o2"},
    "multiple_choice": {"choices": ["o3", "o4"]},
    "true_false": {"value": False},
    "numeric": {"value": "2.71"},
    "short_answer": {"text": "Osaka"},
    "matching": {"matches": {"o1": "Ozone", "o2": "Ozone", "o3": "Ozone"}},
    "essay": {"text": "I do not know."},
    "description": None,
}

_seq = itertools.count(1)


def instructor(session):
    return fast_user(session, roles=("instructor",), name=f"Instructor {next(_seq)}")


def course(session, teacher=None, **fields):
    """A published course (two modules) taught by ``teacher`` (a new instructor if omitted)."""
    return cf.course(session, instructors=[teacher or instructor(session)], **fields)


def trainee(session, course_, **fields):
    """A trainee with an active enrolment in ``course_``."""
    user = fast_user(session, **fields)
    cf.enrolment(session, user, course_, "active")
    return user


def question(
    course_,
    type: str = "single_choice",
    *,
    actor=None,
    category: str = "Default",
    module=None,
    objectives=None,
    **overrides,
) -> Question:
    """A valid question of ``type`` saved through ``bank.save_question``; ``overrides`` set QuestionFields."""
    values = {
        "type": type,
        "name": "",
        "prompt": f"Question {next(_seq)} ({type})",
        "spec": copy.deepcopy(SPECS[type]),
        "points": Decimal("1"),
    }
    values.update(overrides)
    fields = bank.QuestionFields(**values)
    return bank.save_question(
        actor, course_, None, fields, category_name=category, module=module, objectives=objectives
    )


def assessment(
    course_, questions=(), *, actor=None, publish: bool = True, points=None, rubric=None, **settings
) -> Assessment:
    """An assessment holding ``questions`` (fixed, in order), published unless told otherwise.

    ``points``: one value for every item (default: each question's own points); ``settings``: builder.Settings.
    """
    settings.setdefault("title", f"Assessment {next(_seq)}")
    made = builder.save_assessment(actor, course_, None, builder.Settings(**settings))
    for q in questions:
        builder.add_question(actor, made, q, points=points, rubric=rubric)
    if publish:
        builder.set_status(actor, made, "published")
    return made


def quiz_of_every_type(course_, **settings) -> Assessment:
    """One question of each of the 8 types, 1 point each, no shuffling (answer positions follow TYPES)."""
    settings.setdefault("shuffle_options", False)
    return assessment(course_, [question(course_, t) for t in TYPES], **settings)


def answer_all(attempt, responses: dict[str, dict | None], now) -> int:
    """Save ``responses[type]`` for every answer of ``attempt`` by its question's type."""
    by_position = {a.position: responses.get(a.question.type) for a in attempt.answers}
    return attempts.save(attempt, by_position, now)


def submit_audits(session, attempt) -> list:
    """The 'attempt.submit' audit records of ``attempt`` (one per real submission)."""
    from sqlalchemy import select

    from training.audit.models import AuditLog

    return list(
        session.scalars(select(AuditLog).where(AuditLog.action == "attempt.submit", AuditLog.object_id == attempt.id))
    )
