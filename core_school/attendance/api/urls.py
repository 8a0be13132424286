from rest_framework.routers import SimpleRouter

from core_school.attendance.api import views

router = SimpleRouter()
router.register(
    "attendance-registers", views.AttendanceRegisterViewSet, basename="attendance-register"
)
router.register("absences", views.AbsenceViewSet, basename="absence")
router.register("behaviour-notes", views.BehaviourNoteViewSet, basename="behaviour-note")

urlpatterns = router.urls
