"""Course authoring through HTTP: courses, slugs, modules, attachments, preview, status, visibility,
enrolment keys, objectives, co-instructors and partner institutions, and the audit trail they leave.
Bad input on every authoring form: a clear message and a 4xx, never a 500, and what was typed is kept."""

from __future__ import annotations

import json

import pytest
from markupsafe import escape
from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from tests import course_factories as cf
from tests.helpers import error_texts, fast_user, flashes, input_value, location_path, png_bytes, text, upload
from training.audit.models import AuditLog
from training.courses import services
from training.courses.models import Course, CourseInstitution, Module, ModuleAttachment
from training.extensions import limiter

COURSE = {
    "title": "Green finance basics",
    "slug": "",
    "summary": "How green bonds and sustainability-linked loans work.",
    "description": "## For whom\n\nTreasury officers.",
    "objectives": ["green-market"],
    "language": "en",
    "level": "introductory",
    "estimated_hours": "4",
    "starts_on": "",
    "ends_on": "",
    "enrolment_mode": "open",
    "enrolment_key": "",
    "capacity": "",
}
MODULE = {"title": "What a green bond is", "body": "Some *Markdown*.", "required": "y", "estimated_minutes": "30"}


def actions(session, obj=None) -> list[str]:
    stmt = select(AuditLog.action).order_by(AuditLog.id)
    if obj is not None:
        stmt = stmt.where(AuditLog.object_type == obj.__tablename__, AuditLog.object_id == obj.id)
    return list(session.scalars(stmt))


def course_by_slug(session, slug: str) -> Course | None:
    session.expire_all()
    return session.scalar(select(Course).where(Course.slug == slug))


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def instructor(client, db_session):
    user = fast_user(db_session, roles=("instructor",), name="Aiko Instructor")
    client.login(user)
    return user


def create(client, **changes):
    return client.post("/courses/new", {**COURSE, **changes})


def add_module(client, slug: str, **changes):
    return client.post(f"/courses/{slug}/modules/new", {**MODULE, **changes})


# --- Creating and editing ----------------------------------------------------------------------------


def test_an_instructor_creates_a_draft_course_whose_slug_comes_from_the_title(client, db_session, instructor):
    response = create(client, title="Green Finance: Basics!")
    assert response.status_code == 302
    assert location_path(response) == "/courses/green-finance-basics/edit"
    course = course_by_slug(db_session, "green-finance-basics")
    assert course.status == "draft"
    assert course.title == "Green Finance: Basics!"
    assert [u.id for u in course.instructors] == [instructor.id]
    assert course.created_by_id == instructor.id
    assert [o.code for o in course.objectives] == ["green-market"]
    assert "course.created" in actions(db_session, course)

    second = create(client, title="Green finance basics")
    assert location_path(second) == "/courses/green-finance-basics-2/edit"
    assert course_by_slug(db_session, "green-finance-basics-2") is not None


@pytest.mark.parametrize("slug", ["new", "manage", "preview"])
def test_reserved_slugs_are_refused(client, db_session, instructor, slug):
    response = create(client, slug=slug)
    assert response.status_code == 400
    assert "Another course already uses this web address." in error_texts(response)
    assert input_value(response, "slug") == slug
    assert count(db_session, Course) == 0
    with pytest.raises(services.CourseError):
        cf.saved_course(instructor, slug=slug)


@pytest.mark.parametrize("title", ["New", "Manage", "Preview"])
def test_a_title_that_would_make_a_reserved_slug_gets_another_one(client, db_session, instructor, title):
    response = create(client, title=title)
    assert location_path(response) == f"/courses/{title.lower()}-2/edit"
    assert client.get("/courses/new").status_code == 200  # the page is not shadowed by the course


def test_a_slug_taken_by_another_course_is_refused_and_the_form_kept(client, db_session, instructor):
    cf.course(db_session, slug="taken-slug")
    response = create(client, slug="taken-slug", title="Mine")
    assert response.status_code == 400
    assert "Another course already uses this web address." in error_texts(response)
    assert input_value(response, "title") == "Mine"
    assert input_value(response, "slug") == "taken-slug"


