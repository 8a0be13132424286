"""The tenant registry (public schema): schools, their hosts, the authority tree, lifecycle."""
