"""Pages of the operators' site (public schema)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render


def operator_home(request: HttpRequest) -> HttpResponse:
    """The root domain's home: what Trường Số is and a sign-in button; signed-in operators go
    straight to their console (which asks for two-factor setup first if they have none)."""
    if request.user.is_authenticated:
        return redirect("console:school_list")
    return render(request, "tenants/operator_home.html")
