"""Convert between GIFT questions (``gift.GiftQuestion``) and our stored question fields.

``from_gift(q)`` gives a dict with the keys ``type``, ``name``, ``prompt``,
``prompt_format``, ``general_feedback`` and ``spec`` (the JSON shape of the
storage contract), with option/answer/pair ids "o1", "o2", ... in order.
``to_gift(fields, category)`` is the inverse. For every dict that ``from_gift``
produces, writing ``to_gift(fields)`` as GIFT and reading it back through
``from_gift`` gives the same dict.

What does not survive (deliberately, or because one side cannot express it):

* GIFT -> us: the GIFT formats "moodle" and "html" both become "html". Per-answer
  text/feedback formats, the general feedback's format, tags, ``[id:...]`` and
  the category are dropped (the category is the caller's business). A numeric
  catch-all answer ``*`` with weight 0 (GIFT's ``~#feedback for any other
  number``) is dropped with its feedback; a ``*`` answer with a non-zero weight
  cannot be stored and ``from_gift`` raises ``UnsupportedQuestion``.
* A question without a ``::title::`` gets a name made from its prompt (plain
  text, at most about 60 characters), as Moodle does on import.
* us -> GIFT: GIFT has no ids (they are regenerated on import), no "shuffle"
  flag (imports get ``shuffle: true``) and no case-sensitive short answers
  (imports get ``case_sensitive: false``). Option texts and matching left-hand
  texts are written in the prompt's format; all feedback is written as Markdown,
  the format of our general feedback.
* GIFT cannot write ``->`` in a short-answer question or on the left of a
  matching pair: ``gift.write`` raises ``ValueError`` for those.
"""

from __future__ import annotations

import html
import re

from training.assessments.gift import GiftAnswer, GiftQuestion, format_number

FORMAT_FROM_GIFT = {"markdown": "markdown", "html": "html", "moodle": "html", "plain": "plain"}
FEEDBACK_FORMAT = "markdown"
NAME_LENGTH = 60
_BLOCK_TAG_RE = re.compile(r"</?(?:br|p|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|pre|hr)\b[^>]*>", re.I)
_TAG_RE = re.compile(r"<[^>]*>")


class UnsupportedQuestion(ValueError):
    """A GIFT question that our storage format cannot hold."""


def name_from_prompt(prompt: str, prompt_format: str) -> str:
    """A question name from the start of its prompt, as plain text (about 60 characters at most)."""
    text = prompt
    if prompt_format != "plain":
        text = _TAG_RE.sub("", _BLOCK_TAG_RE.sub(" ", text))
    if prompt_format in ("html", "moodle"):
        text = html.unescape(text)
    text = " ".join(text.split())
    if len(text) <= NAME_LENGTH:
        return text
    cut = text[:NAME_LENGTH]
    space = cut.rfind(" ")
    if space >= NAME_LENGTH // 2:
        cut = cut[:space]
    return cut.rstrip() + "…"


# --------------------------------------------------------------------------- GIFT -> us


def _ids(items: list[dict]) -> list[dict]:
    return [{"id": f"o{number}", **item} for number, item in enumerate(items, 1)]


def _numeric_spec(q: GiftQuestion) -> dict:
    answers = []
    for a in q.answers:
        if a.text == "*":
            if a.fraction != 0:
                raise UnsupportedQuestion(
                    f"The numeric answer '*' (any number) at {a.fraction * 100:g} % cannot be stored; "
                    "give a range instead."
                )
            continue  # the "any other number" feedback: a wrong answer grades 0 anyway
        if a.low is not None and a.high is not None:
            answers.append({"low": a.low, "high": a.high, "fraction": a.fraction, "feedback": a.feedback})
        else:
            answer = {"value": float(a.text), "tolerance": float(a.tolerance or 0.0)}
            answers.append({**answer, "fraction": a.fraction, "feedback": a.feedback})
    return {"answers": _ids(answers)}


