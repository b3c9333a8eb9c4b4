"""The reports page (``/reports``) and its CSV export (``/reports?format=csv``), under the same filters and scope."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request, stream_with_context
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from training import policy
from training.db import utcnow
from training.extensions import db
from training.institutions.models import Institution
from training.reports import display, services
from training.reports.filters import MEASURES, ReportFilterForm

bp = Blueprint("reports", __name__, url_prefix="/reports")
FORMATS = ("", "html", "csv")


@bp.route("", strict_slashes=False)
@login_required
def index():
    policy.require("reports.view")
    taxonomy = services.load_taxonomy(str(get_locale() or "en"))
    form = ReportFilterForm(taxonomy, formdata=request.args)
    output = (request.args.get("format") or "").strip().lower()
    problems = [] if output in FORMATS else [str(_l("Unknown format: use format=csv, or leave it out for the page."))]
    if not form.validate() or problems:
        return _refused(form, problems, csv=output == "csv")
    criteria = form.criteria()
    scope = services.scope_for(current_user)
    if output == "csv":
        return Response(
            stream_with_context(services.csv_lines(scope, criteria, taxonomy)),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="cai-report-{utcnow():%Y%m%d}.csv"'},
        )
    report = services.people_counts(scope, criteria, taxonomy)
    labels = display.Labels(taxonomy)
    return render_template(
        "reports/index.html",
        form=form,
        criteria=criteria,
        report=report,
        labels=labels,
        charts=display.charts(report, labels, criteria.measure),
        courses=services.courses_in_scope(scope, criteria),
        scope_text=_scope_text(scope),
        measures=MEASURES,
        measure_people=display.MEASURE_PEOPLE,
        sections=display.SECTIONS,
        periods=_periods(),
    )


def _periods() -> list[tuple[str, str, str]]:
    """Shortcuts for the date range: this calendar year so far, and last year."""
    today = utcnow().date()
    return [
        (str(_l("This year")), f"{today.year:04d}-01-01", today.isoformat()),
        (str(_l("Last year")), f"{today.year - 1:04d}-01-01", f"{today.year - 1:04d}-12-31"),
    ]


def _refused(form, problems: list[str], *, csv: bool):
    """A bad filter: 400 with the reason next to its field (or as plain text for a CSV client), never a 500."""
    if csv:
        messages = problems + [f"{field.label.text}: {error}" for field in form for error in field.errors]
        return Response("\n".join(messages) + "\n", status=400, mimetype="text/plain")
    return render_template("reports/index.html", form=form, report=None, problems=problems), 400


def _scope_text(scope: services.Scope) -> str:
    if scope.everything:
        return str(_l("All courses on the platform."))
    parts = []
    if scope.institution_id is not None:
        institution = db.session.get(Institution, scope.institution_id)
        parts.append(str(_l("Courses linked to %(name)s (in any role).", name=institution.name if institution else "")))
    if scope.instructor_id is not None:
        parts.append(str(_l("Courses you teach.")))
    return " ".join(parts)
