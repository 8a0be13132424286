"""Download responses for reports: the Content-Type and a file name every browser keeps."""

import unicodedata
from urllib.parse import quote

from django.http import HttpResponse

from core_school.reports import wording

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def ascii_filename(filename: str) -> str:
    """A plain-ASCII fallback for old clients: diacritics dropped, đ → d, spaces → dashes."""
    text = filename.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    safe = "".join(c if c.isascii() and (c.isalnum() or c in ".-_") else "-" for c in text)
    while "--" in safe:
        safe = safe.replace("--", "-")
    return safe.strip("-") or "report"


def file_response(
    content: bytes, *, content_type: str, filename: str, inline: bool
) -> HttpResponse:
    """A download with both filename forms (RFC 6266 / RFC 5987), never cached by proxies:
    these files hold children's personal data."""
    filename = wording.nfc(filename)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f"{'inline' if inline else 'attachment'}; "
        f'filename="{ascii_filename(filename)}"; '
        f"filename*=UTF-8''{quote(filename, safe='')}"
    )
    response["Cache-Control"] = "private, no-store"
    return response
