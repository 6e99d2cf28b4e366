"""One text normaliser for comparing what people typed: `fold`.

Search, duplicate detection and claim matching all need "the same text, typed differently" to
compare equal: "UN’s" and "UN's", "2022–23" and "2022-23", "ÜBER" and "über", "УКРАЇНА" and
"україна", a no-break space and a space. `fold` is for comparing and indexing only; never show
its result to people or store it in place of what they typed.
"""

import unicodedata

# Typographic characters that NFKC leaves alone, mapped to the ASCII form people type. The
# lists follow Unicode's general categories Pi/Pf (quotes) and Pd (dashes), limited to the
# characters that turn up in news copy and word processors.
_TYPOGRAPHIC = str.maketrans(
    {
        # Single quotes, apostrophes, primes -> '
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark (also the typographic apostrophe)
        "\u201a": "'",  # single low-9 quotation mark
        "\u201b": "'",  # single high-reversed-9 quotation mark
        "\u2032": "'",  # prime
        "\u02bc": "'",  # modifier letter apostrophe (used in Ukrainian spelling)
        "\u00b4": "'",  # acute accent typed as an apostrophe
        "`": "'",
        # Double quotes and guillemets -> "
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',  # double prime
        "\u00ab": '"',  # «
        "\u00bb": '"',  # »
        # Hyphens, dashes and the minus sign -> -
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen (NFKC maps it to U+2010, not to "-")
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\ufe58": "-",  # small em dash
        # Invisible characters that only split words for a computer.
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero width space
        "\u200c": None,  # zero width non-joiner
        "\u200d": None,  # zero width joiner
        "\u2060": None,  # word joiner
        "\ufeff": None,  # byte order mark / zero width no-break space
    }
)


def fold(text: str) -> str:
    """The comparison form of `text` (a str; None is refused with TypeError).

    In order: Unicode NFKC (full-width and compatibility forms, ligatures, no-break and thin
    spaces become their plain forms), typographic quotes, apostrophes and dashes to ASCII ' " -,
    invisible joiners and soft hyphens dropped, case folded (str.casefold: full Unicode case
    folding, so Cyrillic, Greek and "ß" -> "ss" fold too), NFKC again (case folding can undo
    it), then every run of whitespace collapsed to one space and the ends stripped.

    It keeps accents ("é" stays "é": in many languages they tell words apart) and punctuation
    other than the typographic forms above; callers that need less strip more themselves.
    The approach is Unicode's NFKC_Casefold (UAX #15, and the Unicode Standard ch. 3.13).
    """
    if not isinstance(text, str):
        raise TypeError(f"fold() takes a str, not {type(text).__name__}")
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHIC)
    text = unicodedata.normalize("NFKC", text.casefold())
    return " ".join(text.split())
