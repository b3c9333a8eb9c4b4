"""Reports through HTTP: the definitions on hand-made rows, scoping, the CSV, bad filters, query counts, the page.

The property tests (tests/test_reports_properties.py) compare random worlds with a Python oracle; here each
definition gets a world small enough to count by hand.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from tests import course_factories as cf
from tests import test_reports_data as data
from tests.helpers import error_texts, fast_user, is_login_redirect, text, users_in_bulk
from tests.test_reports_data import CourseSpec, World
from training.assessments.models import Assessment, Attempt
from training.auth.models import User
from training.certificates.models import Certificate
from training.courses.models import CourseInstitution, course_objectives
from training.db import utcnow
from training.objectives.models import Objective

# --- A world counted by hand ------------------------------------------------------------------------------
#
# people:  0 JP, government   1 TH, industry   2 no country, no institution   3 "" country, government
# courses: 0 material-cycle + its sub-theme, hosted by institution 0, taught by teacher 0
#          1 low-carbon + leadership, hosted by institution 1, taught by teacher 1
#          2 no objective, co-hosted by institution 0
# moments: 0 2024-12-31 23:59:59.999999  1 2025-01-01 00:00  2 2025-01-15  3 2025-01-31 23:59:59
#          4 2025-02-01 00:00  5 2025-03-10


def hand_made() -> World:
    return World(
        sectors=["government", "industry"],
        people=[("JP", 0), ("TH", 1), (None, None), ("", 0)],
        courses=[
            CourseSpec(tags=("material-cycle", data.SUB_THEME), links=((0, "host"),), instructor=0),
            CourseSpec(tags=("low-carbon", "leadership"), links=((1, "host"),), instructor=1),
            CourseSpec(tags=(), links=((0, "co-host"),), instructor=None),
        ],
        enrolments=[
            (0, 0, "completed", 1, 3),
            (1, 0, "withdrawn", 2, None),  # a dropout was enrolled
            (2, 0, "pending", 2, None),  # a request is not an enrolment
            (3, 0, "completed", 0, None),  # completed, but with no completion date: a rate, not a count
            (0, 1, "active", 4, None),
            (1, 1, "rejected", 4, None),
            (2, 2, "active", 5, None),  # a course with no objective: in the totals only
        ],
        certificates=[
            (0, 0, "issued", 3),
            (1, 0, "revoked", 3),  # revoked: not certified
            (3, 0, "replaced", 4),  # re-issued later: still counts at its first issue
            (3, 0, "issued", 5),
            (2, 2, "pending", 5),  # awaiting approval: not certified
        ],
    )


@pytest.fixture
def world(db_session):
    data.ensure_sub_theme(db_session)
    return data.build(db_session, hand_made())


def as_role(client, db_session, world, role: str, index: int = 0):
    institution = world.ids["institutions"][index]
    if role == "partner":
        user = fast_user(db_session, roles=("partner_admin",), institution_id=institution)
    elif role == "instructor":
        user = db_session.get(User, world.ids["teachers"][index])
        user.set_roles({"instructor"})
        db_session.flush()
    else:
        user = fast_user(db_session, roles=(role,))
    client.login(user)
    return user


def csv_rows(response) -> dict[tuple, tuple[int, int, int]]:
    """``{(breakdown, key...): (enrolled, completed, certified)}`` from a CSV response, zero rows left out."""
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    found = {}
    reader = csv.DictReader(io.StringIO(text(response)))
    for line in reader:
        keys = [line[k] for k in ("objective", "country", "sector", "month") if line[k]]
        numbers = (int(line["enrolled"]), int(line["completed"]), int(line["certified"]))
        if any(numbers):
            found[(line["breakdown"], *keys)] = numbers
    return found


def test_each_definition_on_hand_made_rows(client, db_session, world):
    as_role(client, db_session, world, "admin")
    rows = csv_rows(client.get("/reports?format=csv"))
    assert rows == {
        ("total",): (4, 1, 2),
        ("objective", "low-carbon"): (1, 0, 0),
        ("objective", "material-cycle"): (3, 1, 2),  # tagged with it and with its sub-theme: counted once
        ("objective", "leadership"): (1, 0, 0),
        ("country", "JP"): (1, 1, 1),
        ("country", "TH"): (1, 0, 0),
        ("country", "none"): (2, 0, 1),  # no country, and an empty one
        ("sector", "government"): (2, 1, 2),
        ("sector", "industry"): (1, 0, 0),
        ("sector", "none"): (1, 0, 0),
        ("month", "2024-12"): (1, 0, 0),
        ("month", "2025-01"): (2, 1, 1),
        ("month", "2025-02"): (1, 0, 1),
        ("month", "2025-03"): (1, 0, 1),
        ("objective_country", "low-carbon", "JP"): (1, 0, 0),
        ("objective_country", "material-cycle", "JP"): (1, 1, 1),
        ("objective_country", "material-cycle", "TH"): (1, 0, 0),
        ("objective_country", "material-cycle", "none"): (1, 0, 1),
        ("objective_country", "leadership", "JP"): (1, 0, 0),
    }
    lines = list(csv.DictReader(io.StringIO(text(client.get("/reports?format=csv")))))
    total = next(line for line in lines if line["breakdown"] == "total")
    assert total["completion_rate"] == "40.0"  # 2 of the 5 enrolments counted are completed
    material = next(
        line for line in lines if line["breakdown"] == "objective" and line["objective"] == "material-cycle"
    )
    assert material["completion_rate"] == "66.7"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Both days included, midnight UTC to midnight UTC: 2024-12-31 23:59:59.999999 and 2025-02-01 00:00 are out.
        ("from=2025-01-01&to=2025-01-31", {("total",): (2, 1, 1)}),
        ("from=2025-02-01", {("total",): (2, 0, 1)}),
        ("to=2024-12-31", {("total",): (1, 0, 0)}),
        ("from=2025-01-31&to=2025-01-31", {("total",): (0, 1, 1)}),
        ("objective=" + data.SUB_THEME, {("total",): (3, 1, 2), ("objective", "material-cycle"): (3, 1, 2)}),
        ("objective=low-carbon", {("total",): (1, 0, 0), ("objective", "low-carbon"): (1, 0, 0)}),
        ("country=none", {("total",): (2, 0, 1)}),
        ("country=jp", {("total",): (1, 1, 1)}),
        ("sector=none", {("total",): (1, 0, 0)}),
        ("sector=government&country=none", {("total",): (1, 0, 1)}),
    ],
)
def test_filters(client, db_session, world, query, expected):
    as_role(client, db_session, world, "admin")
    rows = csv_rows(client.get(f"/reports?format=csv&{query}"))
    for key, value in expected.items():
        assert rows.get(key, (0, 0, 0)) == value, key
    if "objective=" in query:  # only the chosen objective's row
        assert {key for key in rows if key[0] == "objective"} == {key for key in expected if key[0] == "objective"}


# --- Scope --------------------------------------------------------------------------------------------------


def test_a_partner_never_sees_another_institutions_trainees(client, db_session, world):
    """Institution 1 hosts only course 1: its partner admin sees that course's one trainee and nobody else."""
    as_role(client, db_session, world, "partner", index=1)
    rows = csv_rows(client.get("/reports?format=csv"))
    assert rows == {
        ("total",): (1, 0, 0),
        ("objective", "low-carbon"): (1, 0, 0),
        ("objective", "leadership"): (1, 0, 0),
        ("country", "JP"): (1, 0, 0),
        ("sector", "government"): (1, 0, 0),
        ("month", "2025-02"): (1, 0, 0),
        ("objective_country", "low-carbon", "JP"): (1, 0, 0),
        ("objective_country", "leadership", "JP"): (1, 0, 0),
    }
    page = client.get("/reports")
    assert page.status_code == 200
    stats = re.findall(r'<span class="stat-number">([^<]*)</span>', text(page))
    assert stats[:3] == ["1", "0", "0"]
    assert "Thailand" not in text(page).split('id="by-country"')[1].split("</section>")[0]
    # Filters cannot widen the scope.
    assert csv_rows(client.get("/reports?format=csv&objective=material-cycle")) == {}
    assert csv_rows(client.get("/reports?format=csv&country=TH")) == {}


