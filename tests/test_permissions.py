"""The permission matrix: every route, every role, one expected answer each.

The table is walked against ``app.url_map``: a route without a row fails the suite, so a new
route cannot ship without someone deciding who may use it, and a row without its route fails too.
Requests use real objects (see ``tests.helpers.World``): a course hosted by "this" institution,
taught by its own instructor, and completed by "the" trainee, whose quiz attempt, certificate and
public competence profile every URL points at. Each "_this" column is the user those objects belong
to; each "_other" column is the same kind of user with no tie to them: another trainee (of the same
institution), an instructor who teaches another course (same institution), the partner admin of
another institution. POST rows send an invalid form (a blank name; other fields missing) with a
valid CSRF token, so 400 means "allowed in, form refused" and nothing changes. (An empty POST would
not do: an edit form falls back to the object's values for fields that are not sent.) What a user
may not see answers 404, never 403.
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
    world_user,
)

ROLES = (
    "anonymous",
    "trainee_this",  # world.target: enrolled (completed), owns the attempt, the certificate, the public profile
    "trainee_other",  # a trainee of "this" institution, no tie to the world course
    "instructor_this",  # world.owner, the world course's instructor
    "instructor_other",  # an instructor of "this" institution who teaches another course
    "partner_admin_this",  # of "this" institution, the world course's host and certifier
    "partner_admin_other",  # of "other" institution, which asks to co-host the world course
    "admin",
)

# The answers in the table. HIDDEN is also the answer to what a user may see but not do (staff taking a quiz).
OK, REDIR, BAD, HIDDEN = 200, 302, 400, 404  # BAD: let in, the invalid form refused; HIDDEN: as if it did not exist
SEE = 303  # "See Other": a refused action sent back to the page with a message
LOGIN = "login"  # 302 to the login page
ANSWERS = {OK, REDIR, SEE, BAD, HIDDEN, LOGIN}
INVALID_FORM = {"name": ""}

INST = "/institutions/<int:institution_id>"
SIGN = f"{INST}/signatories/<int:signatory_id>"
COURSE = "/courses/<slug>"
MOD = f"{COURSE}/modules/<int:module_id>"
ENR = f"{COURSE}/enrolments"
QB = f"{COURSE}/questions"
Q = f"{QB}/<int:question_id>"
ASM = f"{COURSE}/assessments/<int:assessment_id>"
ATT = f"{COURSE}/attempts/<int:attempt_id>"
PP = "/partner/<int:institution_id>"

# fmt: off
MATRIX: dict[str, tuple] = {
    #                                              trainee         instructor      partner admin
    #                                      anon.   this    other   this    other   this    other   admin
    "GET /":                              (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    "GET /dashboard":                     (LOGIN,  OK,     OK,     OK,     OK,     OK,     OK,     OK),
    "GET /healthz":                       (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    "GET /objectives/":                   (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    "GET /objectives/<code>":             (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    # Accounts
    "GET /auth/login":                    (OK,     REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR),
    "POST /auth/login":                   (BAD,    REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR),
    "POST /auth/logout":                  (REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR),
    "GET /auth/register":                 (OK,     REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR),
    "POST /auth/register":                (BAD,    REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR),
    "GET /auth/check-inbox":              (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    "GET /auth/confirm/<token>":          (LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN,  LOGIN),
    "GET /auth/forgot":                   (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    "POST /auth/forgot":                  (BAD,    BAD,    BAD,    BAD,    BAD,    BAD,    BAD,    BAD),
    "GET /auth/reset/<token>":            (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    "POST /auth/reset/<token>":           (BAD,    BAD,    BAD,    BAD,    BAD,    BAD,    BAD,    BAD),
    "GET /auth/profile":                  (LOGIN,  OK,     OK,     OK,     OK,     OK,     OK,     OK),
    "POST /auth/profile":                 (LOGIN,  BAD,    BAD,    BAD,    BAD,    BAD,    BAD,    BAD),
    "POST /auth/password":                (LOGIN,  BAD,    BAD,    BAD,    BAD,    BAD,    BAD,    BAD),
    "POST /auth/language":                (REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR),
    # User administration
    "GET /admin/users":                   (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK),
    "GET /admin/users/<int:user_id>":     (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK),
    "POST /admin/users/<int:user_id>":    (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, BAD),
    # Institutions: a public profile and logo; managed by its own partner administrators and by admins
    "GET /institutions/":                 (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK,     OK,     OK),
    "GET /institutions/new":              (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK),
    "POST /institutions/new":             (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, BAD),
    f"GET {INST}":                        (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    f"GET {INST}/logo":                   (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    f"GET {INST}/edit":                   (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK,     HIDDEN, OK),
    f"POST {INST}/edit":                  (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, BAD,    HIDDEN, BAD),
    f"GET {INST}/signatories/new":        (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK,     HIDDEN, OK),
    f"POST {INST}/signatories/new":       (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, BAD,    HIDDEN, BAD),
    f"GET {SIGN}":                        (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK,     HIDDEN, OK),
    f"POST {SIGN}":                       (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, BAD,    HIDDEN, BAD),
    f"POST {SIGN}/delete":                (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, REDIR,  HIDDEN, REDIR),
    f"GET {SIGN}/signature":              (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK,     HIDDEN, OK),
    # Courses. The world course is published, approval mode, hosted by "this" institution (its partner admin
    # oversees it: reads enrolments, edits nothing); its instructor manages it as an admin does.
    # Rows run in this order within a role: the enrolment rows leave each role (but the trainee, who has
    # completed the course) with a pending request.
    "GET /courses/":                      (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    "GET /courses/manage":                (LOGIN,  HIDDEN, HIDDEN, OK,     OK,     OK,     OK,     OK),
    "GET /courses/new":                   (LOGIN,  HIDDEN, HIDDEN, OK,     OK,     HIDDEN, HIDDEN, OK),
    "POST /courses/new":                  (LOGIN,  HIDDEN, HIDDEN, BAD,    BAD,    HIDDEN, HIDDEN, BAD),
    "POST /courses/preview":              (LOGIN,  HIDDEN, HIDDEN, OK,     OK,     HIDDEN, HIDDEN, OK),
    f"GET {COURSE}":                      (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    f"GET {COURSE}/cover":                (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    f"GET {COURSE}/edit":                 (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"POST {COURSE}/edit":                (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"POST {COURSE}/status":              (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"GET {COURSE}/staff":                (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"POST {COURSE}/staff":               (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"POST {COURSE}/staff/instructors/<int:user_id>/remove":
                                          (LOGIN,  HIDDEN, HIDDEN, REDIR,  HIDDEN, HIDDEN, HIDDEN, REDIR),
    f"GET {ENR}":                         (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, OK,     HIDDEN, OK),
    f"POST {ENR}/<int:enrolment_id>/reject":
                                          (LOGIN,  HIDDEN, HIDDEN, SEE,    HIDDEN, HIDDEN, HIDDEN, SEE),
    f"POST {ENR}/<int:enrolment_id>/approve":
                                          (LOGIN,  HIDDEN, HIDDEN, REDIR,  HIDDEN, HIDDEN, HIDDEN, REDIR),
    f"POST {ENR}/bulk":                   (LOGIN,  HIDDEN, HIDDEN, SEE,    HIDDEN, HIDDEN, HIDDEN, SEE),
    f"GET {ENR}/import":                  (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"POST {ENR}/import":                 (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"POST {ENR}/import/confirm":         (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"GET {COURSE}/learn":                (LOGIN,  REDIR,  HIDDEN, REDIR,  HIDDEN, HIDDEN, HIDDEN, REDIR),
    f"GET {MOD}":                         (LOGIN,  OK,     HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"GET {MOD}/attachments/<int:attachment_id>":
                                          (LOGIN,  OK,     HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"POST {COURSE}/enrol":               (LOGIN,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR),
    # A pending request gives no access to the modules yet, so completing one is still hidden. The trainee
    # completed the course: completing a module again changes nothing, and a completed course is not withdrawn from.
    f"POST {MOD}/complete":               (LOGIN,  REDIR,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    f"POST {COURSE}/withdraw":            (LOGIN,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR),
    f"GET {COURSE}/modules/new":          (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"POST {COURSE}/modules/new":         (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"GET {MOD}/edit":                    (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"POST {MOD}/edit":                   (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"POST {MOD}/move/<direction>":       (LOGIN,  HIDDEN, HIDDEN, REDIR,  HIDDEN, HIDDEN, HIDDEN, REDIR),
    f"POST {MOD}/attachments":            (LOGIN,  HIDDEN, HIDDEN, SEE,    HIDDEN, HIDDEN, HIDDEN, SEE),
    f"POST {MOD}/attachments/<int:attachment_id>/delete":
                                          (LOGIN,  HIDDEN, HIDDEN, REDIR,  HIDDEN, HIDDEN, HIDDEN, REDIR),
    f"POST {COURSE}/staff/institutions/<int:institution_id>/<role>/remove":
                                          (LOGIN,  HIDDEN, HIDDEN, REDIR,  HIDDEN, HIDDEN, HIDDEN, REDIR),
    f"POST {MOD}/delete":                 (LOGIN,  HIDDEN, HIDDEN, REDIR,  HIDDEN, HIDDEN, HIDDEN, REDIR),
    # Assessments. Only the course's staff (its instructor, admins) author and grade; the partner admin of "this"
    # institution reads the gradebook and attempts. The attempt is the trainee's, hidden from other trainees.
    f"GET {COURSE}/questions":            (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"GET {QB}/new":                      (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"POST {QB}/new":                     (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"GET {Q}":                           (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"GET {Q}/edit":                      (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"POST {Q}/edit":                     (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"GET {Q}/regrade":                   (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"POST {Q}/regrade":                  (LOGIN,  HIDDEN, HIDDEN, REDIR,  HIDDEN, HIDDEN, HIDDEN, REDIR),
    f"POST {QB}/categories":              (LOGIN,  HIDDEN, HIDDEN, REDIR,  HIDDEN, HIDDEN, HIDDEN, REDIR),
    f"POST {QB}/categories/<int:category_id>/delete":
                                          (LOGIN,  HIDDEN, HIDDEN, REDIR,  HIDDEN, HIDDEN, HIDDEN, REDIR),
    f"GET {QB}/import":                   (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"POST {QB}/import":                  (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"POST {QB}/import/confirm":          (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"GET {QB}/export":                   (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"GET {COURSE}/rubrics":              (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"GET {COURSE}/rubrics/new":          (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"POST {COURSE}/rubrics/new":         (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"GET {COURSE}/rubrics/<int:rubric_id>/edit":
                                          (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"POST {COURSE}/rubrics/<int:rubric_id>/edit":
                                          (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"GET {COURSE}/assessments":          (LOGIN,  OK,     HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"GET {COURSE}/assessments/new":      (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"POST {COURSE}/assessments/new":     (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"GET {ASM}":                         (LOGIN,  OK,     HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"GET {ASM}/edit":                    (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"GET {ASM}/settings":                (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"POST {ASM}/settings":               (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"POST {ASM}/items":                  (LOGIN,  HIDDEN, HIDDEN, REDIR,  HIDDEN, HIDDEN, HIDDEN, REDIR),
    f"POST {ASM}/items/<int:item_id>/<any(up,down,remove):action>":
                                          (LOGIN,  HIDDEN, HIDDEN, REDIR,  HIDDEN, HIDDEN, HIDDEN, REDIR),
    f"POST {ASM}/status":                 (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    # Staff do not take assessments; a trainee with only a pending request may not either. The trainee's attempt
    # is submitted, so taking it leads to its review, and saving or submitting it again is refused with a message.
    f"POST {ASM}/start":                  (LOGIN,  REDIR,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    f"GET {ATT}":                         (LOGIN,  REDIR,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    f"POST {ATT}/save":                   (LOGIN,  REDIR,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    f"POST {ATT}/submit":                 (LOGIN,  REDIR,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN, HIDDEN),
    f"GET {ATT}/review":                  (LOGIN,  OK,     HIDDEN, OK,     HIDDEN, OK,     HIDDEN, OK),
    f"GET {COURSE}/grading":              (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"GET {COURSE}/grading/<int:answer_id>":
                                          (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"POST {COURSE}/grading/<int:answer_id>":
                                          (LOGIN,  HIDDEN, HIDDEN, BAD,    HIDDEN, HIDDEN, HIDDEN, BAD),
    f"GET {COURSE}/gradebook":            (LOGIN,  OK,     HIDDEN, OK,     HIDDEN, OK,     HIDDEN, OK),
    f"POST {Q}/delete":                   (LOGIN,  HIDDEN, HIDDEN, REDIR,  HIDDEN, HIDDEN, HIDDEN, REDIR),
    f"POST {ASM}/delete":                 (LOGIN,  HIDDEN, HIDDEN, REDIR,  HIDDEN, HIDDEN, HIDDEN, REDIR),
    # Certificates. Verification is public; the world course is certified by its host, "this" institution,
    # whose partner admin (and admins) issue, approve, revoke and re-issue. The certificate is the trainee's; the
    # course's instructor reads the course's certificates but issues none (nor follows an issue job).
    "GET /verify":                        (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    "GET /verify/<serial>":               (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    "POST /verify/<serial>":              (BAD,    BAD,    BAD,    BAD,    BAD,    BAD,    BAD,    BAD),
    "GET /verify/<serial>.json":          (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    f"GET {INST}/issuer.json":            (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    f"GET {INST}/keys.json":              (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    f"GET {INST}/revocations.json":       (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    "GET /certificates/<serial>.pdf":     (LOGIN,  OK,     HIDDEN, OK,     HIDDEN, OK,     HIDDEN, OK),
    "GET /certificates/<serial>/credential.<any(json,jwt):kind>":
                                          (LOGIN,  OK,     HIDDEN, OK,     HIDDEN, OK,     HIDDEN, OK),
    # Only for the enrolled; the instructor and the admin asked to enrol above (pending) and may study the course.
    f"GET {COURSE}/completion":           (LOGIN,  OK,     HIDDEN, OK,     HIDDEN, HIDDEN, HIDDEN, OK),
    f"GET {COURSE}/certificates":         (LOGIN,  HIDDEN, HIDDEN, OK,     HIDDEN, OK,     HIDDEN, OK),
    f"GET {COURSE}/certificates/jobs/<int:job_id>":
                                          (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK,     HIDDEN, OK),
    f"POST {COURSE}/certificates/issue":  (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, REDIR,  HIDDEN, REDIR),
    f"POST {COURSE}/certificates/<serial>/<any(approve,revoke,reissue):action>":
                                          (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, SEE,    HIDDEN, SEE),
    f"GET {INST}/certificate-template":   (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK,     HIDDEN, OK),
    f"POST {INST}/certificate-template":  (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, BAD,    HIDDEN, BAD),
    f"GET {INST}/certificate-template/preview.pdf":
                                          (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK,     HIDDEN, OK),
    # Partner portal: an institution's partner admins and admins; "/partner/" sends a partner admin to their own.
    # The world's co-host request is from "other" for the world course, hosted by "this": "this" decides it.
    # (The admin's row above took "this" off the course's partners, so for them the request has no host left and
    # is out of reach through "this" portal: 404. tests/test_partner_portal.py has an admin deciding.)
    "GET /partner/":                      (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, REDIR,  REDIR,  OK),
    f"GET {PP}":                          (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK,     HIDDEN, OK),
    f"GET {PP}/staff":                    (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK,     HIDDEN, OK),
    f"POST {PP}/staff/invite":            (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, BAD,    HIDDEN, BAD),
    f"POST {PP}/staff/<int:user_id>/roles":
                                          (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, REDIR,  HIDDEN, REDIR),
    f"GET {PP}/cohosting":                (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, OK,     HIDDEN, OK),
    f"POST {PP}/cohosting":               (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, BAD,    HIDDEN, BAD),
    f"POST {PP}/cohosting/<int:request_id>/accept":
                                          (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, REDIR,  HIDDEN, HIDDEN),
    f"POST {PP}/cohosting/<int:request_id>/decline":
                                          (LOGIN,  HIDDEN, HIDDEN, HIDDEN, HIDDEN, REDIR,  HIDDEN, HIDDEN),
    # Competence profiles: everyone's own; the public page by its link (the trainee's, made public). The page
    # goes first: the trainee's invalid sharing form makes their profile private, and a new link retires the old.
    "GET /p/<token>":                     (OK,     OK,     OK,     OK,     OK,     OK,     OK,     OK),
    "GET /profile/competence":            (LOGIN,  OK,     OK,     OK,     OK,     OK,     OK,     OK),
    "POST /profile/competence/sharing":   (LOGIN,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR),
    "POST /profile/competence/new-link":  (LOGIN,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR,  REDIR),
    # Reports: admins (everything), partner admins with an institution (its courses), instructors (their own
    # courses). Trainees do not see reports.
    "GET /reports":                       (LOGIN,  HIDDEN, HIDDEN, OK,     OK,     OK,     OK,     OK),
}
# fmt: on


def test_every_route_has_a_row_in_the_matrix(app):
    keys = {key for rule in routes(app) if not is_pending(rule) for key in route_keys(rule)}
    missing = sorted(keys - set(MATRIX))
    assert missing == [], f"routes without a permission row (add them to MATRIX): {missing}"
    all_keys = {key for rule in routes(app) for key in route_keys(rule)}
    stale = sorted(set(MATRIX) - all_keys)
    assert stale == [], f"rows for routes that no longer exist: {stale}"
    assert [key for key, row in MATRIX.items() if len(row) != len(ROLES)] == []
    assert [key for key, row in MATRIX.items() if not set(row) <= ANSWERS] == []


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


def _outcome(response):
    if is_login_redirect(response):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(app, client, db_session, role):
    world = build_world(db_session)
    user = world_user(db_session, world, role)
    if user is not None:
        client.login(user)
    column = ROLES.index(role)
    by_key = {key: rule for rule in routes(app) for key in route_keys(rule)}
    assert set(MATRIX) <= set(by_key), f"rows without a route: {sorted(set(MATRIX) - set(by_key))}"

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


def test_the_certificates_page_links_the_issue_job_only_for_those_who_may_follow_it(client, db_session):
    """The course's instructor reads its certificates but does not issue them, so the last bulk issue is
    not linked for them (its page is the certifier's: 404); the certifying institution's partner admin follows it."""
    world = build_world(db_session)
    job_url = f"/courses/{world.course.slug}/certificates/jobs/{world.job.id}"
    for user, linked in [
        (world.owner, False),
        (world_user(db_session, world, "partner_admin_this"), True),
        (world_user(db_session, world, "admin"), True),
    ]:
        client.login(user)
        page = client.get(f"/courses/{world.course.slug}/certificates")
        assert page.status_code == 200
        assert (job_url in text(page)) is linked
        assert client.get(job_url).status_code == (200 if linked else 404)
        client.logout()
