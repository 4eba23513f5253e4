"""Small server-side SVG charts: no JavaScript, printable, readable on a phone.

A chart is never the only way to read its figures: the page that shows one also shows the same
numbers as a table (and offers them as a file), so the SVG carries a title and a short summary
for screen readers and is otherwise decorative.

Text in an SVG scales with its viewBox, so one drawing cannot be legible both at 1366 px and at
390 px: each chart is drawn twice, a wide layout and a narrow one (labels above the bars, fewer
axis labels), and the stylesheet shows the one that fits (`svg.chart-wide`, `svg.chart-narrow`
in site.css). Neither is ever drawn wider than its viewBox, so 12 px text stays about 12 px.
Text widths are estimated (no font metrics on the server) on the generous side; the browser
tests measure the real boxes.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from motcua.core.numbers import vn_number

# Colour-blind-safe series colours (Okabe–Ito), each with ≥ 3:1 contrast on white.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")

WIDE, NARROW = 720, 360  # viewBox widths; the narrow one is a 390 px phone's content width
FONT_PX = 12  # site.css: svg.chart text
LINE_PX = 17  # a Noto Sans line box is about 1.36 em: 16.3 px
# Average advance of a 12 px Noto Sans / Liberation Sans glyph in Vietnamese text is about
# 6.3 px; capitals and "đ"/"Đ" are wider, so estimate on the generous side.
CHAR_PX = 7.2
ELLIPSIS = "…"


@dataclass(frozen=True)
class Series:
    name: str
    color: str


def text_width(text: str) -> float:
    """Estimated width in px of `text` at the chart font size."""
    return len(text) * CHAR_PX


def wrap_label(text: str, width: float, max_lines: int = 2) -> list[str]:
    """`text` cut into at most `max_lines` lines that each fit `width` px (estimated), breaking
    at spaces; what does not fit is cut and ends with "…" (the full text goes in a <title>)."""
    per_line = max(int(width / CHAR_PX + 1e-9), 2)  # 72 / 7.2 is 10, not 9.999…
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = ""
        while words:
            candidate = f"{line} {words[0]}" if line else words[0]
            if len(candidate) <= per_line:
                line, words = candidate, words[1:]
            elif not line:  # one word longer than a line: cut it
                line, words = words[0][:per_line], [words[0][per_line:], *words[1:]]
            else:
                break
        lines.append(line)
    if words:
        last = lines[-1]
        lines[-1] = (last if len(last) < per_line else last[: per_line - 1]) + ELLIPSIS
    return lines or [""]


def _text_lines(
    lines: list[str], *, x: float, y: float, full: str, anchor: str = "start", cls: str = "label"
) -> str:
    """One <text> of several lines (the first baseline at `y`), with the full text as <title>
    when the lines do not already say all of it."""
    tspans = "".join(
        f'<tspan x="{x:.1f}" y="{y + i * LINE_PX:.1f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    title = f"<title>{escape(full)}</title>" if " ".join(lines) != " ".join(full.split()) else ""
    return f'<text text-anchor="{anchor}" class="{cls}">{title}{tspans}</text>'


def _svg(
    width: int, height: float, title: str, summary: str, body: list[str], layout: str
) -> SafeString:
    return format_html(
        '<svg class="chart chart-{}" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>{}</svg>",
        layout,
        width,
        ceil(height),
        f"{title}. {summary}".strip(),
        title,
        mark_safe("".join(body)),  # noqa: S308 (every part below is escaped where it is built)
    )


def _legend(series: Sequence[Series], width: int) -> tuple[list[str], float]:
    """The legend's parts, wrapping onto a new line when an entry would not fit, and the y just
    below it."""
    parts: list[str] = []
    x, y = 0.0, 14.0
    for s in series:
        entry = 16 + text_width(s.name)
        if x > 0 and x + entry > width:
            x, y = 0.0, y + LINE_PX + 4
        parts.append(
            f'<rect x="{x:.1f}" y="{y - 10:.1f}" width="12" height="12" fill="{escape(s.color)}"/>'
            f'<text x="{x + 16:.1f}" y="{y:.1f}" class="legend">{escape(s.name)}</text>'
        )
        x += entry + 14
    return parts, y + 10


def _bar_segments(
    values: Sequence[int], series: Sequence[Series], x: float, y: float, height: int, scale: float
) -> tuple[list[str], float]:
    # A count below zero is a caller's error; draw it as nothing rather than as a negative width
    # that browsers reject and that would shift the next segment back over the labels.
    parts = []
    for value, s in zip(values, series, strict=True):
        if value > 0:
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{value * scale:.1f}" height="{height}" '
                f'fill="{escape(s.color)}">'
                f"<title>{escape(s.name)}: {vn_number(value)}</title></rect>"
            )
            x += value * scale
    return parts, x


def _stacked_wide(
    rows: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[Series],
    title: str,
    label_width: int,
) -> SafeString:
    bar, pitch, value_room = 22, 2 * LINE_PX + 6, 60
    body, top = _legend(series, WIDE)
    top += 6
    largest = max((sum(max(v, 0) for v in values) for _, values in rows), default=0) or 1
    scale = (WIDE - label_width - value_room) / largest
    for i, (label, values) in enumerate(rows):
        y = top + i * pitch
        lines = wrap_label(label, label_width - 8)
        first_baseline = y + pitch / 2 - (len(lines) - 1) * LINE_PX / 2 + 1
        body.append(
            _text_lines(lines, x=label_width - 8, y=first_baseline, full=label, anchor="end")
        )
        bar_y = y + (pitch - bar) / 2
        parts, end = _bar_segments(values, series, float(label_width), bar_y, bar, scale)
        body.extend(parts)
        total = sum(max(v, 0) for v in values)
        body.append(
            f'<text x="{end + 6:.1f}" y="{bar_y + bar - 6:.1f}" class="value">'
            f"{vn_number(total)}</text>"
        )
    summary = f"{len(rows)} dòng; số liệu chi tiết ở bảng bên dưới."
    return _svg(WIDE, top + len(rows) * pitch + 4, title, summary, body, "wide")


def _stacked_narrow(
    rows: Sequence[tuple[str, Sequence[int]]], series: Sequence[Series], title: str
) -> SafeString:
    bar, gap, value_room = 16, 10, 52
    body, y = _legend(series, NARROW)
    y += 4
    largest = max((sum(max(v, 0) for v in values) for _, values in rows), default=0) or 1
    scale = (NARROW - value_room) / largest
    for label, values in rows:
        lines = wrap_label(label, NARROW)
        body.append(_text_lines(lines, x=0, y=y + FONT_PX, full=label))
        y += len(lines) * LINE_PX + 4
        parts, end = _bar_segments(values, series, 0.0, y, bar, scale)
        body.extend(parts)
        total = sum(max(v, 0) for v in values)
        body.append(
            f'<text x="{end + 6:.1f}" y="{y + bar - 4:.1f}" class="value">{vn_number(total)}</text>'
        )
        y += bar + gap
    summary = f"{len(rows)} dòng; số liệu chi tiết ở bảng bên dưới."
    return _svg(NARROW, y, title, summary, body, "narrow")


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[Series],
    *,
    title: str,
    label_width: int = 220,
) -> SafeString:
    """One horizontal bar per row, split into the series' values (counts, not shares); a wide
    drawing (labels left of the bars, up to two lines) and a narrow one (labels above)."""
    wide = _stacked_wide(rows, series, title, label_width)
    return SafeString(wide + _stacked_narrow(rows, series, title))


def _axis_stride(labels: Sequence[str], step: float) -> int:
    """Show every n-th x-axis label so that no two shown labels touch."""
    widest = max((text_width(label) for label in labels), default=0)
    return max(1, ceil((widest + 4) / step)) if step > 0 else 1


def _line(
    points: Sequence[tuple[str, float | None]],
    *,
    title: str,
    series_name: str,
    suffix: str,
    ceiling: float | None,
    width: int,
    height: int,
    layout: str,
) -> SafeString:
    labels = [label for label, _ in points]
    # The first and last x labels are centred on the plot's ends: leave half a label of room.
    half_label = max((text_width(label) for label in labels), default=0) / 2 + 4
    left, right, bottom = max(48, ceil(half_label)), max(16, ceil(half_label)), 44
    body, top = _legend([Series(series_name, PALETTE[0])], width)
    top += 6
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [v for _, v in points if v is not None]
    high = ceiling if ceiling is not None else (max(known, default=0) or 1)
    step = plot_w / max(len(points) - 1, 1)
    stride = _axis_stride(labels, step)

    def y_of(value: float) -> float:
        return top + plot_h - value / high * plot_h

    for fraction in (0, 0.5, 1):
        y = y_of(high * fraction)
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">'
            f"{vn_number(high * fraction, 0)}{escape(suffix)}</text>"
        )
    runs: list[list[str]] = [[]]
    last = len(points) - 1
    for i, (label, value) in enumerate(points):
        x = left + i * step
        # The newest point always keeps its label; count the stride back from it.
        if (last - i) % stride == 0:
            body.append(
                f'<text x="{x:.1f}" y="{height - bottom + 4 + LINE_PX + 4}" text-anchor="middle" '
                'class="axis">'
                f"{escape(label)}</text>"
            )
        if value is None:
            runs.append([])
            body.append(
                f'<text x="{x:.1f}" y="{top + plot_h - 4:.1f}" text-anchor="middle" class="na">'
                f"<title>{escape(label)}: không có dữ liệu</title>–</text>"
            )
            continue
        runs[-1].append(f"{x:.1f},{y_of(value):.1f}")
        body.append(
            f'<circle cx="{x:.1f}" cy="{y_of(value):.1f}" r="3" fill="{PALETTE[0]}">'
            f"<title>{escape(label)}: {vn_number(value, 1)}{escape(suffix)}</title></circle>"
        )
    for run in runs:
        if len(run) > 1:
            body.append(
                f'<polyline points="{" ".join(run)}" fill="none" stroke="{PALETTE[0]}" '
                'stroke-width="2"/>'
            )
    summary = f"{len(points)} mốc; số liệu chi tiết ở bảng bên dưới."
    return _svg(width, height, title, summary, body, layout)


def line_chart(
    points: Sequence[tuple[str, float | None]],
    *,
    title: str,
    series_name: str,
    suffix: str = "",
    ceiling: float | None = None,
) -> SafeString:
    """A line over labelled points (months, say); a None value breaks the line and is marked
    "không có dữ liệu" rather than drawn as zero. Wide and narrow drawings, as for bars."""
    return SafeString(
        "".join(
            _line(
                points,
                title=title,
                series_name=series_name,
                suffix=suffix,
                ceiling=ceiling,
                width=width,
                height=height,
                layout=layout,
            )
            for width, height, layout in ((WIDE, 240, "wide"), (NARROW, 220, "narrow"))
        )
    )
