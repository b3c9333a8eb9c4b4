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
