"""What the report page shows for each bucket: its label in the reader's language, and the charts."""

from __future__ import annotations

import unicodedata
from datetime import date

from babel.dates import format_skeleton
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from training.charts import bar_chart
from training.i18n import country_name
from training.institutions.forms import SECTOR_LABELS
from training.reports.filters import NONE
from training.reports.services import Report, Row, Taxonomy

MEASURE_PEOPLE = {
    "certified": _l("People certified"),
    "completed": _l("People who completed"),
    "enrolled": _l("People enrolled"),
}
SECTIONS = {
    "objective": _l("By CAI objective"),
    "country": _l("By country"),
    "sector": _l("By sector of the trainee's institution"),
    "month": _l("By month"),
}


LABEL_UNITS = 31  # what fits left of a bar at the chart's font size: a wide (CJK) character counts twice


def fit(label: str, units: int = LABEL_UNITS) -> str:
    """The label shortened with an ellipsis to fit the chart; the table after the chart has it in full."""
    used, kept = 0, []
    for ch in label:
        used += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if used > units - 1:
            return "".join(kept).rstrip() + "…"
        kept.append(ch)
    return label


class Labels:
    def __init__(self, taxonomy: Taxonomy):
        self.taxonomy = taxonomy
        self.locale = str(get_locale() or "en")

    def objective(self, code: str) -> str:
        found = self.taxonomy.by_code(code)
        return self.taxonomy.title(found) if found else code

    def country(self, code: str) -> str:
        return str(_l("No country given")) if code == NONE else country_name(code)

    def sector(self, key: str) -> str:
        return str(_l("No institution")) if key == NONE else str(SECTOR_LABELS.get(key, key))

    def month(self, key: str) -> str:
        return format_skeleton("yMMM", date(int(key[:4]), int(key[5:7]), 1), locale=self.locale)

    def of(self, breakdown: str, key: str) -> str:
        return getattr(self, breakdown)(key)


def charts(report: Report, labels: Labels, measure: str) -> dict[str, Markup]:
    """One bar chart per breakdown of the chosen count, and the average grade by objective when there is one."""
    rows: dict[str, list[Row]] = {
        "objective": report.objectives,
        "country": report.countries,
        "sector": report.sectors,
        "month": report.months,
    }
    what = MEASURE_PEOPLE[measure]
    made = {}
    for breakdown, items in rows.items():
        if not items:
            continue
        made[breakdown] = bar_chart(
            f"{SECTIONS[breakdown]}: {what}",
            [fit(labels.of(breakdown, row.key)) for row in items],
            [row.count(measure) for row in items],
        )
    graded = [row for row in report.objectives if row.average_grade is not None]
    if graded:
        made["grade"] = bar_chart(
            str(_l("Average course grade, by CAI objective")),
            [fit(labels.objective(row.key)) for row in graded],
            [float(row.average_grade) for row in graded],
            unit="%",
            max_value=100,
        )
    return made
