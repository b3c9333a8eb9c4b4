"""axe-core in the page under test: the copy bundled with the axe-playwright-python package (no download).

``audit(page)`` runs the WCAG 2.x A and AA rules and best practices and returns one line per node of each
serious or critical violation (colour contrast is one of the serious rules), so an assertion can print them.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

BLOCKING = {"serious", "critical"}
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}

_axe = Axe()


def violations(page) -> list[dict]:
    return _axe.run(page, options={**RULES, "resultTypes": ["violations"]}).response["violations"]


def audit(page) -> list[str]:
    problems = []
    for violation in violations(page):
        if violation.get("impact") not in BLOCKING:
            continue
        for node in violation["nodes"]:
            where = ", ".join(map(str, node["target"]))
            summary = (node.get("failureSummary") or "").strip().splitlines()
            detail = summary[-1].strip() if summary else ""
            problems.append(f"[{violation['impact']}] {violation['id']}: {violation['help']} at {where} ({detail})")
    return problems
