"""The school's aggregate figures, computed in its own schema for the authority's reports."""
