"""Course, module and enrolment forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from training.admin.forms import MultiCheckboxField
from training.courses.models import COURSE_LANGUAGES, EnrolmentMode, InstitutionRole
from training.forms import NO_CONTROL_CHARS, PlainText, SiteForm, lower_strip_filter, strip_filter

LEVEL_LABELS = {"introductory": _l("Introductory"), "intermediate": _l("Intermediate"), "advanced": _l("Advanced")}
MODE_LABELS = {
    EnrolmentMode.OPEN.value: _l("Open: anyone with an account joins at once"),
    EnrolmentMode.APPROVAL.value: _l("Approval: an instructor approves each request"),
    EnrolmentMode.KEY.value: _l("Enrolment key: people need the key you give them"),
}
CERTIFICATE_LABELS = {
    "auto": _l("Issued automatically when a trainee meets the rules"),
    "approval": _l("Issued after the certifying institution approves"),
    "none": _l("No certificate"),
}
ROLE_LABELS = {
    InstitutionRole.HOST.value: _l("Host"),
    InstitutionRole.CO_HOST.value: _l("Co-host"),
    InstitutionRole.CERTIFYING.value: _l("Certifying"),
}


def no_nul(form, field):
    """Multi-line text keeps its line breaks, but a NUL has no use, and PostgreSQL cannot store one."""
    if field.data and "\x00" in field.data:
        raise ValidationError(str(NO_CONTROL_CHARS))


def finite_or_none(value):
    """NaN and Infinity are no number of hours; a signalling NaN would even crash NumberRange."""
    return value if value is None or value.is_finite() else None


def language_choices():
    from babel import Locale
    from flask_babel import get_locale

    locale = Locale.parse(str(get_locale() or "en"))
    return [(code, locale.languages.get(code, code)) for code in COURSE_LANGUAGES]


def objective_choices(objectives):
    from flask_babel import get_locale

    locale = str(get_locale() or "en")
    return [(o.code, o.localized("title", locale)) for o in objectives]


class CourseForm(SiteForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), PlainText()], filters=[strip_filter])
    slug = StringField(
        _l("Web address"),
        validators=[
            Optional(),
            Length(max=80),
            Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", message=_l("Use lowercase letters, digits and hyphens only.")),
        ],
        filters=[lower_strip_filter],
        description=_l(
            "The last part of the course's address, e.g. green-finance-basics. Leave empty to make one from the title."
        ),
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[DataRequired(), Length(max=500), no_nul],
        filters=[strip_filter],
        description=_l("One or two sentences shown in the catalog."),
        render_kw={"rows": 3},
    )
    description = TextAreaField(
        _l("Description"),
        validators=[Optional(), Length(max=20000), no_nul],
        description=_l("Markdown. Who the course is for and what they will be able to do."),
        render_kw={"rows": 8, "data-preview": "description-preview"},
    )
    objectives = MultiCheckboxField(
        _l("CAI objectives"), validators=[DataRequired(message=_l("Tag the course to at least one CAI objective."))]
    )
    language = SelectField(_l("Language of instruction"), validators=[DataRequired()])
    level = SelectField(_l("Level"), choices=[(k, v) for k, v in LEVEL_LABELS.items()], validators=[DataRequired()])
    estimated_hours = DecimalField(
        _l("Estimated hours"),
        places=1,
        filters=[finite_or_none],
        validators=[InputRequired(message=_l("Enter a number of hours.")), NumberRange(min=0, max=2000)],
    )
    starts_on = DateField(_l("Starts on"), validators=[Optional()])
    ends_on = DateField(_l("Ends on"), validators=[Optional()])
    enrolment_mode = SelectField(_l("Enrolment"), choices=[(k, v) for k, v in MODE_LABELS.items()])
    enrolment_key = PasswordField(
        _l("Enrolment key"),
        validators=[Optional(), Length(min=4, max=100)],
        description=_l("Only for key enrolment. Stored hashed: leave empty to keep the current key."),
        render_kw={"autocomplete": "new-password"},
    )
    capacity = IntegerField(
        _l("Seats"),
        validators=[Optional(), NumberRange(min=1, max=100000)],
        description=_l("Leave empty for no limit. When full, new people join a waitlist."),
    )
    cover = FileField(_l("Cover image"), description=_l("PNG, JPEG or SVG, at most 2 MB."))
    certificate_mode = SelectField(
        _l("Certificates"),
        choices=list(CERTIFICATE_LABELS.items()),
        default="auto",
        description=_l("Issued by the course's certifying institution (else its host)."),
    )
    certificate_min_grade = DecimalField(
        _l("Minimum course grade for the certificate (%)"),
        places=None,
        validators=[Optional(), NumberRange(min=0, max=100)],
        filters=[finite_or_none],
        description=_l("Leave empty for none. Required modules and required assessments always count."),
    )
    certificate_valid_months = IntegerField(
        _l("Certificate valid for (months)"),
        validators=[Optional(), NumberRange(min=1, max=600)],
        description=_l("Leave empty if it never expires; set it for training that must be renewed."),
    )

    def __init__(self, *args, objectives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.objectives.choices = objective_choices(objectives)
        self.language.choices = language_choices()

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The end date must be on or after the start date."))


class ModuleForm(SiteForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), PlainText()], filters=[strip_filter])
    body = TextAreaField(
        _l("Content"),
        validators=[Optional(), Length(max=100000), no_nul],
        description=_l("Markdown: headings (#), lists (-), links, tables, emphasis."),
        render_kw={"rows": 18, "data-preview": "body-preview"},
    )
    objectives = MultiCheckboxField(
        _l("CAI objectives"), description=_l("Leave all unticked to use the course's objectives.")
    )
    required = BooleanField(_l("Required to complete the course"), default=True)
    estimated_minutes = IntegerField(
        _l("Estimated minutes"),
        default=30,
        validators=[InputRequired(message=_l("Enter a number of minutes.")), NumberRange(min=0, max=10000)],
    )

    def __init__(self, *args, objectives=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.objectives.choices = objective_choices(objectives)


class AttachmentForm(SiteForm):
    file = FileField(_l("Attachment"), description=_l("PDF, PNG, JPEG or SVG, at most 10 MB."))


class PreviewForm(SiteForm):
    text = TextAreaField(validators=[Optional(), Length(max=100000)])


class EnrolForm(SiteForm):
    key = PasswordField(
        _l("Enrolment key"), validators=[Optional(), Length(max=100)], render_kw={"autocomplete": "off"}
    )


class ActionForm(SiteForm):
    """A button: only the CSRF token matters."""


class StatusForm(SiteForm):
    status = HiddenField(validators=[DataRequired()])


class RejectForm(SiteForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(message=_l("Give a reason; the trainee sees it.")), Length(max=500), no_nul],
        filters=[strip_filter],
        render_kw={"rows": 2},
    )


class BulkDecisionForm(SiteForm):
    action = SelectField(_l("Action"), choices=[("approve", _l("Approve")), ("reject", _l("Reject"))])
    reason = TextAreaField(
        _l("Reason (for rejections)"),
        validators=[Optional(), Length(max=500), no_nul],
        filters=[strip_filter],
        render_kw={"rows": 2},
    )


class InstructorForm(SiteForm):
    email = StringField(
        _l("Instructor's email"), validators=[DataRequired(), Email(), Length(max=254)], filters=[lower_strip_filter]
    )


class InstitutionLinkForm(SiteForm):
    institution_id = SelectField(_l("Institution"), coerce=int)
    role = SelectField(_l("Role"), choices=[(k, v) for k, v in ROLE_LABELS.items()])

    def __init__(self, *args, institutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.institution_id.choices = [(i.id, i.name) for i in institutions]


class CsvUploadForm(SiteForm):
    file = FileField(
        _l("CSV file"),
        description=_l(
            "Columns: email, name, and optionally country (ISO code, e.g. TH) and institution (its exact name). "
            "UTF-8, comma or semicolon separated, with a header row."
        ),
    )


class CsvConfirmForm(SiteForm):
    token = HiddenField(validators=[DataRequired(), Regexp(r"^[a-z0-9_-]{1,80}\.csv$")])
