"""The text of a PDF written by fpdf2, read in pure Python (no PDF library, no system tool).

fpdf2 writes text with embedded TrueType fonts as two-byte glyph codes (Identity-H), and each
font carries a ToUnicode map from codes to characters. This follows just enough of the file
format to turn every `Tj` back into text: objects, (Flate) streams, the page's font
resources and those maps.
"""

import re
import zlib

OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.DOTALL)
LITERAL = re.compile(rb"\(((?:\\.|[^\\)])*)\)", re.DOTALL)
# A font selection, a shown string (Tj), or a shown array of strings and spacings (TJ).
TOKEN = re.compile(
    rb"/(?P<font>\w+)\s+[\d.]+\s+Tf"
    rb"|(?P<string>\((?:\\.|[^\\)])*\))\s*Tj"
    rb"|\[(?P<array>(?:\((?:\\.|[^\\)])*\)|[^\]()])*)\]\s*TJ",
    re.DOTALL,
)
ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(number): body for number, body in OBJECT.findall(pdf)}


def _stream(body: bytes) -> bytes:
    head, _, rest = body.partition(b"stream")
    length = int(re.search(rb"/Length (\d+)", head).group(1))  # type: ignore[union-attr]
    data = rest.lstrip(b"\r")[1:][:length]  # the data starts after one end-of-line
    return zlib.decompress(data) if b"/FlateDecode" in head else data


def _unescape(literal: bytes) -> bytes:
    """The bytes of a PDF literal string (between the parentheses)."""
    out = bytearray()
    i = 0
    while i < len(literal):
        char = literal[i : i + 1]
        if char != b"\\":
            out += char
            i += 1
            continue
        following = literal[i + 1 : i + 2]
        octal = re.match(rb"[0-7]{1,3}", literal[i + 1 : i + 4])
        if octal:
            out.append(int(octal.group(0), 8))
            i += 1 + len(octal.group(0))
        else:
            out += ESCAPES.get(following, following)
            i += 2
    return bytes(out)


def _to_unicode(cmap: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.DOTALL):
        for low, high, start in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            for offset in range(int(high, 16) - int(low, 16) + 1):
                mapping[int(low, 16) + offset] = chr(int(start, 16) + offset)
    return mapping


def pdf_text(pdf: bytes) -> list[str]:
    """Every text run shown on the pages, in drawing order."""
    objects = _objects(pdf)
    fonts: dict[bytes, dict[int, str]] = {}
    for body in objects.values():
        for font_dict in re.findall(rb"/Font\s*<<(.*?)>>", body, re.DOTALL):
            for name, number in re.findall(rb"/(\w+)\s+(\d+) 0 R", font_dict):
                unicode_ref = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(number)])
                if unicode_ref:
                    fonts[name] = _to_unicode(_stream(objects[int(unicode_ref.group(1))]))
    runs: list[str] = []
    for body in objects.values():
        if not re.search(rb"/Type\s*/Page\b", body):
            continue
        for contents in re.findall(rb"/Contents (\d+) 0 R", body):
            content = _stream(objects[int(contents)])
            mapping: dict[int, str] = {}
            for match in TOKEN.finditer(content):
                if match.group("font") is not None:
                    mapping = fonts.get(match.group("font"), {})
                    continue
                shown = match.group("string") or match.group("array")
                codes = b"".join(_unescape(part) for part in LITERAL.findall(shown))
                runs.append(
                    "".join(
                        mapping.get(int.from_bytes(codes[i : i + 2], "big"), "\ufffd")
                        for i in range(0, len(codes) - 1, 2)
                    )
                )
    return runs
