"""The 500s tests/test_fuzz.py found, each pinned by the smallest request that caused it."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from tests.helpers import build_world, fast_user, png_bytes, post_multipart_in_memory, text
from training.courses.models import ModuleAttachment


@pytest.mark.parametrize("body", [True, [1, 2], "text", 5, {"name": {"nested": 1}}, {"name": ["a", "b"]}])
def test_a_json_body_posted_to_a_form_is_refused_with_415_not_a_500(client, db_session, body):
    world = build_world(db_session)
    client.login(fast_user(db_session, roles=("admin",)))
    before = world.target.name
    response = client.client.post(
        f"/admin/users/{world.target.id}", json=body, headers={"X-CSRFToken": client.csrf_token()}
    )
    assert response.status_code == 415
    assert "Bad request" in text(response)
    db_session.refresh(world.target)
    assert world.target.name == before


def test_a_json_body_without_a_csrf_token_is_still_a_csrf_refusal(client, db_session):
    response = client.client.post("/auth/login", json={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "Your form expired" in text(response)


def test_a_file_posted_under_a_text_fields_name_is_ignored_not_a_500(client, db_session):
    """Flask-WTF gave a form ``request.files`` and ``request.form`` together: the file reached validators and
    filters expecting text (``len(FileStorage)``, ``Decimal(FileStorage)``) and raised."""
    world = build_world(db_session)
    client.login(world.owner)
    before = world.course.title
    token = client.csrf_token()
    course = f"/courses/{world.course.slug}"
    for url, name in [
        (f"{course}/edit", "title"),
        (f"{course}/edit", "estimated_hours"),
        (f"{course}/edit", "starts_on"),
        (f"{course}/rubrics/new", "criteria"),
        ("/auth/profile", "name"),
    ]:
        data = MultiDict({"csrf_token": token})
        data.add(name, (io.BytesIO(b"not text"), "x.txt"))
        response = client.client.post(url, data=data)
        # The field is as good as missing: refused (400), or the edit form keeps the stored value (302).
        assert response.status_code in (302, 400), (url, name, response.status_code)
    db_session.refresh(world.course)
    assert world.course.title == before


def test_a_file_field_still_receives_its_file(client, db_session):
    world = build_world(db_session)
    client.login(world.owner)
    response = post_multipart_in_memory(
        client,
        f"/courses/{world.course.slug}/modules/{world.module.id}/attachments",
        {"file": (io.BytesIO(png_bytes()), "map.png")},
    )
    assert response.status_code in (302, 303)
    assert db_session.scalar(select(func.count()).select_from(ModuleAttachment)) == 2


def test_every_form_of_the_site_derives_from_site_form(app):
    """A form deriving from FlaskForm directly would take files under its text fields' names again."""
    from flask_wtf import FlaskForm

    from training.forms import SiteForm

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    ours = {form for form in subclasses(FlaskForm) if form.__module__.startswith("training.")}
    assert len(ours) >= 40
    assert {form.__qualname__ for form in ours if not issubclass(form, SiteForm)} == set()
