"""Teaching activities of a school: the class logbook (sổ đầu bài), teaching plans, staff tasks."""
