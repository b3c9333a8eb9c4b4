"""The permission matrix: every route, every role, one expected answer each.

The table is walked against ``app.url_map``: a route without a row fails the suite, so a new
route cannot ship without someone deciding who may use it. Requests use real objects (see
``tests.helpers.World``): "this" institution is the one the partner administrator manages,
"other" is another one. POST rows send an invalid form (a blank name; other fields missing) with
a valid CSRF token, so 400 means "allowed in, form refused" and nothing changes. (An empty POST
would not do: an edit form falls back to the object's values for fields that are not sent.)
What a user may not see answers 404, never 403.
"""

from __future__ import annotations

import pytest

from tests.helpers import (
    PENDING_BLUEPRINTS,
    build_world,
    fast_user,
    is_login_redirect,
    is_pending,
    location_path,
    normalised_page,
    route_keys,
    routes,
    text,
)

ROLES = ("anonymous", "trainee", "instructor", "partner_admin_other", "partner_admin_this", "admin")

OK, REDIRECT, BAD_FORM, NOT_FOUND = 200, 302, 400, 404
LOGIN = "login"  # 302 to the login page
INVALID_FORM = {"name": ""}

INST = "/institutions/<int:institution_id>"
SIGN = f"{INST}/signatories/<int:signatory_id>"
COURSE = "/courses/<slug>"
MOD = f"{COURSE}/modules/<int:module_id>"
ENR = f"{COURSE}/enrolments"
SEE_OTHER = 303
QB = f"{COURSE}/questions"
Q = f"{QB}/<int:question_id>"
ASM = f"{COURSE}/assessments/<int:assessment_id>"
ATT = f"{COURSE}/attempts/<int:attempt_id>"  # a refused action answered with a redirect back and a message
PP = "/partner/<int:institution_id>"

