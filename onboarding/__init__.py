"""Bringing schools onto the platform (public schema): provisioning, demo data, imports."""
