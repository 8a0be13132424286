"""Sign-in forms that replace allauth's (settings.ACCOUNT_FORMS)."""

from typing import Any

from allauth.account.forms import RequestLoginCodeForm
from django import forms
from django.db import connection
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name


class PhoneLoginCodeForm(RequestLoginCodeForm):
    """Ask for a sign-in code by SMS: a phone number only, and only on a school's host.

    allauth's form also offers a code by e-mail; ours does not, so nobody (an operator, a
    member of staff) swaps their password and MFA for a code sent to a mailbox.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("email", None)
        self.fields["phone"].required = True

    def clean(self) -> dict[str, Any]:
        if connection.schema_name == get_public_schema_name():
            raise forms.ValidationError(
                _("Operators sign in with their username and password."), code="not_here"
            )
        return super().clean()
