"""Pages of the operators' site (public schema)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tenants import selectors


def operator_home(request: HttpRequest) -> HttpResponse:
    """The root domain's home: what Trường Số is, and for operators their schools."""
    schools = []
    if request.user.is_authenticated:
        schools = list(selectors.school_list_for_user(user=request.user))
    return render(request, "tenants/operator_home.html", {"schools": schools})
