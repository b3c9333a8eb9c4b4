"""Parser for GIFT, Moodle's plain-text question format.

Pure Python, no database and no Flask. ``parse(text)`` turns GIFT text into
``GiftQuestion`` objects plus a list of ``GiftError`` (line number and a plain
English message); a broken question is reported and skipped, and the others
still parse. ``parse_bytes(data)`` refuses input that is not UTF-8, as Moodle
does. The writer lives in ``gift_writer.py``; ``write`` is re-exported here.

The reading rules follow Moodle's importer (``question/format/gift``): questions
are separated by blank lines, ``//`` lines are comments, the answer block is
the text between the first ``{`` and the first ``}``, and the question type is
decided from the answer block alone. Where Moodle silently imports nonsense
(an unclosed brace, a malformed weight, a matching pair without ``->``) we
report an error instead. Known, deliberate differences from Moodle:

* ``=%50%answer`` in a multiple-choice block keeps its weight (Moodle drops it
  and imports the text ``%50%answer`` at 100%).
* A ``$CATEGORY:`` line followed by question lines without a blank line in
  between starts a category *and* a question (Moodle would read the whole
  block as the category name).
* ``$CATEGORY:`` with nothing after it resets the category to ``None``.
* A question without ``::title::`` keeps ``name == ""`` (Moodle derives a
  name from the text; callers may do the same).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

QUESTION_TYPES = (
    "single_choice",
    "multiple_choice",
    "true_false",
    "numeric",
    "short_answer",
    "matching",
    "essay",
    "description",
)
FORMATS = ("moodle", "html", "plain", "markdown")
MISSING_WORD_MARKER = "_____"
NOT_UTF8_MESSAGE = "The file you selected does not use UTF-8 character encoding. GIFT format files must use UTF-8."

# Moodle trims with PHP's trim(), which knows only these characters.
_WS = " \t\n\r\x00\x0b"
# Characters that a backslash escapes (``\n`` stands for a newline).
_ESCAPABLE = {":": ":", "#": "#", "=": "=", "{": "{", "}": "}", "~": "~", "n": "\n", "\\": "\\"}
_MASK = "\x01"  # stands in for both characters of an escape sequence in the masked copy
_NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_WEIGHT_RE = re.compile(r"^-?\d+(?:\.\d+)?$")
_TAG_RE = re.compile(r"\[tag:((?:\\]|[^\]\n])*)\]")
_ID_RE = re.compile(r"\[id:((?:\\]|[^\]\n])*)\]")
_TRUE_FALSE = {"T": True, "TRUE": True, "F": False, "FALSE": False}


@dataclass
class GiftAnswer:
    """One answer (choice, accepted answer, numeric answer, matching pair or T/F side)."""

    text: str
    fraction: float = 0.0  # 1.0 = 100 %; may be negative
    feedback: str = ""
    tolerance: float | None = None  # numeric: accepted error around ``text``
    low: float | None = None  # numeric range ``low..high``
    high: float | None = None
    match: str | None = None  # matching: the right-hand side
    text_format: str = "moodle"
    feedback_format: str = "moodle"


@dataclass
class GiftQuestion:
    type: str
    name: str = ""
    prompt: str = ""
    prompt_format: str = "moodle"
    answers: list[GiftAnswer] = field(default_factory=list)
    general_feedback: str = ""
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    id_number: str = ""
    line: int = field(default=0, compare=False)  # where the question starts in the source
    general_feedback_format: str = "moodle"

    @property
    def truth(self) -> bool | None:
        """For true/false questions: the correct answer."""
        if self.type != "true_false" or not self.answers:
            return None
        return self.answers[0].fraction > 0


@dataclass
class GiftError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}"


@dataclass
class ParseResult:
    questions: list[GiftQuestion] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    errors: list[GiftError] = field(default_factory=list)


# --------------------------------------------------------------------------- escapes


def unescape(text: str) -> str:
    """Turn GIFT escapes (``\\: \\# \\= \\{ \\} \\~ \\n \\\\``) into characters."""
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPABLE:
            out.append(_ESCAPABLE[text[i + 1]])
            i += 2
        else:
            out.append(char)
            i += 1
    return "".join(out)


def _mask(text: str) -> str:
    """Same length as ``text``, with every escape sequence blanked out, for finding syntax."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text) and text[i + 1] in _ESCAPABLE:
            out.append(_MASK * 2)
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


@dataclass(frozen=True)
class _Src:
    """A piece of a question block: raw text, its masked copy and where it starts."""

    raw: str
    mask: str
    offset: int

    @classmethod
    def of(cls, raw: str, offset: int = 0) -> _Src:
        return cls(raw, _mask(raw), offset)

    def cut(self, start: int, end: int | None = None) -> _Src:
        end = len(self.raw) if end is None else end
        return _Src(self.raw[start:end], self.mask[start:end], self.offset + start)

    def strip(self) -> _Src:
        left = len(self.mask) - len(self.mask.lstrip(_WS))
        right = len(self.mask.rstrip(_WS))
        return self.cut(left, max(left, right))

    def find(self, sub: str, start: int = 0) -> int:
        return self.mask.find(sub, start)

    def split(self, sep: str, maxsplit: int = -1) -> list[_Src]:
        parts, start = [], 0
        while maxsplit < 0 or len(parts) < maxsplit:
            pos = self.mask.find(sep, start)
            if pos < 0:
                break
            parts.append(self.cut(start, pos))
            start = pos + len(sep)
        parts.append(self.cut(start))
        return parts

    def value(self) -> str:
        return unescape(self.raw).strip(_WS)


class _BlockError(Exception):
    """A problem in one question; ``offset`` None means "at the start of the question"."""

    def __init__(self, offset: int | None, message: str):
        super().__init__(message)
        self.offset = offset
        self.message = message


def _with_format(src: _Src, default: str) -> tuple[str, str]:
    """Split an optional ``[html]``-style prefix off a piece of text: (text, format)."""
    src = src.strip()
    if src.raw.startswith("["):
        end = src.raw.find("]")
        if end > 0 and src.raw[1:end] in FORMATS:
            return src.cut(end + 1).value(), src.raw[1:end]
    return src.value(), default


def _feedback_split(src: _Src, default: str) -> tuple[str, str, str, str]:
    """``text # feedback`` -> (text, text format, feedback, feedback format)."""
    parts = src.split("#", 1)
    text, text_format = _with_format(parts[0], default)
    if len(parts) == 2:
        feedback, feedback_format = _with_format(parts[1], default)
    else:
        feedback, feedback_format = "", default
    if not feedback:
        feedback_format = default
    return text, text_format, feedback, feedback_format


def _weight(src: _Src) -> tuple[float | None, _Src]:
    """Read a leading ``%50%`` weight. Returns (fraction or None, rest)."""
    src = src.strip()
    if not src.mask.startswith("%"):
        return None, src
    end = src.find("%", 1)
    if end < 0:
        return None, src
    inner = src.raw[1:end].strip()
    if not _WEIGHT_RE.match(inner):
        raise _BlockError(
            src.offset,
            f"Unknown answer weight '%{inner}%': use a percentage between -100 and 100, such as %50% or %-25%.",
        )
    percent = Decimal(inner)
    if not -100 <= percent <= 100:
        raise _BlockError(src.offset, f"The answer weight %{inner}% is outside -100..100.")
    return float(percent / 100), src.cut(end + 1)


def _split_markers(src: _Src, markers: str) -> list[tuple[str, _Src]]:
    """Split an answer block at each unescaped marker character; keep the marker."""
    pieces: list[tuple[str, _Src]] = []
    start, marker = 0, ""
    for pos, char in enumerate(src.mask):
        if char in markers:
            pieces.append((marker, src.cut(start, pos)))
            start, marker = pos + 1, char
    pieces.append((marker, src.cut(start)))
    # Text before the first marker counts as an answer only if it is not blank (as in Moodle).
    return [(m, p) for i, (m, p) in enumerate(pieces) if i > 0 or p.strip().raw]


def _number(text: str, offset: int, what: str) -> float:
    if not _NUMBER_RE.match(text):
        raise _BlockError(offset, f"The {what} '{text}' is not a number.")
    return float(text)


def format_number(value: float) -> str:
    """Shortest plain decimal for a float (no exponent): 2.0 -> '2', 0.0005 -> '0.0005'."""
    text = format(Decimal(repr(float(value))).normalize(), "f")
    return "0" if text in ("-0", "0") else text


# --------------------------------------------------------------------------- answer blocks


def _choice_answers(block: _Src, fmt: str) -> list[GiftAnswer]:
    answers = []
    for marker, piece in _split_markers(block, "~="):
        weight, rest = _weight(piece)
        if weight is None:
            weight = 1.0 if marker == "=" else 0.0
        text, text_format, feedback, feedback_format = _feedback_split(rest, fmt)
        if not text:
            text_format = fmt
        answers.append(GiftAnswer(text, weight, feedback, text_format=text_format, feedback_format=feedback_format))
    if len(answers) < 2:
        raise _BlockError(None, "A multiple-choice question needs at least two answers.")
    return answers


def _short_answers(block: _Src, fmt: str) -> list[GiftAnswer]:
    answers = []
    for _marker, piece in _split_markers(block, "="):
        weight, rest = _weight(piece)
        text, _text_format, feedback, feedback_format = _feedback_split(rest, fmt)
        if not text:
            raise _BlockError(piece.offset, "A short-answer question has an empty answer.")
        answers.append(
            GiftAnswer(
                text, 1.0 if weight is None else weight, feedback, text_format=fmt, feedback_format=feedback_format
            )
        )
    if not answers:
        raise _BlockError(None, "A short-answer question needs at least one answer.")
    return answers


def _numeric_answers(block: _Src, fmt: str) -> list[GiftAnswer]:
    block = block.cut(1)  # drop the leading '#'
    wrong = None
    tilde = block.find("~")
    if tilde >= 0:
        wrong, block = block.cut(tilde + 1), block.cut(0, tilde)
    answers = []
    for _marker, piece in _split_markers(block, "="):
        weight, rest = _weight(piece)
        text, _fmt, feedback, feedback_format = _feedback_split(rest, fmt)
        fraction = 1.0 if weight is None else weight
        answer = GiftAnswer(text, fraction, feedback, text_format=fmt, feedback_format=feedback_format)
        where = piece.offset
        if text == "*":
            pass  # catch-all: any other number
        elif text.find("..") > 0:
            low_text, high_text = (part.strip(_WS) for part in text.split("..", 1))
            answer.low = _number(low_text, where, "range start")
            answer.high = _number(high_text, where, "range end")
            if answer.low > answer.high:
                raise _BlockError(where, f"The numeric range {text} starts above where it ends.")
            answer.text = f"{format_number(answer.low)}..{format_number(answer.high)}"
        elif text.find(":") > 0:
            value_text, tolerance_text = (part.strip(_WS) for part in text.split(":", 1))
            _number(value_text, where, "answer")
            answer.text = value_text
            answer.tolerance = _number(tolerance_text, where, "tolerance")
        else:
            if not text:
                raise _BlockError(where, "A numerical answer is empty.")
            _number(text, where, "answer")
            answer.tolerance = 0.0
        answers.append(answer)
    if not answers:
        raise _BlockError(None, "A numerical question needs at least one numeric answer.")
    if wrong is not None:
        _text, _fmt, feedback, feedback_format = _feedback_split(wrong, fmt)
        answers.append(GiftAnswer("*", 0.0, feedback, text_format=fmt, feedback_format=feedback_format))
    return answers


def _matching_answers(block: _Src, fmt: str) -> list[GiftAnswer]:
    answers = []
    for _marker, piece in _split_markers(block, "="):
        arrow = piece.find("->")
        if arrow < 0:
            raise _BlockError(
                piece.offset, "A matching pair must look like '=question -> answer'; this one has no '->'."
            )
        text, text_format = _with_format(piece.cut(0, arrow), fmt)
        right = piece.cut(arrow + 2).value()
        if not right:
            raise _BlockError(piece.offset, "A matching pair has nothing after '->'.")
        answers.append(GiftAnswer(text, match=right, text_format=text_format if text else fmt, feedback_format=fmt))
    if len(answers) < 2:
        raise _BlockError(None, "A matching question needs at least two pairs.")
    return answers


def _true_false_answers(block: _Src, fmt: str) -> list[GiftAnswer]:
    parts = block.split("#", 2)
    truth = _TRUE_FALSE[parts[0].value()]
    # The first feedback is for a wrong answer, the second for a right one.
    feedbacks = [_with_format(part, fmt) for part in parts[1:]] + [("", fmt)] * (3 - len(parts))
    feedbacks = [(text, f if text else fmt) for text, f in feedbacks]
    wrong, right = feedbacks
    on_true, on_false = (right, wrong) if truth else (wrong, right)
    return [
        GiftAnswer("True", 1.0 if truth else 0.0, on_true[0], text_format=fmt, feedback_format=on_true[1]),
        GiftAnswer("False", 0.0 if truth else 1.0, on_false[0], text_format=fmt, feedback_format=on_false[1]),
    ]


def _question_type(block: _Src | None) -> str:
    if block is None:
        return "description"
    mask = block.mask
    if not mask:
        return "essay"
    if mask.startswith("#"):
        return "numeric"
    if "~" in mask:
        return "single_choice" if "=" in mask else "multiple_choice"
    if "=" in mask and "->" in mask:
        return "matching"
    head = block.cut(0, block.find("#")) if block.find("#") > 0 else block
    if head.value() in _TRUE_FALSE:
        return "true_false"
    return "short_answer"


_ANSWER_READERS = {
    "single_choice": _choice_answers,
    "multiple_choice": _choice_answers,
    "numeric": _numeric_answers,
    "matching": _matching_answers,
    "true_false": _true_false_answers,
    "short_answer": _short_answers,
}


# --------------------------------------------------------------------------- questions


def extract_tags_and_id(comment: str) -> tuple[str, list[str]]:
    """``// [id:x] [tag:a] [tag:b]`` -> ("x", ["a", "b"]); ``\\]`` stands for ``]``."""
    ids = [m.group(1).replace("\\]", "]").strip() for m in _ID_RE.finditer(comment)]
    tags = [m.group(1).replace("\\]", "]").strip() for m in _TAG_RE.finditer(comment)]
    return (ids[0] if ids else ""), [tag for tag in tags if tag]


def _read_question(text: _Src, comments: str) -> GiftQuestion:
    start_offset = text.offset
    name = ""
    if text.mask.startswith("::"):
        end = text.find("::", 2)
        if end < 0:
            raise _BlockError(text.offset, "The question title starts with '::' but has no closing '::'.")
        name = text.cut(2, end).value()
        text = text.cut(end + 2).strip()

    start, end = text.find("{"), text.find("}")
    if start < 0 and end >= 0:
        raise _BlockError(text.offset + end, "Found '}' without an opening '{' (write \\} for a literal brace).")
    if start >= 0 and end < 0:
        raise _BlockError(text.offset + start, "The answer block opened with '{' is never closed with '}'.")
    block = None
    prompt = text
    if start >= 0:
        if end < start:
            raise _BlockError(text.offset + end, "Found '}' before the '{' that opens the answers.")
        inner = text.find("{", start + 1)
        if 0 <= inner < end:
            raise _BlockError(text.offset + inner, "Found '{' inside an answer block (write \\{ for a literal brace).")
        if text.find("{", end + 1) >= 0 or text.find("}", end + 1) >= 0:
            raise _BlockError(text.offset + end + 1, "A question may have only one answer block {...}.")
        block = text.cut(start + 1, end).strip()
        after = text.cut(end + 1)
        if after.strip().raw:  # missing-word question: the answers sit inside the sentence
            marker = _Src(MISSING_WORD_MARKER, MISSING_WORD_MARKER, 0)
            before = text.cut(0, start)
            prompt = _Src(before.raw + marker.raw + after.raw, before.mask + marker.mask + after.mask, text.offset)
        else:
            prompt = text.cut(0, start)

    general_feedback = ""
    prompt_text, prompt_format = _with_format(prompt, "moodle")
    gf_format = prompt_format
    if block is not None:
        separator = block.mask.rfind("####")
        if separator >= 0:
            general_feedback, gf_format = _with_format(block.cut(separator + 4), prompt_format)
            block = block.cut(0, separator).strip()
    if not general_feedback:
        gf_format = prompt_format

    qtype = _question_type(block)
    try:
        answers = _ANSWER_READERS[qtype](block, prompt_format) if qtype in _ANSWER_READERS else []
    except _BlockError as error:
        if error.offset is None:
            error.offset = start_offset
        raise
    id_number, tags = extract_tags_and_id(comments)
    return GiftQuestion(
        type=qtype,
        name=name,
        prompt=prompt_text,
        prompt_format=prompt_format,
        answers=answers,
        general_feedback=general_feedback,
        general_feedback_format=gf_format,
        tags=tags,
        id_number=id_number,
    )


def _blocks(lines: list[str]):
    """Yield (first line number, lines) for each run of non-blank lines."""
    current: list[str] = []
    first = 0
    for number, line in enumerate(lines, 1):
        if line.strip(_WS):
            if not current:
                first = number
            current.append(line)
        elif current:
            yield first, current
            current = []
    if current:
        yield first, current


def parse(text: str) -> ParseResult:
    """Parse GIFT text. Never raises on bad input: problems are listed in ``errors``."""
    result = ParseResult()
    category: str | None = None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for first, lines in _blocks(text.split("\n")):
        comments = []
        body = []
        for line in lines:
            if line.strip(_WS).startswith("//"):
                comments.append(line.strip(_WS))
                body.append("")
            else:
                body.append(line)
        joined = "\n".join(body)
        src = _Src.of(joined).strip()
        if not src.raw:
            continue  # only comments
        if src.raw.startswith("$CATEGORY:"):
            newline = src.raw.find("\n")
            head = src.cut(0, newline) if newline >= 0 else src
            category = unescape(head.raw[len("$CATEGORY:") :]).strip(_WS) or None
            if category is not None:
                result.categories.append(category)
            if newline < 0:
                continue
            src = src.cut(newline + 1).strip()
            if not src.raw:
                continue
        line = first + joined.count("\n", 0, src.offset)
        try:
            question = _read_question(src, "\n".join(comments))
        except _BlockError as error:
            result.errors.append(GiftError(first + joined.count("\n", 0, error.offset), error.message))
            continue
        question.category = category
        question.line = line
        result.questions.append(question)
    return result


def parse_bytes(data: bytes) -> ParseResult:
    """Parse an uploaded GIFT file; refuse it, as Moodle does, unless it is UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return ParseResult(errors=[GiftError(line, NOT_UTF8_MESSAGE)])
    return parse(text)


def write(questions, *, first_number: int = 1) -> str:
    """GIFT text for ``questions`` (see ``gift_writer.write``)."""
    from training.assessments.gift_writer import write as _write

    return _write(questions, first_number=first_number)
