"""The leaders' and unit heads' dashboard: live counts that match the lists behind them."""

import csv
import io

import time_machine
from openpyxl import load_workbook

from motcua.accounts.models import Unit
from motcua.dossiers.constants import CounterOutcome
from motcua.dossiers.services import dossier_receive, dossier_transition
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.metrics.selectors import days_to_refresh
from motcua.metrics.services import rollup_refresh

MONDAY = vn(2026, 10, 5, 9)  # 3.000466 takes 5 working days: due Mon 12/10 17:00
PATH_TO_RESULT = (
    ("tiepnhan", "forward"),
    ("chuyenvien", "forward"),
    ("truongphong", "forward"),
    ("giamdoc", "approve"),
    ("vanthu", "finish"),
)


def receive(demo, n, channel=1):
    return [
        dossier_receive(
            procedure_code=EDIT_DIPLOMA,
            channel=channel,
            applicant={**APPLICANT, "id_number": f"00109000{i:04d}"},
            actor=demo["tiepnhan"],
        ).code
        for i in range(n)
    ]


def setup_work(demo):
    """Four counter dossiers on Monday; two go to chuyenvien (Phòng QLCL) at once."""
    with time_machine.travel(MONDAY, tick=False):
        codes = receive(demo, 4)
        for code in codes[:2]:
            dossier_transition(
                code=code,
                action="forward",
                actor=demo["tiepnhan"],
                params={"to_user": "chuyenvien"},
            )
    return codes


def rows_of(page: str, caption: str) -> str:
    return page.split(caption, 1)[1]


@time_machine.travel(vn(2026, 10, 12, 10), tick=False)  # due today at 17:00: due soon
def test_director_sees_work_in_progress_by_unit_and_officer(client, demo):
    setup_work(demo)
    client.force_login(demo["giamdoc"])
    page = client.get("/can-bo/tong-quan/").content.decode()
    assert "Tổng quan" in page and "Hôm nay, Thứ Hai 12/10/2026" in page
    by_unit = rows_of(page, "Hồ sơ đang giải quyết theo đơn vị</caption>")
    assert (
        "Phòng Quản lý chất lượng</a></th>\n    <td>2</td><td>2</td><td>0</td><td>0</td>" in by_unit
    )
    assert "Bộ phận Một cửa Sở Giáo dục và Đào tạo</a></th>\n    <td>2</td><td>2</td>" in by_unit
    assert "<svg" in page and 'role="img"' in page
    officers = rows_of(page, "Khối lượng công việc theo cán bộ</caption>")
    chuyenvien = demo["chuyenvien"].pk
    assert (
        f'Trần Văn Chuyên</th><td><a href="/can-bo/?hop=unit&amp;can-bo={chuyenvien}">2</a>'
        in officers
    )
    listed = client.get(f"/can-bo/?hop=unit&can-bo={chuyenvien}").content.decode()
    assert "Chỉ hồ sơ đang ở cán bộ Trần Văn Chuyên" in listed
    assert '<span class="badge">2</span>' in listed


@time_machine.travel(vn(2026, 10, 14, 9), tick=False)  # two days past the due time
def test_overdue_counts_link_to_exactly_those_dossiers(client, demo):
    codes = setup_work(demo)
    client.force_login(demo["giamdoc"])
    page = client.get("/can-bo/tong-quan/").content.decode()
    assert "chưa có văn bản xin lỗi: 4" in page
    quality = Unit.objects.get(short_name="Phòng QLCL")
    link = f"/can-bo/?hop=overdue&amp;don-vi={quality.pk}"
    assert f'<a href="{link}">2</a>' in page
    listed = client.get(link.replace("&amp;", "&")).content.decode()
    assert "Chỉ hồ sơ đang ở đơn vị Phòng Quản lý chất lượng" in listed
    assert all(code in listed for code in codes[:2])
    assert not any(code in listed for code in codes[2:])


@time_machine.travel(vn(2026, 10, 12, 10), tick=False)
def test_unit_head_sees_only_their_unit_and_cannot_pick_another(client, demo):
    setup_work(demo)
    client.force_login(demo["truongphong"])
    page = client.get("/can-bo/tong-quan/").content.decode()
    assert "Trần Văn Chuyên" in page and "Lê Thị Trưởng" in page
    assert "Bộ phận Một cửa Sở" not in rows_of(page, "theo đơn vị</caption>")
    assert "Nguyễn Thị Tiếp Nhận" not in page
    desk = Unit.objects.get(short_name="Bộ phận Một cửa")
    assert client.get(f"/can-bo/tong-quan/?don-vi={desk.pk}").status_code == 403


def test_officers_without_the_permission_are_refused(client, demo):
    for username in ("chuyenvien", "tiepnhan", "vanthu"):
        client.force_login(demo[username])
        assert client.get("/can-bo/tong-quan/").status_code == 403
        assert "Tổng quan" not in client.get("/can-bo/").content.decode()
    client.logout()
    assert client.get("/can-bo/tong-quan/").status_code == 302  # to sign-in