def test_the_other_partner_sees_its_own_courses_in_any_role(client, db_session, world):
    """Institution 0 hosts course 0 and co-hosts course 2."""
    as_role(client, db_session, world, "partner", index=0)
    rows = csv_rows(client.get("/reports?format=csv"))
    assert rows[("total",)] == (4, 1, 2)
    assert ("objective", "low-carbon") not in rows
    assert rows[("objective", "material-cycle")] == (3, 1, 2)


@pytest.mark.parametrize(("index", "total"), [(0, (3, 1, 2)), (1, (1, 0, 0))])
def test_an_instructor_sees_the_courses_they_teach(client, db_session, world, index, total):
    as_role(client, db_session, world, "instructor", index=index)
    assert csv_rows(client.get("/reports?format=csv"))[("total",)] == total


def test_a_partner_admin_who_also_teaches_sees_both(client, db_session, world):
    user = as_role(client, db_session, world, "instructor", index=1)
    user.set_roles({"instructor", "partner_admin"})
    user.institution_id = world.ids["institutions"][0]
    db_session.flush()
    assert csv_rows(client.get("/reports?format=csv"))[("total",)] == (4, 1, 2)


def test_who_may_open_the_reports(client, db_session):
    response = client.get("/reports")
    assert is_login_redirect(response)
    assert is_login_redirect(client.get("/reports?format=csv"))
    trainee = fast_user(db_session)
    client.login(trainee)
    assert client.get("/reports").status_code == 404
    assert client.get("/reports?format=csv").status_code == 404
    assert 'href="/reports"' not in text(client.get("/dashboard"))
    client.logout()
    client.login(fast_user(db_session, roles=("partner_admin",), institution_id=None))
    assert client.get("/reports").status_code == 404  # a partner admin with no institution has no courses to see
    client.logout()
    client.login(fast_user(db_session, roles=("instructor",)))
    page = client.get("/reports")
    assert page.status_code == 200
    assert 'href="/reports"' in text(page)
    assert "Nobody enrolled" in text(page)


