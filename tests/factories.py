"""Factories for test data and a browser-like wrapper around Flask's test client."""

from __future__ import annotations

import itertools
import re

from training.auth.services import create_user
from training.institutions.models import Institution

PASSWORD = "Lotus-pond-Kyoto-2026"
_seq = itertools.count(1)
_CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def csrf_token_of(client, **request) -> str:
    """The CSRF token of ``client``'s session (any Flask test client), from a page with a form."""
    page = client.get("/auth/forgot", **request).get_data(as_text=True)
    match = _CSRF.search(page)
    assert match, "no CSRF token on the page"
    return match.group(1) or match.group(2)


class Factories:
    def __init__(self, session):
        self.session = session

    def institution(self, **fields) -> Institution:
        n = next(_seq)
        values = {"name": f"Institution {n}", "short_name": f"INST{n}", "sector": "government", "country": "JP"}
        values.update(fields)
        institution = Institution(**values)
        self.session.add(institution)
        self.session.flush()
        return institution

    def user(self, *, roles=("trainee",), password: str = PASSWORD, confirmed: bool = True, **fields):
        n = next(_seq)
        values = {"email": f"user{n}@example.org", "name": f"User {n}", "country": "JP"}
        values.update(fields)
        user = create_user(password=password, roles=set(roles), confirmed=confirmed, **values)
        self.session.flush()
        return user


class Browser:
    """Wraps the test client: ``post`` adds the session's CSRF token unless told not to."""

    def __init__(self, client):
        self.client = client

    def __getattr__(self, name):
        return getattr(self.client, name)

    def get(self, *args, **kwargs):
        return self.client.get(*args, **kwargs)

    def csrf_token(self, **request) -> str:
        """The session's CSRF token, read from a page with a form (``request``: base_url, headers...)."""
        return csrf_token_of(self.client, **request)

    def post(self, url, data=None, *, csrf: bool = True, **kwargs):
        data = dict(data or {})
        if csrf and "csrf_token" not in data:
            data["csrf_token"] = self.csrf_token()
        return self.client.post(url, data=data, **kwargs)

    def login(self, user, password: str = PASSWORD):
        response = self.post("/auth/login", {"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    def logout(self):
        return self.post("/auth/logout")
