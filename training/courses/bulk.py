"""Bulk enrolment from CSV: parse and preview, then apply everything in one transaction or nothing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import func, select

from training.auth.models import User
from training.auth.services import create_user, issue_token, normalise_email
from training.courses.enrolment import ACTIVE, WAITLISTED, enrol, find_enrolment, seats_left
from training.courses.models import Course
from training.extensions import db
from training.i18n import country_codes
from training.institutions.models import Institution

MAX_ROWS = 5000
REQUIRED_COLUMNS = ("email", "name")
OPTIONAL_COLUMNS = ("country", "institution")


@dataclass
class Row:
    line: int
    email: str
    name: str
    country: str | None
    institution_id: int | None
    outcome: str = ""  # new_account, existing_account, already_enrolled
    result: str = ""  # active, waitlisted, or the current status when already enrolled


@dataclass
class Parsed:
    rows: list[Row]
    errors: list[tuple[int, str]]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def parse(data: bytes, course: Course) -> Parsed:
    """Check every row and predict what applying it would do; touches nothing."""
    if course.status != "published":  # enrol() refuses then; say so now, not after a confirm that fails
        return Parsed(
            [], [(0, _("People can be enrolled once the course is published. Publish it, then upload the file again."))]
        )
    text = _decode(data)
    if text is None:
        return Parsed([], [(0, _("The file is not UTF-8 text. Save it as “CSV UTF-8” and upload it again."))])
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return Parsed([], [(1, _("The file is empty; the first line must be a header such as: email,name"))])
    header_line = lines[0]
    delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader)]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        return Parsed(
            [],
            [
                (
                    1,
                    _(
                        "The header must have the columns email and name, separated by commas or "
                        "semicolons (found: %(found)s).",
                        found=header_line[:80],
                    ),
                )
            ],
        )
    index = {name: header.index(name) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if name in header}
    institutions = {name.lower(): id_ for id_, name in db.session.execute(select(Institution.id, Institution.name))}
    rows: list[Row] = []
    errors: list[tuple[int, str]] = []
    seen: dict[str, int] = {}
    for values in reader:
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(rows) + len(errors) >= MAX_ROWS:
            errors.append((line, _("Too many rows: at most %(n)s per upload.", n=MAX_ROWS)))
            break
        if len(values) != len(header):
            errors.append(
                (
                    line,
                    _(
                        "Expected %(expected)s fields, found %(found)s (check the delimiter and quotes).",
                        expected=len(header),
                        found=len(values),
                    ),
                )
            )
            continue

        def value(name, values=values):
            return values[index[name]].strip() if name in index else ""

        raw_email, name = value("email"), value("name")
        try:
            email = normalise_email(validate_email(raw_email, check_deliverability=False).normalized)
        except EmailNotValidError:
            errors.append((line, _("“%(email)s” is not a valid email address.", email=raw_email[:80])))
            continue
        if email in seen:
            errors.append(
                (line, _("%(email)s appears twice (first on line %(first)s).", email=email, first=seen[email]))
            )
            continue
        seen[email] = line
        if not name or len(name) > 120 or any(ord(ch) < 32 for ch in name):
            errors.append((line, _("The name is missing or too long.")))
            continue
        country = value("country").upper() or None
        if country and country not in country_codes():
            errors.append((line, _("“%(country)s” is not a country code such as JP or TH.", country=country[:10])))
            continue
        institution_name = value("institution")
        institution_id = institutions.get(institution_name.lower()) if institution_name else None
        if institution_name and institution_id is None:
            errors.append((line, _("No institution is called “%(name)s”.", name=institution_name[:80])))
            continue
        rows.append(Row(line, email, name, country, institution_id))
    _predict(rows, course)
    return Parsed(rows, errors)


def _predict(rows: list[Row], course: Course) -> None:
    emails = [r.email for r in rows]
    users = {u.email: u for u in db.session.scalars(select(User).where(User.email.in_(emails)))} if emails else {}
    left = seats_left(course)
    for row in rows:
        user = users.get(row.email)
        existing = find_enrolment(user, course) if user else None
        if existing is not None and existing.status not in {"withdrawn", "rejected"}:
            row.outcome, row.result = "already_enrolled", existing.status
            continue
        row.outcome = "existing_account" if user else "new_account"
        if left is None or left > 0:
            row.result = ACTIVE
            left = None if left is None else left - 1
        else:
            row.result = WAITLISTED


def apply(actor, course: Course, data: bytes) -> tuple[Parsed, list[tuple[User, str]]]:
    """Apply a checked upload. Returns the parse and the invitations to send after the commit.

    Raises ValueError when the file has errors: then nothing has been written.
    """
    parsed = parse(data, course)
    if not parsed.ok:
        raise ValueError("the upload has errors")
    invitations = []
    for row in parsed.rows:
        if row.outcome == "already_enrolled":
            continue
        user = db.session.scalar(select(User).where(func.lower(User.email) == row.email))
        if user is None:
            user = create_user(
                email=row.email,
                name=row.name,
                password=None,
                country=row.country,
                institution_id=row.institution_id,
                confirmed=True,
                actor=actor,
            )
            invitations.append((user, issue_token(user, "invite")))
        row.result = enrol(user, course, actor=actor).status
    return parsed, invitations