def test_an_instructor_edits_a_course(client, db_session, instructor):
    create(client)
    response = client.post(
        "/courses/green-finance-basics/edit",
        {
            **COURSE,
            "title": "Green finance, revised",
            "slug": "green-finance-basics",
            "summary": "A new summary.",
            "objectives": ["green-market", "leadership"],
            "capacity": "30",
            "level": "advanced",
            "estimated_hours": "6.5",
        },
    )
    assert response.status_code == 302
    course = course_by_slug(db_session, "green-finance-basics")
    assert (course.title, course.summary, course.capacity, course.level) == (
        "Green finance, revised",
        "A new summary.",
        30,
        "advanced",
    )
    assert str(course.estimated_hours) == "6.5"
    assert [o.code for o in course.objectives] == ["green-market", "leadership"]
    assert actions(db_session, course) == ["course.created", "course.updated"]


def test_another_instructor_cannot_edit_the_course(client, db_session):
    owner = fast_user(db_session, roles=("instructor",))
    course = cf.course(db_session, instructors=[owner], status="draft")
    client.login(fast_user(db_session, roles=("instructor",)))
    assert client.get(f"/courses/{course.slug}/edit").status_code == 404
    assert client.post(f"/courses/{course.slug}/edit", {**COURSE, "title": "Hijacked"}).status_code == 404
    assert course_by_slug(db_session, course.slug).title != "Hijacked"


# --- Modules -------------------------------------------------------------------------------------------


def module_titles(session, slug: str) -> list[str]:
    course = course_by_slug(session, slug)
    return [m.title for m in sorted(course.modules, key=lambda m: m.position)]


def test_modules_are_added_reordered_and_deleted(client, db_session, instructor):
    create(client)
    slug = "green-finance-basics"
    for title in ("One", "Two", "Three"):
        response = add_module(client, slug, title=title)
        assert response.status_code == 302
    course = course_by_slug(db_session, slug)
    assert [(m.title, m.position) for m in course.modules] == [("One", 0), ("Two", 1), ("Three", 2)]
    assert [o.code for o in course.modules[0].objectives] == ["green-market"]  # the course's tags by default
    one, two, three = course.modules

    assert client.post(f"/courses/{slug}/modules/{three.id}/move/up").status_code == 302
    assert module_titles(db_session, slug) == ["One", "Three", "Two"]
    assert client.post(f"/courses/{slug}/modules/{one.id}/move/down").status_code == 302
    assert module_titles(db_session, slug) == ["Three", "One", "Two"]
    # Moving past either end changes nothing; an unknown direction is a bad request.
    client.post(f"/courses/{slug}/modules/{three.id}/move/up")
    client.post(f"/courses/{slug}/modules/{two.id}/move/down")
    assert module_titles(db_session, slug) == ["Three", "One", "Two"]
    assert client.post(f"/courses/{slug}/modules/{two.id}/move/sideways").status_code == 400

    response = client.post(f"/courses/{slug}/modules/{one.id}/delete", follow_redirects=True)
    assert "The module has been deleted." in flashes(response)
    course = course_by_slug(db_session, slug)
    assert [(m.title, m.position) for m in course.modules] == [("Three", 0), ("Two", 1)]
    assert db_session.get(Module, one.id) is None
    logged = actions(db_session)
    assert logged.count("module.saved") == 3
    assert "module.moved" in logged and "module.deleted" in logged


def test_editing_a_module_keeps_its_place_and_saves_its_tags(client, db_session, instructor):
    create(client)
    add_module(client, "green-finance-basics", title="First")
    module = course_by_slug(db_session, "green-finance-basics").modules[0]
    response = client.post(
        f"/courses/green-finance-basics/modules/{module.id}/edit",
        {**MODULE, "title": "First, revised", "objectives": ["monitoring"], "required": ""},
    )
    assert response.status_code == 302
    db_session.expire_all()
    module = db_session.get(Module, module.id)
    assert (module.title, module.position, module.required) == ("First, revised", 0, False)
    assert [o.code for o in module.objectives] == ["monitoring"]


def test_a_module_is_only_reachable_through_its_own_course(client, db_session, instructor):
    create(client)
    stranger = cf.course(db_session, modules=1)
    other_module = stranger.modules[0]
    base = f"/courses/green-finance-basics/modules/{other_module.id}"
    assert client.get(base + "/edit").status_code == 404
    assert client.post(base + "/delete").status_code == 404
    assert client.post(base + "/move/up").status_code == 404
    assert db_session.get(Module, other_module.id) is not None


# --- Attachments -----------------------------------------------------------------------------------------


