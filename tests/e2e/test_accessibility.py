"""The audit itself, and the text alternatives of the timer, the progress bars and the charts."""

from __future__ import annotations

import pytest

from tests.e2e.axe import audit


@pytest.mark.e2e
def test_the_audit_finds_what_it_should(journey):
    """A page with an unlabelled image, an unlabelled field and grey-on-white text: three serious findings."""
    trip = journey("audit-self-test")
    trip.page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>Test</h1><img src="x.png">'
        '<input type="text"><p style="color:#bbb;background:#fff">faint text</p></main></body></html>'
    )
    found = "\n".join(audit(trip.page))
    assert "image-alt" in found
    assert "label" in found
    assert "color-contrast" in found


@pytest.mark.e2e
def test_charts_and_progress_bars_say_what_they_show(journey):
    """The competence profile's radar and bars, the report's charts and the dashboard's progress bars, audited."""
    trainee = journey("charts-trainee")
    trainee.login("trainee@cai-demo.org")
    trainee.goto("/dashboard", "dashboard with course progress")
    trainee.goto("/profile/competence", "competence profile")
    partner = journey("charts-partner")
    partner.login("instructor@cai-demo.org")
    partner.goto("/reports", "report with charts")
    checked = {
        kind: trainee.alternatives_checked.get(kind, 0) + partner.alternatives_checked.get(kind, 0)
        for kind in ("progress", "chart")
    }
    assert checked["progress"] >= 1 and checked["chart"] >= 3, checked
