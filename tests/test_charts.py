"""Server-side SVG charts: accessible (role, title, a description with every number), escaped, well formed."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree as ET

from training.charts import bar_chart, radar_chart

SVG = "{http://www.w3.org/2000/svg}"


def test_a_bar_chart_names_every_value_and_escapes_labels():
    svg = str(bar_chart("Certified by country", ["Japan", "<script>x</script>", "ไทย"], [12, 3, 0], unit=" people"))
    root = ET.fromstring(svg)
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Certified by country"
    desc = root.find(f"{SVG}desc").text
    assert desc == "Japan: 12 people; <script>x</script>: 3 people; ไทย: 0 people"
    assert "<script>" not in svg.replace("&lt;script&gt;", "")
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect")]
    assert widths[0] == 380 and widths[1] == pytest.approx(95) and widths[2] == 0


def test_an_empty_chart_says_so():
    root = ET.fromstring(str(bar_chart("Nothing", [], [])))
    assert root.find(f"{SVG}desc").text == "No data."


def test_a_radar_chart_draws_one_axis_per_objective():
    svg = str(radar_chart("Competence", ["A", "B", "C", "D"], [1, 2, 3, 4], max_value=4))
    root = ET.fromstring(svg)
    assert len([line for line in root.iter(f"{SVG}line")]) == 4
    assert root.find(f"{SVG}desc").text == "A: 1; B: 2; C: 3; D: 4"
    with pytest.raises(ValueError):
        radar_chart("Too few", ["A", "B"], [1, 2], max_value=2)