@pytest.fixture
def module_page(client, db_session, instructor):
    create(client)
    add_module(client, "green-finance-basics", title="Bonds")
    module = course_by_slug(db_session, "green-finance-basics").modules[0]
    return f"/courses/green-finance-basics/modules/{module.id}", module


def attach(client, base: str, data: bytes, filename: str):
    return client.post(
        base + "/attachments",
        {"file": upload(data, filename)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


@pytest.mark.parametrize(
    ("maker", "filename", "content_type"),
    [
        (cf.pdf_bytes, "Green bonds handout.pdf", "application/pdf"),
        (png_bytes, "chart.png", "image/png"),
    ],
)
def test_an_instructor_attaches_a_real_pdf_or_png(client, db_session, module_page, maker, filename, content_type):
    base, module = module_page
    data = maker()
    response = attach(client, base, data, filename)
    assert response.status_code == 200
    assert "The file has been attached." in flashes(response)
    attachment = db_session.scalar(select(ModuleAttachment).where(ModuleAttachment.module_id == module.id))
    assert (attachment.filename, attachment.content_type, attachment.size) == (filename, content_type, len(data))
    assert filename in text(response)
    download = client.get(f"{base}/attachments/{attachment.id}")
    assert download.status_code == 200
    assert download.data == data
    assert download.mimetype == content_type
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert "attachment.added" in actions(db_session, attachment)

    removed = client.post(f"{base}/attachments/{attachment.id}/delete", follow_redirects=True)
    assert "The attachment has been removed." in flashes(removed)
    assert count(db_session, ModuleAttachment) == 0
    assert "attachment.deleted" in actions(db_session)


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"Just some notes, not a PDF at all.\n", "notes.pdf", "Only PDF, PNG, JPEG or SVG files are accepted."),
        (b"%PDF-1.4\n1 0 obj << >> endobj\n", "truncated.pdf", "The file is damaged or not really a PDF."),
        (
            cf.pdf_with_javascript(),
            "interactive.pdf",
            "PDF files with scripts, actions or embedded files are not accepted.",
        ),
        (png_bytes()[:40], "broken.png", "The image is damaged or not really a PNG or JPEG file."),
        (b"", "empty.pdf", "Choose a file to attach."),
    ],
)
def test_a_bad_attachment_is_refused_with_a_clear_message(client, db_session, module_page, data, filename, message):
    base, _ = module_page
    response = attach(client, base, data, filename)
    assert response.status_code == 200
    assert message in flashes(response)
    assert count(db_session, ModuleAttachment) == 0


