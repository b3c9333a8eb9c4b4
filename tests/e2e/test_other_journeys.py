"""The other journeys of the design (section 1), in a real browser: the administrator's (users, roles,
institutions), and a trainee sharing a competence profile that an employer opens, with a certificate the
employer verifies by typing its serial."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

ADMIN = "admin@cai-demo.org"
TRAINEE = "trainee@cai-demo.org"


@pytest.mark.e2e
def test_administrator_journey(journey):
    trip = journey("admin")
    page = trip.page
    trip.login(ADMIN)
    page.locator(".language-switcher").get_by_role("button", name="English").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Users").click()
    trip.check("users")
    page.get_by_label("Search by name or email").fill("nurul")
    page.get_by_label("Search by name or email").press("Enter")
    expect(page.get_by_role("row")).to_have_count(2)  # the header and Nurul
    trip.check("users found")
    page.get_by_role("row").nth(1).get_by_role("link").first.click()
    trip.check("user edit")
    page.get_by_role("group", name="Roles").get_by_label("Partner administrator").check()
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator(".flash").first).to_be_visible()
    trip.check("roles saved")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Institutions").click()
    trip.check("institutions")
    page.get_by_role("link", name="Add an institution").click()
    page.get_by_label("Name", exact=True).fill("Mekong River Environmental Academy")
    page.get_by_label("Sector").select_option("academia")
    page.get_by_label("Country").select_option("LA")
    trip.check("new institution form")
    page.locator("main form").get_by_role("button", name="Save").click()
    expect(page.get_by_text("Please correct the highlighted fields")).to_be_visible()
    trip.check("institution form with an error")
    page.get_by_label("Short name").fill("MREA")
    page.locator("main form").get_by_role("button", name="Save").click()
    expect(page.locator(".flash").first).to_be_visible()
    trip.check("institution created")


@pytest.mark.e2e
def test_a_shared_profile_and_a_serial_typed_by_an_employer(journey):
    trainee = journey("share")
    page = trainee.page
    trainee.login(TRAINEE)
    page.goto("/profile/competence")
    trainee.check("competence profile, private")
    page.get_by_label("Make my competence profile public").check()
    page.get_by_role("button", name="Save").click()
    link = page.locator("section[aria-labelledby=sharing-title] a code").inner_text().strip()
    trainee.check("competence profile, shared")

    employer = journey("share-employer")
    employer.page.goto(link)
    employer.check("public profile")
    serial = employer.page.locator("main code").first.inner_text().strip()
    employer.page.goto("/verify")
    employer.check("verify by serial")
    employer.page.get_by_label("Serial").fill(serial.lower().replace("-", " "))
    employer.page.locator("main form").get_by_role("button", name="Verify").click()
    expect(employer.page).to_have_url(re.compile("/verify/" + serial))
    expect(employer.page.locator("main")).to_contain_text("Nguyễn Thị Lan")
    employer.check("verified by typed serial")
