"""The fonts the platform's PDFs embed: DejaVu Sans, which covers Vietnamese in full.

The files live beside the report cards (core_school/reports/fonts, with their licence); this
module names them for public-side documents (invoices) without importing school code.
"""

from pathlib import Path

FONT_DIR = Path(__file__).resolve().parents[2] / "core_school" / "reports" / "fonts"
DEJAVU_SANS = FONT_DIR / "DejaVuSans.ttf"
DEJAVU_SANS_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"
