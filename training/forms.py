"""Shared form pieces: field validators and choice helpers used across features."""

from __future__ import annotations

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import CombinedMultiDict, MultiDict
from wtforms import FileField, ValidationError

from training.auth.passwords import password_problem
from training.storage import staged_upload


class SiteForm(FlaskForm):
    """The base of every form of the site: a Flask-WTF form (CSRF) that reads uploaded files only for its
    file fields.

    Flask-WTF hands a form ``request.files`` and ``request.form`` together, so a file posted under the name
    of a text, number or date field (no browser does, a crafted request can) reached validators and filters
    that expect text, and raised. Such a file is ignored: the field is simply missing.
    """

    class Meta:
        def wrap_formdata(self, form, formdata):
            wrapped = super().wrap_formdata(form, formdata)
            if isinstance(wrapped, CombinedMultiDict) and request.files:
                names = {field.name for field in form if isinstance(field, FileField)}
                files = MultiDict([(key, file) for key, file in request.files.items(multi=True) if key in names])
                return CombinedMultiDict((files, request.form))
            return wrapped


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


def confirmed_upload(form, prefix: str) -> bytes | None:
    """The staged upload a preview's confirm form (a ``token`` field) points at.

    400 for an invalid form or a token that is not one of ``prefix``'s; None, with a message flashed, when the
    upload has expired (the caller sends the user back to upload it again).
    """
    if not form.validate_on_submit():
        abort(400)
    try:
        data = staged_upload(form.token.data, prefix)
    except ValueError:
        abort(400)
    if data is None:
        flash(_("That upload has expired. Please upload the file again."), "error")
    return data
