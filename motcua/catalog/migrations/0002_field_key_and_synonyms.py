import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
    ]

    operations = [
        # Filled by 0003 (one row per field), then made unique by 0004.
        migrations.AddField(
            model_name="field",
            name="key",
            field=models.CharField(default="", editable=False, max_length=255),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name="FieldSynonym",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=255, verbose_name="tên khác")),
                ("key", models.CharField(editable=False, max_length=255, unique=True)),
                (
                    "field",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="synonyms",
                        to="catalog.field",
                        verbose_name="lĩnh vực",
                    ),
                ),
            ],
            options={
                "verbose_name": "tên khác của lĩnh vực",
                "verbose_name_plural": "tên khác của lĩnh vực",
                "ordering": ["field", "name"],
            },
        ),
    ]
