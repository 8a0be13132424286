"""The family portal: what a guardian (or a pupil) sees of their own children, on a phone."""
