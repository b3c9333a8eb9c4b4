"""Every POST route refuses a request without its CSRF token; the list of routes comes from the URL map."""

from __future__ import annotations

from sqlalchemy import func, select

from tests.factories import PASSWORD
from tests.helpers import build_world, fast_user, new_browser, png_bytes, routes, text, upload
from training.audit.models import AuditLog
from training.auth.models import User
from training.institutions.models import Institution, Signatory

CSRF_MESSAGE = "Your form expired or was sent from another page. Please try again."


def post_rules(app):
    return [rule for rule in routes(app) if "POST" in rule.methods]


# A valid submission per POST endpoint, used as the positive control: the same request that is
# refused without a token goes through with one. A new POST route is covered by the refusal check
# without an entry here; add one to cover it by the positive control too.
def valid_forms(world) -> dict[str, dict]:
    return {
        "auth.login": {"email": world.target.email, "password": PASSWORD},
        "auth.logout": {},
        "auth.register": {
            "name": "New Person",
            "email": "new.person@example.org",
            "password": "Mekong-delta-rice-42",
            "country": "VN",
        },
        "auth.forgot_password": {"email": world.target.email},
        "auth.reset_password": {"password": "Monsoon-harbour-Penang-88", "confirm": "Monsoon-harbour-Penang-88"},
        "auth.profile": {
            "name": "Changed Name",
            "country": "TH",
            "institution_id": "",
            "locale": "en",
            "timezone": "Asia/Bangkok",
        },
        "auth.change_password": {
            "pw-current_password": PASSWORD,
            "pw-password": "Monsoon-harbour-Penang-88",
            "pw-confirm": "Monsoon-harbour-Penang-88",
        },
        "auth.set_language": {"locale": "en", "next": "/"},
        "admin.edit_user": {
            "name": "Renamed Trainee",
            "country": "TH",
            "institution_id": "",
            "roles": ["trainee", "instructor"],
            "active": "y",
        },
        "institutions.create": {
            "name": "Kyoto Graduate School",
            "short_name": "KGS",
            "sector": "academia",
            "country": "JP",
            "logo": upload(png_bytes(), "logo.png"),
        },
        "institutions.edit": {
            "name": world.this.name,
            "short_name": "TEI-2",
            "sector": "civil_society",
            "country": "TH",
            "logo": upload(png_bytes(), "logo.png"),
        },
        "institutions.signatory": {
            "name": "Wichai Suwannarat",
            "title": "Director-General",
            "signature": upload(png_bytes((30, 10)), "sig.png"),
        },
        "institutions.delete_signatory": {},
    }


def fresh(data: dict) -> dict:
    """A copy with new file objects: a posted file is read (and closed) by the request."""
    return {
        key: upload(value[0].getvalue(), value[1]) if isinstance(value, tuple) else value for key, value in data.items()
    }


def counts(session) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(model)) for model in (User, Institution, Signatory, AuditLog)
    )


def test_the_map_has_the_post_routes_we_know(app):
    endpoints = {rule.endpoint for rule in post_rules(app)}
    assert {
        "auth.login",
        "auth.logout",
        "institutions.create",
        "institutions.delete_signatory",
        "admin.edit_user",
    } <= endpoints


def test_every_post_route_refuses_a_logged_in_request_without_csrf_token(app, client, db_session):
    world = build_world(db_session)
    admin = fast_user(db_session, roles=("admin",), institution_id=world.this.id)
    client.login(admin)
    forms = valid_forms(world)
    before = counts(db_session)

    refused = {}
    for rule in post_rules(app):
        url = world.url(rule)
        response = client.post(url, fresh(forms.get(rule.endpoint, {})), csrf=False)
        refused[rule.rule] = response.status_code == 400 and CSRF_MESSAGE in text(response)
    assert all(refused.values()), [route for route, ok in refused.items() if not ok]

    # Nothing happened: no row added or deleted, no audit entry, the admin is still logged in.
    assert counts(db_session) == before
    assert db_session.get(Signatory, world.doomed.id) is not None
    assert client.get("/dashboard").status_code == 200
    assert db_session.get(User, admin.id).name == admin.name

    # Positive control: the same submissions, with the token, are accepted (logout last).
    accepted = {}
    for rule in sorted(post_rules(app), key=lambda r: r.endpoint == "auth.logout"):
        if rule.endpoint in forms:
            response = client.post(world.url(rule), fresh(forms[rule.endpoint]))
            accepted[rule.rule] = response.status_code
    assert {rule.endpoint for rule in post_rules(app) if rule.rule in accepted} == set(forms)
    assert {route: code for route, code in accepted.items() if code != 302} == {}


def test_every_post_route_refuses_an_anonymous_request_without_csrf_token(app, client, db_session):
    world = build_world(db_session)
    forms = valid_forms(world)
    before = counts(db_session)
    failures = []
    for rule in post_rules(app):
        response = client.post(world.url(rule), fresh(forms.get(rule.endpoint, {})), csrf=False)
        if response.status_code != 400 or CSRF_MESSAGE not in text(response):
            failures.append((rule.rule, response.status_code))
    assert failures == []
    assert counts(db_session) == before


def test_a_token_from_another_session_or_a_forged_one_is_refused(app, client, db_session):
    user = fast_user(db_session)
    stranger_token = new_browser(app).csrf_token()
    for token in (stranger_token, "forged-token", ""):
        response = client.post("/auth/login", {"email": user.email, "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 400
        assert CSRF_MESSAGE in text(response)
    assert client.get("/dashboard").status_code == 302, "not logged in"
    assert client.post("/auth/login", {"email": user.email, "password": PASSWORD}).status_code == 302


def test_forms_carry_their_csrf_token(client, db_session):
    client.login(fast_user(db_session, roles=("admin",)))
    for url in ("/auth/profile", "/institutions/new", f"/admin/users/{fast_user(db_session).id}"):
        page = text(client.get(url))
        assert 'name="csrf_token" type="hidden" value="' in page, url
