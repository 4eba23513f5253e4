"""Ship the Decision 766 index scheme (6 groups, as Cổng DVCQG shows it) as its first version."""

import json
from pathlib import Path

from django.db import migrations

SCHEME = Path(__file__).resolve().parent.parent / "schemes" / "766-dvcqg-6-nhom.json"


def load(apps, schema_editor):
    IndexScheme = apps.get_model("metrics", "IndexScheme")
    definition = json.loads(SCHEME.read_text(encoding="utf-8"))
    if IndexScheme.objects.filter(effective_from=definition["effective_from"]).exists():
        return
    IndexScheme.objects.create(
        code=definition["code"],
        name=definition["name"],
        effective_from=definition["effective_from"],
        legal_basis=definition["legal_basis"],
        definition=definition,
        note=definition.get("note", ""),
    )


def unload(apps, schema_editor):
    apps.get_model("metrics", "IndexScheme").objects.filter(code="766-dvcqg-6-nhom").delete()


class Migration(migrations.Migration):
    dependencies = [("metrics", "0002_index766")]

    operations = [migrations.RunPython(load, unload)]