def _spec_from_gift(q: GiftQuestion) -> dict:
    kind = q.type
    if kind in ("single_choice", "multiple_choice"):
        options = [{"text": a.text, "fraction": a.fraction, "feedback": a.feedback} for a in q.answers]
        return {"options": _ids(options), "shuffle": True}
    if kind == "true_false":
        on_true, on_false = q.answers
        return {"answer": on_true.fraction > 0, "feedback_true": on_true.feedback, "feedback_false": on_false.feedback}
    if kind == "numeric":
        return _numeric_spec(q)
    if kind == "short_answer":
        answers = [{"text": a.text, "fraction": a.fraction, "feedback": a.feedback} for a in q.answers]
        return {"answers": _ids(answers), "case_sensitive": False}
    if kind == "matching":
        return {"pairs": _ids([{"left": a.text, "right": a.match or ""} for a in q.answers])}
    if kind in ("essay", "description"):
        return {}
    raise UnsupportedQuestion(f"Unknown question type {kind!r}.")


def from_gift(q: GiftQuestion) -> dict:
    """Our question fields for a parsed GIFT question. Raises UnsupportedQuestion (a ValueError)."""
    prompt_format = FORMAT_FROM_GIFT.get(q.prompt_format)
    if prompt_format is None:
        raise UnsupportedQuestion(f"Unknown text format {q.prompt_format!r}.")
    return {
        "type": q.type,
        "name": q.name or name_from_prompt(q.prompt, q.prompt_format),
        "prompt": q.prompt,
        "prompt_format": prompt_format,
        "general_feedback": q.general_feedback,
        "spec": _spec_from_gift(q),
    }


# --------------------------------------------------------------------------- us -> GIFT


def _answers_to_gift(kind: str, spec: dict, fmt: str) -> list[GiftAnswer]:
    def answer(text: str, fraction: float = 0.0, feedback: str = "", **extra) -> GiftAnswer:
        return GiftAnswer(text, float(fraction), feedback, text_format=fmt, feedback_format=FEEDBACK_FORMAT, **extra)

    if kind in ("single_choice", "multiple_choice"):
        return [answer(o["text"], o["fraction"], o.get("feedback", "")) for o in spec["options"]]
    if kind == "short_answer":
        return [answer(a["text"], a["fraction"], a.get("feedback", "")) for a in spec["answers"]]
    if kind == "true_false":
        truth = bool(spec["answer"])
        return [
            answer("True", 1.0 if truth else 0.0, spec.get("feedback_true", "")),
            answer("False", 0.0 if truth else 1.0, spec.get("feedback_false", "")),
        ]
    if kind == "matching":
        return [answer(p["left"], match=p["right"]) for p in spec["pairs"]]
    if kind == "numeric":
        out = []
        for a in spec["answers"]:
            if "low" in a:
                low, high = float(a["low"]), float(a["high"])
                text = f"{format_number(low)}..{format_number(high)}"
                out.append(answer(text, a["fraction"], a.get("feedback", ""), low=low, high=high))
            else:
                tolerance = float(a.get("tolerance") or 0.0)
                out.append(answer(format_number(a["value"]), a["fraction"], a.get("feedback", ""), tolerance=tolerance))
        return out
    if kind in ("essay", "description"):
        return []
    raise ValueError(f"Unknown question type {kind!r}.")


def to_gift(fields: dict, category: str | None = None) -> GiftQuestion:
    """A GIFT question for our question fields (same keys as ``from_gift`` returns)."""
    fmt = fields.get("prompt_format", "markdown")
    if fmt not in ("markdown", "html", "plain"):
        raise ValueError(f"Unknown text format {fmt!r}.")
    kind = fields["type"]
    general_feedback = fields.get("general_feedback") or ""
    return GiftQuestion(
        type=kind,
        name=fields.get("name") or "",
        prompt=fields.get("prompt") or "",
        prompt_format=fmt,
        answers=_answers_to_gift(kind, fields.get("spec") or {}, fmt),
        general_feedback=general_feedback,
        general_feedback_format=FEEDBACK_FORMAT if general_feedback else fmt,
        category=category,
    )
