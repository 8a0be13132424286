"""Billing pages, on the root domain only (config.urls_public)."""

from django.urls import path

from billing_stub import views

app_name = "billing"
urlpatterns = [
    path("", views.index, name="index"),
    path("schools/<slug:slug>/", views.school_detail, name="school_detail"),
    path("schools/<slug:slug>/plan/", views.school_plan, name="school_plan"),
    path("schools/<slug:slug>/measure/", views.school_measure, name="school_measure"),
    path(
        "schools/<slug:slug>/invoices/",
        views.school_invoice_generate,
        name="school_invoice_generate",
    ),
    path("invoices/<int:pk>/", views.invoice_detail, name="invoice_detail"),
    path("invoices/<int:pk>/pdf/", views.invoice_pdf_download, name="invoice_pdf"),
    path(
        "invoices/<int:pk>/issue/", views.invoice_action, {"action": "issue"}, name="invoice_issue"
    ),
    path("invoices/<int:pk>/pay/", views.invoice_action, {"action": "pay"}, name="invoice_pay"),
    path("invoices/<int:pk>/void/", views.invoice_action, {"action": "void"}, name="invoice_void"),
]
