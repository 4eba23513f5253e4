from importlib import import_module

import pytest
from django.apps import apps

from motcua.scheduler.models import Schedule


@pytest.fixture
def database_tasks(settings) -> None:
    """The real queue: tasks wait in the database until a worker claims them."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "rollups"],
        }
    }


@pytest.fixture
def only(db):
    """Keep just the named shipped schedules enabled (put back first: a transactional test
    elsewhere may have flushed what the migration shipped)."""
    import_module("motcua.scheduler.migrations.0002_default_schedules").add(apps, None)

    def keep(*names: str) -> None:
        Schedule.objects.exclude(name__in=names).update(enabled=False)

    return keep
