"""The teaching API (/api/v1/): viewsets, serializers and their router."""
