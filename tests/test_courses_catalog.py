"""The public catalog: published courses only, search, combinable filters, facet counts, pagination,
unknown filter values, and a number of queries per page that does not grow with the number of courses."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import insert, select
from werkzeug.datastructures import MultiDict

from tests import course_factories as cf
from tests.helpers import fast_user, flashes, text
from training.auth.models import User
from training.courses import catalog
from training.courses.models import Course, CourseInstitution, Module, course_objectives, module_objectives
from training.db import utcnow
from training.institutions.models import Institution
from training.objectives.models import Objective

PER_PAGE = 12


def listed(response) -> list[str]:
    """The slugs of the courses on a catalog page, in order."""
    assert response.status_code == 200, response.status_code
    return re.findall(r'<li class="course-card">\s*<h2[^>]*><a href="/courses/([^"]+)">', text(response))


def objective_counts(response) -> dict[str, int]:
    pattern = r'<li class="objective-([a-z-]+)"><a [^>]*>\s*<span>[^<]*</span> <span class="count">(\d+)</span>'
    return {code: int(n) for code, n in re.findall(pattern, text(response))}


@pytest.fixture
def world(db_session, make):
    """Six published courses with distinct traits, plus a draft and an archived one."""
    gov = make.institution(name="Ministry of Environment", sector="government", country="TH")
    uni = make.institution(name="Asian Institute of Technology", sector="academia", country="TH")
    firm = make.institution(name="Nusantara Waste Recovery", sector="industry", country="ID")
    courses = {
        "air": cf.course(
            db_session,
            slug="air",
            title="Air quality management",
            summary="Monitoring fine dust.",
            objective_codes=("low-carbon",),
            module_codes=("monitoring",),
            language="en",
            level="introductory",
            institutions=[(gov, "host")],
        ),
        "waste": cf.course(
            db_session,
            slug="waste",
            title="Waste to energy",
            summary="Energy recovery from waste.",
            objective_codes=("material-cycle",),
            language="th",
            level="intermediate",
            institutions=[(firm, "host"), (uni, "certifying")],
        ),
        "bonds": cf.course(
            db_session,
            slug="bonds",
            title="Green bonds",
            summary="Finance for AIR and water.",
            objective_codes=("green-market",),
            language="en",
            level="advanced",
            institutions=[(uni, "host")],
        ),
        "mangroves": cf.course(
            db_session,
            slug="mangroves",
            title="Mangrove restoration",
            summary="Coastal adaptation.",
            objective_codes=("nature-adaptation",),
            language="ja",
            level="introductory",
            institutions=[(gov, "co-host")],
        ),
        "trade": cf.course(
            db_session,
            slug="trade",
            title="Environmental goods trade",
            summary="EPAs and FTAs.",
            objective_codes=("environment-trade",),
            language="en",
            level="intermediate",
        ),
        "percent": cf.course(
            db_session,
            slug="percent",
            title="100% renewable grids",
            summary="Under_score.",
            objective_codes=("low-carbon",),
            language="en",
            level="advanced",
        ),
        "draft": cf.course(db_session, slug="draft", title="Draft air course", status="draft"),
        "archived": cf.course(db_session, slug="archived", title="Archived air course", status="archived"),
    }
    return {"courses": courses, "gov": gov, "uni": uni, "firm": firm}


def test_only_published_courses_are_listed(client, world):
    slugs = listed(client.get("/courses/"))
    assert sorted(slugs) == ["air", "bonds", "mangroves", "percent", "trade", "waste"]
    assert "6 courses" in text(client.get("/courses/"))


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("air", {"air", "bonds"}),  # title, and summary in another case
        ("AIR QUALITY", {"air"}),
        ("  energy ", {"waste"}),  # summary, trimmed
        ("recovery from", {"waste"}),
        ("nothing like this", set()),
        ("%", {"percent"}),  # LIKE wildcards are searched for literally
        ("_", {"percent"}),
        ("100%", {"percent"}),
    ],
)
def test_search_looks_in_title_and_summary(client, world, q, expected):
    assert set(listed(client.get("/courses/", query_string={"q": q}))) == expected


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"objective": "low-carbon"}, {"air", "percent"}),
        ({"objective": "monitoring"}, {"air"}),  # only through its module's tag
        ({"objective": "material-cycle"}, {"waste"}),
        ({"objective": "leadership"}, set()),
        ({"institution": "uni"}, {"waste", "bonds"}),  # any role
        ({"institution": "gov"}, {"air", "mangroves"}),
        ({"sector": "government"}, {"air", "mangroves"}),
        ({"sector": "academia"}, {"waste", "bonds"}),
        ({"sector": "international"}, set()),
        ({"language": "en"}, {"air", "bonds", "trade", "percent"}),
        ({"language": "ja"}, {"mangroves"}),
        ({"level": "intermediate"}, {"waste", "trade"}),
        ({"language": "en", "level": "advanced"}, {"bonds", "percent"}),
        ({"language": "en", "level": "advanced", "objective": "low-carbon"}, {"percent"}),
        ({"sector": "academia", "language": "th"}, {"waste"}),
        ({"institution": "gov", "objective": "monitoring", "q": "air"}, {"air"}),
        ({"institution": "gov", "level": "advanced"}, set()),
    ],
)
def test_filters_narrow_the_list_and_combine(client, world, params, expected):
    params = dict(params)
    if "institution" in params:
        params["institution"] = world[params["institution"]].id
    response = client.get("/courses/", query_string=params)
    assert set(listed(response)) == expected
    if not expected:
        assert "No course matches these filters." in text(response)


def test_facet_counts_count_courses_under_the_other_filters(app, world):
    with app.test_request_context():
        counts = catalog.facet_counts(catalog.parse_filters(MultiDict()))
        by_code = objective_ids()
        assert {by_code[k]: v for k, v in counts["objective"].items()} == {
            "low-carbon": 2,
            "monitoring": 1,
            "material-cycle": 1,
            "green-market": 1,
            "nature-adaptation": 1,
            "environment-trade": 1,
        }
        assert counts["institution"] == {world["gov"].id: 2, world["uni"].id: 2, world["firm"].id: 1}
        assert counts["sector"] == {"government": 2, "academia": 2, "industry": 1}
        assert counts["language"] == {"en": 4, "th": 1, "ja": 1}
        assert counts["level"] == {"introductory": 2, "intermediate": 2, "advanced": 2}

        # With language=en, the language facet still counts every language (so one can switch),
        # while the other facets count only English courses.
        counts = catalog.facet_counts(catalog.parse_filters(MultiDict({"language": "en"})))
        assert counts["language"] == {"en": 4, "th": 1, "ja": 1}
        assert counts["level"] == {"introductory": 1, "intermediate": 1, "advanced": 2}
        assert {by_code[k]: v for k, v in counts["objective"].items()} == {
            "low-carbon": 2,
            "monitoring": 1,
            "green-market": 1,
            "environment-trade": 1,
        }
        assert counts["sector"] == {"government": 1, "academia": 1}


def objective_ids() -> dict[int, str]:
    from training.extensions import db

    return dict(db.session.execute(select(Objective.id, Objective.code)).all())


def test_facet_counts_are_shown_on_the_page(client, world):
    page = client.get("/courses/", query_string={"language": "en"})
    assert objective_counts(page) == {"low-carbon": 2, "monitoring": 1, "green-market": 1, "environment-trade": 1}
    body = text(page)
    assert re.search(r"<span>Advanced</span> <span class=\"count\"[^>]*>2</span>", body)
    assert 'aria-current="true" class="selected"' in body  # the chosen language is marked
    assert "Clear all filters" in body


def test_pages_of_twelve(client, db_session):
    for n in range(PER_PAGE + 3):
        cf.course(db_session, slug=f"paged-{n:02d}", title=f"Paged {n:02d}")
    first = listed(client.get("/courses/"))
    second = listed(client.get("/courses/", query_string={"page": 2}))
    assert len(first) == PER_PAGE and len(second) == 3
    assert not set(first) & set(second)
    assert "Page 2 of 2" in text(client.get("/courses/", query_string={"page": 2}))
    assert client.get("/courses/", query_string={"page": 3}).status_code == 404
    # Filters are kept when paging.
    page = text(client.get("/courses/", query_string={"q": "paged"}))
    assert 'href="/courses/?q=paged&amp;page=2"' in page


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"objective": "nope"}, "There is no CAI objective with the code “nope”."),
        ({"level": "xyz"}, "Unknown filter value: xyz"),
        ({"language": "klingon"}, "Unknown filter value: klingon"),
        ({"sector": "pirates"}, "Unknown filter value: pirates"),
        ({"institution": "abc"}, "Unknown institution."),
        ({"institution": "-1"}, "Unknown institution."),
        ({"institution": "9" * 30}, "Unknown institution."),
        ({"institution": "²"}, "Unknown institution."),
    ],
)
def test_unknown_filter_values_give_a_clear_message_and_all_courses(client, world, params, message):
    response = client.get("/courses/", query_string=params)
    assert response.status_code == 200
    assert message in flashes(response)
    assert len(listed(response)) == 6


@pytest.mark.parametrize("page", ["0", "-1", "abc", "1.5", "99999", "9" * 30, ""])
def test_a_bad_or_missing_page_is_a_404(client, world, page):
    response = client.get("/courses/", query_string={"page": page})
    assert response.status_code == 404


def test_an_institution_that_does_not_exist_lists_nothing(client, world):
    response = client.get("/courses/", query_string={"institution": "987654"})
    assert response.status_code == 200
    assert listed(response) == []


HOSTILE = [
    "",
    " ",
    "x" * 5000,
    "\x00",
    "<script>alert(1)</script>",
    "' OR '1'='1' --",
    "%",
    "_",
    "\\",
    "²",
    "٣",
    "𝕳𝖊𝖑𝖑𝖔 🌏",
    "99999999999999999999999",
    "-1",
    "1.5",
    "null",
]


def test_hostile_query_values_never_cause_a_500(client, world):
    failures = []
    for name in ("q", "objective", "institution", "sector", "language", "level"):
        for value in HOSTILE:
            response = client.get("/courses/", query_string={name: value})
            if response.status_code >= 500 or "<script>alert" in text(response):
                failures.append((name, value[:20], response.status_code))
    assert failures == []


def test_an_unpublished_course_is_not_found_by_its_address_either(client, world):
    assert client.get("/courses/draft").status_code == 404
    assert client.get("/courses/archived").status_code == 404
    assert client.get("/courses/no-such-course").status_code == 404


# --- Query counts --------------------------------------------------------------------------------------


def insert_courses(session, count: int, institutions: list[int], start: int = 0) -> list[int]:
    """``count`` published courses, each with three modules, objective tags and two institution links,
    inserted in a handful of statements."""
    objectives = session.scalars(select(Objective.id).order_by(Objective.position)).all()
    now = utcnow()
    course_ids = session.scalars(
        insert(Course).returning(Course.id),
        [
            {
                "slug": f"bulk-{start + i:04d}",
                "title": f"Bulk course {start + i}",
                "summary": "Bulk summary",
                "description": "",
                "language": ("en", "ja", "th")[i % 3],
                "level": ("introductory", "advanced")[i % 2],
                "status": "published",
                "enrolment_mode": "open",
                "published_at": now,
                "estimated_hours": 2,
            }
            for i in range(count)
        ],
    ).all()
    module_rows = [
        {
            "course_id": cid,
            "position": p,
            "title": f"Module {p}",
            "body": "Text",
            "required": True,
            "estimated_minutes": 30,
        }
        for cid in course_ids
        for p in range(3)
    ]
    module_ids = session.scalars(insert(Module).returning(Module.id, sort_by_parameter_order=True), module_rows).all()
    session.execute(
        insert(course_objectives),
        [{"course_id": cid, "objective_id": objectives[i % len(objectives)]} for i, cid in enumerate(course_ids)],
    )
    session.execute(
        insert(module_objectives),
        [{"module_id": mid, "objective_id": objectives[(i + 1) % len(objectives)]} for i, mid in enumerate(module_ids)],
    )
    session.execute(
        insert(CourseInstitution),
        [
            {"course_id": cid, "institution_id": institutions[(i + k) % len(institutions)], "role": role}
            for i, cid in enumerate(course_ids)
            for k, role in enumerate(("host", "certifying"))
        ],
    )
    session.flush()
    return course_ids


def test_catalog_and_course_page_queries_do_not_grow_with_the_number_of_courses(
    client, db_session, make, count_queries, capsys
):
    institutions = [make.institution(sector=s).id for s in ("government", "academia", "industry", "civil_society")]
    insert_courses(db_session, 10, institutions)
    partners = [db_session.get(Institution, i) for i in institutions[:2]]
    course = cf.course(
        db_session,
        slug="measured",
        modules=4,
        objective_codes=("low-carbon", "monitoring"),
        module_codes=("leadership",),
        institutions=[(partners[0], "host"), (partners[1], "co-host")],
    )
    trainee_id = fast_user(db_session).id
    db_session.commit()
    urls = [
        "/courses/",
        "/courses/?objective=low-carbon&language=en",
        "/courses/?q=bulk&level=advanced",
        f"/courses/{course.slug}",
    ]

    def measure() -> dict[str, int]:
        counts = {}
        for url in urls:
            # Requests of one test share the session; start each from an empty identity map, as in production.
            db_session.expunge_all()
            with count_queries() as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            counts[url] = len(queries)
        return counts

    def measure_as_trainee() -> dict[str, int]:
        client.login(db_session.get(User, trainee_id))
        counts = measure()
        client.logout()
        return counts

    anonymous_10, trainee_10 = measure(), measure_as_trainee()
    insert_courses(db_session, 490, institutions, start=10)
    db_session.commit()
    assert len(listed(client.get("/courses/"))) == PER_PAGE
    assert "501 courses" in text(client.get("/courses/"))
    anonymous_500, trainee_500 = measure(), measure_as_trainee()

    with capsys.disabled():
        print(
            f"\nqueries with 10 / 500 courses: anonymous {anonymous_10} / {anonymous_500}; "
            f"trainee {trainee_10} / {trainee_500}"
        )
    assert anonymous_10 == anonymous_500
    assert trainee_10 == trainee_500


def test_course_page_queries_do_not_grow_with_modules_and_partners(client, db_session, make, count_queries):
    institutions = [make.institution() for _ in range(6)]
    small = cf.course(db_session, modules=1, institutions=[(institutions[0], "host")])
    big = cf.course(
        db_session,
        modules=20,
        objective_codes=("low-carbon", "leadership"),
        module_codes=("monitoring", "partnerships"),
        institutions=[(i, "co-host") for i in institutions],
    )
    db_session.commit()
    counts = []
    for slug in (small.slug, big.slug):
        db_session.expunge_all()
        with count_queries() as queries:
            assert client.get(f"/courses/{slug}").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_partner_names_are_escaped_on_the_course_page(client, db_session, make):
    institution = make.institution(name="Tanaka & <b>Sons</b>")
    course = cf.course(db_session, institutions=[(institution, "host")])
    page = text(client.get(f"/courses/{course.slug}"))
    assert html.escape("Tanaka & <b>Sons</b>", quote=False) in page
    assert "<b>Sons</b>" not in page
