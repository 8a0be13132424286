"""Assessment of pupils under Circular 22/2021/TT-BGDĐT: marks, levels, year outcomes."""
