"""Version 1 of the standards: today's national standard (standards.national), published."""

from django.db import migrations
from django.utils import timezone


def install(apps, schema_editor):  # noqa: ANN001, ANN201 - migration signature
    from standards.national import national_content

    StandardVersion = apps.get_model("standards", "StandardVersion")
    StandardVersion.objects.get_or_create(
        number=1,
        defaults={
            "status": "published",
            "content": national_content(),
            "notes": "The national standard: 2018 programme, Circular 22/2021/TT-BGDĐT.",
            "published_at": timezone.now(),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_versions_and_conformance")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
