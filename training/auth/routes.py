"""Login, registration, password reset, profile and language."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from training.auth import mails, services
from training.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LanguageForm,
    LoginForm,
    ProfileForm,
    RegisterForm,
    ResetPasswordForm,
)
from training.extensions import db, limiter
from training.institutions.models import Institution

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _failed(response) -> bool:
    return response.status_code != 302


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _reset_limit() -> str:
    return current_app.config["RESET_RATE_LIMIT"]


def _form_email() -> str:
    return "email:" + (request.form.get("email") or "").strip().lower()


def safe_next(target: str | None) -> str | None:
    """Only same-site paths: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or any(ch in target for ch in "\\\r\n\t"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _institutions():
    return db.session.scalars(select(Institution).order_by(Institution.name)).all()


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed)
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed, key_func=_form_email)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.authenticate(form.email.data, form.password.data)
        if user is None:
            flash(_("That email and password do not match an active account."), "error")
            return render_template("auth/login.html", form=form), 401
        if user.email_confirmed_at is None:
            token = services.issue_token(user, "confirm")
            db.session.commit()
            mails.send_confirmation(user, token)
            flash(_("Please confirm your email address first. We have sent you a new link."), "info")
            return render_template("auth/login.html", form=form), 403
        services.note_login(user)
        db.session.commit()
        login_user(user, remember=form.remember.data)
        session["locale"] = user.locale
        flash(_("Welcome back, %(name)s.", name=user.name), "success")
        return redirect(safe_next(request.args.get("next")) or url_for("main.dashboard"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("main.index"))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def register():
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = RegisterForm(institutions=_institutions())
    if form.validate_on_submit():
        user = services.register(
            email=form.email.data,
            name=form.name.data,
            password=form.password.data,
            country=form.country.data,
            institution_id=form.institution_id.data,
            locale=str(session.get("locale") or "en"),
        )
        if user is None:
            existing = services.find_user(form.email.data)
            db.session.rollback()
            mails.send_already_registered(existing)
        else:
            token = services.issue_token(user, "confirm")
            db.session.commit()
            mails.send_confirmation(user, token)
        # The same answer either way, so the form cannot tell who has an account.
        return redirect(url_for("auth.check_inbox"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/register.html", form=form), status


@bp.route("/check-inbox")
def check_inbox():
    return render_template("auth/check_inbox.html")


@bp.route("/confirm/<token>")
def confirm_email(token: str):
    user = services.confirm_email(token)
    if user is None:
        flash(_("This confirmation link is invalid or has expired. Log in to get a new one."), "error")
        return redirect(url_for("auth.login"))
    db.session.commit()
    flash(_("Your email address is confirmed. You can now log in."), "success")
    return redirect(url_for("auth.login"))


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_user(form.email.data)
        if user is not None and user.active:
            token = services.issue_token(user, "reset")
            db.session.commit()
            mails.send_reset_link(user, token)
        flash(_("If an account uses that address, we have sent it a link to reset the password."), "info")
        return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/forgot.html", form=form), status


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
def reset_password(token: str):
    if services.peek_token(token, services.SET_PASSWORD_PURPOSES) is None:
        flash(_("This reset link is invalid or has expired. Ask for a new one."), "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.reset_password(token, form.password.data)
        db.session.commit()
        flash(_("Your password has been changed. You can now log in."), "success")
        return redirect(url_for("auth.login"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/reset.html", form=form), status


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user, institutions=_institutions(), languages=current_app.config["LANGUAGES"])
    if form.validate_on_submit():
        services.update_profile(
            current_user,
            name=form.name.data,
            country=form.country.data,
            institution_id=form.institution_id.data,
            locale=form.locale.data,
            timezone=form.timezone.data,
        )
        db.session.commit()
        session["locale"] = current_user.locale
        refresh()  # the confirmation is shown in the language just chosen
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("auth.profile"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/profile.html", form=form, password_form=ChangePasswordForm(prefix="pw")), status


@bp.route("/password", methods=["POST"])
@login_required
def change_password():
    password_form = ChangePasswordForm(prefix="pw")
    if password_form.validate_on_submit():
        # The real User, not the proxy: the audit record is typed by the object's class.
        user = current_user._get_current_object()
        if services.change_password(user, password_form.current_password.data, password_form.password.data):
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("auth.profile"))
        password_form.current_password.errors.append(_("Your current password is not correct."))
    form = ProfileForm(obj=current_user, institutions=_institutions(), languages=current_app.config["LANGUAGES"])
    return render_template("auth/profile.html", form=form, password_form=password_form), 400


@bp.route("/language", methods=["POST"])
def set_language():
    form = LanguageForm()
    form.locale.choices = list(current_app.config["LANGUAGES"].items())
    if form.validate_on_submit():
        session["locale"] = form.locale.data
        if current_user.is_authenticated:
            current_user.locale = form.locale.data
            db.session.commit()
    return redirect(safe_next(request.form.get("next")) or url_for("main.index"))
