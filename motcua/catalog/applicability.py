"""Which components of a procedure an applicant must provide: the one rule that the online form,
the counter checklist and the API intake all ask.

A component is required (always), conditional (only when its condition, written in words,
holds for this applicant, who says so by ticking it) or optional (never). The published texts
write the condition into the name ("Giấy khai sinh (trường hợp chỉnh sửa do …)"); `need_from_name`
splits it out when a catalog file does not say so itself.
"""

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from motcua.catalog.constants import ComponentNeed
from motcua.catalog.models import Component

# "… (trường hợp …)" at the end of a name, or "Trường hợp …: …" at its start.
CONDITION_SUFFIX = re.compile(r"^(?P<name>.+?)\s*\((?P<condition>trường hợp[^()]*)\)\s*$", re.I)
CONDITION_PREFIX = re.compile(r"^(?P<condition>trường hợp[^:]{3,}):\s*(?P<name>.+)$", re.I)
OPTIONAL_SUFFIX = re.compile(r"^(?P<name>.+?)\s*\(nếu có\)\s*$", re.I)


@dataclass(frozen=True)
class NameAndNeed:
    name: str
    need: str
    condition: str


def need_from_name(name: str) -> NameAndNeed:
    """Split a published component name into its name, its need and its condition in words."""
    name = name.strip()
    for pattern in (CONDITION_SUFFIX, CONDITION_PREFIX):
        found = pattern.match(name)
        if found:
            rest = found["name"].strip()
            return NameAndNeed(
                rest[:1].upper() + rest[1:],
                ComponentNeed.CONDITIONAL,
                _lower_first(found["condition"].strip()),
            )
    found = OPTIONAL_SUFFIX.match(name)
    if found:
        return NameAndNeed(found["name"].strip(), ComponentNeed.OPTIONAL, "")
    return NameAndNeed(name, ComponentNeed.REQUIRED, "")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class ApplicabilityError(ValueError):
    """The applicant's answer names a component that has no condition to tick."""


def conditions_checked(components: Iterable[Component], applies: Collection[int]) -> set[int]:
    """The conditional components among `applies` (ids); anything else there is an error."""
    conditional = {c.pk for c in components if c.is_conditional}
    unknown = set(applies) - conditional
    if unknown:
        raise ApplicabilityError(
            "Chỉ chọn được các trường hợp của thủ tục này (thành phần có điều kiện áp dụng)."
        )
    return set(applies)


def components_needed(
    components: Iterable[Component], applies: Collection[int], *, shown_too: bool = True
) -> list[Component]:
    """The components this applicant must provide: every required one, and each conditional one
    whose condition they said applies (ids in `applies`). `shown_too=False` leaves out papers
    only shown at the counter (an online form uploads nothing for them)."""
    return [
        c
        for c in components
        if (shown_too or not c.shown_only)
        and (
            c.need == ComponentNeed.REQUIRED
            or (c.need == ComponentNeed.CONDITIONAL and c.pk in applies)
        )
    ]


def components_missing(
    components: Iterable[Component],
    applies: Collection[int],
    provided: Collection[int],
    *,
    shown_too: bool = True,
) -> list[Component]:
    """The needed components (see `components_needed`) whose ids are not in `provided`."""
    return [
        c
        for c in components_needed(components, applies, shown_too=shown_too)
        if c.pk not in provided
    ]
