from rest_framework import serializers

from core_school.notifications.models import Notification


class NotificationOutputSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "kind", "pupil", "title", "body", "url", "created_at", "read_at"]
        extra_kwargs = {
            "id": {"help_text": "The notification's id."},
            "kind": {
                "help_text": (
                    "What happened: marks, absence, note, announcement, leave, message or digest."
                )
            },
            "pupil": {"help_text": "The child it is about, or null for the whole school."},
            "title": {"help_text": "One line, in the school's language."},
            "body": {"help_text": "The details (may be empty)."},
            "url": {"help_text": "The page to open, on the school's host."},
            "created_at": {"help_text": "When it happened."},
            "read_at": {"help_text": "When the user marked it read, or null."},
        }


class NotificationReadInputSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text="The notifications to mark read; all of the user's when absent.",
    )


class MarkedReadOutputSerializer(serializers.Serializer):
    marked_read = serializers.IntegerField(help_text="How many became read.")
