"""Issue 10, item 5: every page a leader reads, with a simulated year behind it so that its charts
have bars, at 1366 px and at 390 px: no console error, no sideways scrolling, and in every chart
each label drawn inside the chart, large enough to read, and clear of every other label and bar
(measured on the boxes the browser lays out, not on the server's estimates)."""

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser.conftest import sign_in_staff

# A unit name longer than the label column, so that wrapping and cutting are exercised.
LONG_UNIT_NAME = (
    "Phòng Quản lý chất lượng, Khảo thí, Kiểm định chất lượng giáo dục và Công nghệ thông tin"
)
MIN_TEXT_PX = 9  # a label drawn smaller than this is not "visible" on a phone
TOLERANCE_PX = 0.5

# For every visible chart: its box, the boxes of its texts (what they say) and of its bars.
MEASURE_CHARTS = """() => [...document.querySelectorAll('svg.chart')]
  .filter(svg => svg.getBoundingClientRect().width > 0)
  .map(svg => {
    const box = r => { const b = r.getBoundingClientRect();
      return {left: b.left, top: b.top, right: b.right, bottom: b.bottom}; };
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return {
      title: svg.querySelector('title').textContent,
      box: box(svg),
      fontPx: 12 * scale,
      texts: [...svg.querySelectorAll('text')].flatMap(t => {
        const spans = t.querySelectorAll('tspan');
        return (spans.length ? [...spans] : [t]).map(e => ({
          text: [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join(''),
          ...box(e),
        }));
      }),
      bars: [...svg.querySelectorAll('rect')].map(box),
    };
  })"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > TOLERANCE_PX
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > TOLERANCE_PX
    )


def _chart_problems(page: Any) -> tuple[int, list[str]]:
    """How many charts the page shows, and what is wrong with their labels."""
    charts = page.evaluate(MEASURE_CHARTS)
    problems = []
    for chart in charts:
        name, frame = chart["title"], chart["box"]
        if chart["fontPx"] < MIN_TEXT_PX:
            problems.append(f"{name}: chữ cao {chart['fontPx']:.1f} px")
        texts = [t for t in chart["texts"] if t["text"].strip()]
        for i, text in enumerate(texts):
            inside = (
                text["left"] >= frame["left"] - TOLERANCE_PX
                and text["right"] <= frame["right"] + TOLERANCE_PX
                and text["top"] >= frame["top"] - TOLERANCE_PX
                and text["bottom"] <= frame["bottom"] + TOLERANCE_PX
            )
            if not inside:
                problems.append(f"{name}: «{text['text']}» ra ngoài biểu đồ")
            problems.extend(
                f"{name}: «{text['text']}» chồng lên «{other['text']}»"
                for other in texts[i + 1 :]
                if _overlap(text, other)
            )
            problems.extend(
                f"{name}: cột đè lên «{text['text']}»"
                for bar in chart["bars"]
                if _overlap(text, bar)
            )
    return len(charts), problems


@pytest.fixture
def simulated_year(demo_site: str) -> str:
    """This year simulated up to today (so that some dossiers are still open, and the
    open-dossier charts have bars), with one unit renamed to a name too long for its label."""
    from motcua.accounts.models import Unit
    from motcua.dossiers.models import Dossier

    call_command(
        "simulate_year", "--bulk", "--dossiers", "300", "--year", str(timezone.localdate().year),
        "--seed", "5", "--workers", "1", stdout=io.StringIO(),
    )  # fmt: skip
    busiest = (
        Dossier.objects.filter(current_unit__isnull=False, finished_at__isnull=True)
        .values_list("current_unit", flat=True)
        .first()
    )
    assert busiest is not None, "the simulated year left no dossier open"
    Unit.objects.filter(pk=busiest).update(name=LONG_UNIT_NAME)
    return demo_site


def test_leader_pages_read_cleanly(page: Any, viewport: str, simulated_year: str) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    sign_in_staff(page, simulated_year, "giamdoc")
    from motcua.accounts.models import Unit

    year = timezone.localdate().year
    busiest = Unit.objects.get(name=LONG_UNIT_NAME).pk
    pages = {
        "/can-bo/tong-quan/": 3,  # 12-month trend, by unit, by officer
        f"/can-bo/tong-quan/?don-vi={busiest}": 3,  # one unit, as its head sees it
        "/can-bo/chi-so-766/": 1,  # 12-month trend
        f"/can-bo/chi-so-766/2.1/ho-so/?from={year}-01-01&to={timezone.localdate()}": 0,
        "/can-bo/bao-cao/": 0,  # this quarter
        "/can-bo/danh-gia/tong-hop/": 0,
        "/can-bo/danh-gia/": 0,  # the ratings
        "/thong-ke/": 0,
    }
    found: dict[str, tuple[int, list[str]]] = {}
    for path in pages:
        errors.clear()
        response = page.goto(f"{simulated_year}{path}")
        assert response is not None and response.status == 200, path
        page.wait_for_load_state("load")
        charts, problems = _chart_problems(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > page.viewport_size["width"]:
            problems.append(f"trang cuộn ngang: {width} px")
        found[path] = (charts, problems + [f"console: {e}" for e in errors])
    assert {path: charts for path, (charts, _) in found.items()} == pages
    assert {path: problems for path, (_, problems) in found.items() if problems} == {}
    # The long unit name, in the chart shown: whole on its lines, or cut with the whole name in
    # its tooltip; and whole in the table.
    page.goto(f"{simulated_year}/can-bo/tong-quan/")
    label = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart text.label')]
            .filter(t => t.getBoundingClientRect().width > 0)
            .map(t => ({lines: [...t.querySelectorAll('tspan')].map(s => s.textContent),
                        title: t.querySelector('title')?.textContent ?? null}))
            .find(t => t.lines[0].startsWith('Phòng Quản lý chất lượng,'))"""
    )
    assert label is not None
    assert " ".join(label["lines"]) == LONG_UNIT_NAME or (
        label["lines"][-1].endswith("…") and label["title"] == LONG_UNIT_NAME
    ), label
    assert page.get_by_role("row", name=LONG_UNIT_NAME).count() == 1
