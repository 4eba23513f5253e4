"""The per-process reference cache (catalog, calendar, units, memberships) never serves data older
than the database: every writer, even SQL by hand, gives the data a new generation number."""

from datetime import date

import pytest
import time_machine
from django.db import connection, transaction

from motcua.accounts.constants import Role
from motcua.accounts.models import Membership, Unit, User
from motcua.catalog.constants import PublicationStatus
from motcua.catalog.models import Component, Fee, Procedure, ProcedureCase, ProcessStep
from motcua.core.reference import WATCHED, ReferenceCache, generation, install
from motcua.dossiers.constants import Channel
from motcua.dossiers.exceptions import InvalidInput, NotPermitted
from motcua.dossiers.services import dossier_receive
from motcua.dossiers.tests.conftest import APPLICANT, EDIT_DIPLOMA, vn
from motcua.workdays.constants import OverrideKind
from motcua.workdays.models import CalendarOverride, DeadlineRules
from motcua.workdays.services import calendar_override_save

NOW = vn(2026, 10, 5, 9)  # a Monday; 5 working days → Monday 12/10 17:00
MODELS = (
    Procedure,
    ProcedureCase,
    ProcessStep,
    Fee,
    Component,
    CalendarOverride,
    DeadlineRules,
    Unit,
    Membership,
)


def receive(username: str = "tiepnhan"):
    # A fresh user object, as each request has: the per-request memo is not what is tested.
    return dossier_receive(
        procedure_code=EDIT_DIPLOMA,
        channel=Channel.COUNTER,
        applicant=APPLICANT,
        actor=User.objects.get(username=username),
    )


def test_the_watched_tables_are_those_the_cached_loaders_read():
    assert set(WATCHED) == {model._meta.db_table for model in MODELS}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_an_update_by_hand_gives_a_new_generation(demo, model):
    row = model.objects.order_by("pk").first()
    assert row is not None, "the demo data has a row of every reference table"
    before = generation()
    with connection.cursor() as cursor:
        table = model._meta.db_table
        cursor.execute(f'UPDATE "{table}" SET "id" = "id" WHERE "id" = %s', [row.pk])  # noqa: S608
    assert generation() != before


def test_inserts_and_deletes_give_new_generations(demo):
    seen = {generation()}
    override = CalendarOverride.objects.create(
        day=date(2026, 10, 7), kind=OverrideKind.DAY_OFF, name="Nghỉ thử", legal_basis="Thử"
    )
    seen.add(generation())
    CalendarOverride.objects.filter(pk=override.pk).delete()
    seen.add(generation())
    Fee.objects.bulk_create([Fee(procedure=Procedure.objects.first(), name="Lệ phí", amount_vnd=1)])
    seen.add(generation())
    assert len(seen) == 4


def test_a_rolled_back_change_never_lends_its_number_to_a_later_one(demo):
    before = generation()
    inside = []

    def change_then_fail() -> None:
        with transaction.atomic():
            Unit.objects.filter(code="000.05.15.H99").update(name="Tên tạm")
            inside.append(generation())
            raise RuntimeError("rollback")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert generation() == before != inside[0]
    Unit.objects.filter(code="000.05.15.H99").update(name="Tên mới")
    assert generation() not in {before, inside[0]}


def test_install_can_run_again(db):
    first = generation()
    install()
    assert generation() == first


@time_machine.travel(NOW, tick=False)
def test_an_intake_after_a_fee_changed_by_hand_charges_the_new_fee(demo):
    procedure = Procedure.objects.get(code=EDIT_DIPLOMA)
    Fee.objects.filter(procedure=procedure).delete()
    assert receive().fees_due_vnd == 0
    Fee.objects.create(procedure=procedure, name="Lệ phí", amount_vnd=50_000)
    assert receive().fees_due_vnd == 50_000
    Fee.objects.filter(procedure=procedure).update(amount_vnd=70_000)
    assert receive().fees_due_vnd == 70_000


@time_machine.travel(NOW, tick=False)
def test_an_intake_after_a_new_holiday_counts_it(demo):
    assert receive().due_at == vn(2026, 10, 12, 17)
    calendar_override_save(
        day=date(2026, 10, 6), kind=OverrideKind.DAY_OFF, name="Nghỉ đột xuất", legal_basis="QĐ thử"
    )
    assert receive().due_at == vn(2026, 10, 13, 17)  # 7, 8, 9, 12, 13 October


@time_machine.travel(NOW, tick=False)
def test_an_abolished_procedure_is_refused_at_once(demo):
    receive()
    Procedure.objects.filter(code=EDIT_DIPLOMA).update(
        publication_status=PublicationStatus.ABOLISHED
    )
    with pytest.raises(InvalidInput):
        receive()


@time_machine.travel(NOW, tick=False)
def test_a_receptionist_whose_role_is_removed_can_no_longer_receive(demo):
    receive()
    Membership.objects.filter(user__username="tiepnhan", role=Role.RECEPTIONIST).delete()
    with pytest.raises(NotPermitted):
        receive()


@time_machine.travel(NOW, tick=False)
def test_a_renamed_desk_code_shows_in_the_next_dossier_code(demo):
    desk = receive().receiving_unit
    Unit.objects.filter(pk=desk.pk).update(code="000.99.15.H99")
    assert receive().code.startswith("000.99.15.H99-261005-")


def test_the_cache_keeps_one_generation_and_a_bounded_number_of_entries():
    cache = ReferenceCache(limit=3)
    loads = []

    def load(value):
        loads.append(value)
        return value

    assert cache.get(1, "a", lambda: load("a1")) == "a1"
    assert cache.get(1, "a", lambda: load("again")) == "a1"
    assert cache.get(2, "a", lambda: load("a2")) == "a2"  # a new generation: loaded afresh
    assert cache.get(1, "a", lambda: load("a1 again")) == "a1 again"  # generation 2 dropped it
    for key in "bcd":
        cache.get(1, key, lambda key=key: load(key))
    assert cache.get(1, "a", lambda: load("a1 third")) == "a1 third"  # over the limit: emptied
    assert loads == ["a1", "a2", "a1 again", "b", "c", "d", "a1 third"]
