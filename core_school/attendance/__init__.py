"""Daily attendance, term conduct (kết quả rèn luyện) and behaviour notes of a school."""
