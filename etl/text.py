"""Text normalisation shared by headers, lookups and values.

`key_text` (Python, for the few header and dimension strings) and `key_expr` (Polars, for
millions of values) produce the same key, so that a value in a file matches a dimension
alias however it was written: full-width or half-width, any case, with or without spaces,
quotes and punctuation, with or without a 市/省/特别行政区 suffix where asked.
"""

from __future__ import annotations

import re
import unicodedata

import polars as pl

# Removed from keys: whitespace and punctuation that people add or drop at will.
_PUNCT = r"[\s_\-'’‘“”\"·.,()\[\]「」《》【】、/]"
_PUNCT_RE = re.compile(_PUNCT)

# Administrative suffixes, longest first so that 维吾尔自治区 wins over 自治区.
REGION_SUFFIXES = ("特别行政区", "特別行政區", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "省", "市")
_SUFFIX_RE = "(" + "|".join(REGION_SUFFIXES) + ")$"


def clean_text(text: str) -> str:
    """Full-width to half-width (NFKC) and trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def key_text(text: str) -> str:
    return _PUNCT_RE.sub("", clean_text(text).lower())


def region_key_text(text: str) -> str:
    return re.sub(_SUFFIX_RE, "", key_text(text))


def clean_expr(expr: pl.Expr) -> pl.Expr:
    """Full-width digits and punctuation to half-width, trimmed; null stays null."""
    return expr.str.normalize("NFKC").str.strip_chars()


def key_expr(expr: pl.Expr) -> pl.Expr:
    return clean_expr(expr).str.to_lowercase().str.replace_all(_PUNCT, "")

