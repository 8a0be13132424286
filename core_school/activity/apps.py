from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    """Who used the platform each week (the pilot's adoption), recorded without a query on
    ordinary requests (core_school.activity.recorder)."""

    name = "core_school.activity"
    label = "activity"
    verbose_name = _("Weekly activity")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from core_school.activity import recorder

        # A sign-in counts as using the platform that week, whatever the next pages are.
        user_logged_in.connect(recorder.on_user_logged_in, dispatch_uid="activity_sign_in")
