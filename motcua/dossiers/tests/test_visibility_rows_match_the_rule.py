"""The `DossierAccess` rows give exactly the dossiers the visibility rule gives (receiving unit,
current unit, or any history event to or from the unit), for every unit and every officer, over
a simulated year written through the services, by the bulk import, and by the migration that
fills them for existing dossiers; and every inbox lists and counts the same dossiers as it did
when it asked the rule directly."""

import importlib

import time_machine
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from motcua.accounts.constants import Role
from motcua.accounts.models import Unit, User
from motcua.accounts.permissions import Perm, units_with_perm
from motcua.demo.organisation import POLICE
from motcua.demo.simulation import simulate_year
from motcua.demo.simulation_bulk import simulate_year_bulk
from motcua.dossiers.constants import FINAL_STAGES, Stage
from motcua.dossiers.models import Dossier, DossierAccess, DossierEvent
from motcua.dossiers.selectors import (
    INBOXES,
    _inbox_conditions,
    active_dossiers_visible_to,
    dossiers_visible_to,
    inbox,
    inbox_counts,
)
from motcua.dossiers.services import dossier_transition
from motcua.dossiers.tests.conftest import vn
from motcua.metrics.tests.conftest import Desk

# Mid-2026: the year so far has closed dossiers and the last ones are still open.
NOW = vn(2026, 5, 6, 10)


def by_the_rule(units: set[int]) -> QuerySet[Dossier]:
    """The rule as the inboxes used to ask it, kept here as the specification."""
    handled = DossierEvent.objects.filter(
        Q(from_unit__in=units) | Q(to_unit__in=units), dossier=OuterRef("pk")
    )
    return Dossier.objects.filter(
        Q(receiving_unit__in=units) | Q(current_unit__in=units) | Exists(handled)
    )


def codes(dossiers: QuerySet[Dossier]) -> set[str]:
    return set(dossiers.values_list("code", flat=True))


def assert_rows_match_the_rule() -> None:
    assert Dossier.objects.exists()
    for unit in Unit.objects.all():
        rows = DossierAccess.objects.filter(unit=unit)
        ruled = by_the_rule({unit.pk})
        assert codes(Dossier.objects.filter(access__in=rows)) == codes(ruled), unit
        assert codes(Dossier.objects.filter(access__in=rows.filter(active=True))) == codes(
            ruled.exclude(stage__in=FINAL_STAGES)
        ), unit
    staff = User.objects.filter(memberships__isnull=False).exclude(memberships__role=Role.CITIZEN)
    for user in staff.distinct():
        units = units_with_perm(user, Perm.DOSSIER_VIEW)
        ruled = Dossier.objects.all() if units is None else by_the_rule(units)
        assert codes(dossiers_visible_to(user)) == codes(ruled), user
        active = ruled.exclude(stage__in=FINAL_STAGES)
        assert codes(active_dossiers_visible_to(user)) == codes(active), user
        conditions = _inbox_conditions(user, NOW)
        counts = inbox_counts(user, NOW)
        for name in INBOXES:
            expected = codes(ruled.filter(conditions[name]))
            assert codes(inbox(user, name, NOW)) == expected, (user, name)
            assert counts[name] == len(expected), (user, name)


@time_machine.travel(NOW, tick=False)
def test_rows_written_by_the_services_match_the_rule(demo):
    simulate_year(dossiers=120, year=2026, seed=11)
    assert DossierEvent.objects.filter(to_unit__isnull=False).exists()
    # Moves that take a dossier out of the Sở and back, after the year was written.
    open_ones = Dossier.objects.filter(stage=Stage.AT_STEP).order_by("pk")[:3]
    for dossier in open_ones:
        dossier_transition(
            code=dossier.code,
            action="forward_external",
            actor=demo["quantri"],
            params={"to_unit": POLICE},
        )
    assert_rows_match_the_rule()
    for dossier in open_ones:
        dossier_transition(code=dossier.code, action="receive_external", actor=demo["quantri"])
    assert_rows_match_the_rule()


@time_machine.travel(NOW, tick=False)
def test_rows_written_by_the_bulk_import_match_the_rule(demo):
    simulate_year_bulk(dossiers=150, year=2026, seed=3, batch=40)
    assert_rows_match_the_rule()


@time_machine.travel(NOW, tick=False)
def test_the_migration_fills_the_rows_of_existing_dossiers(demo):
    simulate_year_bulk(dossiers=150, year=2026, seed=5, batch=150)
    DossierAccess.objects.all().delete()
    migration = importlib.import_module("motcua.dossiers.migrations.0004_dossier_access")
    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)
    assert_rows_match_the_rule()


@time_machine.travel(NOW, tick=False)
def test_a_returned_dossier_leaves_every_inbox_but_stays_visible(demo):
    simulate_year_bulk(dossiers=40, year=2026, seed=9)
    code = Dossier.objects.filter(stage=Stage.AT_STEP).order_by("pk").first().code
    Desk(demo).finish(code, NOW)
    desk = demo["tiepnhan"]
    assert code in codes(inbox(desk, "result_ready", NOW))
    dossier_transition(code=code, action="return_result", actor=desk)
    assert not DossierAccess.objects.filter(dossier__code=code, active=True).exists()
    assert code not in codes(active_dossiers_visible_to(desk))
    assert code in codes(dossiers_visible_to(desk))
    assert_rows_match_the_rule()
