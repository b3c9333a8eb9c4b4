"""Small factories for the course tests: courses with modules, objective tags, partners and enrolments.

Rows are built directly with the session (no HTTP, no slow password hashing), so a test can make
hundreds of them cheaply. Users come from ``tests.helpers.fast_user`` / ``users_in_bulk``.
"""

from __future__ import annotations

import io
import itertools
import random
import re
from datetime import timedelta
from html.parser import HTMLParser

from PIL import Image
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from training.courses.models import Course, CourseInstitution, Enrolment, Module, ModuleProgress
from training.db import utcnow
from training.objectives.models import Objective

_seq = itertools.count(1)


def key_hash(key: str) -> str:
    """A real werkzeug scrypt hash of ``key`` with a small work factor (the app's check reads it from the hash)."""
    return generate_password_hash(key, method="scrypt:1024:8:1")


def objectives(session, *codes: str) -> list[Objective]:
    found = {o.code: o for o in session.scalars(select(Objective).where(Objective.code.in_(codes)))}
    missing = set(codes) - set(found)
    assert not missing, f"objective codes not seeded: {missing}"
    return [found[c] for c in codes]


def course(
    session,
    *,
    instructors=(),
    status: str = "published",
    modules: int = 2,
    objective_codes=("low-carbon",),
    module_codes=None,
    institutions=(),
    mode: str = "open",
    key: str | None = None,
    capacity=None,
    **fields,
) -> Course:
    """A course with ``modules`` modules (each tagged ``module_codes`` or the course's codes)."""
    n = next(_seq)
    values = {
        "slug": f"course-{n}",
        "title": f"Course {n}",
        "summary": f"Summary of course {n}",
        "description": "",
        "language": "en",
        "level": "introductory",
        "status": status,
        "enrolment_mode": mode,
        "enrolment_key_hash": key_hash(key) if key else None,
        "capacity": capacity,
        "published_at": utcnow() if status != "draft" else None,
    }
    values.update(fields)
    item = Course(**values)
    item.objectives = objectives(session, *objective_codes) if objective_codes else []
    item.instructors = list(instructors)
    tagged = objectives(session, *module_codes) if module_codes else list(item.objectives)
    for position in range(modules):
        item.modules.append(
            Module(
                position=position,
                title=f"Module {position + 1} of course {n}",
                body=f"Body of module {position + 1}.",
                objectives=list(tagged),
            )
        )
    for institution, role in institutions:
        item.institution_links.append(CourseInstitution(institution=institution, role=role))
    session.add(item)
    session.flush()
    return item


def saved_course(
    author, *, slug: str, title: str = "T", summary: str = "S", objective_codes=("leadership",), **fields
) -> Course:
    """A draft course made through the authoring service (its rules apply), with quiet defaults."""
    from training.courses import services

    values = {
        "description": "",
        "language": "en",
        "level": "introductory",
        "estimated_hours": 1,
        "starts_on": None,
        "ends_on": None,
        "enrolment_mode": "open",
        "enrolment_key": None,
        "capacity": None,
    }
    values.update(fields)
    saved, _cover = services.save_course(
        author, None, title=title, slug=slug, summary=summary, objective_codes=list(objective_codes), **values
    )
    return saved


def module(
    session, course_: Course, *, title: str | None = None, body: str = "", required: bool = True, codes=None
) -> Module:
    position = max((m.position for m in course_.modules), default=-1) + 1
    item = Module(
        course=course_,
        position=position,
        title=title or f"Module {position + 1}",
        body=body,
        required=required,
        objectives=objectives(session, *codes) if codes else list(course_.objectives),
    )
    session.add(item)
    session.flush()
    return item


def enrolment(session, user, course_: Course, status: str = "active", *, at=None, reason=None) -> Enrolment:
    at = at or utcnow()
    item = Enrolment(
        user_id=user.id, course_id=course_.id, status=status, requested_at=at, status_changed_at=at, reason=reason
    )
    session.add(item)
    session.flush()
    return item


def enrolments_in_bulk(session, users, course_: Course, status: str = "active") -> list[Enrolment]:
    """One enrolment per user, with increasing status_changed_at (oldest first)."""
    start = utcnow() - timedelta(hours=1)
    items = [
        Enrolment(
            user_id=u.id,
            course_id=course_.id,
            status=status,
            requested_at=start + timedelta(seconds=i),
            status_changed_at=start + timedelta(seconds=i),
        )
        for i, u in enumerate(users)
    ]
    session.add_all(items)
    session.flush()
    return items


def progress(session, enrolment_: Enrolment, *modules: Module) -> None:
    session.add_all([ModuleProgress(enrolment_id=enrolment_.id, module_id=m.id) for m in modules])
    session.flush()


# --- Files -------------------------------------------------------------------------------------------


def pdf_bytes(size=(40, 20), *, noise: bool = False) -> bytes:
    """A small real PDF, written by Pillow's PDF writer (``noise``: an image that does not compress)."""
    out = io.BytesIO()
    if noise:
        image = Image.frombytes("RGB", size, random.Random(str(size)).randbytes(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (11, 110, 79))
    image.save(out, format="PDF")
    return out.getvalue()


def prose(page: str) -> str:
    """The user-written part of a course or module page (the ``.prose`` block)."""
    match = re.search(r'<div class="prose"[^>]*>(.*?)</div>', page, re.S)
    assert match, "no .prose block on the page"
    return match.group(1)


def pdf_with_javascript() -> bytes:
    """A structurally complete PDF whose catalog runs JavaScript when opened."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 4 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
        b"<< /S /JavaScript /JS (app.alert('hello');) >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


# --- Checking rendered HTML ----------------------------------------------------------------------------

ACTIVE_TAGS = {"script", "iframe", "frame", "object", "embed", "style", "link", "meta", "base", "form", "svg", "math"}


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ACTIVE_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            elif name in {"style", "srcdoc", "formaction"}:
                self.problems.append(f"{tag} {name}=")
            elif name in {"href", "src", "action", "xlink:href", "background", "poster"} and not value.startswith(
                ("http://", "https://", "mailto:", "/", "#")
            ):
                self.problems.append(f"{tag} {name}={value[:30]}")

    handle_startendtag = handle_starttag


def unsafe_markup(html: str) -> list[str]:
    """Every element or attribute in ``html`` that could run code or load from an unsafe URL.

    Text that merely *mentions* ``<script>`` (escaped as ``&lt;script&gt;``) is harmless and not reported.
    """
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.problems
