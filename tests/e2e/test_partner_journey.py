"""The partner's journey, in a real browser: customise the certificate template → bulk-issue for a cohort with the
progress bar → revoke one → the verification page shows it revoked → export the report as CSV."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.server import COHORT, COHORT_COURSE

PARTNER = "partner@cai-demo.org"
REVOKED = COHORT[0][0]


@pytest.mark.e2e
def test_partner_journey(journey, live_server):
    trip = journey("partner")
    page = trip.page
    trip.login(PARTNER)
    trip.check("partner dashboard in Japanese, the partner's language")
    page.locator(".language-switcher").get_by_role("button", name="English").click()
    expect(page.get_by_role("link", name="Open the partner portal")).to_be_visible()

    # The certificate template: design, colours and wording, with the live preview.
    page.get_by_role("link", name="Open the partner portal").click()
    trip.check("partner portal")
    page.get_by_role("link", name="Profile, logo and signatories").click()
    page.get_by_role("link", name="Certificate template").click()
    trip.check("certificate template")
    page.get_by_label("Design").select_option("modern")
    page.get_by_label("Heading", exact=True).fill("Certificate of Achievement")
    page.get_by_label("Wording", exact=True).fill(
        "{name} completed {course} ({hours} hours), certified by {institution} on {date}."
    )
    page.get_by_role("button", name="Save template").click()
    expect(page.locator(".flash").first).to_be_visible()
    trip.check("template saved")

    # Bulk issue for the cohort that finished while certificates were paused.
    page.goto(f"/courses/{COHORT_COURSE}/certificates")
    trip.check("course certificates")
    page.get_by_role("button", name="Issue to everyone who has completed").click()
    bar = page.locator("progress#job-progress")
    expect(bar).to_have_accessible_name("Progress")
    expect(page.locator("#job-text")).to_contain_text(re.compile(r"(\d+) of \1 trainees"))
    for name, _country in COHORT:
        expect(page.get_by_role("row").filter(has_text=name)).to_contain_text("Issued")
    trip.check("bulk issue done")
    assert bar.evaluate("b => b.value === b.max")

    # Revoke one; the public verification page says so.
    page.goto(f"/courses/{COHORT_COURSE}/certificates")
    row = page.get_by_role("row").filter(has_text=REVOKED)
    serial = row.locator("code").first.inner_text().strip()
    row.get_by_text("Revoke or re-issue").click()
    row.locator("form").filter(has=page.get_by_role("button", name="Revoke")).get_by_label("Reason").fill(
        "Issued in error: the final assessment was not taken."
    )
    row.get_by_role("button", name="Revoke").click()
    expect(page.locator(".flash").first).to_be_visible()
    trip.check("certificate revoked")
    public = journey("partner-verifier")
    public.page.goto(f"/verify/{serial}")
    expect(public.page.locator("main").get_by_text("Revoked", exact=True)).to_be_visible()
    expect(public.page.locator("main")).to_contain_text("Issued in error")
    public.check("verification shows revoked")

    # The report, and its CSV.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reports").click()
    trip.check("report")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    text = download_info.value.path().read_text(encoding="utf-8-sig")
    (trip.folder / "report.csv").write_text(text, encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {"breakdown", "objective", "certified"} <= set(rows[0])
    assert sum(int(r["certified"] or 0) for r in rows if r["breakdown"] == "objective") > 0
