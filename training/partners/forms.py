"""Partner portal forms: invite a staff member, change a role, ask to co-host, decide."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, SelectField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Email, Length

from training.admin.forms import ROLE_LABELS
from training.forms import NO_CONTROL_CHARS, PlainText, SiteForm, lower_strip_filter, strip_filter
from training.partners.services import STAFF_ROLES

STAFF_ROLE_CHOICES = [(role, ROLE_LABELS[role]) for role in STAFF_ROLES]


class InviteForm(SiteForm):
    email = EmailField(
        _l("Email"),
        validators=[DataRequired(), Length(max=254), Email(message=_l("Enter a valid email address."))],
        filters=[lower_strip_filter],
    )
    name = StringField(
        _l("Full name"),
        validators=[DataRequired(), Length(max=120), PlainText()],
        filters=[strip_filter],
        description=_l("Used for a new account; an existing account keeps its name."),
    )
    role = SelectField(_l("Role"), choices=STAFF_ROLE_CHOICES, validators=[DataRequired()])


class RoleForm(SiteForm):
    """One button: give or take away one role. Only a tampered form is invalid."""

    role = SelectField(choices=STAFF_ROLE_CHOICES, validators=[DataRequired()])
    change = SelectField(choices=[("grant", "grant"), ("remove", "remove")], validators=[DataRequired()])


class MultiLineText:
    """Line breaks and tabs are fine in a message; other control characters are not."""

    def __call__(self, form, field):
        if field.data and any((ord(ch) < 32 and ch not in "\n\r\t") or ch == "\x7f" for ch in field.data):
            raise ValidationError(str(NO_CONTROL_CHARS))


class CohostRequestForm(SiteForm):
    course_id = SelectField(
        _l("Course"),
        coerce=int,
        validators=[DataRequired(message=_l("Choose a course."))],
        validate_choice=True,
    )
    message = TextAreaField(
        _l("Message to the host institution"),
        validators=[Length(max=1000), MultiLineText()],
        filters=[strip_filter],
        description=_l("What your institution would bring to the course: trainers, venues, local language…"),
        render_kw={"rows": 4, "maxlength": 1000},
    )

    def __init__(self, *args, courses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.course_id.choices = [(0, str(_l("Choose a course")))] + list(courses)