@time_machine.travel(vn(2026, 10, 12, 10), tick=False)
def test_tables_download_with_the_figures_shown(client, demo):
    setup_work(demo)
    client.force_login(demo["giamdoc"])
    response = client.get("/can-bo/tong-quan/?xuat=don-vi&dinh-dang=csv")
    assert response["Content-Disposition"].endswith('.csv"')
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table[0] == [
        "Đơn vị",
        "Đang giải quyết",
        "Sắp đến hạn",
        "Quá hạn",
        "Quá hạn, chưa xin lỗi",
    ]
    assert ["Phòng Quản lý chất lượng", "2", "2", "0", "0"] in table
    response = client.get("/can-bo/tong-quan/?xuat=can-bo&dinh-dang=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert ["Trần Văn Chuyên", 2, 2, 0, 0, 0, 0, 0] in values


@time_machine.travel(vn(2026, 10, 5, 11), tick=False)
def test_todays_intake_by_channel(client, demo):
    with time_machine.travel(MONDAY, tick=False):
        receive(demo, 2)
    client.force_login(demo["giamdoc"])
    page = client.get("/can-bo/tong-quan/").content.decode()
    assert '<span class="figure">2</span>hồ sơ tiếp nhận hôm nay' in page
    assert "Trực tiếp: 2" in page


def test_the_766_on_time_figure_leads_to_the_late_dossiers(client, demo):
    """Two dossiers returned, one of them late, and one still open past its due time: the on-time
    rate of the year is 1 of 3, and the figure opens the two late ones."""
    with time_machine.travel(MONDAY, tick=False):
        codes = receive(demo, 3)
    for code, day in ((codes[0], 9), (codes[1], 13)):  # due Mon 12/10 17:00
        with time_machine.travel(vn(2026, 10, day, 9), tick=False):
            for user, action in PATH_TO_RESULT:
                params = {"to_user": "chuyenvien"} if user == "tiepnhan" else {}
                dossier_transition(code=code, action=action, actor=demo[user], params=params)
    with time_machine.travel(vn(2026, 10, 14, 9), tick=False):
        rollup_refresh(days=days_to_refresh(everything=True))
        client.force_login(demo["giamdoc"])
        page = client.get("/can-bo/tong-quan/").content.decode()
        assert '<span class="figure">33,3%</span>' in page and "1/3 hồ sơ" in page
        assert "Số liệu cập nhật lúc 09:00 14/10/2026." in page  # the 766 part reads the rollups
        link = page.split('href="/can-bo/chi-so-766/2.1/ho-so/?', 1)[1].split('"', 1)[0]
        assert "from=2026-01-01&amp;to=2026-10-14" in link and "nhom=tre-han" in link
        listed = client.get("/can-bo/chi-so-766/2.1/ho-so/?" + link.replace("&amp;", "&"))
        listed = listed.content.decode()
        assert codes[1] in listed and codes[2] in listed and codes[0] not in listed
        trend = client.get("/can-bo/tong-quan/?xuat=xu-huong&dinh-dang=csv")
        rows = list(csv.reader(io.StringIO(trend.content.decode("utf-8-sig"))))
        assert rows[0][0] == "Tháng" and rows[-1][0] == "10/2026" and rows[-1][3] == "33.33"


def test_the_766_part_says_when_nothing_was_summed_yet(client, demo):
    client.force_login(demo["giamdoc"])
    page = client.get("/can-bo/tong-quan/").content.decode()
    assert "Số liệu chưa được tổng hợp lần nào; bộ xử lý nền sẽ tổng hợp trong vài phút." in page


def test_only_received_dossiers_count_as_received_today_or_in_progress(client, demo):
    """A dossier refused or sent back for papers at the counter was never received (NĐ 61/2018
    Điều 17): the dashboard counts it neither among today's intake nor among the work in hand,
    as II.06a does not."""
    with time_machine.travel(MONDAY, tick=False):
        receive(demo, 1)
        for outcome, extra in (
            (CounterOutcome.REFUSE, {"note": "Không thuộc thẩm quyền"}),
            (CounterOutcome.REQUEST_SUPPLEMENT, {"supplement_items": ["Bản sao giấy khai sinh"]}),
        ):
            dossier_receive(
                procedure_code=EDIT_DIPLOMA,
                channel=1,
                applicant=APPLICANT,
                actor=demo["tiepnhan"],
                outcome=outcome,
                **extra,
            )
        client.force_login(demo["giamdoc"])
        page = client.get("/can-bo/tong-quan/").content.decode()
    assert '<span class="figure">1</span>hồ sơ tiếp nhận hôm nay' in page
    assert '<span class="figure">1</span></a>hồ sơ đang giải quyết' in page
    assert "Chưa giao đơn vị" not in page
