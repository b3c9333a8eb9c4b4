"""Administrator forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from training.auth.forms import CountryField, InstitutionChoiceField, _fill_countries
from training.auth.models import Role
from training.forms import PlainText, SiteForm, strip_filter

ROLE_LABELS = {
    Role.TRAINEE.value: _l("Trainee"),
    Role.INSTRUCTOR.value: _l("Instructor"),
    Role.PARTNER_ADMIN.value: _l("Partner administrator"),
    Role.ADMIN.value: _l("Administrator"),
}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class UserEditForm(SiteForm):
    name = StringField(
        _l("Full name"), validators=[DataRequired(), Length(max=120), PlainText()], filters=[strip_filter]
    )
    country = CountryField()
    institution_id = InstitutionChoiceField(label=_l("Institution"))
    roles = MultiCheckboxField(_l("Roles"), choices=[(k, v) for k, v in ROLE_LABELS.items()])
    active = BooleanField(_l("Account is active"), description=_l("A deactivated user cannot log in."))

    def __init__(self, *args, institutions=(), **kwargs):
        super().__init__(*args, **kwargs)
        _fill_countries(self.country, blank=_l("Not set"))
        self.institution_id.choices = [(None, str(_l("None")))] + [(i.id, i.name) for i in institutions]
