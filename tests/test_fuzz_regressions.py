"""The 500s tests/test_fuzz.py found, each pinned by the smallest request that caused it."""

from __future__ import annotations

import pytest

from tests.helpers import build_world, fast_user, text


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
