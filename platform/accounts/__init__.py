"""Users, roles and sign-in, in the public schema (operators) and in every school's schema."""
