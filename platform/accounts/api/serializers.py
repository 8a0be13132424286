from rest_framework import serializers

from accounts.models import User


class MeOutputSerializer(serializers.ModelSerializer[User]):
    roles = serializers.SerializerMethodField(help_text="The user's roles in this school.")

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "email", "roles"]

    def get_roles(self, user: User) -> list[str]:
        return sorted(group.name for group in user.groups.all())
