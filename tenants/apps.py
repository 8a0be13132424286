from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Schools and authorities")

    def ready(self) -> None:
        # NOTE: django-pgtrigger swaps the migration autodetector of Django's `migrate` and
        # `makemigrations` (so triggers live in migrations) but not of django-tenants' own
        # `migrate` / `migrate_schemas`; Django's check commands.E001 then fails. Give them the
        # same autodetector.
        from django.core.management.commands import makemigrations
        from django.db.models.signals import post_delete, post_save
        from django_tenants.management.commands import migrate, migrate_schemas
        from pgtrigger.apps import patch_migrations

        from tenants.middleware import hosts_forget
        from tenants.models import Domain, School

        for model in (School, Domain):
            post_save.connect(hosts_forget, sender=model, dispatch_uid=f"hosts_forget_{model}")
            post_delete.connect(hosts_forget, sender=model, dispatch_uid=f"hosts_del_{model}")

        patch_migrations()  # idempotent; pgtrigger's own ready() may run after this one
        migrate.Command.autodetector = makemigrations.Command.autodetector
        migrate_schemas.Command.autodetector = makemigrations.Command.autodetector
