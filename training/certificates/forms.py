"""Forms: revoke and re-issue, check a PDF against its certificate, an institution's certificate template."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from training.certificates.models import LAYOUTS
from training.courses.forms import no_nul
from training.forms import PlainText, SiteForm, strip_filter

LAYOUT_LABELS = {
    "classic": _l("Classic: serif type in a framed border"),
    "modern": _l("Modern: a coloured band"),
    "minimal": _l("Minimal: clean and light"),
}
STATUS_LABELS = {
    "valid": _l("Valid"),
    "revoked": _l("Revoked"),
    "replaced": _l("Replaced by a newer certificate"),
    "expired": _l("Expired"),
    "pending": _l("Waiting for approval"),
    "unknown": _l("Unknown"),
}
COLOUR = Regexp(r"^#[0-9a-fA-F]{6}$", message=_l("Use a colour such as #0b6e4f."))


class ReasonForm(SiteForm):
    reason = TextAreaField(
        _l("Reason"),
        validators=[DataRequired(), Length(max=500), no_nul],
        filters=[strip_filter],
        render_kw={"rows": 2},
    )


class VerifyUploadForm(SiteForm):
    file = FileField(_l("The certificate's PDF"), description=_l("At most 5 MB."))


class TemplateForm(SiteForm):
    layout = SelectField(_l("Design"), choices=list(LAYOUT_LABELS.items()), default="classic")
    primary_colour = StringField(
        _l("Main colour"), default="#0b6e4f", validators=[DataRequired(), COLOUR], render_kw={"type": "color"}
    )
    accent_colour = StringField(
        _l("Accent colour"), default="#c59d3f", validators=[DataRequired(), COLOUR], render_kw={"type": "color"}
    )
    heading = StringField(
        _l("Heading"),
        default="Certificate of Completion",
        validators=[DataRequired(), Length(max=120), PlainText()],
        filters=[strip_filter],
    )
    wording = TextAreaField(
        _l("Wording"),
        validators=[Optional(), Length(max=1000), no_nul],
        filters=[strip_filter],
        render_kw={"rows": 3},
        description=_l("Plain text. You may use {name}, {course}, {hours}, {date} and {institution}."),
    )
    local_language = SelectField(_l("Second language"), validators=[Optional()], default="")
    local_heading = StringField(
        _l("Heading in the second language"),
        validators=[Optional(), Length(max=120), PlainText()],
        filters=[strip_filter],
    )
    local_wording = TextAreaField(
        _l("Wording in the second language"),
        validators=[Optional(), Length(max=1000), no_nul],
        filters=[strip_filter],
        render_kw={"rows": 3},
    )


__all__ = ["LAYOUTS", "LAYOUT_LABELS", "STATUS_LABELS", "ReasonForm", "TemplateForm", "VerifyUploadForm"]
