"""Cross-school data standards (public schema): subjects, grading schemes, data dictionary."""
