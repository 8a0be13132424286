"""Provisioning schools: asked for by an operator (form, API, command line or a CSV of many),
made by a Celery task. Runs in the public schema.

A school is asked for (status "requested", one transaction: the School row and its
Provisioning record), then a task makes it in ONE transaction — the schema cloned from the
template, the host, the current standards, the subscription and the first administrator — and
marks it "onboarding". If anything fails, that transaction leaves nothing behind and the
school is marked "failed" with the reason; a retry asks again. The invitation e-mail to the
administrator goes out after the commit, once.

Idempotent: the task takes the school's row with FOR UPDATE SKIP LOCKED, so a second copy of
the task (a broker redelivery, the sweeper) skips a school being made and does nothing for a
school already made. Resumable: a worker that dies mid-way leaves the school "requested" or
"provisioning" with nothing made; the sweeper asks again.
"""

import csv
import datetime
import io
import logging
import re
import smtplib
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context

from accounts.models import User
from accounts.roles import Role
from onboarding import standards_adoption
from onboarding.models import Milestone, Provisioning, ProvisioningBatch
from tenants import services as tenant_services
from tenants.clone import schema_clone
from tenants.models import CODE_PATTERN, SLUG_PATTERN, Authority, Domain, School

logger = logging.getLogger(__name__)

# Schools "requested" or "provisioning" for longer than this are asked for again by the
# sweeper (their task was lost, or their worker died).
STALE_AFTER = datetime.timedelta(minutes=2)

# Host names that would shadow the platform's own hosts.
RESERVED_SLUGS = {"www", "api", "admin", "static", "media", "push", "mail", "template", "platform"}


def _actor_authorities(actor: User | None) -> list[Authority] | None:
    """The authority nodes under which `actor` may ask for schools; None means anywhere."""
    if actor is None or actor.is_superuser:
        return None
    return list(Authority.objects.filter(memberships__user=actor))


def _under(authority: Authority, nodes: list[Authority]) -> bool:
    return any(authority.path.startswith(node.path) for node in nodes)


def school_fields_check(
    *,
    name: str,
    code: str,
    slug: str,
    authority: Authority | None,
    admin_name: str,
    admin_email: str,
    actor: User | None,
) -> dict[str, str]:
    """Every problem with a school's fields, as {field: message}. Codes and host names are
    checked against their patterns before anything else (no SQL or host injection through
    them), then for duplicates with the school that already uses them."""
    problems: dict[str, str] = {}
    if not name.strip():
        problems["name"] = _("The school's name is empty.")
    if not re.fullmatch(CODE_PATTERN, code):
        problems["code"] = _(
            "The school code “%(code)s” must be 4 to 16 digits or capital letters."
        ) % {"code": code}
    elif existing := School.objects.filter(code=code).first():
        problems["code"] = _("The school code %(code)s is already used by %(school)s.") % {
            "code": code,
            "school": existing.name,
        }
    if not re.fullmatch(SLUG_PATTERN, slug) or "--" in slug:
        problems["slug"] = _(
            "The host name “%(slug)s” must be 3 to 40 lowercase letters, digits or single "
            "hyphens, starting with a letter."
        ) % {"slug": slug}
    elif slug in RESERVED_SLUGS:
        problems["slug"] = _("The host name “%(slug)s” is reserved.") % {"slug": slug}
    elif existing := School.objects.filter(slug=slug).first():
        problems["slug"] = _("The host name %(slug)s is already used by %(school)s.") % {
            "slug": slug,
            "school": existing.name,
        }
    elif Domain.objects.filter(domain=tenant_services.school_host(slug)).exists():
        problems["slug"] = _("The address %(host)s is already in use.") % {
            "host": tenant_services.school_host(slug)
        }
    nodes = _actor_authorities(actor)
    if authority is None:
        if nodes is not None:
            problems["authority"] = _("Choose the education authority the school belongs to.")
    elif nodes is not None and not _under(authority, nodes):
        problems["authority"] = _("%(authority)s is outside your part of the authority tree.") % {
            "authority": authority.name
        }
    if not admin_name.strip():
        problems["admin_name"] = _("The first administrator's name is empty.")
    try:
        validate_email(admin_email)
    except ValidationError:
        problems["admin_email"] = _("“%(email)s” is not an e-mail address.") % {
            "email": admin_email
        }
    return problems


