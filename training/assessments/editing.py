"""Between the question form's rows and a question's stored ``spec`` (see ``grading.py``)."""

from __future__ import annotations

from decimal import Decimal

from training.assessments.gift import format_number
from training.assessments.grading import parse_number

BLANK_ROWS = 3
MIN_ROWS = 4


def _fraction(row) -> float:
    return float(row["fraction"]) / 100 if row.get("fraction") is not None else 0.0


def _percent(fraction) -> Decimal:
    """0.5 -> 50, 1.0 -> 100 (not 1E+2, which the form would show as typed), 1/3 -> 33.33333."""
    return Decimal(format(Decimal(str(round(float(fraction) * 100, 5))).normalize(), "f"))


def _num(value) -> float | None:
    return None if value is None else float(value)


def _new_ids(rows: list[dict]) -> list[dict]:
    """Keep the ids rows came with; give fresh ones to new rows (never reusing one)."""
    used = {row["id"] for row in rows if row.get("id")}
    counter = 1
    for row in rows:
        if not row.get("id"):
            while f"o{counter}" in used:
                counter += 1
            row["id"] = f"o{counter}"
            used.add(row["id"])
    return rows


def spec_from_rows(
    qtype: str,
    rows: list[dict],
    *,
    truth: bool = True,
    feedback_true: str = "",
    feedback_false: str = "",
    case_sensitive: bool = False,
    shuffle: bool = True,
) -> dict:
    """A spec from the form. Rows with nothing typed are dropped."""

    def filled(row) -> bool:
        if qtype == "matching":
            return bool((row.get("text") or "").strip() or (row.get("match") or "").strip())
        if qtype == "numeric":
            return any(row.get(k) is not None for k in ("low", "high")) or bool((row.get("text") or "").strip())
        return bool((row.get("text") or "").strip())

    rows = _new_ids([dict(row) for row in rows if filled(row)])
    if qtype in ("single_choice", "multiple_choice"):
        options = [
            {
                "id": r["id"],
                "text": r["text"].strip(),
                "fraction": _fraction(r),
                "feedback": (r.get("feedback") or "").strip(),
            }
            for r in rows
        ]
        return {"options": options, "shuffle": bool(shuffle)}
    if qtype == "true_false":
        return {"answer": bool(truth), "feedback_true": feedback_true.strip(), "feedback_false": feedback_false.strip()}
    if qtype == "numeric":
        answers = []
        for r in rows:
            base = {"id": r["id"], "fraction": _fraction(r), "feedback": (r.get("feedback") or "").strip()}
            if r.get("low") is not None or r.get("high") is not None:
                base.update(low=_num(r.get("low")), high=_num(r.get("high")))
            else:
                base.update(value=parse_number(str(r.get("text"))), tolerance=_num(r.get("tolerance")) or 0.0)
            answers.append(base)
        return {"answers": answers}
    if qtype == "short_answer":
        answers = [
            {
                "id": r["id"],
                "text": r["text"].strip(),
                "fraction": _fraction(r),
                "feedback": (r.get("feedback") or "").strip(),
            }
            for r in rows
        ]
        return {"answers": answers, "case_sensitive": bool(case_sensitive)}
    if qtype == "matching":
        return {
            "pairs": [
                {"id": r["id"], "left": (r.get("text") or "").strip(), "right": (r.get("match") or "").strip()}
                for r in rows
            ]
        }
    return {}


def rows_from_spec(qtype: str, spec: dict) -> list[dict]:
    """Form rows for an existing spec, plus blank rows to add more."""
    rows: list[dict] = []
    if qtype in ("single_choice", "multiple_choice"):
        rows = [
            {"id": o["id"], "text": o["text"], "fraction": _percent(o["fraction"]), "feedback": o.get("feedback", "")}
            for o in spec.get("options", [])
        ]
    elif qtype == "numeric":
        for a in spec.get("answers", []):
            row = {"id": a["id"], "fraction": _percent(a["fraction"]), "feedback": a.get("feedback", "")}
            if "low" in a:
                row.update(low=Decimal(str(a["low"])), high=Decimal(str(a["high"])))
            else:
                row.update(
                    text=format_number(a["value"]) if isinstance(a.get("value"), float) else str(a.get("value", "")),
                    tolerance=Decimal(str(a.get("tolerance", 0))),
                )
            rows.append(row)
    elif qtype == "short_answer":
        rows = [
            {"id": a["id"], "text": a["text"], "fraction": _percent(a["fraction"]), "feedback": a.get("feedback", "")}
            for a in spec.get("answers", [])
        ]
    elif qtype == "matching":
        rows = [{"id": p["id"], "text": p["left"], "match": p["right"]} for p in spec.get("pairs", [])]
    if qtype in ("single_choice", "multiple_choice", "numeric", "short_answer", "matching"):
        rows += [{} for _ in range(max(BLANK_ROWS, MIN_ROWS - len(rows)))]
    return rows


def starter_rows(qtype: str) -> list[dict]:
    """Rows for a new question, with a sensible first weight filled in."""
    rows = rows_from_spec(qtype, {})
    if qtype in ("single_choice", "numeric", "short_answer") and rows:
        rows[0]["fraction"] = Decimal(100)
    return rows
