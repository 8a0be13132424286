from django.urls import path

from core_school.invitations import views

app_name = "invitations"
urlpatterns = [
    # Families: open an account with a code (anyone on the school's host).
    path("invite/", views.accept, name="accept"),
    # Staff: who has an account, who to invite, the pupils' printed codes.
    path("invitations/", views.index, name="index"),
    path("invitations/class/<int:class_id>/", views.class_families, name="class_families"),
    path("invitations/class/<int:class_id>/pupil-codes/", views.pupil_codes, name="pupil_codes"),
]
