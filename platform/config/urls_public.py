"""URLs of the root domain (public schema): the operators' site."""

from django.contrib import admin
from django.urls import path

from config import urls_common
from tenants import views as tenant_views

urlpatterns = [
    path("", tenant_views.operator_home, name="home"),
    path("admin/", admin.site.urls),
    *urls_common.urlpatterns,
]
