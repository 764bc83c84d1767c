"""Writing systems of the phrasebooks' languages: which Unicode scripts a language file's letters may use."""

# ISO 15924 code of a language file's script → the Unicode scripts its letters may use.
SCRIPT_LETTERS = {
    "Latn": ("Latin",),
    "Hans": ("Han",),
    "Hant": ("Han",),
    "Jpan": ("Han", "Hiragana", "Katakana"),
    "Hang": ("Hangul",),
    "Cyrl": ("Cyrillic",),
    "Grek": ("Greek",),
    "Arab": ("Arabic",),
    "Hebr": ("Hebrew",),
    "Deva": ("Devanagari",),
    "Beng": ("Bengali",),
    "Thai": ("Thai",),
}
RTL_SCRIPTS = frozenset({"Arab", "Hebr"})
