"""School-to-family communication inside a school: announcements (and later the contact book)."""
