from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts import roles

        # Every migrated schema (public, template, each school) gets its role groups; schools
        # cloned from the template inherit them.
        post_migrate.connect(roles.roles_sync_after_migrate, sender=self)
