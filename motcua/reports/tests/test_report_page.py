"""The back-office page /can-bo/bao-cao/: the form on screen, its downloads, and the dossiers
behind each figure (as many as the figure)."""

import re
from html import unescape

import time_machine

from motcua.reports.tests.conftest import FEW_NOW

PAGE = "/can-bo/bao-cao/"
WINDOW = "ky=tuy-chon&from=2026-10-01&to=2026-10-20"


def get(client, user, url: str):
    client.force_login(user)
    with time_machine.travel(FEW_NOW, tick=False):
        return client.get(url)


def links(html: str) -> dict[str, str]:
    """figure text → drill-down URL, for the total row."""
    total = html[html.index('<tr class="total">') :]
    total = total[: total.index("</tr>")]
    return {
        unescape(url): text for url, text in re.findall(r'<a href="([^"]+)">([\d.]+)</a>', total)
    }


def test_the_director_sees_the_form_and_each_figure_opens_its_dossiers(client, demo, few):
    page = get(client, demo["giamdoc"], f"{PAGE}?{WINDOW}")
    assert page.status_code == 200
    html = page.content.decode()
    assert "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI SỞ GIÁO DỤC VÀ ĐÀO TẠO" in html
    assert "Số liệu cập nhật lúc 12:00 20/10/2026" in html
    assert '<th scope="colgroup" colspan="4">Số hồ sơ nhận giải quyết</th>' in html
    figures = links(html)
    # The director's department: P1 (late) and P2 (overdue) at the Sở's desk.
    by_column = {re.search(r"cot=([\w-]+)", url).group(1): (url, n) for url, n in figures.items()}
    assert {cot: n for cot, (_, n) in by_column.items()} == {
        "3": "2", "4": "1", "5": "1", "7": "1", "10": "1", "11": "1", "13": "1"
    }  # fmt: skip
    for url, count in figures.items():
        listed = get(client, demo["giamdoc"], url)
        assert listed.status_code == 200, url
        body = listed.content.decode()
        assert f": {count} hồ sơ</h1>" in body
        assert body.count('href="/can-bo/ho-so/') == int(count)
    overdue = get(client, demo["giamdoc"], by_column["13"][0]).content.decode()
    assert few["P2"] in overdue and few["P1"] not in overdue


def test_downloads_from_the_page(client, demo, few):
    xlsx = get(client, demo["giamdoc"], f"{PAGE}?{WINDOW}&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.content.startswith(b"PK")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = get(client, demo["giamdoc"], f"{PAGE}?ky=quy&nam=2026&so=4&format=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_the_page_opens_on_the_current_quarter_and_explains_bad_input(client, demo, few):
    html = get(client, demo["quantri"], PAGE).content.decode()
    assert (
        "Kỳ báo cáo: Quý IV năm 2026" in html and "(Từ ngày 15/09/2026 đến ngày 14/12/2026)" in html
    )
    assert "số liệu tính đến hết ngày 20/10/2026" in html
    bad = get(client, demo["quantri"], f"{PAGE}?ky=quy&nam=2026&so=7")
    assert bad.status_code == 400 and "Quý phải từ 1 đến 4." in bad.content.decode()


def test_only_those_who_may_read_reports(client, demo, few):
    assert get(client, demo["chuyenvien"], f"{PAGE}?{WINDOW}").status_code == 403
    assert get(client, demo["chuyenvien"], f"{PAGE}ho-so/?{WINDOW}&cot=3").status_code == 403
    assert (
        get(client, demo["truongphong"], f"{PAGE}?{WINDOW}&unit=000.05.15.H99").status_code == 403
    )
    home = get(client, demo["giamdoc"], "/can-bo/").content.decode()
    assert 'href="/can-bo/bao-cao/"' in home
    assert (
        'href="/can-bo/bao-cao/"'
        not in get(client, demo["chuyenvien"], "/can-bo/").content.decode()
    )
