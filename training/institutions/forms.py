"""Institution and signatory forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, SelectField, StringField, URLField
from wtforms.validators import URL, DataRequired, Length, Optional

from training.auth.forms import CountryField, _fill_countries
from training.forms import PlainText, SiteForm, strip_filter
from training.institutions.models import Sector

SECTOR_LABELS = {
    Sector.GOVERNMENT.value: _l("Government"),
    Sector.INDUSTRY.value: _l("Industry"),
    Sector.ACADEMIA.value: _l("Academia"),
    Sector.CIVIL_SOCIETY.value: _l("Civil society"),
    Sector.INTERNATIONAL.value: _l("International organisation"),
}

IMAGE_HELP = _l("PNG, JPEG or SVG, at most 2 MB.")


class InstitutionForm(SiteForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200), PlainText()], filters=[strip_filter])
    short_name = StringField(
        _l("Short name"),
        validators=[DataRequired(), Length(max=40), PlainText()],
        filters=[strip_filter],
        description=_l("Shown where space is tight, e.g. MOEJ."),
    )
    sector = SelectField(_l("Sector"), choices=[(k, v) for k, v in SECTOR_LABELS.items()], validators=[DataRequired()])
    country = CountryField(validators=[DataRequired(message=_l("Choose a country."))])
    website = URLField(
        _l("Website"),
        validators=[
            Optional(),
            Length(max=300),
            PlainText(),
            URL(require_tld=True, message=_l("Enter a full address starting with https://")),
        ],
        filters=[strip_filter],
    )
    logo = FileField(_l("Logo"), description=IMAGE_HELP)
    remove_logo = BooleanField(_l("Remove the current logo"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _fill_countries(self.country, blank=_l("Choose a country"))

    def validate_website(self, field):
        if field.data and not field.data.lower().startswith(("https://", "http://")):
            from wtforms import ValidationError

            raise ValidationError(_l("Enter a full address starting with https://"))


class SignatoryForm(SiteForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120), PlainText()], filters=[strip_filter])
    title = StringField(
        _l("Job title"),
        validators=[DataRequired(), Length(max=160), PlainText()],
        filters=[strip_filter],
        description=_l("For example: Director-General"),
    )
    signature = FileField(_l("Signature image"), description=IMAGE_HELP)


class DeleteForm(SiteForm):
    """An empty form: only its CSRF token matters."""
