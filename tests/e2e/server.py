"""A live server for the browser journeys: a fresh SQLite database with the demo data, on 127.0.0.1.

Run by ``tests/e2e/conftest.py`` in a process of its own:
    python -m tests.e2e.server --instance DIR --port PORT
Mail is not sent: each message is appended to ``DIR/mail.txt``, where a journey reads its links.
The server prints ``READY`` once it answers requests.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path


class FileOutbox:
    """Stands in for the test outbox list of ``training.mail.send_mail``: one message after another in a file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, message) -> None:
        with self.path.open("a", encoding="utf-8") as out:
            out.write(f"To: {message['To']}\nSubject: {message['Subject']}\n\n{message.get_content()}\n----\n")


COHORT_COURSE = "waste-to-energy-and-final-disposal-ja"  # certified by the demo ministry
COHORT = [
    ("Aigerim Bekova", "KZ"),
    ("Bui Van Hai", "VN"),
    ("Dewi Lestari", "ID"),
    ("Farhan Hossain", "BD"),
    ("Maria Santos", "PH"),
    ("Sokha Chan", "KH"),
    ("Tenzin Dorji", "BT"),
    ("Zaw Min Htet", "MM"),
]


def seed_cohort() -> int:
    """A cohort that finished the course while its certificates were paused: every required module done,
    no certificate yet. The partner's journey issues theirs in bulk. Returns the number of trainees."""
    from sqlalchemy import select

    from tests.helpers import fast_user
    from training.courses.models import Course, Enrolment, ModuleProgress
    from training.db import utcnow
    from training.extensions import db

    course = db.session.scalar(select(Course).where(Course.slug == COHORT_COURSE))
    now = utcnow()
    for name, country in COHORT:
        user = fast_user(db.session, name=name, country=country, email=f"{name.split()[0].lower()}@cohort.example")
        enrolment = Enrolment(
            user_id=user.id,
            course_id=course.id,
            status="completed",
            requested_at=now,
            status_changed_at=now,
            completed_at=now,
        )
        db.session.add(enrolment)
        db.session.flush()
        db.session.add_all(ModuleProgress(enrolment_id=enrolment.id, module_id=m.id) for m in course.modules)
    db.session.commit()
    return len(COHORT)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", required=True, type=Path)
    parser.add_argument("--port", required=True, type=int)
    args = parser.parse_args()
    os.environ["TRAINING_INSTANCE_PATH"] = str(args.instance)
    os.environ["TRAINING_ENV"] = "development"

    from flask_migrate import upgrade
    from werkzeug.serving import make_server

    from training import create_app
    from training.main.demo import seed_demo

    base = f"http://127.0.0.1:{args.port}"
    app = create_app({"PUBLIC_BASE_URL": base, "SECRET_KEY": os.urandom(32).hex(), "JOBS_INLINE": True})
    app.extensions["mail_outbox"] = FileOutbox(args.instance / "mail.txt")
    with app.app_context():
        upgrade(directory=str(Path(__file__).resolve().parents[2] / "migrations"))
        seed_demo()
        seed_cohort()
    server = make_server("127.0.0.1", args.port, app, threaded=True)
    print("READY", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