# --- Bad filters --------------------------------------------------------------------------------------------

BAD = [
    ("objective=no-such-code", "There is no CAI objective with the code “no-such-code”."),
    ("objective=%3Cscript%3Ealert(1)%3C/script%3E", "There is no CAI objective with the code"),
    ("objective=%27%20OR%201%3D1%20--", "There is no CAI objective with the code"),
    ("objective=%00", "There is no CAI objective with the code"),
    ("objective=" + "x" * 5000, "There is no CAI objective with the code"),
    ("objective=MATERIAL-CYCLE", "There is no CAI objective with the code"),
    ("from=2025-02-30", "Enter a real date as YYYY-MM-DD"),
    ("from=2025-13-01", "Enter a real date as YYYY-MM-DD"),
    ("from=0000-01-01", "Enter a real date as YYYY-MM-DD"),
    ("from=99999-01-01", "Enter a real date as YYYY-MM-DD"),
    ("from=2025/01/01", "Enter a real date as YYYY-MM-DD"),
    ("to=yesterday", "Enter a real date as YYYY-MM-DD"),
    ("to=2025-1-5", "Enter a real date as YYYY-MM-DD"),
    ("from=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%95-01-01", "Enter a real date as YYYY-MM-DD"),  # full-width digits
    ("from=2025-06-01&to=2025-01-01", "The end date is before the start date."),
    ("country=ZZ", "is not a country code"),
    ("country=JPN", "is not a country code"),
    ("country=%00", "is not a country code"),
    ("sector=evil", "is not a sector"),
    ("measure=everything", "Show certified, completed or enrolled people."),
]


@pytest.mark.parametrize(("query", "message"), BAD)
def test_a_bad_filter_is_a_400_with_a_message_next_to_its_field(client, db_session, query, message):
    client.login(fast_user(db_session, roles=("admin",)))
    response = client.get(f"/reports?{query}")
    assert response.status_code == 400
    assert any(message in error for error in error_texts(response)) or message in text(response)
    assert "<script>alert" not in text(response)
    assert 'class="error-summary"' in text(response)
    exported = client.get(f"/reports?{query}&format=csv")
    assert exported.status_code == 400
    assert exported.mimetype == "text/plain"
    assert message.split("“")[0] in text(exported)


def test_an_unknown_format_is_refused(client, db_session):
    client.login(fast_user(db_session, roles=("admin",)))
    response = client.get("/reports?format=xlsx")
    assert response.status_code == 400
    assert "Unknown format" in text(response)