def test_an_oversized_attachment_is_refused_with_a_clear_message(app, client, db_session, module_page, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_ATTACHMENT_MAX_BYTES", 16 * 1024)
    base, _ = module_page
    big = cf.pdf_bytes(size=(200, 200), noise=True)
    assert len(big) > 16 * 1024
    response = attach(client, base, big, "big.pdf")
    assert response.status_code == 200
    assert "The file is too large (at most 16 KB)." in flashes(response)
    assert count(db_session, ModuleAttachment) == 0


# --- Live preview --------------------------------------------------------------------------------------


def test_the_live_preview_returns_sanitised_html_as_json(client, db_session, instructor):
    response = client.post(
        "/courses/preview",
        {
            "text": "**Bold** [site](https://example.org) [bad](javascript:alert(1)) <script>alert(1)</script>"
            "\n\n<img src=x onerror=alert(1)>"
        },
    )
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    html = json.loads(response.data)["html"]
    assert "<strong>Bold</strong>" in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">site</a>' in html
    assert cf.unsafe_markup(html) == []
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html  # shown as text, not run


def test_the_preview_is_for_authors_only(client, db_session):
    assert location_path(client.post("/courses/preview", {"text": "x"})) == "/auth/login"
    client.login(fast_user(db_session))
    assert client.post("/courses/preview", {"text": "x"}).status_code == 404


def test_the_preview_needs_a_csrf_token(client, db_session, instructor):
    assert client.post("/courses/preview", {"text": "x"}, csrf=False).status_code == 400


# --- Status ---------------------------------------------------------------------------------------------


def set_status(client, slug: str, status: str):
    return client.post(f"/courses/{slug}/status", {"status": status}, follow_redirects=True)


def test_publishing_is_refused_with_reasons_until_the_course_is_ready(client, db_session, instructor):
    create(client)
    slug = "green-finance-basics"
    response = set_status(client, slug, "published")
    assert any("Add at least one module." in f for f in flashes(response))
    assert course_by_slug(db_session, slug).status == "draft"

    course = course_by_slug(db_session, slug)
    cf.module(db_session, course, title="Untagged one", codes=None)
    course.modules[-1].objectives = []
    db_session.commit()
    response = set_status(client, slug, "published")
    assert any("Tag every module to a CAI objective (missing: Untagged one)." in f for f in flashes(response))
    assert course_by_slug(db_session, slug).status == "draft"
    page = text(client.get(f"/courses/{slug}/edit"))
    assert "Before you can publish:" in page and "missing: Untagged one" in page


def test_a_course_goes_from_draft_to_published_to_archived_and_back(client, db_session, instructor):
    create(client)
    slug = "green-finance-basics"
    add_module(client, slug, title="Ready")
    response = set_status(client, slug, "published")
    assert "The course is published and listed in the catalog." in flashes(response)
    course = course_by_slug(db_session, slug)
    assert course.status == "published" and course.published_at is not None
    first_published = course.published_at

    archived = set_status(client, slug, "archived")
    assert "The course is archived: enrolled trainees can still read it." in flashes(archived)
    assert course_by_slug(db_session, slug).status == "archived"
    refused = set_status(client, slug, "draft")  # an archived course goes back to published only
    assert any("The course cannot change to that status" in f for f in flashes(refused))
    assert course_by_slug(db_session, slug).status == "archived"
    set_status(client, slug, "published")
    course = course_by_slug(db_session, slug)
    assert course.status == "published" and course.published_at == first_published
    changes = db_session.scalars(
        select(AuditLog)
        .where(AuditLog.action == "course.status_changed", AuditLog.object_id == course.id)
        .order_by(AuditLog.id)
    )
    assert [(a.details["before"], a.details["after"]) for a in changes] == [
        ("draft", "published"),
        ("published", "archived"),
        ("archived", "published"),
    ]


def test_an_unknown_status_is_refused(client, db_session, instructor):
    create(client)
    response = set_status(client, "green-finance-basics", "deleted")
    assert response.status_code == 200
    assert any("The course cannot change to that status" in f for f in flashes(response))
    assert client.post("/courses/green-finance-basics/status", {"status": ""}).status_code == 400


def test_publish_problems_as_a_rule(app, db_session):
    course = cf.course(db_session, status="draft", modules=0)
    with app.test_request_context():
        assert services.publish_problems(course) == ["Add at least one module."]
        module = cf.module(db_session, course, title="Bare")
        module.objectives = []
        assert services.publish_problems(course) == ["Tag every module to a CAI objective (missing: Bare)."]
        with pytest.raises(services.CourseError, match="missing: Bare"):
            services.change_status(None, course, "published")
        module.objectives = cf.objectives(db_session, "monitoring")
        services.change_status(None, course, "published")
        assert course.status == "published"
        with pytest.raises(services.CourseError):
            services.change_status(None, course, "published")  # no transition to itself


# --- Who sees drafts and archived courses ----------------------------------------------------------


def test_a_draft_is_visible_only_to_its_staff(app, client, db_session):
    owner = fast_user(db_session, roles=("instructor",))
    course = cf.course(db_session, instructors=[owner], status="draft")
    url = f"/courses/{course.slug}"
    assert client.get(url).status_code == 404  # anonymous
    for roles in (("trainee",), ("instructor",)):
        client.login(fast_user(db_session, roles=roles))
        assert client.get(url).status_code == 404
        assert client.get(url + "/learn").status_code == 404
        client.logout()
    client.login(owner)
    assert client.get(url).status_code == 200
    client.logout()
    client.login(fast_user(db_session, roles=("admin",)))
    assert client.get(url).status_code == 200
    # Not in the catalog for anyone.
    assert course.title not in text(client.get("/courses/"))


def test_an_archived_course_stays_readable_to_enrolled_trainees_only(client, db_session):
    course = cf.course(db_session, status="archived", modules=1)
    enrolled, finished, withdrawn, stranger = (fast_user(db_session) for _ in range(4))
    cf.enrolment(db_session, enrolled, course, "active")
    cf.enrolment(db_session, finished, course, "completed")
    cf.enrolment(db_session, withdrawn, course, "withdrawn")
    url = f"/courses/{course.slug}"
    assert client.get(url).status_code == 404
    for user, expected in ((enrolled, 200), (finished, 200), (withdrawn, 404), (stranger, 404)):
        client.login(user)
        assert client.get(url).status_code == expected, user.name
        module_url = f"{url}/modules/{course.modules[0].id}"
        assert client.get(module_url).status_code == expected
        client.logout()
    assert course.title not in text(client.get("/courses/"))


# --- Enrolment keys ---------------------------------------------------------------------------------


def test_key_mode_stores_only_a_hash_of_the_key(client, db_session, instructor):
    response = create(client, enrolment_mode="key", enrolment_key="river-delta-2026")
    assert response.status_code == 302
    course = course_by_slug(db_session, "green-finance-basics")
    assert course.enrolment_key_hash and course.enrolment_key_hash != "river-delta-2026"
    assert "river-delta-2026" not in course.enrolment_key_hash
    assert check_password_hash(course.enrolment_key_hash, "river-delta-2026")
    assert "river-delta-2026" not in json.dumps([a.details for a in db_session.scalars(select(AuditLog))])
    # Saving again without typing the key keeps it.
    old_hash = course.enrolment_key_hash
    client.post(
        "/courses/green-finance-basics/edit",
        {**COURSE, "slug": "green-finance-basics", "enrolment_mode": "key", "summary": "Changed."},
    )
    course = course_by_slug(db_session, "green-finance-basics")
    assert course.summary == "Changed." and course.enrolment_key_hash == old_hash
    # The edit page never shows the key or its hash.
    page = text(client.get("/courses/green-finance-basics/edit"))
    assert old_hash not in page and "river-delta-2026" not in page
    # Leaving key mode drops the hash.
    client.post("/courses/green-finance-basics/edit", {**COURSE, "slug": "green-finance-basics"})
    assert course_by_slug(db_session, "green-finance-basics").enrolment_key_hash is None


def test_key_mode_without_a_key_is_refused(client, db_session, instructor):
    response = create(client, enrolment_mode="key")
    assert response.status_code == 400
    assert "Set an enrolment key for key enrolment." in error_texts(response)
    assert input_value(response, "title") == COURSE["title"]


# --- Objectives ---------------------------------------------------------------------------------------


def test_course_objectives_are_the_union_of_course_and_module_tags(client, db_session, instructor):
    create(client, objectives=["low-carbon"])
    slug = "green-finance-basics"
    add_module(client, slug, title="Monitoring air", objectives=["monitoring"])
    add_module(client, slug, title="Cycles", objectives=["material-cycle", "low-carbon"])
    course = course_by_slug(db_session, slug)
    assert [o.code for o in services.course_objective_union(course)] == ["low-carbon", "material-cycle", "monitoring"]
    page = text(client.get(f"/courses/{slug}"))
    section = page.split("<h2>CAI objectives</h2>", 1)[1].split("</ul>", 1)[0]
    for o in services.course_objective_union(course):
        assert str(escape(o.title)) in section
        assert f"objective={o.code}" in section
    assert "green-market" not in section


# --- Co-instructors and partner institutions ----------------------------------------------------------


def test_co_instructors_are_added_and_removed_but_never_the_last(client, db_session, instructor):
    create(client)
    slug = "green-finance-basics"
    colleague = fast_user(db_session, roles=("instructor",), name="Budi Colleague")
    trainee = fast_user(db_session, name="Not An Instructor")
    db_session.commit()  # a refused request rolls back whatever the test has not committed

    refused = client.post(f"/courses/{slug}/staff", {"instructor-email": trainee.email})
    assert refused.status_code == 400
    assert "No instructor account uses this email address." in error_texts(refused)
    assert input_value(refused, "instructor-email") == trainee.email

    response = client.post(
        f"/courses/{slug}/staff", {"instructor-email": colleague.email.upper()}, follow_redirects=True
    )
    assert "The instructor has been added." in flashes(response)
    course = course_by_slug(db_session, slug)
    assert {u.id for u in course.instructors} == {instructor.id, colleague.id}
    assert "Budi Colleague" in text(client.get(f"/courses/{slug}"))

    # The co-instructor can manage the course now.
    other = type(client)(client.application.test_client())
    other.login(colleague)
    assert other.get(f"/courses/{slug}/edit").status_code == 200

    response = client.post(f"/courses/{slug}/staff/instructors/{colleague.id}/remove", follow_redirects=True)
    assert "The instructor has been removed." in flashes(response)
    assert other.get(f"/courses/{slug}/edit").status_code == 404

    response = client.post(f"/courses/{slug}/staff/instructors/{instructor.id}/remove", follow_redirects=True)
    assert "A course needs at least one instructor." in flashes(response)
    assert [u.id for u in course_by_slug(db_session, slug).instructors] == [instructor.id]
    assert actions(db_session, course_by_slug(db_session, slug)).count("course.instructor_added") == 1
    assert "course.instructor_removed" in actions(db_session)


def test_partner_institutions_are_linked_with_roles_and_unlinked(client, db_session, instructor, make):
    create(client)
    slug = "green-finance-basics"
    tei = make.institution(name="Thai Environmental Institute", sector="civil_society", country="TH")
    for role in ("host", "certifying"):
        response = client.post(
            f"/courses/{slug}/staff", {"link-institution_id": str(tei.id), "link-role": role}, follow_redirects=True
        )
        assert "Thai Environmental Institute is now linked to the course." in flashes(response)
    client.post(f"/courses/{slug}/staff", {"link-institution_id": str(tei.id), "link-role": "host"})  # no duplicate
    links = db_session.scalars(select(CourseInstitution).order_by(CourseInstitution.role)).all()
    assert [(link.institution_id, link.role) for link in links] == [(tei.id, "certifying"), (tei.id, "host")]
    page = text(client.get(f"/courses/{slug}"))
    assert "Thai Environmental Institute" in page and "Host" in page and "Certifying" in page

    bad = client.post(f"/courses/{slug}/staff", {"link-institution_id": "999999", "link-role": "host"})
    assert bad.status_code == 400 and error_texts(bad)
    bad_role = client.post(f"/courses/{slug}/staff", {"link-institution_id": str(tei.id), "link-role": "owner"})
    assert bad_role.status_code == 400 and error_texts(bad_role)
    assert client.post(f"/courses/{slug}/staff/institutions/{tei.id}/owner/remove").status_code == 400

    response = client.post(f"/courses/{slug}/staff/institutions/{tei.id}/host/remove", follow_redirects=True)
    assert "The institution has been unlinked." in flashes(response)
    db_session.expire_all()
    assert [link.role for link in db_session.scalars(select(CourseInstitution))] == ["certifying"]
    logged = actions(db_session)
    assert logged.count("course.institution_linked") == 2 and logged.count("course.institution_unlinked") == 1


def test_a_partner_admin_of_a_linked_institution_oversees_but_does_not_edit(client, db_session, make):
    institution = make.institution()
    course = cf.course(db_session, status="draft", institutions=[(institution, "host")])
    client.login(fast_user(db_session, roles=("partner_admin",), institution_id=institution.id))
    assert client.get(f"/courses/{course.slug}").status_code == 200
    assert client.get(f"/courses/{course.slug}/enrolments").status_code == 200
    assert client.get(f"/courses/{course.slug}/edit").status_code == 404
    assert client.get(f"/courses/{course.slug}/staff").status_code == 404


# --- Bad input on the course and module forms -------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "kept", "message"),
    [
        ({"title": "", "summary": "", "objectives": []}, (), "This field is required."),
        ({"objectives": []}, ("Green finance basics",), "Tag the course to at least one CAI objective."),
        ({"title": "T" * 201}, ("T" * 201,), "Field cannot be longer than 200 characters."),
        ({"summary": "S" * 501}, ("S" * 501,), "Field cannot be longer than 500 characters."),
        ({"title": "Tab\there"}, (), "Remove control characters from this field."),
        ({"estimated_hours": "four"}, ("four",), "Not a valid decimal value."),
        ({"estimated_hours": ""}, ("Green finance basics",), "Enter a number of hours."),
        ({"estimated_hours": "-1"}, ("-1",), "Number must be between 0 and 2000."),
        ({"estimated_hours": "1e400"}, ("1e400",), "Number must be between 0 and 2000."),
        ({"estimated_hours": "NaN"}, ("NaN",), "Number must be between 0 and 2000."),
        ({"estimated_hours": "sNaN"}, ("sNaN",), "Number must be between 0 and 2000."),
        ({"estimated_hours": "Infinity"}, ("Infinity",), "Number must be between 0 and 2000."),
        ({"capacity": "ten"}, ("ten",), "Not a valid integer value."),
        ({"capacity": "0"}, ("0",), "Number must be between 1 and 100000."),
        ({"capacity": "-5"}, ("-5",), "Number must be between 1 and 100000."),
        ({"capacity": "9" * 30}, ("9" * 30,), "Number must be between 1 and 100000."),
        (
            {"starts_on": "2026-03-10", "ends_on": "2026-03-01"},
            ("2026-03-10", "2026-03-01"),
            "The end date must be on or after the start date.",
        ),
        ({"starts_on": "2026-02-30"}, ("2026-02-30",), "Not a valid date value."),
        ({"starts_on": "next monday"}, ("next monday",), "Not a valid date value."),
        ({"slug": "Bad Slug!"}, ("bad slug!",), "Use lowercase letters, digits and hyphens only."),
        ({"slug": "s" * 81}, ("s" * 81,), "Field cannot be longer than 80 characters."),
        ({"objectives": ["nope"]}, ("Green finance basics",), "'nope' is not a valid choice"),
        ({"language": "xx"}, ("Green finance basics",), "Not a valid choice"),
        ({"level": "expert"}, ("Green finance basics",), "Not a valid choice"),
        ({"enrolment_mode": "magic"}, ("Green finance basics",), "Not a valid choice"),
        (
            {"enrolment_mode": "key", "enrolment_key": "abc"},
            ("Green finance basics",),
            "Field must be between 4 and 100 characters long.",
        ),
    ],
)
def test_the_course_form_refuses_bad_input_clearly_and_keeps_it(client, db_session, instructor, changes, kept, message):
    response = create(client, **changes)
    assert response.status_code == 400, text(response)[:500]
    errors = error_texts(response)
    assert any(message in e for e in errors), errors
    page = text(response)
    for value in kept:
        assert str(escape(value)) in page
    assert count(db_session, Course) == 0


