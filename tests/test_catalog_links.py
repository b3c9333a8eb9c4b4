"""``catalog_url`` (the catalog's links to itself, the route built once per request) gives what url_for gives."""

from __future__ import annotations

import pytest
from flask import url_for

from tests import course_factories as cf
from training.courses.catalog import catalog_url

ARGS = [
    {},
    {"objective": "material-cycle"},
    {"institution": 42},
    {"q": "waste & water", "language": "th", "level": "advanced"},
    {"q": "100% / 50_50 + a=b ?#x"},
    {"q": "ขยะ 廃棄物 déchets", "sector": "government"},
    {"q": "!$'()*,/:;?@[]{}<>\"\\|^`~"},
    {"objective": "low-carbon", "institution": None, "level": "introductory"},
    {"page": 3, "q": " spaced  out "},
]


@pytest.mark.parametrize("args", ARGS)
def test_catalog_url_is_url_for(app, args):
    with app.test_request_context("/courses/?q=x"):
        assert catalog_url(**args) == url_for("courses.catalog_page", **args)
        assert catalog_url(**args) == url_for("courses.catalog_page", **args)  # the second time from the cache
    with app.app_context():  # no request: url_for's absolute address
        assert catalog_url(**args) == url_for("courses.catalog_page", **args)


def test_catalog_page_links(client, db_session, make):
    gov = make.institution(name="Ministry of Environment", sector="government", country="TH")
    cf.course(
        db_session, slug="air", title="Air & water", objective_codes=("low-carbon",), institutions=[(gov, "host")]
    )
    page = client.get("/courses/", query_string={"q": "air & water", "language": "en"}).get_data(as_text=True)
    # The selected language's link drops it and keeps the search; the others add to both.
    assert 'href="/courses/?q=air+%26+water"' in page
    assert f'href="/courses/?q=air+%26+water&amp;language=en&amp;institution={gov.id}"' in page
    assert 'href="/courses/?q=air+%26+water&amp;language=en&amp;sector=government"' in page
    assert 'href="/courses/?objective=low-carbon"' in page  # the card's objective chip


def test_card_chips_are_the_course_objective_union(client, db_session, count_queries):
    """The cards' objective chips (card_objectives: two queries for the page) are course_objective_union(course):
    the course's own and its modules' objectives, in taxonomy order, a sub-theme coloured as its parent."""
    from sqlalchemy import select

    from training.courses.catalog import card_objectives
    from training.courses.services import course_objective_union
    from training.objectives.models import Objective

    parent = db_session.scalar(select(Objective).where(Objective.code == "material-cycle"))
    child = Objective(code="e-waste-sub", kind="sub-theme", title="E-waste", position=0, parent=parent)
    db_session.add(child)
    db_session.flush()
    courses = [
        cf.course(db_session, objective_codes=("green-market", "low-carbon"), module_codes=("e-waste-sub",)),
        cf.course(db_session, objective_codes=("low-carbon",), modules=0),
        cf.course(db_session, objective_codes=("monitoring",), module_codes=("low-carbon", "monitoring")),
    ]
    db_session.flush()
    with count_queries() as queries:
        chips = card_objectives(courses)
    assert len(queries) == 2  # the pairs and the taxonomy, whatever the number of courses
    for course in courses:
        assert [o.code for o in chips[course.id]] == [o.code for o in course_objective_union(course)]
    assert card_objectives([]) == {}
    page = client.get("/courses/").get_data(as_text=True)
    assert 'class="tag objective-material-cycle" href="/courses/?objective=e-waste-sub">E-waste</a>' in page
