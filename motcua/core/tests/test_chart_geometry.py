"""The charts' geometry: nothing drawn with a negative size, labels that fit their column (or are
cut with the full text kept in a <title>), axis labels that do not run into each other."""

import re
from itertools import pairwise
from xml.etree import ElementTree

from motcua.core.charts import (
    CHAR_PX,
    NARROW,
    PALETTE,
    WIDE,
    Series,
    line_chart,
    stacked_bars,
    text_width,
    wrap_label,
)

SVG = "{http://www.w3.org/2000/svg}"
SERIES = (Series("Còn hạn", PALETTE[0]), Series("Sắp đến hạn", PALETTE[4]), Series("Quá hạn", "r"))
LONG = "Phòng Giáo dục trung học và Giáo dục thường xuyên, Giáo dục nghề nghiệp - Giáo dục đại học"


def _drawings(markup: str) -> dict[str, ElementTree.Element]:
    """The wide and the narrow <svg> of one chart, by layout."""
    root = ElementTree.fromstring(f"<div>{markup}</div>")  # noqa: S314 (our own markup)
    found = {}
    for svg in root.iter(f"{SVG}svg"):
        layout = re.search(r"chart-(\w+)", svg.get("class", ""))
        assert layout, svg.get("class")
        found[layout.group(1)] = svg
    assert set(found) == {"wide", "narrow"}
    return found


def _rects(svg: ElementTree.Element) -> list[tuple[float, float, float, float]]:
    return [
        (float(r.get("x", 0)), float(r.get("y", 0)), float(r.get("width")), float(r.get("height")))
        for r in svg.iter(f"{SVG}rect")
    ]


def _view_width(svg: ElementTree.Element) -> float:
    return float(svg.get("viewBox", "").split()[2])


def test_a_negative_count_draws_nothing_and_never_moves_the_next_bar_back() -> None:
    # Open 5, of which "due soon" 4 and "overdue" 3 overlap: the caller's remainder is -2.
    markup = stacked_bars([("Phòng A", [-2, 4, 3])], SERIES, title="t")
    for layout, svg in _drawings(markup).items():
        rects = _rects(svg)
        assert all(w >= 0 and h >= 0 for _, _, w, h in rects), (layout, rects)
        bars = [r for r in rects if r[2] != 12]  # legend swatches are 12 × 12
        assert len(bars) == 2
        start = 220 if layout == "wide" else 0
        assert bars[0][0] == start and bars[1][0] == bars[0][0] + bars[0][2]
        total = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "value"]
        assert [t.text for t in total] == ["7"]  # what is drawn, not 5


def test_bars_stay_right_of_the_labels_and_inside_the_drawing() -> None:
    rows = [(f"Đơn vị {i}", [i * 10, i, 2]) for i in range(1, 6)]
    wide = _drawings(stacked_bars(rows, SERIES, title="t"))["wide"]
    for x, _, w, _ in _rects(wide):
        if w != 12:
            assert x >= 220 and x + w <= WIDE - 60 + 0.1  # room left for the total


def test_a_long_label_is_wrapped_then_cut_with_the_full_text_in_its_title() -> None:
    lines = wrap_label(LONG, 212)
    assert len(lines) == 2
    assert all(text_width(line) <= 212 for line in lines)
    assert lines[-1].endswith("…")
    assert lines[0] == "Phòng Giáo dục trung học và"  # broken at a space
    svg = _drawings(stacked_bars([(LONG, [1, 0, 0])], SERIES, title="t"))["wide"]
    label = next(t for t in svg.iter(f"{SVG}text") if t.get("class") == "label")
    assert label.find(f"{SVG}title").text == LONG
    assert [s.text for s in label.iter(f"{SVG}tspan")] == lines


def test_a_short_label_is_one_line_without_a_repeated_title() -> None:
    assert wrap_label("Văn thư", 212) == ["Văn thư"]
    svg = _drawings(stacked_bars([("Văn thư", [1, 0, 0])], SERIES, title="t"))["narrow"]
    label = next(t for t in svg.iter(f"{SVG}text") if t.get("class") == "label")
    assert label.find(f"{SVG}title") is None


def test_a_word_longer_than_the_line_is_cut() -> None:
    lines = wrap_label("x" * 100, 10 * CHAR_PX)
    assert len(lines) == 2 and all(len(line) <= 10 for line in lines)
    assert lines == ["x" * 10, "x" * 9 + "…"]


def test_narrow_labels_fit_the_narrow_drawing() -> None:
    svg = _drawings(stacked_bars([(LONG, [3, 1, 1])] * 3, SERIES, title="t"))["narrow"]
    assert _view_width(svg) == NARROW
    for tspan in svg.iter(f"{SVG}tspan"):
        assert float(tspan.get("x")) + text_width(tspan.text or "") <= NARROW


def test_the_legend_wraps_rather_than_running_off_the_drawing() -> None:
    many = [Series(f"Nhóm số liệu rất dài thứ {i}", PALETTE[i % 6]) for i in range(6)]
    svg = _drawings(stacked_bars([("A", [1] * 6)], many, title="t"))["narrow"]
    legend = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "legend"]
    assert len({t.get("y") for t in legend}) > 1
    for t in legend:
        assert float(t.get("x")) + text_width(t.text or "") <= NARROW


def _axis_labels(svg: ElementTree.Element) -> list[tuple[float, str]]:
    bottom = max(float(t.get("y")) for t in svg.iter(f"{SVG}text") if t.get("class") == "axis")
    return [
        (float(t.get("x")), t.text or "")
        for t in svg.iter(f"{SVG}text")
        if t.get("class") == "axis" and float(t.get("y")) == bottom
    ]


def test_month_labels_never_touch_and_the_newest_is_always_shown() -> None:
    months = [(f"{m:02d}/2026", float(m * 7)) for m in range(1, 13)]
    drawings = _drawings(line_chart(months, title="t", series_name="s", ceiling=100))
    for layout, svg in drawings.items():
        labels = _axis_labels(svg)
        assert labels[-1][1] == "12/2026", layout
        for (x1, a), (x2, b) in pairwise(labels):
            assert x2 - x1 >= (text_width(a) + text_width(b)) / 2, (layout, a, b)
    assert len(_axis_labels(drawings["wide"])) == 12
    assert len(_axis_labels(drawings["narrow"])) < 12


def test_a_month_without_data_is_marked_not_drawn_as_zero() -> None:
    svg = _drawings(
        line_chart([("01", 50.0), ("02", None), ("03", 60.0)], title="t", series_name="s")
    )["wide"]
    assert len(list(svg.iter(f"{SVG}circle"))) == 2
    assert list(svg.iter(f"{SVG}polyline")) == []  # the gap breaks the line
    marks = [t for t in svg.iter(f"{SVG}text") if t.get("class") == "na"]
    assert marks[0].find(f"{SVG}title").text == "02: không có dữ liệu"


def test_the_first_and_last_month_labels_stay_inside_the_drawing() -> None:
    months = [(f"{m:02d}/2026", 50.0) for m in range(1, 13)]
    for layout, svg in _drawings(line_chart(months, title="t", series_name="s")).items():
        for x, label in _axis_labels(svg):
            half = text_width(label) / 2
            assert x - half >= 0 and x + half <= _view_width(svg), (layout, label, x)
