"""Shared test fixtures: the named personas, so permission tests read like sentences, and the
demo organisation and catalog, built once per test database and written again for each test."""

import copy
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.test import override_settings
from pytest_django import DjangoDbBlocker
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


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Settings) -> None:
    """Tests create many users; a real hasher would spend seconds on each."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


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


def demo_build() -> None:
    """What `load_demo` writes before its passwords: the demo organisation and the demo catalog."""
    from motcua.catalog.services import catalog_import
    from motcua.demo.catalog import demo_records
    from motcua.demo.organisation import load_demo_organisation

    load_demo_organisation()
    report = catalog_import(records=demo_records())
    assert report.ok, report.errors


def _tables() -> list[type[models.Model]]:
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _rows(model: type[models.Model]) -> dict[Any, dict[str, Any]]:
    names = [f.attname for f in model._meta.concrete_fields]
    return {row[model._meta.pk.attname]: row for row in model._base_manager.values(*names)}


def _top(model: type[models.Model]) -> Any:
    return model._base_manager.aggregate(top=models.Max("pk"))["top"]


@dataclass
class RecordedBuild:
    """The rows a build added to the test database, to be written again, as they were, in a test
    whose database is as the build found it: one bulk insert per table instead of the build.
    Audit rows keep their chain, since the tail they link to is the same row. In any other
    state (a fixture wrote to one of these tables first) the build runs for real."""

    build: Callable[[], None]
    rows: dict[type[models.Model], list[dict[str, Any]]] = field(default_factory=dict)
    tops: dict[type[models.Model], Any] = field(default_factory=dict)  # max pk before the build
    replays: int = 0
    builds: int = 0

    def record(self) -> None:
        """Run the build in a transaction that is rolled back, noting every row it added."""
        with transaction.atomic():
            before = {model: _rows(model) for model in _tables()}
            self.build()
            for model, old in before.items():
                new = _rows(model)
                changed = [pk for pk in old if new.get(pk) != old[pk]]
                assert not changed, f"the build changed or removed {model.__name__} {changed}"
                added = [row for pk, row in new.items() if pk not in old]
                if added:
                    self.rows[model] = added
                    self.tops[model] = max(old, default=None)
            transaction.set_rollback(True)

    def write(self) -> None:
        """Write the recorded rows (or, if the database is not as the build found it, build)."""
        if any(_top(model) != top for model, top in self.tops.items()):
            self.builds += 1
            self.build()
            return
        self.replays += 1
        # One transaction: foreign keys are checked at its end (they are deferred), whatever the
        # order of the tables, also in transactional tests, which have no surrounding one.
        with transaction.atomic():
            for model, rows in self.rows.items():
                model._base_manager.bulk_create([model(**copy.deepcopy(row)) for row in rows])
            # PostgreSQL's sequences ignore explicit keys: the next row must come after these.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(self.rows)):
                    cursor.execute(sql)


@pytest.fixture(scope="session")
def recorded_demo(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> RecordedBuild:
    """The demo build, run once per test database (each xdist worker has its own)."""
    recorded = RecordedBuild(build=demo_build)
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        recorded.record()
    return recorded


@pytest.fixture
def demo(db: None, recorded_demo: RecordedBuild) -> dict[str, User]:
    """The demo organisation, its staff users (by username) and the demo catalog."""
    recorded_demo.write()
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


@pytest.hookimpl(optionalhook=True)  # pytest-xdist's hook: absent under `-p no:xdist`
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto` stays in one process when REDIS_URL is set: every test empties the caches, and
    emptying a Redis cache empties the Redis database, which all workers would share."""
    return 0 if os.environ.get("REDIS_URL") else None
