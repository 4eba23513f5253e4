from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_citizen_accounts'),
        ('catalog', '0001_initial'),
        ('documents', '0001_initial'),
        ('dossiers', '0004_dossier_access'),
        ('workdays', '0005_deadline_breach_notified_at_deadline_warned_at'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='dossier',
            index=models.Index(condition=models.Q(('stage__in', ['returned', 'refused', 'stopped']), _negated=True), fields=['current_unit'], name='dossier_active'),
        ),
    ]
