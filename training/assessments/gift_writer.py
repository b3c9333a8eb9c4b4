"""Writer for GIFT, Moodle's plain-text question format.

``write(questions)`` produces text that ``gift.parse`` reads back into equal
questions, and that matches Moodle's own export byte for byte where Moodle's
tests define it (one ``// question: N  name: ...`` comment, then the question,
then a blank line). A few things GIFT cannot express raise ``ValueError``:
``->`` on the left of a matching pair or anywhere in a short-answer question's
answers and feedback (the reader would take it for a matching question).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from training.assessments.gift import FORMATS, GiftAnswer, GiftQuestion, format_number

_RESERVED = str.maketrans({"\\": "\\\\", "#": "\\#", "=": "\\=", "~": "\\~", "{": "\\{", "}": "\\}", ":": "\\:"})
_FORMAT_PREFIX = re.compile(r"^\[(" + "|".join(FORMATS) + r")\]")
_COMMENT_MARKUP = re.compile(r"\[(?=(?:tag|id):)")


def escape(text: str) -> str:
    """Escape GIFT's special characters; newlines become ``\\n`` and ``\\r`` is dropped (as Moodle does)."""
    return text.translate(_RESERVED).replace("\n", "\\n").replace("\r", "")


def _text(text: str, fmt: str, default: str = "moodle") -> str:
    """Text with a ``[format]`` prefix when it differs from the default, escaped."""
    if text and (fmt != default or _FORMAT_PREFIX.match(text)):
        # The second case keeps a literal leading "[html]" from being read as a format.
        return f"[{fmt}]{escape(text)}"
    return escape(text)


def _weight(fraction: float) -> str:
    percent = format(Decimal(repr(float(fraction))).scaleb(2).normalize(), "f")
    return f"%{'0' if percent in ('0', '-0') else percent}%"


def _general_feedback(question: GiftQuestion, indent: str = "\t") -> str:
    text = _text(question.general_feedback, question.general_feedback_format, question.prompt_format)
    if not text:
        return ""
    return f"{indent}####{text}\n" if indent else f"####{text}"


def _header(question: GiftQuestion, number: int) -> str:
    # The name goes into a comment: keep it on one line and keep it from looking like [tag:..]/[id:..].
    name = _COMMENT_MARKUP.sub("(", question.name.replace("\r", " ").replace("\n", " "))
    out = f"// question: {number}  name: {name}\n"
    marks = []
    if question.id_number:
        marks.append(f"[id:{_comment_value(question.id_number)}]")
    marks += [f"[tag:{_comment_value(tag)}]" for tag in question.tags]
    if marks:
        out += "// " + " ".join(marks) + "\n"
    return out


def _comment_value(value: str) -> str:
    return value.replace("\r", " ").replace("\n", " ").replace("]", "\\]")


def _choice_line(answer: GiftAnswer, marker: str, default_format: str) -> str:
    text = _text(answer.text, answer.text_format, default_format)
    if text.startswith("%") and "%" not in marker:
        marker = f"{marker[0]}{_weight(answer.fraction)}"  # keep "%..." text from reading as a weight
    line = f"\t{marker}{text}"
    if answer.feedback:
        line += "#" + _text(answer.feedback, answer.feedback_format, default_format)
    return line + "\n"


def _choices(question: GiftQuestion) -> str:
    single = question.type == "single_choice"
    markers = []
    for answer in question.answers:
        if answer.fraction == 1 and single:
            markers.append("=")
        elif answer.fraction == 0:
            markers.append("~")
        else:
            markers.append("~" + _weight(answer.fraction))
    if single and markers and "=" not in markers:
        # A single-choice block needs an '='; give the first answer an explicit weight.
        markers[0] = "=" + _weight(question.answers[0].fraction)
    if single and markers and all(m.startswith("=") for m in markers):
        # ...and a '~', or it would read as a short-answer question.
        markers[-1] = "~" + _weight(question.answers[-1].fraction)
    body = "".join(_choice_line(a, m, question.prompt_format) for a, m in zip(question.answers, markers, strict=True))
    return "{\n" + body + _general_feedback(question) + "}\n"


