"""User-written Markdown is rendered, then sanitised: nothing that runs, loads from a dangerous URL or
restyles the page reaches it; ordinary Markdown (tables, links, lists, code) does. Checked on the
renderer itself and through the pages that show authors' text."""

from __future__ import annotations

import json

import pytest
from markupsafe import Markup

from tests import course_factories as cf
from tests.helpers import fast_user, text
from training.markdown import render

HOSTILE = {
    "script tag": "<script>alert(1)</script>",
    "script in a paragraph": "Hello <script src=https://evil.example/x.js></script> world",
    "javascript link": "[click](javascript:alert(1))",
    "javascript link, mixed case": "[click](JaVaScRiPt:alert(1))",
    "javascript link, entity": "[click](&#106;avascript:alert(1))",
    "javascript link, tab": "[click](java\tscript:alert(1))",
    "javascript reference link": "[click][evil]\n\n[evil]: javascript:alert(1)",
    "javascript autolink": "<javascript:alert(1)>",
    "javascript image": "![pic](javascript:alert(1))",
    "vbscript link": "[click](vbscript:msgbox(1))",
    "raw a with javascript": '<a href="javascript:alert(1)">x</a>',
    "onerror": "<img src=x onerror=alert(1)>",
    "onerror in an image title": '![x](https://example.org/a.png "x\\" onerror=\\"alert(1)")',
    "onclick": '<a href="https://example.org" onclick="alert(1)">x</a>',
    "onload svg": "<svg onload=alert(1)><circle r=4 /></svg>",
    "iframe": '<iframe src="https://evil.example"></iframe>',
    "iframe srcdoc": '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "object": '<object data="https://evil.example/x.swf"></object>',
    "style attribute": '<p style="position:fixed;top:0;left:0;width:100%">Overlay</p>',
    "style element": "<style>body { display: none }</style>",
    "data link": "[open](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "data image": "![pixel](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGBg"
    "AAAABQABh6FO1AAAAABJRU5ErkJggg==)",
    "data svg image": "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "form": '<form action="https://evil.example"><input name="password"></form>',
    "meta refresh": '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    "base": '<base href="https://evil.example/">',
    "comment": "<!-- <script>alert(1)</script> -->",
    "table cell with html": "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
}


@pytest.mark.parametrize("source", HOSTILE.values(), ids=HOSTILE.keys())
def test_nothing_active_survives_rendering(source):
    html = str(render(source))
    # Parsed as a browser would: no active element, no on* or style attribute, no unsafe URL.
    # (The same words may appear as escaped text, e.g. "&lt;img onerror=...&gt;", which is harmless.)
    assert cf.unsafe_markup(html) == [], html
    lowered = html.lower()
    for needle in ("<script", "<iframe", "<style", "<object", "<form", "<meta", "<base", "<svg", "<input"):
        assert needle not in lowered, (needle, html)


@pytest.mark.parametrize(
    "raw",
    [
        "<script>x</script>",
        '<img src="x.png" onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JAVASCRIPT:x">x</a>',
        '<img src="data:image/png;base64,AA">',
        '<p style="color:red">x</p>',
        '<iframe src="https://example.org"></iframe>',
    ],
)
def test_the_checker_itself_catches_active_markup(raw):
    """The tests above rely on this checker; it must not pass everything."""
    assert cf.unsafe_markup(raw) != []


def test_hostile_text_is_shown_as_text_not_dropped_silently():
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in str(render("<script>alert(1)</script>"))


def test_render_returns_markup_and_accepts_nothing():
    assert isinstance(render("x"), Markup)
    assert str(render(None)) == "" and str(render("")) == ""


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("**bold** and *italic* and ~~gone~~", "<p><strong>bold</strong> and <em>italic</em> and <s>gone</s></p>"),
        ("# Title\n\n## Part", "<h1>Title</h1>\n<h2>Part</h2>"),
        (
            '[CAI](https://example.org/cai "Clean Asia")',
            '<a href="https://example.org/cai" title="Clean Asia" rel="noopener noreferrer nofollow">CAI</a>',
        ),
        (
            "<https://example.org>",
            '<a href="https://example.org" rel="noopener noreferrer nofollow">https://example.org</a>',
        ),
        (
            "[mail](mailto:team@example.org)",
            '<a href="mailto:team@example.org" rel="noopener noreferrer nofollow">mail</a>',
        ),
        ("![chart](https://example.org/chart.png)", '<img src="https://example.org/chart.png" alt="chart">'),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("3. three\n4. four", '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>'),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("```python\nprint('hi')\n```", "<pre><code class=\"language-python\">print('hi')\n</code></pre>"),
        ("`a < b`", "<code>a &lt; b</code>"),
        ("---", "<hr>"),
    ],
)
def test_safe_markdown_is_kept(source, expected):
    assert expected in str(render(source))


