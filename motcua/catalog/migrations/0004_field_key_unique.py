from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0003_merge_field_spellings"),
    ]

    operations = [
        migrations.AlterField(
            model_name="field",
            name="key",
            field=models.CharField(editable=False, max_length=255, unique=True),
        ),
    ]