def _short_answers(question: GiftQuestion) -> str:
    lines = []
    for answer in question.answers:
        if "->" in answer.text or "->" in answer.feedback:
            raise ValueError(f"GIFT cannot write '->' in a short-answer question ({question.name!r}).")
        text = _text(answer.text, question.prompt_format, question.prompt_format)
        feedback = _text(answer.feedback, answer.feedback_format, question.prompt_format)
        lines.append(f"\t={_weight(answer.fraction)}{text}#{feedback}\n")
    return "{\n" + "".join(lines) + _general_feedback(question) + "}\n"


def _numeric(question: GiftQuestion) -> str:
    lines = []
    for answer in question.answers:
        feedback = _text(answer.feedback, answer.feedback_format, question.prompt_format)
        if answer.text in ("", "*") and answer.fraction == 0:
            lines.append(f"\t~#{feedback}\n")
            continue
        if answer.text in ("", "*"):
            value = "*"
        elif answer.low is not None and answer.high is not None:
            value = f"{format_number(answer.low)}..{format_number(answer.high)}"
        else:
            value = f"{answer.text}:{format_number(answer.tolerance or 0.0)}"
        lines.append(f"\t={_weight(answer.fraction)}{value}#{feedback}\n")
    return "{#\n" + "".join(lines) + _general_feedback(question) + "}\n"


def _matching(question: GiftQuestion) -> str:
    lines = []
    for answer in question.answers:
        if "->" in answer.text:
            raise ValueError(f"GIFT cannot write '->' on the left of a matching pair ({question.name!r}).")
        left = _text(answer.text, answer.text_format, question.prompt_format)
        lines.append(f"\t={left} -> {escape(answer.match or '')}\n")
    return "{\n" + "".join(lines) + _general_feedback(question) + "}\n"


def _true_false(question: GiftQuestion) -> str:
    on_true, on_false = question.answers[0], question.answers[1]
    truth = on_true.fraction > 0
    right, wrong = (on_true, on_false) if truth else (on_false, on_true)
    right_text = _text(right.feedback, right.feedback_format, question.prompt_format)
    wrong_text = _text(wrong.feedback, wrong.feedback_format, question.prompt_format)
    out = "{" + ("TRUE" if truth else "FALSE")
    if wrong_text:
        out += "#" + wrong_text
    elif right_text:
        out += "#"
    if right_text:
        out += "#" + right_text
    return out + _general_feedback(question, "") + "}\n"


def write_question(question: GiftQuestion, number: int = 1) -> str:
    """One question, as Moodle exports it: header comment, question, blank line."""
    out = _header(question, number)
    out += "::" + escape(question.name) + "::" + _text(question.prompt, question.prompt_format)
    kind = question.type
    if kind == "description":
        out += "\n"
    elif kind == "essay":
        out += "{" + _general_feedback(question, "") + "}\n"
    elif kind in ("single_choice", "multiple_choice"):
        out += _choices(question)
    elif kind == "short_answer":
        out += _short_answers(question)
    elif kind == "numeric":
        out += _numeric(question)
    elif kind == "matching":
        out += _matching(question)
    elif kind == "true_false":
        out += _true_false(question)
    else:
        raise ValueError(f"Unknown GIFT question type {kind!r}.")
    return out + "\n"


def _category_value(category: str) -> str:
    return category.replace("\\", "\\\\").replace("\r", "").replace("\n", "\\n")


def write(questions: Iterable[GiftQuestion], *, first_number: int = 1) -> str:
    """GIFT text for the questions, with a ``$CATEGORY:`` line wherever the category changes."""
    out = []
    category: str | None = None
    for number, question in enumerate(questions, first_number):
        if question.category != category:
            value = _category_value(question.category or "")
            out.append(f"// question: 0  name: switch category to {value}\n$CATEGORY: {value}\n\n")
            category = question.category
        out.append(write_question(question, number))
    return "".join(out)
