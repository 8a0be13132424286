"""Provisioning from the command line: one school, a CSV of many, a retry."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django_tenants.utils import schema_exists

from tenants.models import School

pytestmark = pytest.mark.django_db


def test_school_provision_makes_the_school(capsys: pytest.CaptureFixture[str]) -> None:
    call_command(
        "school_provision",
        "--name=THCS Trung Hòa",
        "--code=01013701",
        "--authority=00167",
        "--admin-name=Vũ Hà",
        "--admin-email=ha@th.example",
    )
    school = School.objects.get(code="01013701")
    assert school.slug == "thcs-trung-hoa"
    assert school.status == School.Status.ONBOARDING
    assert schema_exists(school.schema_name)
    assert "ready at thcs-trung-hoa." in capsys.readouterr().out


def test_school_provision_refuses_a_duplicate_clearly() -> None:
    with pytest.raises(CommandError, match="already used by THCS Cầu Giấy"):
        call_command(
            "school_provision",
            "--name=THCS Khác",
            "--code=01013501",
            "--authority=00167",
            "--admin-name=A",
            "--admin-email=a@b.example",
        )


def test_schools_provision_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "truong.csv"
    path.write_text(
        "Tên trường,Mã trường,Mã đơn vị quản lý,Quản trị viên,Email quản trị viên\n"
        "THCS Một,01013801,00167,A Một,a1@x.example\n"
        "THCS Hai,01013802,00160,A Hai,a2@x.example\n",
        encoding="utf-8",
    )
    call_command("schools_provision_csv", str(path))
    out = capsys.readouterr().out
    assert "[2/2]" in out
    assert "2 made, 0 failed" in out
    assert (
        School.objects.filter(code__in=["01013801", "01013802"], status="onboarding").count() == 2
    )


def test_schools_provision_csv_lists_every_problem(tmp_path: Path) -> None:
    path = tmp_path / "truong.csv"
    path.write_text(
        "Tên trường,Mã trường,Mã đơn vị quản lý,Quản trị viên,Email quản trị viên\n"
        "THCS Một,bad,00167,A Một,a1@x.example\n"
        "THCS Hai,01013802,77777,A Hai,a2@x.example\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        call_command("schools_provision_csv", str(path))
    assert "Row 2, Mã trường" in str(refused.value)
    assert "Row 3, Mã đơn vị quản lý" in str(refused.value)
    assert not School.objects.filter(code="01013802").exists()


def test_school_provision_retry(monkeypatch: pytest.MonkeyPatch) -> None:
    from onboarding import provisioning

    monkeypatch.setattr(provisioning, "_admin_create", lambda **kw: 1 / 0)
    with pytest.raises(CommandError, match="failed"):
        call_command(
            "school_provision",
            "--name=THCS Ba",
            "--code=01013901",
            "--slug=thcs-ba",
            "--authority=00167",
            "--admin-name=A",
            "--admin-email=a@b.example",
        )
    assert School.objects.get(code="01013901").status == School.Status.FAILED
    monkeypatch.undo()
    call_command("school_provision_retry", "thcs-ba")
    assert School.objects.get(code="01013901").status == School.Status.ONBOARDING
