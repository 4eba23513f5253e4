"""A year of synthetic dossiers inserted in bulk (bulk_create, not the services), shared by
bench/public_stats.py and bench/index766.py. Import it after `_django.setup()`.

The demo organisation and catalog with three receiving desks; dossiers accepted over the last
365 days (office hours, working days), due in 1, 7 or 21 days: most finished (some late, one in
50 with two supplement requests), 4% withdrawn, half of the recent ones still open.
"""

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from motcua.accounts.constants import UnitKind
from motcua.accounts.models import Unit
from motcua.catalog.models import Procedure, ProcedureCase
from motcua.catalog.services import catalog_import
from motcua.core.localtime import VN_TZ
from motcua.demo.catalog import demo_records
from motcua.demo.organisation import load_demo_organisation
from motcua.dossiers.constants import Stage, Status
from motcua.dossiers.models import Dossier, SupplementRequest
from motcua.workdays.models import Deadline

# (number, accepted, procedure, case, due, finished, stopped)
Plan = tuple[int, datetime, Procedure, ProcedureCase, datetime, datetime | None, datetime | None]


class SyntheticYear:
    def __init__(self, rng: random.Random, *, open_days: int, channels: int) -> None:
        """`open_days`: how recent a dossier must be to be left open (half of them are);
        `channels`: dossier n comes by channel 1 + n % channels."""
        load_demo_organisation()
        assert catalog_import(records=demo_records()).ok
        self.rng = rng
        self.open_days = open_days
        self.channels = channels
        self.desk = Unit.objects.get(kind=UnitKind.ONE_STOP_DESK)
        self.desks = [self.desk] + [
            Unit.objects.create(
                code=f"B.MC{n}", name=f"Bộ phận Một cửa {n}", kind=UnitKind.ONE_STOP_DESK
            )
            for n in (2, 3)
        ]
        self.procedures = [(p, p.cases.get(is_default=True)) for p in Procedure.objects.all()]
        self.now = timezone.now()
        self.today = timezone.localdate()

    def office_moment(self, day_offset: int) -> datetime:
        day = self.today - timedelta(days=day_offset)
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        hour = self.rng.choice([8, 9, 10, 11, 13, 14, 15, 16])
        return datetime(day.year, day.month, day.day, hour, self.rng.randrange(60), tzinfo=VN_TZ)

    def plans(self, numbers: range) -> list[Plan]:
        rng, now = self.rng, self.now
        plans: list[Plan] = []
        for n in numbers:
            accepted = self.office_moment(rng.randrange(1, 366))
            procedure, case = rng.choice(self.procedures)
            due = accepted + timedelta(days=rng.choice([1, 7, 21]))
            roll = rng.random()
            finished: datetime | None
            stopped: datetime | None
            if accepted > now - timedelta(days=self.open_days) and roll < 0.5:
                finished = stopped = None  # still open
            elif roll < 0.04:
                finished, stopped = None, accepted + timedelta(hours=rng.randrange(1, 200))
            else:
                finished = accepted + (due - accepted) * rng.uniform(0.05, 1.3)
                stopped = None
            finished = finished if finished is None or finished < now else None
            stopped = stopped if stopped is None or stopped < now else None
            plans.append((n, accepted, procedure, case, due, finished, stopped))
        return plans

    def insert(self, plans: list[Plan], **extra: Callable[[Plan], Any]) -> list[Dossier]:
        """The plans' deadlines, dossiers (with `extra` fields computed from each plan) and
        supplement requests."""
        deadlines = Deadline.objects.bulk_create(
            Deadline(
                owner_type="dossier",
                owner_id=f"B-{n}",
                label=f"B-{n}",
                received_at=accepted,
                counted_from=accepted,
                duration_value=5,
                duration_unit="working_days",
                effective_start=accepted,
                due_at=due,
                is_open=finished is None and stopped is None,
            )
            for n, accepted, _, _, due, finished, stopped in plans
        )
        dossiers = Dossier.objects.bulk_create(
            Dossier(
                code=f"B-{n}",
                procedure=procedure,
                case=case,
                receiving_unit=self.desks[n % 3],
                channel=1 + n % self.channels,
                status=(
                    Status.RETURNED
                    if finished
                    else Status.STOPPED
                    if stopped
                    else Status.PROCESSING
                ),
                stage=Stage.RETURNED if finished else Stage.STOPPED if stopped else Stage.AT_STEP,
                applicant_name="Nguyễn Văn An",
                applicant_id_number="001090001234",
                received_at=accepted,
                accepted_at=accepted,
                deadline=deadline,
                original_due_at=due,
                supplement_count=2 if n % 50 == 0 else 0,
                finished_at=finished,
                returned_at=finished + timedelta(days=1) if finished else None,
                stopped_at=stopped,
                **{name: value(plan) for name, value in extra.items()},
            )
            for plan, deadline in zip(plans, deadlines, strict=True)
            for n, accepted, procedure, case, due, finished, stopped in [plan]
        )
        SupplementRequest.objects.bulk_create(
            SupplementRequest(
                dossier=d,
                number=k,
                items=["Đơn"],
                requested_at=d.received_at + timedelta(hours=k),
                received_at=d.received_at + timedelta(hours=k, minutes=30),
                return_stage=Stage.AT_STEP,
                is_repeat=k == 2,
            )
            for d in dossiers
            if d.supplement_count
            for k in (1, 2)
        )
        return dossiers