def test_the_edit_form_refuses_bad_input_and_keeps_what_was_typed(client, db_session, instructor):
    create(client)
    response = client.post(
        "/courses/green-finance-basics/edit",
        {**COURSE, "slug": "green-finance-basics", "title": "Renamed", "capacity": "many", "summary": "Typed summary"},
    )
    assert response.status_code == 400
    assert input_value(response, "title") == "Renamed"
    assert input_value(response, "capacity") == "many"
    assert "Typed summary" in text(response)
    assert course_by_slug(db_session, "green-finance-basics").title == "Green finance basics"


@pytest.mark.parametrize(
    "title",
    ["การเงินสีเขียวเบื้องต้น", "グリーンファイナンス入門", "أساسيات التمويل الأخضر", "Tài chính xanh", "Green 🌏 finance"],
)
def test_titles_in_any_script_are_stored_exactly(client, db_session, instructor, title):
    response = create(client, title=title, summary=title)
    assert response.status_code == 302
    course = db_session.scalar(select(Course))
    assert course.title == title and course.summary == title
    assert services.SLUG_RE.match(course.slug)
    assert title in text(client.get(f"/courses/{course.slug}"))


def test_html_in_a_title_is_stored_as_typed_and_shown_escaped(client, db_session, instructor):
    title = '<script>alert("x")</script> Tanaka & <b>Sons</b>'
    response = create(client, title=title)
    assert response.status_code == 302
    course = db_session.scalar(select(Course))
    assert course.title == title
    for url in (f"/courses/{course.slug}", f"/courses/{course.slug}/edit", "/courses/manage"):
        page = text(client.get(url))
        assert "<script>alert" not in page and "<b>Sons</b>" not in page
        assert str(escape(title)) in page


