"""Account forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from training.forms import PlainText, SiteForm, StrongPassword, lower_strip_filter, strip_filter
from training.i18n import country_choices, country_codes, timezone_choices


def _email_field(label=_l("Email")):
    return EmailField(
        label,
        validators=[DataRequired(), Length(max=254), Email(message=_l("Enter a valid email address."))],
        filters=[lower_strip_filter],
        render_kw={"autocomplete": "email"},
    )


class CountryField(SelectField):
    def __init__(self, label=_l("Country"), **kwargs):
        super().__init__(label, choices=[], **kwargs)

    def pre_validate(self, form):
        if self.data and self.data not in country_codes():
            raise ValidationError(_l("Choose a country from the list."))


def _fill_countries(field, blank=_l("Choose your country")):
    field.choices = [("", str(blank))] + country_choices()


class InstitutionChoiceField(SelectField):
    """Optional institution; choices are filled by the view from the database."""

    def __init__(self, label=_l("Institution (optional)"), **kwargs):
        super().__init__(
            label,
            choices=[],
            coerce=lambda v: int(v) if v not in (None, "", "None") else None,
            validators=[Optional()],
            **kwargs,
        )

    def pre_validate(self, form):
        if self.data is not None and self.data not in {value for value, _ in self.choices}:
            raise ValidationError(_l("Choose an institution from the list."))


class LoginForm(SiteForm):
    email = _email_field()
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "current-password"}
    )
    remember = BooleanField(_l("Remember me on this device"))


class RegisterForm(SiteForm):
    name = StringField(
        _l("Full name"),
        validators=[DataRequired(), Length(max=120), PlainText()],
        filters=[strip_filter],
        render_kw={"autocomplete": "name"},
        description=_l("As it should appear on your certificates, in any script."),
    )
    email = _email_field()
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), StrongPassword()],
        render_kw={"autocomplete": "new-password"},
        description=_l("At least 10 characters; avoid common passwords."),
    )
    country = CountryField(validators=[DataRequired(message=_l("Choose your country."))])
    institution_id = InstitutionChoiceField()

    def __init__(self, *args, institutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        _fill_countries(self.country)
        self.institution_id.choices = [(None, str(_l("None / not listed")))] + [(i.id, i.name) for i in institutions]


class ForgotPasswordForm(SiteForm):
    email = _email_field()


class ResetPasswordForm(SiteForm):
    password = PasswordField(
        _l("New password"), validators=[DataRequired(), StrongPassword()], render_kw={"autocomplete": "new-password"}
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
        render_kw={"autocomplete": "new-password"},
    )


class ProfileForm(SiteForm):
    name = StringField(
        _l("Full name"), validators=[DataRequired(), Length(max=120), PlainText()], filters=[strip_filter]
    )
    country = CountryField(validators=[DataRequired(message=_l("Choose your country."))])
    institution_id = InstitutionChoiceField()
    locale = SelectField(_l("Language"), choices=[])
    timezone = SelectField(_l("Time zone"), choices=[])

    def __init__(self, *args, institutions=(), languages=None, **kwargs):
        super().__init__(*args, **kwargs)
        _fill_countries(self.country)
        self.institution_id.choices = [(None, str(_l("None / not listed")))] + [(i.id, i.name) for i in institutions]
        self.locale.choices = list((languages or {}).items())
        self.timezone.choices = [(tz, tz) for tz in timezone_choices()]


class ChangePasswordForm(ResetPasswordForm):
    """The new password and its confirmation, as on a reset, plus the current password."""

    current_password = PasswordField(
        _l("Current password"), validators=[DataRequired()], render_kw={"autocomplete": "current-password"}
    )


class LanguageForm(SiteForm):
    locale = SelectField(_l("Language"), choices=[])
