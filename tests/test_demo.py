"""The demo data behind ``make run`` and ``flask --app wsgi seed-demo``."""

from __future__ import annotations

import re
from zoneinfo import available_timezones

from sqlalchemy import select

from tests.helpers import count_rows
from training.auth.models import ROLE_VALUES, User
from training.auth.passwords import password_problem
from training.institutions.models import SECTOR_VALUES, Institution, Signatory
from training.main.demo import DEMO_ACCOUNTS, INSTITUTIONS, USERS, seed_demo
from training.storage import storage
from training.uploads import sanitise_svg

SCRIPTS = {
    # Kana tells Japanese apart from Chinese, which shares the Han ideographs.
    "Japanese": re.compile(r"[\u3040-\u30ff]"),
    "Chinese": re.compile(r"^[\u4e00-\u9fff\s]+$"),
    "Korean": re.compile(r"[\uac00-\ud7af]"),
    "Thai": re.compile(r"[\u0e00-\u0e7f]"),
    # Latin letters with the horn, breve or stroke, or the stacked tone marks of Vietnamese.
    "Vietnamese": re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]"),
    "Hindi (Devanagari)": re.compile(r"[\u0900-\u097f]"),
    "Arabic": re.compile(r"[\u0600-\u06ff]"),
}


def test_every_sector_at_least_six_countries_and_every_role(seeded, db_session):
    institutions = db_session.scalars(select(Institution)).all()
    assert {i.sector for i in institutions} == set(SECTOR_VALUES)
    assert len({i.country for i in institutions}) >= 6
    for institution in institutions:
        assert institution.short_name and institution.website.startswith("https://example.org/")
        assert 1 <= len(institution.signatories) <= 2
        assert all(s.name and s.title for s in institution.signatories)

    users = db_session.scalars(select(User)).all()
    assert {role for user in users for role in user.roles} == set(ROLE_VALUES)
    assert 20 <= len(users) <= 30
    assert all(user.email_confirmed_at is not None and user.active for user in users)
    assert sum(user.institution_id is not None for user in users) > len(users) / 2


def test_partner_admins_belong_to_an_institution(seeded, db_session):
    partners = [u for u in db_session.scalars(select(User)).all() if u.has_role("partner_admin")]
    assert partners
    assert all(p.institution_id is not None for p in partners)
    partner = db_session.scalar(select(User).where(User.email == "partner@cai-demo.org"))
    assert partner.institution.sector == "government" and partner.institution.country == "JP"
    assert "Ministry of the Environment" in partner.institution.name


def test_names_in_their_own_scripts(seeded, db_session):
    names = db_session.scalars(select(User.name)).all()
    chinese_names = db_session.scalars(select(User.name).where(User.country == "CN")).all()
    for script, pattern in SCRIPTS.items():
        pool = chinese_names if script == "Chinese" else names
        assert any(pattern.search(name) for name in pool), f"no name in {script} script"


def test_locale_timezone_and_country_of_each_user(seeded, db_session):
    zones = available_timezones()
    for user in db_session.scalars(select(User)):
        assert user.timezone in zones, user.email
        assert user.country and len(user.country) == 2
        assert user.locale == ("ja" if user.country == "JP" else "en"), user.email


def test_logos_are_stored_safe_svgs(seeded, db_session):
    for institution in db_session.scalars(select(Institution)):
        assert institution.logo_content_type == "image/svg+xml"
        data = storage().get(institution.logo_key)
        assert sanitise_svg(data) == data
        assert institution.short_name.encode() in data


def test_seeding_twice_creates_nothing_new(seeded, db_session):
    counts = (count_rows(User), count_rows(Institution), count_rows(Signatory))
    logos = set(db_session.scalars(select(Institution.logo_key)))
    assert counts == (len(USERS), len(INSTITUTIONS), sum(len(i.signatories) for i in INSTITUTIONS))
    assert "(0 new)" not in seeded

    again = seed_demo()

    assert (count_rows(User), count_rows(Institution), count_rows(Signatory)) == counts
    assert set(db_session.scalars(select(Institution.logo_key))) == logos
    assert again.count("(0 new)") == 4, again


def test_seeding_keeps_existing_rows(db_session, make, fast_hashes):
    """An account or institution that already exists is left alone, not duplicated or overwritten."""
    existing = make.user(email="trainee@cai-demo.org", name="Someone Else")
    make.institution(name="thai environmental institute (DEMO)", short_name="TEI", sector="civil_society", country="TH")
    seed_demo()
    assert db_session.scalar(select(User).where(User.email == "trainee@cai-demo.org")).name == existing.name
    assert count_rows(Institution) == len(INSTITUTIONS)


def test_demo_password_passes_the_policy(app):
    with app.app_context():
        for account in DEMO_ACCOUNTS:
            assert password_problem(account["password"], email=account["email"], name=account["name"]) is None


def test_demo_accounts_match_the_seeded_users():
    by_email = {user.email: user for user in USERS}
    for account in DEMO_ACCOUNTS:
        user = by_email[account["email"]]
        assert account["role"] in user.roles and account["name"] == user.name
    assert {a["role"] for a in DEMO_ACCOUNTS} == set(ROLE_VALUES)


def test_each_demo_account_logs_in(client):
    seed_demo()
    for account in DEMO_ACCOUNTS:
        response = client.post("/auth/login", {"email": account["email"], "password": account["password"]})
        assert response.status_code == 302, account["email"]
        profile = client.get("/auth/profile")
        assert profile.status_code == 200 and account["email"] in profile.get_data(as_text=True)
        client.logout()
    wrong = client.post("/auth/login", {"email": DEMO_ACCOUNTS[0]["email"], "password": "Not-the-demo-one-2026"})
    assert wrong.status_code == 401


def test_cli_seeds_and_prints_the_demo_accounts(app, db_session, fast_hashes):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    for account in DEMO_ACCOUNTS:
        assert account["email"] in result.output
    assert f"{len(USERS)} users ({len(USERS)} new)" in result.output
    assert count_rows(User) == len(USERS)

    again = app.test_cli_runner().invoke(args=["seed-demo"])
    assert again.exit_code == 0 and f"{len(USERS)} users (0 new)" in again.output
