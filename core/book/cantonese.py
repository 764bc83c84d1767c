"""Names of Hong Kong and Macao partners spelled as they spell them: 陳大文 is Chan Tai Man.

Pinyin gives Chen Dawen, a name nobody in Hong Kong answers to. Cantonese
readings come from ToJyutping (Jyutping), and each syllable is respelled
the way Hong Kong's identity cards and business cards write it (the
government's customary romanization), or for Macao as its Portuguese-based
cards do. That spelling is not fully regular, so the commonest surnames,
the part a salesperson says aloud ("Mr Chan"), come from a table.
"""

from __future__ import annotations

import functools

# Surnames as Hong Kong writes them, Traditional and Simplified characters.
_HK_SURNAMES = {
    "陳": "chan", "陈": "chan", "黃": "wong", "黄": "wong", "王": "wong", "李": "lee", "利": "lee",
    "張": "cheung", "张": "cheung", "梁": "leung", "林": "lam", "劉": "lau", "刘": "lau",
    "吳": "ng", "吴": "ng", "伍": "ng", "何": "ho", "郭": "kwok", "鄭": "cheng", "郑": "cheng",
    "楊": "yeung", "杨": "yeung", "周": "chow", "謝": "tse", "谢": "tse", "曾": "tsang",
    "羅": "law", "罗": "law", "蔡": "choi", "許": "hui", "许": "hui", "鄧": "tang", "邓": "tang",
    "馮": "fung", "冯": "fung", "潘": "poon", "蕭": "siu", "萧": "siu", "胡": "wu", "袁": "yuen",
    "麥": "mak", "麦": "mak", "朱": "chu", "余": "yu", "盧": "lo", "卢": "lo", "葉": "yip",
    "叶": "yip", "譚": "tam", "谭": "tam", "徐": "tsui", "崔": "tsui", "鍾": "chung", "钟": "chung",
    "趙": "chiu", "赵": "chiu", "孫": "suen", "孙": "suen", "馬": "ma", "马": "ma", "高": "ko",
    "文": "man", "莫": "mok", "鄒": "chau", "邹": "chau", "韓": "hon", "韩": "hon", "杜": "to",
    "范": "fan", "姚": "yiu", "勞": "lo", "劳": "lo", "簡": "kan", "简": "kan", "彭": "pang",
    "邱": "yau", "丘": "yau", "石": "shek", "方": "fong", "侯": "hau", "江": "kong", "傅": "fu",
    "龍": "lung", "龙": "lung", "嚴": "yim", "严": "yim", "容": "yung", "關": "kwan", "关": "kwan",
    "岑": "shum", "黎": "lai", "賴": "lai", "赖": "lai", "湯": "tong", "汤": "tong", "唐": "tong",
    "雷": "lui", "呂": "lui", "吕": "lui", "程": "ching", "金": "kam", "甘": "kam", "顏": "ngan",
    "颜": "ngan", "洪": "hung", "孔": "hung", "施": "sze", "蘇": "so", "苏": "so", "霍": "fok",
    "區": "au", "区": "au", "歐": "au", "欧": "au", "戴": "tai", "駱": "lok", "骆": "lok",
    "鮑": "pau", "鲍": "pau", "尹": "wan", "溫": "wan", "温": "wan", "鄺": "kwong", "邝": "kwong",
    "陸": "luk", "陆": "luk", "姜": "keung", "廖": "liu", "凌": "ling", "柯": "or", "魏": "ngai",
    "顧": "ku", "顾": "ku", "倪": "ngai", "秦": "chun", "錢": "chin", "钱": "chin", "沈": "shum",
    "鄔": "wu", "邬": "wu", "翁": "yung", "紀": "kei", "纪": "kei", "司徒": "szeto",
    "歐陽": "auyeung", "欧阳": "auyeung", "上官": "sheungkoon",
}

# Where Macao's cards differ from Hong Kong's (Portuguese-based spelling).
_MACAO_SURNAMES = {
    "李": "lei", "張": "cheong", "张": "cheong", "梁": "leong", "劉": "lao", "刘": "lao",
    "楊": "ieong", "杨": "ieong", "周": "chao", "謝": "che", "谢": "che", "趙": "chio",
    "赵": "chio", "蕭": "sio", "萧": "sio", "曾": "chang", "徐": "chui", "崔": "chui",
    "鄭": "cheang", "郑": "cheang", "許": "hoi", "许": "hoi", "盧": "lou", "卢": "lou",
    "葉": "ip", "叶": "ip", "姚": "io", "邱": "iao", "丘": "iao", "羅": "lo", "罗": "lo",
}

