"""The shape of a demo course: plain data, written in the ``demo_content_*`` modules and seeded by ``demo_courses``."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The enrolment key of the demo's key-protected course; its description tells the trainee.
DEMO_ENROLMENT_KEY = "GREEN-2026"

# Kana, CJK ideographs and full-width forms: scripts written without spaces between words.
_CJK = r"\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])\n(?=[{_CJK}])")


def unwrap_cjk(text: str) -> str:
    """Join Japanese lines that were wrapped only to keep the source readable.

    A line break inside a Markdown paragraph becomes a space in HTML, which is right for English and
    Thai (both break lines at spaces) but shows as a stray gap between two Japanese characters.
    """
    return _CJK_BREAK.sub("", text)


@dataclass(frozen=True)
class DemoModule:
    title: str
    minutes: int
    objectives: tuple[str, ...]  # CAI objective codes
    body: str  # Markdown; its headings start at ## because the page shows the title as the h1
    required: bool = True


@dataclass(frozen=True)
class DemoCourse:
    slug: str
    title: str
    summary: str
    description: str
    language: str
    level: str
    hours: str  # a decimal string, e.g. "7.5"
    objectives: tuple[str, ...]
    institutions: tuple[tuple[str, str], ...]  # (DemoInstitution.short_name, role: host, co-host, certifying)
    instructors: tuple[str, ...]  # emails of demo users; the first one authors the course
    modules: tuple[DemoModule, ...]
    mode: str = "open"  # open, approval or key (key courses use DEMO_ENROLMENT_KEY)
    capacity: int | None = None
    # (starts in N days, lasts M days) counted from the day of seeding; None for a self-paced course.
    dates: tuple[int, int] | None = None
    status: str = "published"  # draft, published or archived
    # The certificate rules: auto (issued when the modules are done), approval (the certifying institution approves
    # each) or none; and how many months a certificate stays valid (None: it never expires).
    certificate_mode: str = "auto"
    certificate_valid_months: int | None = None