def test_tables_are_kept_with_their_alignment_but_without_style():
    html = str(render("| Gas | Share |\n|:----|------:|\n| CO₂ | 76% |\n| CH₄ | 16% |"))
    assert "<table>" in html and "<thead>" in html and "<tbody>" in html
    assert '<th align="left">Gas</th>' in html and '<td align="right">76%</td>' in html
    assert "style=" not in html


def test_text_in_any_script_is_kept():
    source = "การจัดการขยะ · 廃棄物管理 · إدارة النفايات · Quản lý chất thải"
    assert source in str(render(source))


# --- Through the pages ------------------------------------------------------------------------------------

EVERYTHING = "\n\n".join(
    [*HOSTILE.values(), "| A | B |\n|---|--:|\n| 1 | 2 |", "[Safe link](https://example.org/guide)"]
)


@pytest.fixture
def hostile_course(client, db_session):
    instructor = fast_user(db_session, roles=("instructor",))
    course = cf.course(db_session, instructors=[instructor], modules=0, description=EVERYTHING)
    module = cf.module(db_session, course, title="<img src=x onerror=alert(1)> Module", body=EVERYTHING)
    trainee = fast_user(db_session)
    cf.enrolment(db_session, trainee, course, "active")
    db_session.commit()
    return {"course": course, "module": module, "trainee": trainee, "instructor": instructor}


def assert_safe_and_complete(fragment: str):
    assert cf.unsafe_markup(fragment) == [], fragment
    assert "<table>" in fragment and '<td align="right">2</td>' in fragment
    assert '<a href="https://example.org/guide" rel="noopener noreferrer nofollow">Safe link</a>' in fragment


def test_module_pages_show_sanitised_markdown(client, hostile_course):
    course, module = hostile_course["course"], hostile_course["module"]
    client.login(hostile_course["trainee"])
    page = text(client.get(f"/courses/{course.slug}/modules/{module.id}"))
    assert_safe_and_complete(cf.prose(page))
    assert "<img src=x onerror" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; Module" in page  # the title is escaped


def test_the_course_page_shows_a_sanitised_description(client, hostile_course):
    page = text(client.get(f"/courses/{hostile_course['course'].slug}"))
    assert_safe_and_complete(cf.prose(page))


def test_the_authoring_previews_are_sanitised(client, hostile_course):
    course, module = hostile_course["course"], hostile_course["module"]
    client.login(hostile_course["instructor"])
    module_form = text(client.get(f"/courses/{course.slug}/modules/{module.id}/edit"))
    preview = module_form.split('id="body-preview"', 1)[1].split("</section>", 1)[0]
    assert_safe_and_complete(preview)
    course_form = text(client.get(f"/courses/{course.slug}/edit"))
    preview = course_form.split('id="description-preview"', 1)[1].split("</div></div>", 1)[0]
    assert_safe_and_complete(preview)
    response = client.post("/courses/preview", {"text": EVERYTHING})
    assert_safe_and_complete(json.loads(response.data)["html"])
