"""The rules package is pure Python: standard library only, no Django (STYLE.md §2.3)."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from core_school.assessment import rules
from core_school.assessment.rules import Level, term_average

RULES_DIR = Path(rules.__file__).parent
MODULES = sorted(RULES_DIR.glob("*.py"))
REPO_ROOT = Path(__file__).resolve().parents[4]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    names |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    return names


@pytest.mark.parametrize("path", MODULES, ids=[path.name for path in MODULES])
def test_rules_module_imports_only_the_standard_library_and_itself(path: Path) -> None:
    # given
    allowed_prefix = "core_school.assessment.rules"

    # when
    foreign = {
        name
        for name in _imported_modules(path)
        if name.split(".")[0] not in sys.stdlib_module_names and not name.startswith(allowed_prefix)
    }

    # then
    assert foreign == set()


def test_importing_the_rules_loads_no_django() -> None:
    # given
    code = (
        "import sys; from core_school.assessment import rules; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )

    # when
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )

    # then
    assert result.stdout.strip() == "[]"


def test_both_import_styles_reach_the_contract() -> None:
    # given / when / then
    assert (rules.Level, rules.term_average) == (Level, term_average)
