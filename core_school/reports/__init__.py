"""Printable and spreadsheet reports of a school: report cards (PDF), class summaries (Excel)."""
