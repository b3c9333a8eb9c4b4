"""The dashboard's progress: progress_for reading modules the caller loaded gives what its own query gives."""

from __future__ import annotations

from tests import course_factories as cf
from tests.helpers import fast_user
from training.courses.dashboard import my_enrolments
from training.courses.models import ModuleProgress
from training.courses.progress import progress_for


def test_progress_from_loaded_modules(db_session, count_queries):
    user = fast_user(db_session)
    courses = [cf.course(db_session, modules=n) for n in (3, 1, 0)]
    enrolments = [
        cf.enrolment(db_session, user, course, status)
        for course, status in zip(courses, ("active", "completed", "active"), strict=True)
    ]
    first = courses[0].modules
    db_session.add_all([ModuleProgress(enrolment_id=enrolments[0].id, module_id=first[1].id)])
    db_session.add(ModuleProgress(enrolment_id=enrolments[1].id, module_id=courses[1].modules[0].id))
    db_session.flush()
    db_session.expire_all()

    loaded = my_enrolments(user)
    with count_queries() as queried:
        expected = progress_for(loaded)
    with count_queries() as read:
        got = progress_for(loaded, modules_loaded=True)
    assert got == expected
    assert (len(queried), len(read)) == (2, 1)
    by_course = {e.course_id: got[e.id] for e in loaded}
    assert (by_course[courses[0].id].done, by_course[courses[0].id].total) == (1, 3)
    assert by_course[courses[0].id].next_module_id == first[0].id
    assert (by_course[courses[1].id].done, by_course[courses[1].id].total) == (1, 1)
    assert (by_course[courses[2].id].done, by_course[courses[2].id].total) == (0, 0)