def slug_suggest(name: str) -> str:
    """A host name from a school's name: "THCS Cầu Giấy" → "thcs-cau-giay"."""
    text = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    slug = slugify(text)[:40].strip("-")
    return slug if re.fullmatch(SLUG_PATTERN, slug) else ""


def _school_add(
    *,
    name: str,
    code: str,
    slug: str,
    authority: Authority | None,
    is_pilot: bool,
    admin_name: str,
    admin_email: str,
    admin_phone: str,
    actor: User | None,
    batch: ProvisioningBatch | None = None,
) -> School:
    school = School.objects.create(
        name=name.strip(),
        code=code,
        slug=slug,
        authority=authority,
        is_pilot=is_pilot,
        status=School.Status.REQUESTED,
        schema_name=tenant_services.school_schema_name(slug),
    )
    Provisioning.objects.create(
        school=school,
        batch=batch,
        admin_name=admin_name.strip(),
        admin_email=admin_email.strip().lower(),
        admin_phone=admin_phone.strip(),
        requested_by=actor if actor and actor.pk else None,
    )
    return school


def _enqueue(school_ids: list[int]) -> None:
    """Ask the workers to make these schools, once the request is committed."""
    from onboarding import tasks

    def send() -> None:
        for school_id in school_ids:
            try:
                tasks.school_provision_task.delay(school_id)
            except Exception:
                # The broker is down: the school stays "requested" and the sweeper asks again.
                logger.warning("provisioning of school %s not enqueued", school_id)

    transaction.on_commit(send)


@transaction.atomic
def school_request(
    *,
    name: str,
    code: str,
    slug: str,
    authority: Authority | None,
    is_pilot: bool = False,
    admin_name: str,
    admin_email: str,
    admin_phone: str = "",
    actor: User | None,
    enqueue: bool = True,
) -> School:
    """Ask for a new school; a worker makes it (unless `enqueue` is False: the command line
    makes it itself). Raises ValidationError({field: message})."""
    code, slug = code.strip().upper(), slug.strip().lower()
    problems = school_fields_check(
        name=name,
        code=code,
        slug=slug,
        authority=authority,
        admin_name=admin_name,
        admin_email=admin_email.strip(),
        actor=actor,
    )
    if problems:
        raise ValidationError(problems)
    school = _school_add(
        name=name,
        code=code,
        slug=slug,
        authority=authority,
        is_pilot=is_pilot,
        admin_name=admin_name,
        admin_email=admin_email,
        admin_phone=admin_phone,
        actor=actor,
    )
    if enqueue:
        _enqueue([school.pk])
    return school


@transaction.atomic
def provision_retry(*, school: School, actor: User | None) -> School:
    """Ask again for a school whose making failed."""
    school = School.objects.select_for_update().get(pk=school.pk)
    if school.status != School.Status.FAILED:
        raise ValidationError(
            _("Only a school whose provisioning failed can be retried (%(school)s is %(status)s).")
            % {"school": school.name, "status": school.get_status_display()}
        )
    school.status = School.Status.REQUESTED
    school.status_reason = ""
    school.save(update_fields=["status", "status_reason", "updated_at"])
    _enqueue([school.pk])
    return school


class ProvisioningError(Exception):
    """Raised inside the provisioning transaction to undo everything it made."""


def _admin_create(*, provisioning: Provisioning) -> User:
    """The school's first administrator, in the school's schema, with no password yet: the
    invitation e-mail carries a link to choose one."""
    user = User(
        username="admin",
        full_name=provisioning.admin_name,
        email=provisioning.admin_email,
        phone=provisioning.admin_phone,
    )
    user.set_unusable_password()
    user.save()
    user.groups.add(Group.objects.get(name=Role.SCHOOL_ADMIN))
    return user


def _standards_apply(*, school: School) -> str:
    """The school adopts the newest published standard (its subjects, periods, grading
    flags, code sets and data dictionary), in the provisioning transaction. Returns the
    version adopted."""
    return str(standards_adoption.standard_adopt_current(school=school))