@pytest.mark.parametrize(
    ("changes", "kept", "message"),
    [
        ({"title": ""}, (), "This field is required."),
        ({"title": "M" * 201}, ("M" * 201,), "Field cannot be longer than 200 characters."),
        ({"estimated_minutes": "half an hour"}, ("half an hour",), "Not a valid integer value."),
        ({"estimated_minutes": ""}, ("What a green bond is",), "Enter a number of minutes."),
        ({"estimated_minutes": "-3"}, ("-3",), "Number must be between 0 and 10000."),
        ({"objectives": ["nope"]}, ("What a green bond is",), "'nope' is not a valid choice"),
        ({"body": "b" * 100001}, ("What a green bond is",), "Field cannot be longer than 100000 characters."),
    ],
)
def test_the_module_form_refuses_bad_input_clearly_and_keeps_it(client, db_session, instructor, changes, kept, message):
    create(client)
    response = add_module(client, "green-finance-basics", **changes)
    assert response.status_code == 400
    errors = error_texts(response)
    assert any(message in e for e in errors), errors
    for value in kept:
        assert str(escape(value)) in text(response)
    assert count(db_session, Module) == 0


@pytest.mark.parametrize("title", ["บทที่หนึ่ง", "第一章 グリーンボンド", "الوحدة الأولى"])
def test_module_titles_in_any_script_are_stored_exactly(client, db_session, instructor, title):
    create(client)
    assert add_module(client, "green-finance-basics", title=title).status_code == 302
    assert db_session.scalar(select(Module.title)) == title


