"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

Eighteen characters from a 31-character alphabet (digits and capitals without I, O, Z, S, V):
registration authority (1), organisation type (1), the GB/T 2260 division code of the
registering authority (6), the organisation code (9) and a check character (1) computed as
31 - (sum of value * weight mod 31), weights 3^i mod 31.
"""

from __future__ import annotations

import re

import numpy as np

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
VALUE = {c: i for i, c in enumerate(ALPHABET)}
FORMAT = r"^[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$"


def check_char(first17: str) -> str:
    total = sum(VALUE[c] * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    return bool(re.match(FORMAT, code)) and check_char(code[:17]) == code[17]


def make_codes(division: np.ndarray, serial: np.ndarray, authority: str = "91") -> list[str]:
    """Valid codes for enterprises (authority 9, type 1) from division codes and serial numbers.

    Vectorised over numpy arrays; used by the demo generator and tests.
    """
    n = len(division)
    chars = np.empty((n, 17), dtype=np.int64)
    chars[:, 0] = VALUE[authority[0]]
    chars[:, 1] = VALUE[authority[1]]
    div = division.astype(np.int64)
    for i in range(6):
        chars[:, 2 + i] = (div // 10 ** (5 - i)) % 10
    s = serial.astype(np.int64)
    for i in range(9):  # organisation code: base-31 digits of the serial
        chars[:, 16 - i] = s % 31
        s = s // 31
    total = (chars * np.array(WEIGHTS)).sum(axis=1)
    check = (31 - total % 31) % 31
    alphabet = np.array(list(ALPHABET))
    full = np.ascontiguousarray(np.concatenate([alphabet[chars], alphabet[check][:, None]], axis=1))
    return full.view("<U18").ravel().tolist()
