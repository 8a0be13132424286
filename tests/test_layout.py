"""The platform/ folder must never shadow the standard-library module `platform`."""

import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

ENTRY_POINTS = [
    # A fresh interpreter started in the repository root, as manage.py, pytest, celery and
    # gunicorn all are.
    ["-c", "import platform; print(platform.__file__)"],
    ["-c", "import config, platform; print(platform.__file__)"],
]


def test_platform_folder_is_not_a_package() -> None:
    assert not (REPO_ROOT / "platform" / "__init__.py").exists()


@pytest.mark.parametrize("argv", ENTRY_POINTS)
def test_import_platform_is_the_standard_library_from_the_repo_root(argv: list[str]) -> None:
    # when
    result = subprocess.run(
        [sys.executable, *argv], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    # then
    path = Path(result.stdout.strip())
    assert path.parent == Path(sysconfig.get_paths()["stdlib"])


def test_manage_py_sees_the_standard_library_platform() -> None:
    # when
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", "import platform; print(platform.__file__)"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    # then
    assert Path(result.stdout.strip().splitlines()[-1]).parent == Path(
        sysconfig.get_paths()["stdlib"]
    )
