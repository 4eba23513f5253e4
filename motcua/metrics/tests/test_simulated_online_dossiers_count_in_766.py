"""Issue 10, item 8: in a simulated year the 766 index counted 0 online dossiers (3.3) while
Biểu II.06a counted 1,051. The cause was the simulation, not the formula: it issued no electronic
result, and 3.3 counts an online dossier of a paper-result procedure only with one (QĐ 766, the
national portal's formula). Now an online dossier's result is issued electronically too, and the
index counts exactly the online dossiers whose result was issued in the period's intake."""

import io

import time_machine
from django.core.management import call_command

from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier
from motcua.metrics.selectors import index_766, unit_scope
from motcua.metrics.tests.conftest import vn

NOW = vn(2026, 7, 1, 9)
FIRST, LAST = vn(2026, 1, 1).date(), vn(2026, 6, 30).date()


@time_machine.travel(NOW, tick=False)
def test_online_dossiers_with_their_electronic_results_count_in_3_3(demo) -> None:
    call_command(
        "simulate_year", "--bulk", "--dossiers", "150", "--year", "2026", "--seed", "3",
        "--workers", "1", stdout=io.StringIO(),
    )  # fmt: skip
    # Vietnam dates: __date reads in the current time zone.
    accepted = Dossier.objects.filter(accepted_at__date__gte=FIRST, accepted_at__date__lte=LAST)
    online = accepted.filter(channel=Channel.ONLINE)
    with_result = online.filter(result_file__isnull=False)
    assert 0 < with_result.count() < online.count()  # some still in processing on 30/06
    found = index_766(first=FIRST, last=LAST, scope=unit_scope(None))
    assert found is not None
    three_three = next(i for g in found.groups for i in g.indicators if i.definition.id == "3.3")
    assert (three_three.numerator, three_three.denominator) == (
        with_result.count(),
        accepted.count(),
    )
    waiting = online.count() - with_result.count()
    assert f"có {online.count()} hồ sơ nộp trực tuyến" in three_three.note
    assert f"{waiting} hồ sơ của thủ tục trả kết quả bản giấy chưa có kết quả" in three_three.note