@pytest.mark.parametrize(
    "query", ["from=0001-01-01&to=9999-12-31", "country=jp", "objective=material-cycle&measure=enrolled", "to=&from="]
)
def test_extreme_but_valid_filters_work(client, db_session, query):
    client.login(fast_user(db_session, roles=("admin",)))
    assert client.get(f"/reports?{query}").status_code == 200
    assert client.get(f"/reports?{query}&format=csv").status_code == 200


def test_the_page_keeps_what_was_chosen(client, db_session, world):
    as_role(client, db_session, world, "admin")
    page = text(client.get("/reports?objective=low-carbon&country=JP&from=2025-01-01&to=2025-12-31&measure=enrolled"))
    assert '<option selected value="low-carbon">' in page
    assert '<option selected value="JP">' in page
    assert 'value="2025-01-01"' in page and 'value="2025-12-31"' in page
    assert 'name="measure" type="hidden" value="enrolled"' in page
    csv_link = re.search(r'href="(/reports\?[^"]*format=csv[^"]*)"', page).group(1)
    assert "objective=low-carbon" in csv_link and "from=2025-01-01" in csv_link


# --- The page -------------------------------------------------------------------------------------------------


def test_each_chart_is_an_accessible_svg_followed_by_its_table(client, db_session, world):
    as_role(client, db_session, world, "admin")
    page = text(client.get("/reports"))
    main = page.split('<main id="main"')[1]
    charts = re.findall(r"<svg[^>]*>", main)
    assert len(charts) == 4  # objective, country, sector, month (no grades in this world)
    for tag in charts:
        assert 'role="img"' in tag and "aria-labelledby" in tag
    # Every chart is followed by a table before the next chart.
    for piece in main.split("<svg")[1:]:
        assert "<table" in piece.split("</svg>", 1)[1].split("<svg")[0]
    assert "<title" in main and "<desc" in main


def test_the_cross_table_has_headers_totals_and_a_measure_toggle(client, db_session, world):
    as_role(client, db_session, world, "admin")
    page = text(client.get("/reports"))
    cross = page.split('<table class="data report-cross">')[1].split("</table>")[0]
    head, body = cross.split("</thead>")[0], cross.split("<tbody>")[1].split("</tbody>")[0]
    assert re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', head) == [
        "CAI objective",
        "Japan",
        "Thailand",
        "No country given",
        "Total",
    ]
    assert len(re.findall(r'<th scope="row">', body)) == 8  # the eight objectives
    footer = cross.split("<tfoot>")[1]
    assert re.findall(r"<strong>(\d+)</strong>", footer) == ["1", "0", "1", "2"]  # certified by default
    assert "People certified" in page.split('id="cross-heading"')[1][:200]
    enrolled = text(client.get("/reports?measure=enrolled"))
    footer = enrolled.split('<table class="data report-cross">')[1].split("<tfoot>")[1].split("</tfoot>")[0]
    assert re.findall(r"<strong>(\d+)</strong>", footer) == ["1", "1", "2", "4"]
    assert 'aria-current="page">People enrolled</a>' in enrolled


def test_the_page_in_japanese(client, db_session, world):
    user = as_role(client, db_session, world, "admin")
    user.locale = "ja"
    db_session.flush()
    page = text(client.get("/reports"))
    assert "<h1>レポート</h1>" in page, "translate the new strings"
    assert "循環型社会" in page  # the objective's own Japanese title
    assert "2025年1月" in page


def test_chart_labels_are_shortened_to_fit_and_tables_keep_them_whole(client, db_session, world):
    from training.reports.display import fit

    assert fit("Environment and trade") == "Environment and trade"
    assert fit("Environmental monitoring and countermeasures") == "Environmental monitoring and c…"
    assert fit("生物多様性のためのパートナーシップ") == "生物多様性のためのパートナーシ…"  # wide characters count twice
    as_role(client, db_session, world, "admin")
    page = text(client.get("/reports"))
    assert "Societies in harmony with natu…" in page.split("<svg")[1]
    assert "Societies in harmony with nature, adapting to climate change</th>" in page


# --- Query counts ---------------------------------------------------------------------------------------------


