"""Automatic grading of trainee responses, plus checks on stored question specs.

Pure Python: no Flask, no database. Question specs and responses are the JSON
shapes described in the storage contract (``type`` + ``spec`` on the question,
one response dict per answer row).

Responses come from the browser, so ``grade`` trusts nothing in them: a missing,
mistyped or tampered response (wrong types, unknown option ids, lists instead of
dicts, absurdly long strings) grades 0.0 with no feedback and never raises.
The spec is trusted (it was checked by ``validate_spec`` when it was saved).

Shapes (fractions are floats, 1.0 = 100 %, -1.0..1.0; ids "o1", "o2"... stay stable across edits):

==============  ===========================================================  ==========================
type            spec                                                         response
==============  ===========================================================  ==========================
single_choice   {"options": [{id, text, fraction, feedback}], "shuffle"}     {"choice": id}
multiple_choice same as single_choice                                        {"choices": [id, ...]}
true_false      {"answer": bool, "feedback_true", "feedback_false"}          {"value": bool}
numeric         {"answers": [{id, value, tolerance | low, high,              {"value": typed text}
                fraction, feedback}]}
short_answer    {"answers": [{id, text, fraction, feedback}],                {"text": str}
                "case_sensitive": bool}
matching        {"pairs": [{id, left, right}]} (left "" = distractor)        {"matches": {id: right}}
essay           {}                                                           {"text": str}
description     {}                                                           none
==============  ===========================================================  ==========================

Rules worth knowing:

* single choice: the chosen option's fraction, clamped to [0, 1].
* multiple choice: the sum of the chosen options' fractions, clamped to [0, 1];
  a sum within 1e-6 of 1 counts as exactly 1 (weights such as 33.33333 %).
  Duplicate ids count once; any unknown id makes the whole response invalid (0).
* numeric: the typed text is read leniently (see ``parse_number``); the best
  fraction among the matching answers wins, and its feedback is shown.
* short answer: both sides are NFC-normalised with whitespace trimmed and
  collapsed; comparison is caseless (``str.casefold``) unless ``case_sensitive``.
  GIFT's ``*`` wildcard is not supported: an asterisk is an ordinary character.
* matching: right pairs / real pairs (distractors, ``left == ""``, do not count).
* essay: ``None`` (a person grades it) once answered; an empty essay grades 0.0.
* description: ``None`` always; it carries no grade and callers skip it.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from training.assessments.gift import QUESTION_TYPES, format_number

MAX_TEXT = 100_000  # longer typed answers are treated as junk
_FULL = 1e-9  # how close to 1.0 a fraction must be to count as "fully correct"
_SUM_TOLERANCE = 1e-6  # multiple choice: allowed error on the sum of the right weights
_REL_EPSILON = 1e-9  # numeric: relative slack that absorbs binary floating-point error
_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


@dataclass(frozen=True)
class Outcome:
    fraction: float | None  # 0.0..1.0; None = not graded automatically (essay, description)
    feedback: tuple[str, ...] = ()


ZERO = Outcome(0.0, ())


# --------------------------------------------------------------------------- helpers


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, float(value)))


def _feedback(*texts) -> tuple[str, ...]:
    return tuple(text for text in texts if isinstance(text, str) and text)


def _field(response, key: str, kind: type):
    """``response[key]`` if ``response`` is a dict and the value has the exact type, else None."""
    if not isinstance(response, dict):
        return None
    value = response.get(key)
    if kind is not bool and isinstance(value, bool):
        return None
    return value if isinstance(value, kind) else None


def parse_number(text) -> float | None:
    """Read a typed number: '3.14', '3,14', ' 1e3 ', '1 000', '−2'. None for anything else (nan, inf, junk)."""
    if not isinstance(text, str) or len(text) > 200:
        return None
    text = "".join(text.split()).replace("\u2212", "-")  # drop all whitespace; Unicode minus sign
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not _NUMBER_RE.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def normalise_text(text: str, case_sensitive: bool = False) -> str:
    """The form in which short answers are compared."""
    text = " ".join(unicodedata.normalize("NFC", text).split())
    if not case_sensitive:
        # Canonical caseless matching: casefold the decomposed text, then recompose.
        text = unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).casefold())
    return text


def _numeric_matches(answer: dict, x: float) -> bool:
    if "low" in answer:
        low, high = float(answer["low"]), float(answer["high"])
        slack = _REL_EPSILON * max(abs(low), abs(high))
        return low - slack <= x <= high + slack
    value, tolerance = float(answer["value"]), abs(float(answer.get("tolerance") or 0.0))
    return abs(x - value) <= tolerance + _REL_EPSILON * max(abs(value), tolerance)


def _is_real(pair: dict) -> bool:
    """A matching pair with a left-hand text; one without is a distractor (an extra right-hand choice)."""
    return bool(pair["left"].strip())


def _best(answers: list[dict], matches) -> Outcome:
    """The matching answer with the highest fraction (first one on a tie)."""
    best = None
    for answer in answers:
        if matches(answer) and (best is None or answer["fraction"] > best["fraction"]):
            best = answer
    if best is None:
        return ZERO
    return Outcome(_clamp(best["fraction"]), _feedback(best.get("feedback")))


# --------------------------------------------------------------------------- grading


def _single_choice(spec: dict, response) -> Outcome:
    choice = _field(response, "choice", str)
    option = next((o for o in spec.get("options", []) if o["id"] == choice), None)
    if option is None:
        return ZERO
    return Outcome(_clamp(option["fraction"]), _feedback(option.get("feedback")))


def _multiple_choice(spec: dict, response) -> Outcome:
    choices = _field(response, "choices", list)
    options = spec.get("options", [])
    ids = {o["id"] for o in options}
    if not choices or not all(isinstance(c, str) and c in ids for c in choices):
        return ZERO
    chosen = [o for o in options if o["id"] in set(choices)]
    total = sum(float(o["fraction"]) for o in chosen)
    if abs(total - 1.0) <= _SUM_TOLERANCE:
        total = 1.0
    return Outcome(_clamp(total), _feedback(*(o.get("feedback") for o in chosen)))


def _true_false(spec: dict, response) -> Outcome:
    value = _field(response, "value", bool)
    if value is None:
        return ZERO
    fraction = 1.0 if value is bool(spec.get("answer")) else 0.0
    return Outcome(fraction, _feedback(spec.get("feedback_true" if value else "feedback_false")))


def _numeric(spec: dict, response) -> Outcome:
    x = parse_number(_field(response, "value", str))
    if x is None:
        return ZERO
    return _best(spec.get("answers", []), lambda answer: _numeric_matches(answer, x))


def _short_answer(spec: dict, response) -> Outcome:
    text = _field(response, "text", str)
    if not text or len(text) > MAX_TEXT:
        return ZERO
    case_sensitive = bool(spec.get("case_sensitive"))
    typed = normalise_text(text, case_sensitive)
    if not typed:
        return ZERO
    return _best(spec.get("answers", []), lambda a: normalise_text(a["text"], case_sensitive) == typed)


def _matching(spec: dict, response) -> Outcome:
    matches = _field(response, "matches", dict)
    real = [p for p in spec.get("pairs", []) if _is_real(p)]
    if not matches or not real:
        return ZERO
    real_ids = {p["id"] for p in real}
    if not all(key in real_ids and isinstance(value, str) for key, value in matches.items()):
        return ZERO
    right = sum(1 for p in real if matches.get(p["id"]) == p["right"])
    return Outcome(right / len(real), ())


_GRADERS = {
    "single_choice": _single_choice,
    "multiple_choice": _multiple_choice,
    "true_false": _true_false,
    "numeric": _numeric,
    "short_answer": _short_answer,
    "matching": _matching,
}


def grade(qtype: str, spec: dict, response: dict | None) -> Outcome:
    """Grade one response. Raises ValueError only for an unknown question type."""
    if qtype == "description":
        return Outcome(None, ())
    if qtype == "essay":
        return Outcome(None, ()) if is_answered("essay", response) else ZERO
    if qtype not in _GRADERS:
        raise ValueError(f"Unknown question type {qtype!r}.")
    return _GRADERS[qtype](spec, response)


def is_answered(qtype: str, response: dict | None) -> bool:
    """Whether the trainee gave any answer at all (right or wrong). Descriptions never are."""
    if qtype == "single_choice":
        return bool(_field(response, "choice", str))
    if qtype == "multiple_choice":
        return bool(_field(response, "choices", list))
    if qtype == "true_false":
        return _field(response, "value", bool) is not None
    if qtype == "numeric":
        return bool((_field(response, "value", str) or "").strip())
    if qtype in ("short_answer", "essay"):
        return bool((_field(response, "text", str) or "").strip())
    if qtype == "matching":
        matches = _field(response, "matches", dict) or {}
        return any(isinstance(value, str) and value for value in matches.values())
    return False


# --------------------------------------------------------------------------- review page


def _is_full(fraction) -> bool:
    return abs(float(fraction) - 1.0) <= _FULL


def _numeric_text(answer: dict) -> str:
    if "low" in answer:
        return f"{format_number(answer['low'])} to {format_number(answer['high'])}"
    text = format_number(answer["value"])
    tolerance = float(answer.get("tolerance") or 0.0)
    return f"{text} ± {format_number(tolerance)}" if tolerance else text


def correct_answer_text(qtype: str, spec: dict) -> str:
    """A short plain-text key for the review page, e.g. '3.14 ± 0.01'. Callers escape it and label it.

    True/false keys are left to the caller (the words True and False are translated there)."""
    if qtype == "true_false":
        return ""
    if qtype == "single_choice":
        options = spec.get("options", [])
        top = max((o["fraction"] for o in options), default=None)
        parts = [o["text"] for o in options if o["fraction"] == top]
    elif qtype == "multiple_choice":
        parts = [o["text"] for o in spec.get("options", []) if o["fraction"] > 0]
    elif qtype == "numeric":
        parts = [_numeric_text(a) for a in spec.get("answers", []) if _is_full(a["fraction"])]
    elif qtype == "short_answer":
        parts = [a["text"] for a in spec.get("answers", []) if _is_full(a["fraction"])]
    elif qtype == "matching":
        parts = [f"{p['left']} → {p['right']}" for p in spec.get("pairs", []) if _is_real(p)]
    else:
        return ""  # essay, description: no key
    return "; ".join(parts)


# --------------------------------------------------------------------------- validation


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _percent(fraction: float) -> str:
    return f"{round(fraction * 100, 4):g} %"


def _check_items(items, noun: str, keys: tuple[str, ...], weighted: bool = True, blank: str = "") -> list[str]:
    """Shared checks on options/answers/pairs: ids, text keys (the last must not be blank), weights."""
    problems, seen = [], set()
    for number, item in enumerate(items, 1):
        if not isinstance(item, dict):
            problems.append(f"{noun} {number} is not in the expected form.")
            continue
        item_id = item.get("id")
        if not isinstance(item_id, str) or not item_id:
            problems.append(f"{noun} {number} has no id.")
        elif item_id in seen:
            problems.append(f"Two {noun.lower()}s share the id '{item_id}'.")
        seen.add(item_id)
        for key in keys:
            if not isinstance(item.get(key), str):
                problems.append(f"{noun} {number} is missing its {key}.")
        if keys and isinstance(item.get(keys[-1]), str) and not item[keys[-1]].strip():
            problems.append(f"{noun} {number} {blank or 'has no text'}.")
        if weighted:
            fraction = item.get("fraction")
            if not _number(fraction) or not -1 <= fraction <= 1:
                problems.append(f"{noun} {number}'s weight must be between -100 % and 100 %.")
        if "feedback" in item and not isinstance(item["feedback"], str):
            problems.append(f"{noun} {number}'s feedback must be text.")
    return problems


def _fractions(items) -> list[float]:
    return [i["fraction"] for i in items if isinstance(i, dict) and _number(i.get("fraction"))]


def _validate_choices(qtype: str, spec: dict) -> list[str]:
    options = spec.get("options")
    if not isinstance(options, list) or len(options) < 2:
        return ["Give at least two options."]
    problems = _check_items(options, "Option", ("text",))
    if "shuffle" in spec and not isinstance(spec["shuffle"], bool):
        problems.append("The shuffle setting must be true or false.")
    fractions = _fractions(options)
    if qtype == "single_choice":
        if not any(_is_full(f) for f in fractions):
            problems.append("Mark at least one option as fully correct (100 %).")
        return problems
    total = sum(f for f in fractions if f > 0)
    if total == 0:
        problems.append("Mark at least one option as right (a weight above 0 %).")
    elif abs(total - 1.0) > _SUM_TOLERANCE:
        problems.append(f"The right options' weights add up to {_percent(total)}; they must add up to 100 %.")
    return problems


def _validate_numeric(spec: dict) -> list[str]:
    answers = spec.get("answers")
    if not isinstance(answers, list) or not answers:
        return ["Give at least one numeric answer."]
    problems = _check_items(answers, "Answer", ())
    for number, answer in enumerate(answers, 1):
        if not isinstance(answer, dict):
            continue
        if "low" in answer or "high" in answer:
            low, high = answer.get("low"), answer.get("high")
            if not (_number(low) and _number(high)):
                problems.append(f"Answer {number}: a numeric range needs a number at both ends.")
            elif not low < high:
                problems.append("A numeric range needs its low end below its high end.")
        else:
            if not _number(answer.get("value")):
                problems.append(f"Answer {number} needs a number.")
            tolerance = answer.get("tolerance", 0.0)
            if not _number(tolerance) or tolerance < 0:
                problems.append(f"Answer {number}'s tolerance must be a number of 0 or more.")
    if not any(_is_full(f) for f in _fractions(answers)):
        problems.append("Mark at least one answer as fully correct (100 %).")
    return problems


def _validate_short_answer(spec: dict) -> list[str]:
    answers = spec.get("answers")
    if not isinstance(answers, list) or not answers:
        return ["Give at least one accepted answer."]
    problems = _check_items(answers, "Answer", ("text",))
    if "case_sensitive" in spec and not isinstance(spec["case_sensitive"], bool):
        problems.append("The case-sensitivity setting must be true or false.")
    if not any(_is_full(f) for f in _fractions(answers)):
        problems.append("Mark at least one answer as fully correct (100 %).")
    return problems


def _validate_matching(spec: dict) -> list[str]:
    pairs = spec.get("pairs")
    if not isinstance(pairs, list):
        return ["A matching question needs at least two pairs."]
    problems = _check_items(pairs, "Pair", ("left", "right"), weighted=False, blank="needs a right-hand text")
    real = [p for p in pairs if isinstance(p, dict) and isinstance(p.get("left"), str) and _is_real(p)]
    if len(real) < 2:
        problems.append("A matching question needs at least two pairs.")
    return problems


def _validate_true_false(spec: dict) -> list[str]:
    problems = [] if isinstance(spec.get("answer"), bool) else ["Choose whether the statement is true or false."]
    for key in ("feedback_true", "feedback_false"):
        if not isinstance(spec.get(key, ""), str):
            problems.append("Feedback must be text.")
    return problems


def validate_spec(qtype: str, spec: dict) -> list[str]:
    """Plain-English problems with a question's spec; an empty list means it can be saved."""
    if qtype not in QUESTION_TYPES:
        return [f"Unknown question type '{qtype}'."]
    if not isinstance(spec, dict):
        return ["The question's settings are not in the expected form."]
    if qtype in ("single_choice", "multiple_choice"):
        return _validate_choices(qtype, spec)
    if qtype == "numeric":
        return _validate_numeric(spec)
    if qtype == "short_answer":
        return _validate_short_answer(spec)
    if qtype == "matching":
        return _validate_matching(spec)
    if qtype == "true_false":
        return _validate_true_false(spec)
    return []  # essay, description: nothing to check
