from rest_framework.routers import SimpleRouter

from core_school.teaching.api import views

router = SimpleRouter()
router.register("logbook-entries", views.LogbookEntryViewSet, basename="logbook-entry")
router.register("staff-tasks", views.StaffTaskViewSet, basename="staff-task")

urlpatterns = router.urls