# Jyutping initials as Hong Kong writes them (z and c are "ch", j is "y").
_INITIALS = {
    "b": "p", "p": "p", "m": "m", "f": "f", "d": "t", "t": "t", "n": "n", "l": "l",
    "g": "k", "k": "k", "ng": "ng", "h": "h", "gw": "kw", "kw": "kw", "w": "w",
    "z": "ch", "c": "ch", "s": "s", "j": "y", "": "",
}
# Finals, longest first where one is the start of another.
_FINALS = {
    "aa": "a", "aai": "ai", "aau": "au", "aam": "am", "aan": "an", "aang": "ang", "aap": "ap",
    "aat": "at", "aak": "ak", "ai": "ai", "au": "au", "am": "am", "an": "an", "ang": "ang",
    "ap": "ap", "at": "at", "ak": "ak", "e": "e", "ei": "ei", "eu": "eu", "em": "em", "eng": "eng",
    "ep": "ep", "ek": "ek", "i": "i", "iu": "iu", "im": "im", "in": "in", "ing": "ing", "ip": "ip",
    "it": "it", "ik": "ik", "o": "o", "oi": "oi", "ou": "o", "on": "on", "ong": "ong", "ot": "ot",
    "ok": "ok", "oe": "eu", "oeng": "eung", "oek": "euk", "eoi": "ui", "eon": "un", "eot": "ut",
    "u": "u", "ui": "ui", "un": "un", "ung": "ung", "ut": "ut", "uk": "uk", "yu": "u",
    "yun": "uen", "yut": "uet", "m": "m", "ng": "ng",
}


def _split(syllable: str) -> tuple[str, str]:
    """A Jyutping syllable without its tone, as (initial, final)."""
    if syllable in ("m", "ng"):  # syllabic nasals: 唔, 吳
        return "", syllable
    for initial in ("gw", "kw", "ng"):
        if syllable.startswith(initial):
            return initial, syllable[len(initial):]
    if syllable[:1] in _INITIALS and syllable[:1] not in "aeiou":
        return syllable[:1], syllable[1:]
    return "", syllable


# Given-name characters read zi/ci/si that cards spell Tsz or Sze, not Chi or Shi.
_GIVEN_NAME_CHARS = {"子": "tsz", "紫": "tsz", "梓": "tsz", "慈": "tsz", "詞": "tsz", "词": "tsz",
                     "思": "sze", "詩": "sze", "诗": "sze", "斯": "sze", "絲": "sze", "丝": "sze"}
# Finals after which "s" is written "sh": 誠 Shing, 書 Shu, 水 Shui, 信 Shun, 石 Shek.
_SH_FINALS = frozenset({"yu", "eoi", "eon", "ing", "ek", "eng"})


def respell(jyutping: str) -> str:
    """One Jyutping syllable ("can4") as Hong Kong writes it ("chan")."""
    initial, final = _split(jyutping.rstrip("123456"))
    vowels = _FINALS.get(final, final)
    if initial in ("z", "c") and final in ("i", "e"):
        return {"i": "chi", "e": "tse"}[final]  # 志 Chi, 謝 Tse
    if initial == "s" and final == "i":
        return "sze"  # 施 Sze
    if initial == "j" and final == "i":
        return "yee"  # 義 Yee
    if initial == "s" and final in _SH_FINALS:
        return "sh" + vowels
    if initial == "j" and final.startswith("yu"):
        return "y" + vowels  # 余 Yu, 阮 Yuen, 月 Yuet
    return _INITIALS.get(initial, initial) + vowels


@functools.lru_cache(maxsize=1)
def _jyutping():
    import ToJyutping

    return ToJyutping


def _surname(name: str, table: dict[str, str]) -> tuple[str, str] | None:
    """The surname's spelling and its characters, when the name starts with a known one."""
    for length in (2, 1):
        spelled = table.get(name[:length])
        if spelled and len(name) > length:
            return spelled, name[:length]
    return None


def cantonese_name_forms(name: str, *, country: str = "HK") -> list[str]:
    """Latin spellings of a Chinese name as a Hong Kong (or Macao) partner writes it.

    The first is the one to show ("chan tai man"), family name first; then the
    given name joined ("chan taiman"). Empty for a name without Han characters.
    """
    forms: list[str] = []
    for word in name.split():
        readings = [(char, reading) for char, reading in _jyutping().get_jyutping_list(word)]
        if not any(reading for _, reading in readings):
            continue
        table = {**_HK_SURNAMES, **_MACAO_SURNAMES} if country == "MO" else _HK_SURNAMES
        known = _surname(word, table)
        skip = len(known[1]) if known else 0
        given = [_GIVEN_NAME_CHARS.get(char) or (respell(reading.split()[0]) if reading else char)
                 for char, reading in readings[skip:] if (reading or char).strip()]
        family = [known[0]] if known else given[:1]
        given = given if known else given[1:]
        forms.append(" ".join(family + given))
        if len(given) > 1:
            forms.append(" ".join(family + ["".join(given)]))
    return forms
