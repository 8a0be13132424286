"""Aggregate reporting and pilot monitoring (public schema): reads only what schools publish."""
