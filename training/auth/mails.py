"""The account e-mails, written in the recipient's language."""

from __future__ import annotations

from flask import url_for
from flask_babel import force_locale, gettext

from training.mail import send_mail


def _send(user, subject_fn, body_fn):
    with force_locale(user.locale or "en"):
        send_mail(user.email, subject_fn(), body_fn())


def send_reset_link(user, token: str) -> None:
    link = url_for("auth.reset_password", token=token, _external=True)
    _send(
        user,
        lambda: gettext("Reset your CAI Training password"),
        lambda: gettext(
            "Hello %(name)s,\n\nUse this link within an hour to choose a new password:\n%(link)s\n\n"
            "If you did not ask for this, ignore this message; your password is unchanged.",
            name=user.name,
            link=link,
        ),
    )


def send_confirmation(user, token: str) -> None:
    link = url_for("auth.confirm_email", token=token, _external=True)
    _send(
        user,
        lambda: gettext("Confirm your CAI Training account"),
        lambda: gettext(
            "Hello %(name)s,\n\nWelcome to CAI Training. Confirm your email address with this link:\n%(link)s\n",
            name=user.name,
            link=link,
        ),
    )


def send_already_registered(user) -> None:
    link = url_for("auth.forgot_password", _external=True)
    _send(
        user,
        lambda: gettext("Someone tried to register with your email address"),
        lambda: gettext(
            "Hello %(name)s,\n\nSomeone tried to create a CAI Training account with this address, "
            "but you already have one. If it was you and you forgot your password, reset it here:\n"
            "%(link)s\n\nOtherwise you can ignore this message.",
            name=user.name,
            link=link,
        ),
    )


def send_invitation(user, token: str, course) -> None:
    link = url_for("auth.reset_password", token=token, _external=True)
    _send(
        user,
        lambda: gettext("You are invited to %(course)s on CAI Training", course=course.title),
        lambda: gettext(
            "Hello %(name)s,\n\nYou have been enrolled in the course “%(course)s”. Choose your password "
            "with this link (valid for 14 days), then log in with this email address:\n%(link)s\n",
            name=user.name,
            course=course.title,
            link=link,
        ),
    )
