from rest_framework.routers import SimpleRouter

from core_school.people.api import views

router = SimpleRouter()
router.register("pupils", views.PupilViewSet, basename="pupil")
router.register("guardians", views.GuardianViewSet, basename="guardian")
router.register("staff", views.StaffMemberViewSet, basename="staff-member")

urlpatterns = router.urls