def school_provision(*, school_id: int) -> str:
    """Make a requested school. Returns "made", "failed", or "skipped" (already made, or
    being made by another worker)."""
    with transaction.atomic():
        claimed = (
            School.objects.select_for_update(skip_locked=True)
            .filter(pk=school_id, status__in=[School.Status.REQUESTED, School.Status.PROVISIONING])
            .first()
        )
        if claimed is None:
            return "skipped"
        claimed.status = School.Status.PROVISIONING
        claimed.save(update_fields=["status", "updated_at"])
        Provisioning.objects.filter(school=claimed).update(
            started_at=timezone.now(), attempts=F("attempts") + 1
        )
    try:
        with transaction.atomic():
            school = (
                School.objects.select_for_update(skip_locked=True)
                .filter(pk=school_id, status=School.Status.PROVISIONING)
                .first()
            )
            if school is None:
                return "skipped"
            provisioning = Provisioning.objects.get(school=school)
            _make(school=school, provisioning=provisioning)
    except Exception as error:  # any failure is shown to the operator
        logger.warning("provisioning of school %s failed: %s", school_id, error)
        reason = str(error) or error.__class__.__name__
        with transaction.atomic():
            School.objects.filter(pk=school_id, status=School.Status.PROVISIONING).update(
                status=School.Status.FAILED, status_reason=reason, updated_at=timezone.now()
            )
            Provisioning.objects.filter(school_id=school_id).update(error=reason)
        return "failed"
    _invite_enqueue(school_id)
    return "made"


def _make(*, school: School, provisioning: Provisioning) -> None:
    """Everything a school is made of, in the caller's transaction."""
    if not re.fullmatch(r"school_[a-z0-9_]{1,40}", school.schema_name):
        raise ProvisioningError(
            _("The schema name %(name)s is not valid.") % {"name": school.schema_name}
        )
    schema_clone(source=settings.TENANT_BASE_SCHEMA, target=school.schema_name)
    host = tenant_services.school_host(school.slug)
    if Domain.objects.filter(domain=host).exclude(tenant=school).exists():
        raise ProvisioningError(_("The address %(host)s is already in use.") % {"host": host})
    Domain.objects.get_or_create(domain=host, defaults={"tenant": school, "is_primary": True})
    provisioning.standards_version = _standards_apply(school=school)
    _subscription_start(school=school)
    # TENANCY: the first administrator lives in the school's own schema.
    with tenant_context(school):
        _admin_create(provisioning=provisioning)
    connection.set_schema_to_public()
    now = timezone.now()
    provisioning.finished_at = now
    provisioning.error = ""
    provisioning.save(update_fields=["standards_version", "finished_at", "error"])
    school.status = School.Status.ONBOARDING
    school.status_reason = ""
    school.save(update_fields=["status", "status_reason", "updated_at"])


def _subscription_start(*, school: School) -> None:
    """Pilot schools start on the pilot plan, the others on the standard plan."""
    from billing_stub import services as billing

    billing.subscription_ensure(school=school, plan_code="pilot" if school.is_pilot else "standard")


def _invite_enqueue(school_id: int) -> None:
    from onboarding import tasks

    try:
        tasks.admin_invite_task.delay(school_id)
    except Exception:
        logger.warning("invitation of school %s's administrator not enqueued", school_id)


def _admin_link(school: School, user: User) -> str:
    """An absolute link on the school's host where the administrator chooses a password."""
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str

    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    port = f":{settings.PUBLIC_PORT}" if settings.PUBLIC_PORT else ""
    return f"{settings.PUBLIC_SCHEME}://{tenant_services.school_host(school.slug)}{port}{path}"


def admin_invite(*, school_id: int, again: bool = False) -> str:
    """E-mail the school's first administrator a link to choose a password, once (or again
    when an operator asks). Returns "sent", "failed" or "skipped"."""
    with transaction.atomic():
        provisioning = (
            Provisioning.objects.select_for_update(skip_locked=True)
            .select_related("school")
            .filter(school_id=school_id)
            .first()
        )
        if provisioning is None or (provisioning.admin_invited_at and not again):
            return "skipped"
        school = provisioning.school
        if school.status not in (School.Status.ONBOARDING, School.Status.LIVE):
            return "skipped"
        with tenant_context(school):
            user = User.objects.filter(username="admin").first()
            link = _admin_link(school, user) if user else ""
        if not user:
            return "skipped"
        text = _(
            "Hello %(name)s,\n\n%(school)s is now on Trường Số. You are its first administrator."
            "\nChoose your password here (the link works for %(days)s days):\n%(link)s\n\n"
            "Your username is admin, or sign in with this e-mail address."
        ) % {
            "name": provisioning.admin_name,
            "school": school.name,
            "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            "link": link,
        }
        try:
            send_mail(
                _("%(school)s on Trường Số: choose your password") % {"school": school.name},
                text,
                None,
                [provisioning.admin_email],
            )
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("invitation of school %s's administrator not sent: %s", school_id, error)
            return "failed"
        now = timezone.now()
        provisioning.admin_invited_at = now
        provisioning.save(update_fields=["admin_invited_at"])
        Milestone.objects.update_or_create(
            school=school,
            step=Milestone.Step.ADMIN_INVITED,
            defaults={"reached_at": now, "from_records": True},
        )
    return "sent"