def _cohort(session, size: int, institution) -> None:
    """A course of ``size`` trainees: enrolments, half completed and certified, graded attempts."""
    course = cf.course(session, objective_codes=("material-cycle", "leadership"), institutions=[(institution, "host")])
    quiz = Assessment(course_id=course.id, title="Q", status="published", weight=1, passing_score=50)
    session.add(quiz)
    users = users_in_bulk(session, size, prefix=f"Count{size}")
    enrolments = cf.enrolments_in_bulk(session, users, course)
    now = utcnow()
    for i, (user, enrolment) in enumerate(zip(users, enrolments, strict=True)):
        if i % 2:
            enrolment.status, enrolment.completed_at = "completed", now
            session.add(
                Certificate(
                    serial=f"COUNT-{size}-{i}",
                    course_id=course.id,
                    user_id=user.id,
                    institution_id=institution.id,
                    status="issued",
                    issued_at=now,
                    pdf_sha256="0" * 64,
                    snapshot={},
                )
            )
        session.add(
            Attempt(
                assessment_id=quiz.id, user_id=user.id, number=1, status="graded", max_score=1, percent=100 * (i % 2)
            )
        )
    session.flush()


def test_the_query_count_does_not_grow_with_the_data(client, db_session, count_queries, make):
    institution = make.institution()
    client.login(fast_user(db_session, roles=("partner_admin",), institution_id=institution.id))
    counts = {}
    for size in (10, 300):
        _cohort(db_session, size, institution)
        client.get("/reports")  # warm: the first request of a session loads the user
        with count_queries() as page:
            assert client.get("/reports?from=2000-01-01&measure=enrolled").status_code == 200
        with count_queries() as exported:
            response = client.get("/reports?format=csv")
            assert response.status_code == 200
            rows = csv_rows(response)
        counts[size] = (len(page), len(exported))
    assert rows[("total",)] == (310, 155, 155)
    assert counts[10] == counts[300], counts
    assert counts[300][0] <= 15, counts


# --- The journey of the issue: a ministry's certified people by country -----------------------------------------


def test_a_ministry_sees_who_was_certified_in_material_cycle_courses_and_the_csv_matches(client, db_session, seeded):
    from training.main.demo import DEMO_PASSWORD

    partner = db_session.scalar(select(User).where(User.email == "partner@cai-demo.org"))
    client.login(partner, password=DEMO_PASSWORD)
    year = utcnow().year
    period = f"from={year}-01-01&to={year}-12-31"
    page = client.get(f"/reports?objective=material-cycle&{period}")
    assert page.status_code == 200

    # The database, asked directly: people certified in courses linked to the ministry, tagged material-cycle
    # (or a sub-theme of it), by the trainee's country.
    material = db_session.scalar(select(Objective).where(Objective.code == "material-cycle"))
    codes = {material.id} | {o.id for o in material.children}
    linked = select(CourseInstitution.course_id).where(CourseInstitution.institution_id == partner.institution_id)
    tagged = select(course_objectives.c.course_id).where(course_objectives.c.objective_id.in_(codes))
    start, end = datetime(year, 1, 1, tzinfo=UTC), datetime(year + 1, 1, 1, tzinfo=UTC)
    certified: dict[str, set[int]] = {}
    for certificate in db_session.scalars(
        select(Certificate).where(
            Certificate.course_id.in_(linked),
            Certificate.course_id.in_(tagged),
            Certificate.status.in_(("issued", "replaced")),
        )
    ):
        if certificate.issued_at and start <= certificate.issued_at < end:
            certified.setdefault(certificate.user.country or "none", set()).add(certificate.user_id)
    assert certified, "the demo data should hold certificates of material-cycle courses linked to the ministry"

    rows = csv_rows(client.get(f"/reports?objective=material-cycle&{period}&format=csv"))
    assert {key[1]: value[2] for key, value in rows.items() if key[0] == "country" and value[2]} == {
        country: len(people) for country, people in certified.items()
    }
    assert rows[("total",)][2] == len(set().union(*certified.values()))
    # The page shows the same numbers in its cross-table.
    cross = text(page).split('<table class="data report-cross">')[1].split("<tfoot>")[1]
    assert str(len(set().union(*certified.values()))) in cross
