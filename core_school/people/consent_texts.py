"""The consent texts guardians answer, versioned: a guardian's answer records the version read.

Change a text → give it a new version; earlier answers keep the version they were given for.
Personal-data law 91/2025 (DOMAIN.md §4.2): silence is not consent, consent can be withdrawn.
"""

from django.utils.translation import gettext_lazy as _

from core_school.people.models import Consent

CONSENT_TEXTS = {
    Consent.Purpose.PHOTOS: (
        "2026-1",
        _(
            "The school may publish photos in which my child appears (school website, "
            "noticeboards, year book). I can withdraw this at any time."
        ),
    ),
    Consent.Purpose.MESSAGING: (
        "2026-1",
        _(
            "Teachers may send me messages about my child outside school hours (after 18:00 "
            "and at weekends). Urgent safety messages are always sent."
        ),
    ),
    Consent.Purpose.ANALYTICS: (
        "2026-1",
        _(
            "My child's results may be counted in anonymous statistics the school publishes "
            "to the education authority (no name, no identifier, groups under 5 hidden)."
        ),
    ),
}