def admin_invite_again(*, school: School, actor: User | None) -> None:
    """An operator sends the administrator's invitation again (a new link)."""
    if school.status not in (School.Status.ONBOARDING, School.Status.LIVE):
        raise ValidationError(_("The school is not ready yet."))
    from onboarding import tasks

    transaction.on_commit(lambda: tasks.admin_invite_task.delay(school.pk, again=True))


def provisioning_sweep(*, now: datetime.datetime | None = None) -> int:
    """Ask again for schools left "requested" or "provisioning" (task lost, worker died)."""
    now = now or timezone.now()
    stale = list(
        School.objects.filter(
            status__in=[School.Status.REQUESTED, School.Status.PROVISIONING],
            updated_at__lt=now - STALE_AFTER,
        ).values_list("pk", flat=True)
    )
    with transaction.atomic():
        _enqueue(stale)
    return len(stale)


# --- many schools from one CSV file ---------------------------------------------------------

# Columns of the CSV (Vietnamese or English headers, any order, case and accents ignored).
BATCH_COLUMNS = {
    "name": ["ten truong", "name", "school name", "ten"],
    "code": ["ma truong", "code", "school code"],
    "slug": ["ten mien", "slug", "host", "host name", "dia chi"],
    "authority": [
        "ma don vi quan ly",
        "authority",
        "authority code",
        "don vi quan ly",
        "ma phuong xa",
    ],
    "pilot": ["thi diem", "pilot"],
    "admin_name": ["quan tri vien", "ho ten quan tri vien", "admin name", "administrator"],
    "admin_email": ["email quan tri vien", "email", "admin email", "e-mail"],
    "admin_phone": ["so dien thoai", "dien thoai", "phone", "admin phone", "sdt"],
}
REQUIRED_COLUMNS = ["name", "code", "authority", "admin_name", "admin_email"]
MAX_BATCH_BYTES = 2 * 1024 * 1024
MAX_BATCH_ROWS = 2000


def _header_key(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.lower().replace("_", " ").split())


@dataclass(frozen=True)
class Problem:
    row: int  # 1 = the header line
    column: str
    value: str
    reason: str


