"""What intake reads from the catalog, cached per process under the reference generation."""

from dataclasses import dataclass
from datetime import date

from motcua.catalog.models import Component, Procedure, ProcedureCase, ProcessStep
from motcua.catalog.selectors import procedures_in_force
from motcua.core.reference import CACHE


@dataclass(frozen=True)
class ProcedureForIntake:
    """A procedure in force and one of its cases, with what a new dossier copies from them.

    `case` is None when the procedure has no such case (or no default case)."""

    procedure: Procedure  # with implementing_unit
    case: ProcedureCase | None
    steps: tuple[ProcessStep, ...]  # the case's process, in order, with each step's unit
    fees_due_vnd: int
    components: tuple[Component, ...]  # the procedure's common ones and the case's own


def _load(code: str, case_code: str | None, on: date) -> ProcedureForIntake | None:
    procedure = (
        procedures_in_force(on).select_related("implementing_unit").filter(code=code).first()
    )
    if procedure is None:
        return None
    cases = procedure.cases.all()
    case = (
        cases.filter(code=case_code).first() if case_code else cases.filter(is_default=True).first()
    )
    if case is None:
        return ProcedureForIntake(procedure, None, (), 0, ())
    return ProcedureForIntake(
        procedure=procedure,
        case=case,
        steps=tuple(case.steps.select_related("unit").order_by("order")),
        fees_due_vnd=sum(fee.amount_vnd for fee in procedure.fees.all()),
        components=tuple(procedure.components.filter(case__isnull=True) | case.components.all()),
    )


def procedure_for_intake(
    generation: int, code: str, case_code: str | None, on: date
) -> ProcedureForIntake | None:
    """The procedure `code` in force on `on` with its case `case_code` (the default case when
    None), or None when no such procedure is in force. `generation` is `reference.generation()`
    read by the caller."""
    return CACHE.get(
        generation, ("procedure", code, case_code, on), lambda: _load(code, case_code, on)
    )
