"""The translation catalogues: every string of the code translated in Vietnamese and French,
and the compiled .mo files (what Django reads) up to date with the .po files (what people edit).
"""

import ast
import gettext
import unicodedata
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def _unquote(line: str) -> str:
    return ast.literal_eval(line)  # a PO string is a C string literal; these parse the same


def po_entries(path: Path) -> dict[str, list[str]]:
    """{msgid (with "\\x04" context and "\\x00" plural joined as gettext does): [msgstr…]}
    for the live entries of a .po file (obsolete ones skipped)."""
    entries: dict[str, list[str]] = {}
    fields: dict[str, str] = {}
    current = ""
    fuzzy = False

    def flush() -> None:
        nonlocal fields, fuzzy
        if "msgid" in fields and fields["msgid"] and not fuzzy:
            key = fields["msgid"]
            if "msgid_plural" in fields:
                key += "\x00" + fields["msgid_plural"]
            if "msgctxt" in fields:
                key = fields["msgctxt"] + "\x04" + key
            strings = [v for k, v in sorted(fields.items()) if k.startswith("msgstr")]
            entries[key] = strings
        fields, fuzzy = {}, False

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#~") or not line:
            if not line:
                flush()
            continue
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            fields[current] += _unquote(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgid", "msgctxt") and "msgid" in fields:
            flush()  # a new entry starts without a blank line
        current = keyword
        fields[current] = _unquote(rest)
    flush()
    return entries


@pytest.mark.parametrize("language", ["vi", "fr"])
def test_every_string_is_translated(language: str) -> None:
    entries = po_entries(LOCALE / language / "LC_MESSAGES" / "django.po")
    untranslated = [key for key, strings in entries.items() if not all(strings)]
    assert len(entries) > 1000
    assert untranslated == []


@pytest.mark.parametrize("language", ["vi", "fr"])
def test_the_compiled_catalogue_matches_the_po_file(language: str) -> None:
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    stale = []
    for key, strings in po_entries(folder / "django.po").items():
        msgid = key.split("\x00")[0]
        if "\x00" in key:
            found = [compiled.get((msgid, n)) for n in range(len(strings))]
        else:
            found = [compiled.get(msgid)]
        if found != strings:
            stale.append(msgid)
    assert stale == [], "run: uv run manage.py compilemessages (the .mo is older than the .po)"


def test_vietnamese_translations_are_in_composed_unicode() -> None:
    entries = po_entries(LOCALE / "vi" / "LC_MESSAGES" / "django.po")
    decomposed = [
        s for strings in entries.values() for s in strings if unicodedata.normalize("NFC", s) != s
    ]
    assert decomposed == []
