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


# Every progress bar, timer and chart says in words what it shows (axe checks ARIA roles, not native <progress>).
TEXT_ALTERNATIVES = """() => {
  const missing = [];
  const named = e => (e.getAttribute('aria-label') || '').trim() || (e.getAttribute('aria-labelledby') || '')
    .split(/\\s+/).filter(Boolean).map(id => (document.getElementById(id) || {}).textContent || '').join('').trim();
  for (const bar of document.querySelectorAll('progress, [role=progressbar]')) {
    const text = (bar.textContent || '').trim() || bar.getAttribute('aria-valuetext') ||
      (document.getElementById(bar.getAttribute('aria-describedby') || '') || {}).textContent;
    if (!named(bar)) missing.push('progress bar without a name: ' + bar.outerHTML.slice(0, 120));
    if (!text) missing.push('progress bar without its value in words: ' + bar.outerHTML.slice(0, 120));
  }
  for (const timer of document.querySelectorAll('[role=timer]')) {
    if (!(timer.textContent || '').trim()) missing.push('timer without text: ' + timer.outerHTML.slice(0, 120));
  }
  for (const chart of document.querySelectorAll('svg.chart')) {
    const title = chart.querySelector('title'), desc = chart.querySelector('desc');
    const said = e => e && e.textContent.trim();
    if (chart.getAttribute('role') !== 'img' || !said(title) || !said(desc))
      missing.push('chart without role=img, a title and a description: ' + chart.outerHTML.slice(0, 120));
  }
  return {missing, counts: {progress: document.querySelectorAll('progress, [role=progressbar]').length,
    timer: document.querySelectorAll('[role=timer]').length, chart: document.querySelectorAll('svg.chart').length}};
}"""


def text_alternatives(page) -> tuple[list[str], dict]:
    """Problems with the page's progress bars, timers and charts, and how many of each it has."""
    found = page.evaluate(TEXT_ALTERNATIVES)
    return found["missing"], found["counts"]
