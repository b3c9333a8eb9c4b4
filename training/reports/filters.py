"""The report's filters: the query string of DESIGN §4 read into a form, checked, and turned into criteria.

``objective`` (a CAI code, top-level or sub-theme), ``country`` (the trainee's ISO 3166 alpha-2 code, or
``none``), ``sector`` (of the trainee's institution, or ``none``), ``from`` and ``to`` (YYYY-MM-DD, both days
included, in UTC) and ``measure`` (which count the charts and the cross-table show). Every value is checked
against a list held in memory, so nothing the user typed reaches SQL unchecked; a bad value becomes a
message next to its field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, ValidationError
from wtforms.widgets import DateInput

from training.forms import SiteForm
from training.i18n import country_choices, country_codes
from training.institutions.forms import SECTOR_LABELS
from training.institutions.models import SECTOR_VALUES

NONE = "none"  # the bucket (and filter value) for a trainee with no country, or no institution
MEASURES = ("certified", "completed", "enrolled")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_SHOWN = 40  # characters of a rejected value repeated in its message


def _shown(value: str) -> str:
    cleaned = "".join(ch if ch.isprintable() else "\N{REPLACEMENT CHARACTER}" for ch in value)
    return cleaned if len(cleaned) <= _SHOWN else cleaned[: _SHOWN - 1] + "…"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _country_code(value):
    value = (value or "").strip()
    return NONE if value.lower() == NONE else value.upper()


def parse_day(value: str) -> date | None:
    """``YYYY-MM-DD`` as a date, or None when it is not one (a 30 February, a 13th month, text)."""
    if not value or not _DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Criteria:
    """Checked filters. ``objective_ids`` is the chosen objective and everything below it in the taxonomy."""

    objective_code: str = ""
    objective_ids: frozenset[int] = frozenset()
    country: str = ""
    sector: str = ""
    date_from: date | None = None
    date_to: date | None = None
    measure: str = "certified"

    @property
    def start(self) -> datetime | None:
        """The first instant counted (midnight UTC of ``from``)."""
        return datetime.combine(self.date_from, time.min, UTC) if self.date_from else None

    @property
    def end(self) -> datetime | None:
        """The first instant no longer counted (midnight UTC after ``to``); None for no upper bound."""
        if self.date_to is None or self.date_to == date.max:
            return None
        return datetime.combine(self.date_to + timedelta(days=1), time.min, UTC)

    def query_args(self) -> dict[str, str]:
        """The filters as query-string arguments (for links and the CSV export); defaults left out."""
        args = {
            "objective": self.objective_code,
            "country": self.country,
            "sector": self.sector,
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
            "measure": "" if self.measure == "certified" else self.measure,
        }
        return {key: value for key, value in args.items() if value}


class ReportFilterForm(SiteForm):
    """The filter bar. A GET form: no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    objective = SelectField(_l("CAI objective"), validate_choice=False, filters=[_strip])
    country = SelectField(_l("Trainee's country"), validate_choice=False, filters=[_country_code])
    sector = SelectField(_l("Trainee's sector"), validate_choice=False, filters=[_strip])
    date_from = StringField(_l("Start date"), name="from", widget=DateInput(), filters=[_strip])
    date_to = StringField(_l("End date"), name="to", widget=DateInput(), filters=[_strip])
    measure = HiddenField(_l("Count shown"), filters=[_strip])

    def __init__(self, taxonomy, *args, **kwargs):
        self.taxonomy = taxonomy
        super().__init__(*args, **kwargs)
        self.objective.choices = [("", str(_l("All objectives")))] + [
            (o.code, ("— " if o.parent_id else "") + title) for o, title in taxonomy.choices()
        ]
        self.country.choices = [("", str(_l("All countries"))), (NONE, str(_l("No country given")))] + list(
            country_choices()
        )
        self.sector.choices = [("", str(_l("All sectors"))), (NONE, str(_l("No institution")))] + [
            (value, str(label)) for value, label in SECTOR_LABELS.items()
        ]

    def validate_objective(self, field):
        if field.data and self.taxonomy.by_code(field.data) is None:
            raise ValidationError(_("There is no CAI objective with the code “%(code)s”.", code=_shown(field.data)))

    def validate_country(self, field):
        if field.data and field.data != NONE and field.data not in country_codes():
            raise ValidationError(
                _("“%(code)s” is not a country code: choose a country from the list.", code=_shown(field.data))
            )

    def validate_sector(self, field):
        if field.data and field.data != NONE and field.data not in SECTOR_VALUES:
            raise ValidationError(_("“%(value)s” is not a sector: choose one from the list.", value=_shown(field.data)))

    def validate_date_from(self, field):
        if field.data and parse_day(field.data) is None:
            raise ValidationError(_l("Enter a real date as YYYY-MM-DD, for example 2025-01-31."))

    def validate_date_to(self, field):
        if field.data and parse_day(field.data) is None:
            raise ValidationError(_l("Enter a real date as YYYY-MM-DD, for example 2025-12-31."))
        start, end = parse_day(self.date_from.data or ""), parse_day(field.data or "")
        if start and end and end < start:
            raise ValidationError(_l("The end date is before the start date."))

    def validate_measure(self, field):
        if field.data and field.data not in MEASURES:
            raise ValidationError(_l("Show certified, completed or enrolled people."))

    def criteria(self) -> Criteria:
        """The checked values (call after ``validate()`` returned True)."""
        code = self.objective.data or ""
        return Criteria(
            objective_code=code,
            objective_ids=frozenset(self.taxonomy.subtree(code)) if code else frozenset(),
            country=self.country.data or "",
            sector=self.sector.data or "",
            date_from=parse_day(self.date_from.data or ""),
            date_to=parse_day(self.date_to.data or ""),
            measure=self.measure.data or "certified",
        )
