"""Shared test fixtures: the named personas, so permission tests read like sentences."""

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from motcua.accounts.constants import Role, UnitKind
from motcua.accounts.models import Membership, Unit, User
from motcua.demo.organisation import DEMO_PASSWORD


@pytest.fixture
def org(db: None) -> dict[str, Unit]:
    """A small unit tree: province → department → one-stop desk, specialist unit, clerks."""
    province = Unit.objects.create(
        code="T.PROV", name="UBND tỉnh", kind=UnitKind.PROVINCE_COMMITTEE
    )
    department = Unit.objects.create(
        code="T.SGD", name="Sở GDĐT", kind=UnitKind.DEPARTMENT, parent=province
    )
    return {
        "province": province,
        "department": department,
        "desk": Unit.objects.create(
            code="T.MC", name="Bộ phận Một cửa", kind=UnitKind.ONE_STOP_DESK, parent=department
        ),
        "quality": Unit.objects.create(
            code="T.QLCL",
            name="Phòng Quản lý chất lượng",
            kind=UnitKind.SPECIALIST_UNIT,
            parent=department,
        ),
        "general": Unit.objects.create(
            code="T.GDPT",
            name="Phòng Giáo dục phổ thông",
            kind=UnitKind.SPECIALIST_UNIT,
            parent=department,
        ),
        "clerks": Unit.objects.create(
            code="T.VT", name="Văn thư", kind=UnitKind.CLERK_OFFICE, parent=department
        ),
    }


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    """Rate limits and cached calendars live in caches: each test starts without them. A
    database cache needs no clearing: it lives in the test's transaction."""
    from django.conf import settings
    from django.core.cache import caches

    for alias, config in settings.CACHES.items():
        if not config["BACKEND"].endswith("DatabaseCache"):
            caches[alias].clear()


@pytest.fixture(autouse=True)
def private_files(settings: Settings, tmp_path: Path) -> None:
    """Uploads of a test go to its own temporary folder."""
    settings.MOTCUA_PRIVATE_FILES = tmp_path / "private"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """Tests create many users; a real hasher would spend seconds on each."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _person(username: str, role: Role | None, unit: Unit | None) -> User:
    user = User.objects.create_user(
        username=username,
        password=DEMO_PASSWORD,
        full_name=username.title(),
        is_staff=role is not None,
    )
    if role is not None and unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def receptionist(org: dict[str, Unit]) -> User:
    return _person("receptionist", Role.RECEPTIONIST, org["desk"])


@pytest.fixture
def specialist(org: dict[str, Unit]) -> User:
    return _person("specialist", Role.SPECIALIST, org["quality"])


@pytest.fixture
def other_specialist(org: dict[str, Unit]) -> User:
    return _person("other_specialist", Role.SPECIALIST, org["general"])


@pytest.fixture
def unit_head(org: dict[str, Unit]) -> User:
    return _person("unit_head", Role.UNIT_HEAD, org["quality"])


@pytest.fixture
def director(org: dict[str, Unit]) -> User:
    return _person("director", Role.DIRECTOR, org["department"])


@pytest.fixture
def clerk(org: dict[str, Unit]) -> User:
    return _person("clerk", Role.CLERK, org["clerks"])


@pytest.fixture
def admin(org: dict[str, Unit]) -> User:
    return _person("admin", Role.ADMINISTRATOR, org["department"])


@pytest.fixture
def citizen(db: None) -> User:
    return _person("citizen", None, None)


@pytest.fixture
def other_citizen(db: None) -> User:
    return _person("other_citizen", None, None)


@pytest.fixture
def demo(db: None) -> dict[str, User]:
    """The demo organisation, its six staff users (by username) and the demo catalog."""
    from motcua.catalog.services import catalog_import
    from motcua.demo.catalog import demo_records
    from motcua.demo.organisation import load_demo_organisation

    load_demo_organisation()
    assert catalog_import(records=demo_records()).ok
    return {u.username: u for u in User.objects.all()}


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Settings) -> None:
    """Unit tests run a task inside the call that enqueues it; the worker's own tests
    (motcua/scheduler/tests) put the database backend back."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "rollups"],
        }
    }
