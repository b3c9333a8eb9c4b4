"""User-written Markdown: rendered with markdown-it-py, then sanitised with nh3.

Nothing user-written reaches a page without passing through :func:`render`.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.enable(["table", "strikethrough"])

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "del",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "code": {"class"},
}


_ALIGN_STYLE = re.compile(r'style="text-align:(left|right|center)"')


def render(text: str | None) -> Markup:
    """Markdown to safe HTML: no scripts, no event handlers, only http(s)/mailto links."""
    # markdown-it aligns table cells with a style attribute; style is never allowed, align is.
    return sanitize_html(_ALIGN_STYLE.sub(r'align="\1"', _md.render(text or "")))


def sanitize_html(html: str | None) -> Markup:
    """HTML written elsewhere (a GIFT file's ``[html]`` text) cleaned to the same allow-list as Markdown output."""
    clean = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above