@dataclass
class BatchPreview:
    rows: list[dict[str, object]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _batch_text(file_bytes: bytes) -> str:
    if len(file_bytes) > MAX_BATCH_BYTES:
        raise ValidationError(
            _("The file is %(size)s KB; the limit is %(limit)s KB.")
            % {"size": len(file_bytes) // 1024, "limit": MAX_BATCH_BYTES // 1024}
        )
    try:
        return unicodedata.normalize("NFC", file_bytes.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise ValidationError(
            _(
                "The file is not UTF-8 text (byte %(position)s). Save it from Excel as "
                "“CSV UTF-8 (comma delimited)”."
            )
            % {"position": error.start + 1}
        ) from error


def batch_preview(*, file_bytes: bytes, file_name: str, actor: User | None) -> BatchPreview:
    """Read a CSV of schools and list every problem by row, column and reason."""
    preview = BatchPreview()
    try:
        text = _batch_text(file_bytes)
    except ValidationError as error:
        preview.problems.append(Problem(0, "", file_name, error.messages[0]))
        return preview
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        preview.problems.append(Problem(1, "", "", _("The file is empty.")))
        return preview
    columns: dict[str, int] = {}
    aliases = {alias: key for key, names in BATCH_COLUMNS.items() for alias in names}
    for index, title in enumerate(header):
        key = aliases.get(_header_key(title))
        if key and key not in columns:
            columns[key] = index
    missing = [key for key in REQUIRED_COLUMNS if key not in columns]
    if missing:
        preview.problems.append(
            Problem(
                1,
                ", ".join(BATCH_COLUMNS[key][0] for key in missing),
                ", ".join(header),
                _("Required columns are missing: %(columns)s.")
                % {"columns": ", ".join(BATCH_COLUMNS[key][0] for key in missing)},
            )
        )
        return preview
    authorities = {a.code: a for a in Authority.objects.all()}
    seen_codes: dict[str, int] = {}
    seen_slugs: dict[str, int] = {}
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        if len(preview.rows) >= MAX_BATCH_ROWS:
            preview.problems.append(
                Problem(
                    number, "", "", _("At most %(n)s schools per file.") % {"n": MAX_BATCH_ROWS}
                )
            )
            break

        def cell(key: str, values: list[str] = values) -> str:
            index = columns.get(key)
            return values[index].strip() if index is not None and index < len(values) else ""

        name = cell("name")
        row: dict[str, object] = {
            "row": number,
            "name": name,
            "code": cell("code").upper(),
            "slug": (cell("slug") or slug_suggest(name)).lower(),
            "authority_code": cell("authority"),
            "is_pilot": _header_key(cell("pilot")) in {"co", "x", "yes", "true", "1", "oui"},
            "admin_name": cell("admin_name"),
            "admin_email": cell("admin_email").lower(),
            "admin_phone": cell("admin_phone"),
        }
        authority = authorities.get(str(row["authority_code"]))
        row["authority"] = authority
        checks = school_fields_check(
            name=name,
            code=str(row["code"]),
            slug=str(row["slug"]),
            authority=authority,
            admin_name=str(row["admin_name"]),
            admin_email=str(row["admin_email"]),
            actor=actor,
        )
        if authority is None:
            checks["authority"] = _("No education authority has the code “%(code)s”.") % {
                "code": row["authority_code"]
            }
        for key, other_rows in (("code", seen_codes), ("slug", seen_slugs)):
            value = str(row[key])
            if value and value in other_rows and key not in checks:
                checks[key] = _("%(value)s is also on row %(row)s of this file.") % {
                    "value": value,
                    "row": other_rows[value],
                }
            other_rows.setdefault(value, number)
        header_of = {key: header[index] for key, index in columns.items()}
        for key, reason in checks.items():
            column_key = "authority" if key == "authority" else key
            preview.problems.append(
                Problem(
                    number,
                    header_of.get(column_key, column_key),
                    str(row.get("authority_code" if key == "authority" else key, "")),
                    reason,
                )
            )
        preview.rows.append(row)
    if not preview.rows and not preview.problems:
        preview.problems.append(Problem(2, "", "", _("The file lists no school.")))
    return preview


@transaction.atomic
def batch_create(
    *, file_bytes: bytes, file_name: str, actor: User | None, enqueue: bool = True
) -> ProvisioningBatch:
    """Ask for every school of a CSV file, all or none. Raises ValidationError listing every
    problem ("row 4, Mã trường: …") when there is any."""
    preview = batch_preview(file_bytes=file_bytes, file_name=file_name, actor=actor)
    if preview.problems:
        raise ValidationError(
            [
                _("Row %(row)s, %(column)s: %(reason)s")
                % {"row": p.row, "column": p.column or "—", "reason": p.reason}
                for p in preview.problems
            ]
        )
    batch = ProvisioningBatch.objects.create(
        file_name=file_name[:255],
        total=len(preview.rows),
        created_by=actor if actor and actor.pk else None,
    )
    ids = []
    for row in preview.rows:
        school = _school_add(
            name=str(row["name"]),
            code=str(row["code"]),
            slug=str(row["slug"]),
            authority=row["authority"],  # type: ignore[arg-type]
            is_pilot=bool(row["is_pilot"]),
            admin_name=str(row["admin_name"]),
            admin_email=str(row["admin_email"]),
            admin_phone=str(row["admin_phone"]),
            actor=actor,
            batch=batch,
        )
        ids.append(school.pk)
    if enqueue:
        _enqueue(ids)
    return batch


def batch_progress(*, batch: ProvisioningBatch) -> dict[str, object]:
    """Where a batch stands: counts and each school's status (one query)."""
    schools = list(
        School.objects.filter(provisioning__batch=batch)
        .order_by("provisioning__id")
        .values("code", "name", "slug", "status", "status_reason")
    )
    made = {School.Status.ONBOARDING, School.Status.LIVE}
    done = sum(1 for s in schools if s["status"] in made)
    failed = sum(1 for s in schools if s["status"] == School.Status.FAILED)
    return {
        "total": batch.total,
        "done": done,
        "failed": failed,
        "in_progress": len(schools) - done - failed,
        "finished": done + failed == len(schools),
        "schools": [
            {
                "code": s["code"],
                "name": s["name"],
                "slug": s["slug"],
                "status": s["status"],
                "reason": s["status_reason"],
            }
            for s in schools
        ],
    }
