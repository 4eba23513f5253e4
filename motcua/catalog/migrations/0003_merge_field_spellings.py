"""One row per field: rows whose names differ only in case, punctuation or "và" ("Giáo dục &
Đào tạo", "Giáo dục - Đào tạo", "Giáo dục và Đào tạo"), or that a shipped synonym names, become
one field; their procedures move to it. The key function is copied here as it was when this
migration was written, so that a later change to catalog.fields cannot change what it did."""

import re

from django.db import migrations
from django.db.models import Count

from motcua.core.folding import fold

# The spelling kept for a field, and the other names (differing in words) that mean it.
SHIPPED = (
    ("Giáo dục và Đào tạo", ()),
    ("Hệ thống văn bằng, chứng chỉ", ("Văn bằng, chứng chỉ",)),
)


def _key(name):
    words = re.sub(r"[^0-9a-z]+", " ", fold(name)).split()
    return " ".join(w for w in words if w != "va")


def forwards(apps, schema_editor):
    Field = apps.get_model("catalog", "Field")
    FieldSynonym = apps.get_model("catalog", "FieldSynonym")
    Procedure = apps.get_model("catalog", "Procedure")
    for field in Field.objects.all():
        field.key = _key(field.name)
        field.save(update_fields=["key"])
    preferred = {}
    for name, synonyms in SHIPPED:
        key = _key(name)
        field = Field.objects.filter(name=name).first()
        if field is None:
            field = Field.objects.create(name=name, key=key)
        preferred[key] = field
        for synonym in synonyms:
            FieldSynonym.objects.get_or_create(
                key=_key(synonym), defaults={"field": field, "name": synonym}
            )
    by_synonym = {s.key: s.field_id for s in FieldSynonym.objects.all()}
    fields = Field.objects.annotate(used=Count("procedures")).order_by("-used", "pk")
    keeper = {}
    for field in fields:  # the most used spelling of a key wins, unless one is preferred
        keeper.setdefault(field.key, preferred.get(field.key, field).pk)
    for field in fields:
        target = by_synonym.get(field.key) or keeper[field.key]
        if target == field.pk:
            continue
        kept = Field.objects.get(pk=target)
        for procedure in Procedure.objects.filter(field=field):
            procedure.field = kept
            procedure.search_text = fold(f"{procedure.code} {procedure.name} {kept.name}")
            procedure.save(update_fields=["field", "search_text"])
        field.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_field_key_and_synonyms"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
