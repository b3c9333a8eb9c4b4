"""Used by ``make run``: load the demo data into an empty database, then print the demo logins."""

from __future__ import annotations

import os

from sqlalchemy import func, select

from training import create_app
from training.extensions import db


def main() -> None:
    app = create_app()
    with app.app_context():
        from training.auth.models import User
        from training.main.demo import DEMO_ACCOUNTS, seed_demo

        if db.session.scalar(select(func.count()).select_from(User)) == 0:
            print("Empty database: loading demo data ...")
            print(f"  {seed_demo()}")
        present = set(
            db.session.scalars(
                select(User.email).where(User.email.in_([account["email"] for account in DEMO_ACCOUNTS]))
            )
        )
        if not present:
            print(
                "\nThis database has its own accounts (no demo logins); run `flask --app wsgi seed-demo` to add them."
            )
            return
        address = f"http://{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
        print(f"\nDemo accounts (log in at {address}/auth/login):")
        for account in (a for a in DEMO_ACCOUNTS if a["email"] in present):
            print(f"  {account['role']:<14} {account['email']:<36} password: {account['password']}")
        print()


if __name__ == "__main__":
    main()
