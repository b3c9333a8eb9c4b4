"""The invitation a partner institution sends to a new staff member, in the recipient's language."""

from __future__ import annotations

from flask import url_for
from flask_babel import force_locale, gettext

from training.mail import send_mail


def send_staff_invitation(user, token: str, institution, role_label) -> None:
    """``role_label``: a lazy string, rendered in the recipient's language."""
    link = url_for("auth.reset_password", token=token, _external=True)
    with force_locale(user.locale or "en"):
        send_mail(
            user.email,
            gettext("You are invited to join %(institution)s on CAI Training", institution=institution.name),
            gettext(
                "Hello %(name)s,\n\n%(institution)s has added you to CAI Training as %(role)s. Choose your "
                "password with this link (valid for 14 days), then log in with this email address:\n%(link)s\n",
                name=user.name,
                institution=institution.name,
                role=str(role_label),
                link=link,
            ),
        )
