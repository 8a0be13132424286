"""The 54 ethnic groups of Viet Nam (dân tộc), as the General Statistics Office names them in
the 2019 census, with the other spellings school lists use (H'Mông, Khơ-me, Ê-đê, …).

Pure Python. A name is matched without accents, case, spaces, hyphens or apostrophes, so
"H'Mông", "Hmông" and "Mông" all give "Mông"; the stored value is always the official name.
"""

import unicodedata
from functools import lru_cache

# The official names, in the census order (by population).
ETHNIC_GROUPS: tuple[str, ...] = (
    "Kinh",
    "Tày",
    "Thái",
    "Mường",
    "Khmer",
    "Hoa",
    "Nùng",
    "Mông",
    "Dao",
    "Gia Rai",
    "Ê Đê",
    "Ba Na",
    "Sán Chay",
    "Chăm",
    "Cơ Ho",
    "Xơ Đăng",
    "Sán Dìu",
    "Hrê",
    "Ra Glai",
    "Mnông",
    "Thổ",
    "Xtiêng",
    "Khơ Mú",
    "Bru Vân Kiều",
    "Cơ Tu",
    "Giáy",
    "Tà Ôi",
    "Mạ",
    "Giẻ Triêng",
    "Co",
    "Chơ Ro",
    "Xinh Mun",
    "Hà Nhì",
    "Chu Ru",
    "Lào",
    "La Chí",
    "Kháng",
    "Phù Lá",
    "La Hủ",
    "La Ha",
    "Pà Thẻn",
    "Lự",
    "Ngái",
    "Chứt",
    "Lô Lô",
    "Mảng",
    "Cơ Lao",
    "Bố Y",
    "Cống",
    "Si La",
    "Pu Péo",
    "Rơ Măm",
    "Brâu",
    "Ơ Đu",
)

# Other spellings found in school lists and older documents → the official name.
ALIASES: dict[str, str] = {
    "Việt": "Kinh",
    "Kinh (Việt)": "Kinh",
    "H'Mông": "Mông",
    "Hmông": "Mông",
    "Hmong": "Mông",
    "Khơ-me": "Khmer",
    "Khơ me": "Khmer",
    "Khmer Krom": "Khmer",
    "Hán": "Hoa",
    "Jrai": "Gia Rai",
    "Ê-đê": "Ê Đê",
    "Rhade": "Ê Đê",
    "Ba-na": "Ba Na",
    "Bahnar": "Ba Na",
    "K'Ho": "Cơ Ho",
    "Xê Đăng": "Xơ Đăng",
    "Sê Đăng": "Xơ Đăng",
    "Raglai": "Ra Glai",
    "M'Nông": "Mnông",
    "Stiêng": "Xtiêng",
    "Khmú": "Khơ Mú",
    "Khơ-mú": "Khơ Mú",
    "Bru - Vân Kiều": "Bru Vân Kiều",
    "Vân Kiều": "Bru Vân Kiều",
    "Ca Tu": "Cơ Tu",
    "Gié Triêng": "Giẻ Triêng",
    "Gié-Triêng": "Giẻ Triêng",
    "Pa Thẻn": "Pà Thẻn",
    "Pu Péo": "Pu Péo",
    "Rơ-măm": "Rơ Măm",
    "Ơ-đu": "Ơ Đu",
}


@lru_cache(maxsize=8192)
def ethnic_key(text: str) -> str:
    """The comparison key of a name: no accents (đ → d), lower case, letters and digits only."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).lower()


_BY_KEY: dict[str, str] = {ethnic_key(name): name for name in ETHNIC_GROUPS} | {
    ethnic_key(alias): name for alias, name in ALIASES.items()
}


def ethnic_group(text: str) -> str | None:
    """The official name of the group `text` names, or None when it names none of the 54."""
    return _BY_KEY.get(ethnic_key(text))
