"""Every environment variable the platform reads goes through this module (12-factor)."""

from pathlib import Path

import environ

# platform/config/settings/env.py -> the repository root is three folders up from platform/.
REPO_ROOT: Path = Path(__file__).resolve().parents[3]

env = environ.Env()

# A `.env` file at the repository root is read if present; real environment variables win.
environ.Env.read_env(REPO_ROOT / ".env", overwrite=False)

# Where the embedded database, the broker folder, media and generated secrets live.
DATA_DIR: Path = Path(env.str("DATA_DIR", default=str(REPO_ROOT / ".data"))).resolve()