def test_the_staff_forms_refuse_bad_input_clearly(client, db_session, instructor):
    create(client)
    response = client.post("/courses/green-finance-basics/staff", {"instructor-email": "not an email"})
    assert response.status_code == 400
    assert error_texts(response)
    assert input_value(response, "instructor-email") == "not an email"
    response = client.post("/courses/green-finance-basics/staff", {"link-institution_id": "abc", "link-role": "host"})
    assert response.status_code == 400
    assert error_texts(response)


# --- A sweep: hostile values in every field of every course form never cause a 500 ---------------------

HOSTILE = [
    "",
    "x" * 5000,
    "\x00",
    "a\x00b",
    "\u202eevil\u202c",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "𝕳𝖊𝖑𝖑𝖔 🌏",
    "-1",
    "²",
    "99999999999999999999999",
    "1.5",
]


def test_hostile_values_in_any_course_form_field_never_cause_a_500(app, client, db_session, make, monkeypatch):
    monkeypatch.setitem(app.config, "ENROLMENT_KEY_RATE_LIMIT", "1000 per minute")
    limiter.reset()
    instructor = fast_user(db_session, roles=("instructor",))
    institution = make.institution()
    course = cf.course(db_session, instructors=[instructor], mode="approval", capacity=5)
    module = course.modules[0]
    pending = cf.enrolment(db_session, fast_user(db_session), course, "pending")
    key_course = cf.course(db_session, mode="key", key="mekong-2026")
    db_session.commit()
    client.login(instructor)
    base = f"/courses/{course.slug}"
    edit = {**COURSE, "slug": course.slug, "title": course.title}
    forms = [
        ("/courses/new", dict(COURSE)),
        (f"{base}/edit", edit),
        (f"{base}/modules/{module.id}/edit", dict(MODULE)),  # the same form as a new module's
        (f"{base}/staff", {"instructor-email": instructor.email}),
        (f"{base}/staff", {"link-institution_id": str(institution.id), "link-role": "host"}),
        (f"{base}/status", {"status": "archived"}),
        (f"{base}/enrolments/{pending.id}/reject", {"reason": "No seats for this cohort."}),
        (f"{base}/enrolments/bulk", {"action": "reject", "reason": "No.", "enrolment_ids": str(pending.id)}),
        ("/courses/preview", {"text": "Some *text*"}),
    ]
    failures = []
    token = client.csrf_token()  # one token for the whole sweep (the session's token does not change)
    for url, valid in forms:
        for field in valid:
            for value in HOSTILE:
                response = client.post(url, {**valid, field: value, "csrf_token": token})
                page = text(response)
                if (
                    response.status_code >= 500
                    or (
                        response.status_code == 400
                        and url != "/courses/preview"
                        and "/status" not in url
                        and not error_texts(response)
                    )
                    or "<script>alert" in page
                    or "<img src=x" in page
                ):
                    failures.append((url, field, value[:20], response.status_code))
    trainee = new_trainee_browser(app, db_session)
    for field_value in HOSTILE:
        response = trainee.post(f"/courses/{key_course.slug}/enrol", {"key": field_value})
        if response.status_code != 403 or "That enrolment key is not correct." not in text(response):
            failures.append(("enrol", "key", field_value[:20], response.status_code))
    limiter.reset()
    assert failures == [], "\n".join(map(repr, failures))


def new_trainee_browser(app, session):
    from tests.helpers import new_browser

    browser = new_browser(app)
    user = fast_user(session)
    session.commit()
    browser.login(user)
    return browser
