"""Language data the checks read: punctuation, digits, scripts, length ratios, words.

Everything here is about languages and scripts, not about how a check works:
a check module imports what it needs, so that supporting a new language or
script is a change to this module alone. Keys are language codes without a
territory (``fa``, not ``fa_AF``) unless said otherwise.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------- punctuation

# The mark that ends a sentence, in any script -> what it means, so that "؟" ends a question like "?".
ENDINGS = {
    ".": ".", "。": ".", "۔": ".", "।": ".", "…": "…",
    "?": "?", "؟": "?", "？": "?",
    "!": "!", "！": "!",
    ":": ":", "：": ":",
    ";": ";", "؛": ";", "；": ";",
}  # fmt: skip
# Latin marks that Arabic script writes with its own letters.
LATIN_ENDINGS_IN_ARABIC_SCRIPT = {"?": "؟", ";": "؛"}
# What may follow the last mark of a sentence: quotes, brackets, Markdown emphasis.
CLOSERS = "\"'”’»)]*_`"
# Languages written in Arabic script with Persian-type orthography (ی and ک, not ي and ك).
PERSIAN_TYPE = {"fa", "ckb", "ur", "ps"}
ARABIC_SCRIPT = PERSIAN_TYPE | {"ar"}

# ---------------------------------------------------------------- digits and numbers

# Between groups of three digits: 1,234 · 1.234 · 1 234 (no-break, narrow no-break or plain space) · ١٬٢٣٤ · 1'234.
GROUP_SEPARATORS = ".,\u066c\u00a0\u202f' "
# Before a decimal part: 1.5 · 1,5 · ١٫٥.
DECIMAL_SEPARATORS = ".,\u066b"

# ---------------------------------------------------------------- direction controls

# An embedding, override or isolate -> the control that closes it.
BIDI_OPENERS = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
                "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}  # fmt: skip
BIDI_CLOSERS = ("\u202c", "\u2069")
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
BIDI_PRESENT = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
# Overrides (LRO, RLO) set the direction of every letter they hold, reversing a word: no translation needs one.
BIDI_OVERRIDES = frozenset("\u202d\u202e")
# Isolates (LRI, RLI, FSI), closed by PDI; embeddings and overrides are closed by PDF.
BIDI_ISOLATES = frozenset("\u2066\u2067\u2068")
# Marks (LRM, RLM, ALM): invisible strong letters, which keep a Latin word, a number or a sign in its place.
BIDI_MARKS = frozenset("\u200e\u200f\u061c")
# Letters of the scripts written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms).
RTL_LETTERS = re.compile("[\u0590-\u05ff\u0620-\u063f\u0641-\u064a\u066e-\u06d3\u06d5\u06ee-\u06ff"
                         "\u0700-\u07ff\u0860-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")  # fmt: skip

# ---------------------------------------------------------------- scripts and letters

KASHIDA = "\u0640"
# Letters of the Arabic script that join (kashida excepted), and the marks (harakat) written on them.
ARABIC_LETTERS = "\u0620-\u063f\u0641-\u064a\u066e-\u06d3\u06d5\u06ee-\u06ff\u0750-\u077f\u08a0-\u08c9"
ARABIC_MARKS = "\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
PERSIAN_VARIANT = {"ي": "ی", "ك": "ک"}  # Arabic letter -> the letter Persian-type orthographies use
PASHTO_VARIANT = {"ك": "ک"}  # Pashto has its own ي
ARABIC_VARIANT = {"ی": "ي", "ک": "ك"}
# The letters of each script a language may be written in (ISO 15924 codes, as Babel gives them).
SCRIPT_LETTERS = {
    "Arab": "\u0620-\u064a\u066e-\u06d3\u06d5\u06ee-\u06ff\u0750-\u077f\u08a0-\u08c9\ufb50-\ufdff\ufe70-\ufefc",
    "Latn": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff",
    "Cyrl": "\u0400-\u04ff\u0500-\u052f",
    "Hebr": "\u05d0-\u05ea\ufb1d-\ufb4f",
    "Grek": "\u0370-\u03ff\u1f00-\u1fff",
    "Hans": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "Hant": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "Jpan": "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff",
    "Kore": "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f",
    "Deva": "\u0900-\u097f",
    "Ethi": "\u1200-\u139f",
}
SCRIPT_NAMES = {"Arab": "Arabic", "Latn": "Latin", "Cyrl": "Cyrillic", "Hebr": "Hebrew", "Grek": "Greek",
                "Hans": "Chinese", "Hant": "Chinese", "Jpan": "Japanese", "Kore": "Korean", "Deva": "Devanagari",
                "Ethi": "Ethiopic"}  # fmt: skip

# ---------------------------------------------------------------- length

# How long a translation usually is, relative to English, per language (1.0 for any other).
EXPANSION = {
    "ar": 0.95, "ckb": 1.05, "fa": 1.0, "ps": 1.05, "ur": 1.0, "he": 0.85,
    "fr": 1.2, "es": 1.2, "it": 1.15, "pt": 1.15, "de": 1.25, "nl": 1.2, "tr": 1.1, "ha": 1.15, "ku": 1.15,
    "ru": 1.15, "zh": 0.35, "ja": 0.5, "ko": 0.55,
}  # fmt: skip

# ---------------------------------------------------------------- words

# Words that turn a sentence's meaning around: a source change touching one is critical.
NEGATIONS = {
    "en": {"not", "no", "never", "none", "nor", "neither", "without", "cannot", "nobody", "nothing", "nowhere"},
    "fr": {"ne", "pas", "jamais", "aucun", "aucune", "sans", "ni", "non", "rien", "personne"},
}
# Words a language rightly writes twice in a row ("nous nous engageons").
DOUBLING_ALLOWED = {"fr": {"nous", "vous"}, "nl": {"die"}, "en": {"that", "had"}}
# English words that follow a figure without being what it counts ("2014 and ...").
STOP_WORDS = {"and", "or", "the", "of", "in", "to", "a", "an", "on", "at", "by", "for", "with", "from", "is", "are"}

# ---------------------------------------------------------------- matching terms

# Arabic proclitics (و ف ب ل ك ال and their combinations), longest first: "وال" must be tried before "و".
ARABIC_PREFIXES = ("وبال", "وال", "بال", "فال", "كال", "ولل", "لل", "ال", "و", "ف", "ب", "ل", "ك")
# French elision: l'État, d'ISIS, jusqu'à.
ELISION = re.compile(r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
# Arabic letters written in several ways (hamza seats, alif maqsura, Persian ی and ک) -> one of them.
ARABIC_LETTER_VARIANTS = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ک": "ك"})
ARABIC_LETTER_VARIANT = re.compile("[أإآٱىیک]")
# Combining marks of Latin, Greek, Cyrillic, Hebrew and Arabic script (accents, harakat), and tatweel: part of
# the word they are in, though a regular expression's \w matches none of the marks.
COMBINING_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u0640\u064b-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed\u08d3-\u08ff\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
)
MARKS = re.compile(f"[{COMBINING_MARKS}]")
