"""A school's lifecycle (tenants.lifecycle): export archives and the delay before deletion."""

from pathlib import Path

from config.settings.env import DATA_DIR, env

# Export archives, one folder per school schema: exports/<schema>/<slug>-<time>.tar.gz.
SCHOOL_EXPORT_DIR: Path = Path(env.str("SCHOOL_EXPORT_DIR", default=str(DATA_DIR / "exports")))
# Days between an operator's delete request and the purge of the school's schema and files.
SCHOOL_DELETION_RETENTION_DAYS: int = env.int("SCHOOL_DELETION_RETENTION_DAYS", default=30)
# Write a last export to SCHOOL_EXPORT_DIR/purged/ before a school is purged. Off by default:
# a deleted school's personal data then survives in that file until someone removes it.
SCHOOL_PURGE_FINAL_EXPORT: bool = env.bool("SCHOOL_PURGE_FINAL_EXPORT", default=False)
