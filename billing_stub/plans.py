"""The plans every installation offers (created by a data migration and by
`manage.py billing_plans_ensure`). Prices are whole VND."""

from billing_stub.models import GIGABYTE, Plan

DEFAULT_PLANS: list[dict[str, object]] = [
    {
        "code": Plan.PILOT,
        "name": "Thí điểm",
        "price_per_pupil_vnd": 0,
        "included_api_calls": 1_000_000,
        "api_overage_per_1000_vnd": 0,
        "storage_quota_bytes": 20 * GIGABYTE,
        "storage_overage_per_gb_vnd": 0,
    },
    {
        "code": Plan.STANDARD,
        "name": "Tiêu chuẩn",
        "price_per_pupil_vnd": 3_000,
        "included_api_calls": 200_000,
        "api_overage_per_1000_vnd": 2_000,
        "storage_quota_bytes": 20 * GIGABYTE,
        "storage_overage_per_gb_vnd": 5_000,
    },
]
