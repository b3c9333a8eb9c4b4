"""Shared form pieces: field validators and choice helpers used across features."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import ValidationError

from training.auth.passwords import password_problem


class StrongPassword:
    """Applies the password policy; reads the email and name fields of the same form when present."""

    def __call__(self, form, field):
        email = getattr(getattr(form, "email", None), "data", "") or ""
        name = getattr(getattr(form, "name", None), "data", "") or ""
        problem = password_problem(field.data or "", email=email, name=name)
        if problem:
            raise ValidationError(problem)


def strip_filter(value):
    return value.strip() if isinstance(value, str) else value


def lower_strip_filter(value):
    return value.strip().lower() if isinstance(value, str) else value


NO_CONTROL_CHARS = _l("Remove control characters from this field.")


class PlainText:
    """Refuses control characters (other than none) in single-line text."""

    def __call__(self, form, field):
        if field.data and any(ord(ch) < 32 or ch == "\x7f" for ch in field.data):
            raise ValidationError(str(NO_CONTROL_CHARS))


def uploaded_bytes(field) -> bytes | None:
    """The content of a file field, or None when no file was chosen."""
    file = field.data
    if not file or not getattr(file, "filename", ""):
        return None
    return file.read()
