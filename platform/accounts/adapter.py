"""allauth glue: accounts are created by schools and operators, never by open sign-up."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Schools invite their staff and families; authorities create operator accounts.
        return False