# fmt: off
MATRIX: dict[str, tuple] = {
    #                                      anonymous  trainee    instructor PA other   PA this    admin
    "GET /":                              (OK,        OK,        OK,        OK,        OK,        OK),
    "GET /dashboard":                     (LOGIN,     OK,        OK,        OK,        OK,        OK),
    "GET /healthz":                       (OK,        OK,        OK,        OK,        OK,        OK),
    "GET /objectives/":                   (OK,        OK,        OK,        OK,        OK,        OK),
    "GET /objectives/<code>":             (OK,        OK,        OK,        OK,        OK,        OK),
    # Accounts
    "GET /auth/login":                    (OK,        REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT),
    "POST /auth/login":                   (BAD_FORM,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT),
    "POST /auth/logout":                  (REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT),
    "GET /auth/register":                 (OK,        REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT),
    "POST /auth/register":                (BAD_FORM,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT),
    "GET /auth/check-inbox":              (OK,        OK,        OK,        OK,        OK,        OK),
    "GET /auth/confirm/<token>":          (LOGIN,     LOGIN,     LOGIN,     LOGIN,     LOGIN,     LOGIN),
    "GET /auth/forgot":                   (OK,        OK,        OK,        OK,        OK,        OK),
    "POST /auth/forgot":                  (BAD_FORM,  BAD_FORM,  BAD_FORM,  BAD_FORM,  BAD_FORM,  BAD_FORM),
    "GET /auth/reset/<token>":            (OK,        OK,        OK,        OK,        OK,        OK),
    "POST /auth/reset/<token>":           (BAD_FORM,  BAD_FORM,  BAD_FORM,  BAD_FORM,  BAD_FORM,  BAD_FORM),
    "GET /auth/profile":                  (LOGIN,     OK,        OK,        OK,        OK,        OK),
    "POST /auth/profile":                 (LOGIN,     BAD_FORM,  BAD_FORM,  BAD_FORM,  BAD_FORM,  BAD_FORM),
    "POST /auth/password":                (LOGIN,     BAD_FORM,  BAD_FORM,  BAD_FORM,  BAD_FORM,  BAD_FORM),
    "POST /auth/language":                (REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT),
    # User administration
    "GET /admin/users":                   (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    "GET /admin/users/<int:user_id>":     (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    "POST /admin/users/<int:user_id>":    (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    # Institutions: a public profile and logo; managed by its own partner administrators and by admins
    "GET /institutions/":                 (LOGIN,     NOT_FOUND, NOT_FOUND, OK,        OK,        OK),
    "GET /institutions/new":              (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    "POST /institutions/new":             (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"GET {INST}":                        (OK,        OK,        OK,        OK,        OK,        OK),
    f"GET {INST}/logo":                   (OK,        OK,        OK,        OK,        OK,        OK),
    f"GET {INST}/edit":                   (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    f"POST {INST}/edit":                  (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM,  BAD_FORM),
    f"GET {INST}/signatories/new":        (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    f"POST {INST}/signatories/new":       (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM,  BAD_FORM),
    f"GET {SIGN}":                        (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    f"POST {SIGN}":                       (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM,  BAD_FORM),
    f"POST {SIGN}/delete":                (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT,  REDIRECT),
    f"GET {SIGN}/signature":              (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    # Courses. "instructor" teaches another course; the world course is published, approval mode,
    # hosted by "this" institution (its partner admin oversees it: reads enrolments, edits nothing).
    # Rows run in this order within a role: the enrolment rows leave each role with a pending request.
    "GET /courses/":                      (OK,        OK,        OK,        OK,        OK,        OK),
    "GET /courses/manage":                (LOGIN,     NOT_FOUND, OK,        OK,        OK,        OK),
    "GET /courses/new":                   (LOGIN,     NOT_FOUND, OK,        NOT_FOUND, NOT_FOUND, OK),
    "POST /courses/new":                  (LOGIN,     NOT_FOUND, BAD_FORM,  NOT_FOUND, NOT_FOUND, BAD_FORM),
    "POST /courses/preview":              (LOGIN,     NOT_FOUND, OK,        NOT_FOUND, NOT_FOUND, OK),
    f"GET {COURSE}":                      (OK,        OK,        OK,        OK,        OK,        OK),
    f"GET {COURSE}/cover":                (OK,        OK,        OK,        OK,        OK,        OK),
    f"GET {COURSE}/edit":                 (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"POST {COURSE}/edit":                (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"POST {COURSE}/status":              (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"GET {COURSE}/staff":                (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"POST {COURSE}/staff":               (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"POST {COURSE}/staff/instructors/<int:user_id>/remove":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT),
    f"GET {ENR}":                         (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    f"POST {ENR}/<int:enrolment_id>/reject":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, SEE_OTHER),
    f"POST {ENR}/<int:enrolment_id>/approve":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT),
    f"POST {ENR}/bulk":                   (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, SEE_OTHER),
    f"GET {ENR}/import":                  (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"POST {ENR}/import":                 (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"POST {ENR}/import/confirm":         (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"GET {COURSE}/learn":                (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT),
    f"GET {MOD}":                         (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"GET {MOD}/attachments/<int:attachment_id>":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"POST {COURSE}/enrol":               (LOGIN,     REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT),
    # A pending request gives no access to the modules yet, so completing one is still hidden.
    f"POST {MOD}/complete":               (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    f"POST {COURSE}/withdraw":            (LOGIN,     REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT),
    f"GET {COURSE}/modules/new":          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"POST {COURSE}/modules/new":         (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"GET {MOD}/edit":                    (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"POST {MOD}/edit":                   (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"POST {MOD}/move/<direction>":       (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT),
    f"POST {MOD}/attachments":            (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, SEE_OTHER),
    f"POST {MOD}/attachments/<int:attachment_id>/delete":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT),
    f"POST {COURSE}/staff/institutions/<int:institution_id>/<role>/remove":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT),
    f"POST {MOD}/delete":                 (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT),
    # Assessments. Only the course's staff (here: admin) author and grade; the partner admin of "this"
    # institution reads the gradebook and attempts; "another trainee's" attempt is hidden from all others.
    f"GET {COURSE}/questions":            (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"GET {QB}/new":                      (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"POST {QB}/new":                     (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"GET {Q}":                           (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"GET {Q}/edit":                      (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"POST {Q}/edit":                     (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"GET {Q}/regrade":                   (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"POST {Q}/regrade":                  (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT),
    f"POST {QB}/categories":              (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT),
    f"POST {QB}/categories/<int:category_id>/delete":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT),
    f"GET {QB}/import":                   (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"POST {QB}/import":                  (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"POST {QB}/import/confirm":          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"GET {QB}/export":                   (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"GET {COURSE}/rubrics":              (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"GET {COURSE}/rubrics/new":          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"POST {COURSE}/rubrics/new":         (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"GET {COURSE}/rubrics/<int:rubric_id>/edit":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"POST {COURSE}/rubrics/<int:rubric_id>/edit":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"GET {COURSE}/assessments":          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"GET {COURSE}/assessments/new":      (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"POST {COURSE}/assessments/new":     (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"GET {ASM}":                         (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"GET {ASM}/edit":                    (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"GET {ASM}/settings":                (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"POST {ASM}/settings":               (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"POST {ASM}/items":                  (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT),
    f"POST {ASM}/items/<int:item_id>/<any(up,down,remove):action>":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT),
    f"POST {ASM}/status":                 (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    # Staff do not take assessments; a trainee with only a pending request may not either.
    f"POST {ASM}/start":                  (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    f"GET {ATT}":                         (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    f"POST {ATT}/save":                   (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    f"POST {ATT}/submit":                 (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    f"GET {ATT}/review":                  (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    f"GET {COURSE}/grading":              (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"GET {COURSE}/grading/<int:answer_id>":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"POST {COURSE}/grading/<int:answer_id>":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM),
    f"GET {COURSE}/gradebook":            (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    f"POST {Q}/delete":                   (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT),
    f"POST {ASM}/delete":                 (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT),
    # Certificates. Verification is public; the world course is certified by its host, "this" institution,
    # whose partner admin (and admins) issue, approve, revoke and re-issue; the certificate is another trainee's.
    "GET /verify":                        (OK,        OK,        OK,        OK,        OK,        OK),
    "GET /verify/<serial>":               (OK,        OK,        OK,        OK,        OK,        OK),
    "POST /verify/<serial>":              (BAD_FORM,  BAD_FORM,  BAD_FORM,  BAD_FORM,  BAD_FORM,  BAD_FORM),
    "GET /verify/<serial>.json":          (OK,        OK,        OK,        OK,        OK,        OK),
    f"GET {INST}/issuer.json":            (OK,        OK,        OK,        OK,        OK,        OK),
    f"GET {INST}/keys.json":              (OK,        OK,        OK,        OK,        OK,        OK),
    f"GET {INST}/revocations.json":       (OK,        OK,        OK,        OK,        OK,        OK),
    "GET /certificates/<serial>.pdf":     (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    "GET /certificates/<serial>/credential.<any(json,jwt):kind>":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    # Only for the enrolled; the admin asked to enrol above (pending) and may study any course.
    f"GET {COURSE}/completion":           (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK),
    f"GET {COURSE}/certificates":         (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    f"GET {COURSE}/certificates/jobs/<int:job_id>":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    f"POST {COURSE}/certificates/issue":  (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT,  REDIRECT),
    f"POST {COURSE}/certificates/<serial>/<any(approve,revoke,reissue):action>":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, SEE_OTHER, SEE_OTHER),
    f"GET {INST}/certificate-template":   (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    f"POST {INST}/certificate-template":  (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM,  BAD_FORM),
    f"GET {INST}/certificate-template/preview.pdf":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    # Partner portal: an institution's partner admins and admins; "/partner/" sends a partner admin to their own.
    # The world's co-host request is from "other" for the world course, hosted by "this": "this" decides it.
    # (The admin's row above took "this" off the course's partners, so for them the request has no host left and
    # is out of reach through "this" portal: 404. tests/test_partner_portal.py has an admin deciding.)
    "GET /partner/":                      (LOGIN,     NOT_FOUND, NOT_FOUND, REDIRECT,  REDIRECT,  OK),
    f"GET {PP}":                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    f"GET {PP}/staff":                    (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    f"POST {PP}/staff/invite":            (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM,  BAD_FORM),
    f"POST {PP}/staff/<int:user_id>/roles":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT,  REDIRECT),
    f"GET {PP}/cohosting":                (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, OK,        OK),
    f"POST {PP}/cohosting":               (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, BAD_FORM,  BAD_FORM),
    f"POST {PP}/cohosting/<int:request_id>/accept":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT,  NOT_FOUND),
    f"POST {PP}/cohosting/<int:request_id>/decline":
                                          (LOGIN,     NOT_FOUND, NOT_FOUND, NOT_FOUND, REDIRECT,  NOT_FOUND),
    # Competence profiles: everyone's own; the public page by its link (the target trainee's, made public).
    "GET /profile/competence":            (LOGIN,     OK,        OK,        OK,        OK,        OK),
    "POST /profile/competence/sharing":   (LOGIN,     REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT),
    "POST /profile/competence/new-link":  (LOGIN,     REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT,  REDIRECT),
    "GET /p/<token>":                     (OK,        OK,        OK,        OK,        OK,        OK),
    # Reports: admins (everything), partner admins with an institution (its courses), instructors (their own
    # courses; this one teaches none, so an empty report). Trainees do not see reports.
    "GET /reports":                       (LOGIN,     NOT_FOUND, OK,        OK,        OK,        OK),
}
# fmt: on


def test_every_route_has_a_row_in_the_matrix(app):
    keys = {key for rule in routes(app) if not is_pending(rule) for key in route_keys(rule)}
    missing = sorted(keys - set(MATRIX))
    assert missing == [], f"routes without a permission row (add them to MATRIX): {missing}"
    all_keys = {key for rule in routes(app) for key in route_keys(rule)}
    stale = sorted(set(MATRIX) - all_keys)
    assert stale == [], f"rows for routes that no longer exist: {stale}"
    assert all(len(row) == len(ROLES) for row in MATRIX.values())


@pytest.mark.xfail(
    condition=bool(PENDING_BLUEPRINTS),
    strict=True,
    reason=f"blueprints {sorted(PENDING_BLUEPRINTS)} have no permission rows yet",
)
def test_pending_blueprints_have_their_rows(app):
    """Fails today (expected); once their rows are in MATRIX it passes, and strict xfail then asks
    for the blueprint to be taken off PENDING_BLUEPRINTS (tests/helpers.py)."""
    missing = sorted(key for rule in routes(app) if is_pending(rule) for key in route_keys(rule) if key not in MATRIX)
    assert missing == [], f"{len(missing)} routes of pending blueprints without a row: {missing}"


def _log_in_as(client, session, role: str, world) -> None:
    if role == "anonymous":
        return
    roles, institution = {
        "trainee": (("trainee",), world.this),
        "instructor": (("instructor",), world.this),
        "partner_admin_other": (("partner_admin",), world.other),
        "partner_admin_this": (("partner_admin",), world.this),
        "admin": (("admin",), None),
    }[role]
    user = fast_user(session, roles=roles, institution_id=institution.id if institution else None)
    client.login(user)


def _outcome(response):
    if is_login_redirect(response):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(app, client, db_session, role):
    world = build_world(db_session)
    _log_in_as(client, db_session, role, world)
    column = ROLES.index(role)
    by_key = {key: rule for rule in routes(app) for key in route_keys(rule)}

    # Logging out ends the session the other rows need, so it goes last.
    order = sorted(MATRIX, key=lambda key: key == "POST /auth/logout")
    actual, wrong = {}, {}
    for key in order:
        method, _ = key.split(" ", 1)
        url = world.url(by_key[key])
        response = client.get(url) if method == "GET" else client.post(url, INVALID_FORM)
        actual[key] = _outcome(response)
        if actual[key] != MATRIX[key][column]:
            wrong[key] = f"expected {MATRIX[key][column]}, got {actual[key]}"
        if actual[key] == LOGIN:
            assert location_path(response) == "/auth/login"
        assert response.status_code != 403, f"{key}: hidden objects answer 404, not 403"
    assert wrong == {}


def test_hidden_objects_look_exactly_like_missing_ones(client, db_session):
    """A partner administrator of another institution cannot tell 'exists' from 'does not exist'."""
    world = build_world(db_session)
    client.login(fast_user(db_session, roles=("partner_admin",), institution_id=world.other.id))
    client.get("/dashboard")  # shows (and so clears) the welcome message
    missing_id = world.this.id + world.other.id + 1000
    pairs = [
        (f"/institutions/{world.this.id}/edit", f"/institutions/{missing_id}/edit"),
        (
            f"/institutions/{world.this.id}/signatories/{world.signatory.id}",
            f"/institutions/{missing_id}/signatories/{world.signatory.id}",
        ),
        (
            f"/institutions/{world.this.id}/signatories/{world.signatory.id}/signature",
            f"/institutions/{world.this.id}/signatories/{world.signatory.id + 1000}/signature",
        ),
    ]
    for hidden, missing in pairs:
        hidden_response, missing_response = client.get(hidden), client.get(missing)
        assert hidden_response.status_code == missing_response.status_code == 404
        assert normalised_page(hidden_response) == normalised_page(missing_response)


def test_a_signatory_is_only_reachable_through_its_own_institution(client, db_session):
    """The partner admin of 'other' manages 'other', but cannot reach 'this' one's signatory via its URL."""
    world = build_world(db_session)
    client.login(fast_user(db_session, roles=("partner_admin",), institution_id=world.other.id))
    assert client.get(f"/institutions/{world.other.id}/edit").status_code == 200
    base = f"/institutions/{world.other.id}/signatories/{world.signatory.id}"
    assert client.get(base).status_code == 404
    assert client.get(base + "/signature").status_code == 404
    assert client.post(base + "/delete").status_code == 404
    assert client.post(base, {"name": "Hijacked", "title": "Nobody"}).status_code == 404
    db_session.refresh(world.signatory)
    assert world.signatory.name == "Sunee Wongsawat"


def test_the_institution_list_shows_a_partner_admin_only_their_own(client, db_session):
    world = build_world(db_session)
    client.login(fast_user(db_session, roles=("partner_admin",), institution_id=world.other.id))
    page = text(client.get("/institutions/"))
    assert world.other.name in page
    assert world.this.name not in page


def test_a_partner_admin_without_an_institution_manages_nothing(client, db_session):
    world = build_world(db_session)
    client.login(fast_user(db_session, roles=("partner_admin",), institution_id=None))
    assert client.get("/institutions/").status_code == 404
    assert client.get(f"/institutions/{world.this.id}/edit").status_code == 404
