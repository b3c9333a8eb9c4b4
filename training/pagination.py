"""Pagination of a select, shared by every list page."""

from __future__ import annotations

from flask import abort, request

from training.extensions import db


def paginate(stmt, per_page: int = 25):
    page = request.args.get("page", "1")
    if not (page.isascii() and page.isdecimal()) or int(page) < 1 or int(page) > 100_000:
        abort(404)
    return db.paginate(stmt, page=int(page), per_page=per_page, error_out=True, count=True)
