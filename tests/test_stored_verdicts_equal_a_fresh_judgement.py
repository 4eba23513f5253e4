"""Issue 11: a verdict stored for speed never drifts from the one judgement (dossiers.timeliness).

On every dossier of a simulated year (the bulk path, which writes what the services write):
- each hand-over's stored step verdict (DossierEvent.timeliness) is the verdict of the moment it
  left the step against that step's due time, and that due time is one its (closed) step or
  liên thông deadlines hold (the simulation has no liên thông; the services' own tests do);
- no event stores a verdict on the whole dossier (it is judged when asked);
- the rollup's verdict (DossierFact.timeliness) and the evaluation's (DossierScore.late) are
  those of a fresh `judge`.
"""

import time_machine

from motcua.demo.simulation_bulk import simulate_year_bulk
from motcua.dossiers.constants import Timeliness
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tests.conftest import vn
from motcua.dossiers.timeliness import judge, verdict
from motcua.metrics.models import DossierFact
from motcua.metrics.selectors import days_to_refresh
from motcua.metrics.services import rollup_refresh
from motcua.ratings.models import DossierScore
from motcua.workdays.models import Deadline

NOW = vn(2026, 5, 6, 10)


@time_machine.travel(NOW, tick=False)
def test_every_stored_verdict_of_a_simulated_year_equals_a_fresh_judgement(demo):
    simulate_year_bulk(dossiers=150, year=2025, seed=11, batch=75)
    rollup_refresh(days=days_to_refresh(everything=True), everything=True)

    step_dues: dict[str, set] = {}
    for owner, due_at in Deadline.objects.filter(
        owner_type__in=["dossier_step", "dossier_external"], is_open=False
    ).values_list("owner_id", "due_at"):
        step_dues.setdefault(owner.split("#")[0], set()).add(due_at)  # by dossier code
    judged_steps = 0
    for event in DossierEvent.objects.select_related("dossier").order_by("pk"):
        assert "overall_timeliness" not in event.data, event.dossier.code
        if event.step_due_at is None:
            assert event.timeliness == "", (event.dossier.code, event.action)
            continue
        assert event.timeliness == verdict(event.at, event.step_due_at)
        code = event.dossier.code
        assert event.step_due_at in step_dues.get(code, set()), (code, event.action)
        judged_steps += 1
    assert judged_steps > 300

    facts = {f.dossier_id: f for f in DossierFact.objects.all()}
    scores = {s.dossier_id: s for s in DossierScore.objects.all()}
    seen: set[str] = set()
    for dossier in Dossier.objects.filter(accepted_at__isnull=False):
        judgement = judge(dossier)
        settled = judgement.timeliness if judgement.settled else ""
        assert facts[dossier.pk].timeliness == settled, dossier.code
        if dossier.pk in scores:
            late = judgement.settled and judgement.timeliness == Timeliness.LATE
            assert scores[dossier.pk].late == late, dossier.code
        seen.add(settled)
    # The year has every verdict, apologised dossiers among them, or the check is weak.
    assert {Timeliness.EARLY, Timeliness.ON_TIME, Timeliness.LATE} <= seen
    assert Dossier.objects.filter(extension_count__gt=0, finished_at__isnull=False).exists()
