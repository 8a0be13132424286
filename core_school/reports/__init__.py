"""Printable and spreadsheet reports of a school: report cards (PDF), class summary sheets (Excel)."""
