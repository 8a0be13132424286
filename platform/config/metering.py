"""Usage meters: school-side apps count their own rows; billing reads the counts without
importing school code (the import contracts forbid it both ways).

A meter is a function `meter(*, month: datetime.date) -> int` that runs inside one school's
schema (the caller enters it) and counts what that school used in the month that starts on
`month` (its first day). core_school registers its meters when its apps are ready
(core_school.people.apps); billing_stub.metering calls every registered meter.
"""

import datetime
from typing import Protocol


class Meter(Protocol):
    def __call__(self, *, month: datetime.date) -> int: ...


_meters: dict[str, Meter] = {}


def meter_register(name: str, func: Meter) -> None:
    """Register `func` under `name`.

    Registering the same function again is harmless (apps may be readied twice in a process);
    a different function under a name already taken is a programming error.
    """
    existing = _meters.get(name)
    if existing is not None and existing is not func:
        raise ValueError(f"A usage meter named {name!r} is already registered.")
    _meters[name] = func


def meters() -> dict[str, Meter]:
    """Every registered meter by name (a copy: callers cannot change the registry)."""
    return dict(_meters)
