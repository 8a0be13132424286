"""Vietnamese names: class lists sort by given name (the last word), in Vietnamese order."""

import unicodedata

# The Vietnamese alphabet; letters with breve, circumflex, horn and đ are letters of their own.
ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_RANK = {letter: rank for rank, letter in enumerate(ALPHABET)}
# Tone marks (secondary key): none, grave, hook, tilde, acute, dot below.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_MODIFIERS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn


def _word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    letters: list[int] = []
    tones: list[int] = []
    for char in word.lower():
        decomposed = unicodedata.normalize("NFD", char)
        base, marks = decomposed[0], decomposed[1:]
        letter = unicodedata.normalize("NFC", base + "".join(m for m in marks if m in _MODIFIERS))
        letters.append(_RANK.get(letter, len(ALPHABET) + ord(letter)))
        tones.append(sum(_TONES.get(m, 0) for m in marks))
    return tuple(letters), tuple(tones)


def name_sort_key(full_name: str) -> tuple[object, ...]:
    """Sort key for a full name: given name first, then the rest, in Vietnamese order."""
    words = full_name.split()
    if not words:
        return ((), ())
    given, rest = words[-1], words[:-1]
    return (_word_key(given), tuple(_word_key(w) for w in rest))
