"""Which Guardian a guardian named in a file is: the same person for siblings, never twice.

A guardian is recognised, in this order:
1. by phone number and name together, among the guardians already met in the file and then
   among the school's guardians: siblings listed with the same mother (same phone, same name)
   share one Guardian row, while a father and a mother who give one phone stay two people;
2. among the pupil's own guardians: the same name (their phone number changed), or the same
   relationship and the same phone number (their name was corrected);
3. otherwise a new Guardian is created.
A guardian without a phone number is only recognised through the pupil (2): two people with
one name are not the same person. An import adds and updates, it never unlinks or deletes.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core_school.dataimport.cells import name_key, phone_key
from core_school.dataimport.plans.common import RowReader
from core_school.people.models import Guardian, Guardianship, Pupil

_FIELD_LABELS = {"name": _lazy("name"), "phone": _lazy("phone"), "email": _lazy("e-mail")}


@dataclass
class GuardianOutcome:
    created: bool = False
    updated: bool = False
    linked: bool = False
    changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.created or self.updated or self.linked


class GuardianBook:
    """The school's guardians (one query) and the links of the pupils of the file (one query),
    plus what the file adds to them."""

    def __init__(self, *, pupil_ids: list[int]) -> None:
        self.by_id: dict[int, Guardian] = {}
        self.by_key: dict[tuple[str, str], Guardian] = {}
        for guardian in Guardian.objects.only("pk", "full_name", "phone", "email").order_by("pk"):
            self.by_id[guardian.pk] = guardian
            key = (phone_key(guardian.phone), name_key(guardian.full_name))
            if key[0]:
                self.by_key.setdefault(key, guardian)
        self.links: dict[int, list[Guardianship]] = {}
        for link in Guardianship.objects.filter(pupil_id__in=pupil_ids).order_by("pk"):
            self.links.setdefault(link.pupil_id, []).append(link)
        self.in_file: dict[tuple[str, str], Guardian] = {}
        self.new_guardians: list[Guardian] = []
        self.new_links: list[Guardianship] = []
        self._linked: set[tuple[int, int]] = set()
        self._primary_given: set[int] = set()
        # Existing guardians the file changes: field → (value, where it was set).
        self._pending: dict[int, dict[str, tuple[str, str]]] = {}

    @property
    def updated_guardians(self) -> list[Guardian]:
        return [self.by_id[pk] for pk in self._pending]

    def _own(self, pupil: Pupil, *, name: str, phone: str, relationship: str) -> Guardian | None:
        links = self.links.get(pupil.pk, []) if pupil.pk else []
        for link in links:
            if name_key(self.by_id[link.guardian_id].full_name) == name_key(name):
                return self.by_id[link.guardian_id]
        if phone:
            for link in links:
                guardian = self.by_id[link.guardian_id]
                if link.relationship == relationship and phone_key(guardian.phone) == phone_key(
                    phone
                ):
                    return guardian
        return None

    def _update(
        self,
        guardian: Guardian,
        *,
        reader: RowReader,
        column: str,
        attribute: str,
        value: str,
        label: str,
        outcome: GuardianOutcome,
    ) -> None:
        pending = self._pending.setdefault(guardian.pk, {})
        where = _("row %(row)s") % {"row": reader.row.number}
        if attribute in pending and pending[attribute][0] != value:
            reader.problem(
                column,
                _("%(name)s has %(other)s on %(where)s and %(value)s here: one person, one value.")
                % {
                    "name": guardian.full_name,
                    "other": pending[attribute][0],
                    "where": pending[attribute][1],
                    "value": value,
                },
            )
            return
        if attribute not in pending:
            outcome.changes.append(f"{label}: {getattr(guardian, attribute) or '—'} → {value}")
            outcome.updated = True
            pending[attribute] = (value, where)
            setattr(guardian, attribute, value)

    def resolve(
        self,
        *,
        pupil: Pupil,
        relationship: str,
        name: str,
        phone: str,
        email: str,
        reader: RowReader,
        columns: dict[str, str],
    ) -> GuardianOutcome:
        """Find or create the guardian, update what the file changes, link them to `pupil`.

        `columns` names the fields' columns ("name", "phone", "email") for problems; a
        guardian's new values are applied to the Guardian objects (written by the plan).
        """
        outcome = GuardianOutcome()
        key = (phone_key(phone), name_key(name)) if phone else None
        guardian = None
        if key is not None:
            guardian = self.in_file.get(key) or self.by_key.get(key)
        if guardian is None:
            guardian = self._own(pupil, name=name, phone=phone, relationship=relationship)
        if guardian is None:
            guardian = Guardian(full_name=name, phone=phone, email=email)
            self.new_guardians.append(guardian)
            outcome.created = True
        elif guardian.pk is not None:
            checks = [
                ("name", "full_name", name, name != guardian.full_name),
                (
                    "phone",
                    "phone",
                    phone,
                    bool(phone) and phone_key(phone) != phone_key(guardian.phone),
                ),
                ("email", "email", email, bool(email) and email.lower() != guardian.email.lower()),
            ]
            pending = self._pending.get(guardian.pk, {})
            for column, attribute, value, differs in checks:
                if differs or attribute in pending:
                    self._update(
                        guardian,
                        reader=reader,
                        column=columns[column],
                        attribute=attribute,
                        value=value,
                        label=f"{relationship_label(relationship)} ({_FIELD_LABELS[column]})",
                        outcome=outcome,
                    )
        if key is not None:
            self.in_file[key] = guardian
        self._link(pupil, guardian, relationship=relationship, outcome=outcome)
        return outcome

    def _link(
        self, pupil: Pupil, guardian: Guardian, *, relationship: str, outcome: GuardianOutcome
    ) -> None:
        if (
            pupil.pk is not None
            and guardian.pk is not None
            and any(link.guardian_id == guardian.pk for link in self.links.get(pupil.pk, []))
        ):
            return
        pair = (id(pupil), id(guardian))
        if pair in self._linked:
            return
        self._linked.add(pair)
        existing = self.links.get(pupil.pk, []) if pupil.pk is not None else []
        has_primary = id(pupil) in self._primary_given or any(
            link.is_primary_contact for link in existing
        )
        if not has_primary:
            self._primary_given.add(id(pupil))
        self.new_links.append(
            Guardianship(
                pupil=pupil,
                guardian=guardian,
                relationship=relationship,
                is_primary_contact=not has_primary,
            )
        )
        outcome.linked = True

    def write(self) -> None:
        """Create the new guardians, update the changed ones, create the new links (after the
        pupils are saved)."""
        Guardian.objects.bulk_create(self.new_guardians, batch_size=1000)
        updated = self.updated_guardians
        if updated:
            Guardian.objects.bulk_update(updated, ["full_name", "phone", "email"], batch_size=1000)
        Guardianship.objects.bulk_create(self.new_links, batch_size=1000)


def relationship_label(relationship: str) -> str:
    return str(Guardianship.Relationship(relationship).label)
