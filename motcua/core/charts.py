"""Small server-side SVG charts: no JavaScript, printable, readable on a phone.

A chart is never the only way to read its figures: the page that shows one also shows the same
numbers as a table (and offers them as a file), so the SVG carries a title and a short summary
for screen readers and is otherwise decorative.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from motcua.core.numbers import vn_number

# Colour-blind-safe series colours (Okabe–Ito), each with ≥ 3:1 contrast on white.
PALETTE = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")


@dataclass(frozen=True)
class Series:
    name: str
    color: str


def _svg(width: int, height: int, title: str, summary: str, body: list[str]) -> SafeString:
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>{}</svg>",
        width,
        height,
        f"{title}. {summary}".strip(),
        title,
        mark_safe("".join(body)),  # noqa: S308 (every part below is escaped where it is built)
    )


def _legend(series: Sequence[Series], y: int) -> list[str]:
    parts, x = [], 0
    for s in series:
        parts.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{escape(s.color)}"/>'
            f'<text x="{x + 16}" y="{y}" class="legend">{escape(s.name)}</text>'
        )
        x += 24 + 7 * len(s.name)
    return parts


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[int]]],
    series: Sequence[Series],
    *,
    title: str,
    label_width: int = 220,
    width: int = 720,
) -> SafeString:
    """One horizontal bar per row, split into the series' values (counts, not shares)."""
    bar, gap, top = 22, 8, 28
    height = top + len(rows) * (bar + gap) + 4
    largest = max((sum(values) for _, values in rows), default=0) or 1
    scale = (width - label_width - 60) / largest
    body = _legend(series, 14)
    for i, (label, values) in enumerate(rows):
        y = top + i * (bar + gap)
        short = label if len(label) <= 34 else label[:33] + "…"
        body.append(
            f'<text x="{label_width - 6}" y="{y + bar - 6}" text-anchor="end" class="label">'
            f"<title>{escape(label)}</title>{escape(short)}</text>"
        )
        x = float(label_width)
        for value, s in zip(values, series, strict=True):
            if value:
                body.append(
                    f'<rect x="{x:.1f}" y="{y}" width="{value * scale:.1f}" height="{bar}" '
                    f'fill="{escape(s.color)}"><title>{escape(s.name)}: {value}</title></rect>'
                )
                x += value * scale
        body.append(
            f'<text x="{x + 6:.1f}" y="{y + bar - 6}" class="value">{vn_number(sum(values))}</text>'
        )
    summary = f"{len(rows)} dòng; số liệu chi tiết ở bảng bên dưới."
    return _svg(width, height, title, summary, body)


def line_chart(
    points: Sequence[tuple[str, float | None]],
    *,
    title: str,
    series_name: str,
    suffix: str = "",
    ceiling: float | None = None,
    width: int = 720,
    height: int = 220,
) -> SafeString:
    """A line over labelled points (months, say); a None value breaks the line and is marked
    "không có dữ liệu" rather than drawn as zero."""
    left, right, top, bottom = 48, 12, 24, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    known = [v for _, v in points if v is not None]
    high = ceiling if ceiling is not None else (max(known, default=0) or 1)
    step = plot_w / max(len(points) - 1, 1)

    def y_of(value: float) -> float:
        return top + plot_h - value / high * plot_h

    body = _legend([Series(series_name, PALETTE[0])], 14)
    for fraction in (0, 0.5, 1):
        y = y_of(high * fraction)
        body.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="axis">'
            f"{vn_number(high * fraction, 0)}{escape(suffix)}</text>"
        )
    runs: list[list[str]] = [[]]
    for i, (label, value) in enumerate(points):
        x = left + i * step
        body.append(
            f'<text x="{x:.1f}" y="{height - bottom + 16}" text-anchor="middle" class="axis">'
            f"{escape(label)}</text>"
        )
        if value is None:
            runs.append([])
            body.append(
                f'<text x="{x:.1f}" y="{top + plot_h - 4}" text-anchor="middle" class="na">'
                "<title>không có dữ liệu</title>–</text>"
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
    return _svg(width, height, title, summary, body)
