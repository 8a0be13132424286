"""The principal's dashboard: enrolment, attendance, mark distributions, pupils at risk."""
