"""The fitting maths: iterative proportional fitting, whole-number rounding, amounts rescaled to published shares."""

from __future__ import annotations

import numpy as np


def ipf(seed: np.ndarray, rows: np.ndarray, cols: np.ndarray, iterations: int = 200) -> np.ndarray:
    """Scale `seed` so its row sums are `rows` and column sums `cols` (same grand total)."""
    m = seed.astype(float).copy()
    for _ in range(iterations):
        r = m.sum(axis=1)
        m *= np.divide(rows, r, out=np.zeros_like(rows), where=r > 0)[:, None]
        c = m.sum(axis=0)
        m *= np.divide(cols, c, out=np.zeros_like(cols), where=c > 0)[None, :]
        if np.abs(m.sum(axis=1) - rows).max() <= 1e-9 * rows.sum():
            break
    return m


def largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    """Whole numbers proportional to `weights` that add up to `total` exactly."""
    if total <= 0 or weights.sum() <= 0:
        return np.zeros(len(weights), dtype=np.int64)
    exact = weights / weights.sum() * total
    base = np.floor(exact).astype(np.int64)
    short = total - base.sum()
    if short:
        base[np.argsort(-(exact - base), kind="stable")[:short]] += 1
    return base


def fit_amounts(amounts: np.ndarray, seller: np.ndarray, buyer: np.ndarray, out_value: np.ndarray, abs_value: np.ndarray,
                iterations: int = 300) -> np.ndarray:
    """Rescale drawn amounts by seller and buyer factors until both value marginals hold."""
    a = amounts.copy()
    k = len(out_value)
    for _ in range(iterations):
        s = np.bincount(seller, weights=a, minlength=k)
        a *= np.divide(out_value, s, out=np.ones(k), where=s > 0)[seller]
        b = np.bincount(buyer, weights=a, minlength=k)
        a *= np.divide(abs_value, b, out=np.ones(k), where=b > 0)[buyer]
        s = np.bincount(seller, weights=a, minlength=k)
        if np.abs(s - out_value).max() <= 1e-6 * out_value.sum():
            break
    return a
