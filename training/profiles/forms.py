"""The competence profile's sharing forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField

from training.forms import SiteForm


class SharingForm(SiteForm):
    public = BooleanField(
        _l("Make my competence profile public"),
        description=_l(
            "Anyone with the link then sees your name, the summary per CAI objective (courses, hours, average "
            "grade) and your valid certificates. Nothing else: not your email, country, institution or "
            "assessment grades."
        ),
    )
