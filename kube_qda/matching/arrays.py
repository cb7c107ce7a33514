"""Small numpy helpers the matching passes share.

Array arguments are typed with ``numpy.typing.NDArray``. The matching engine keeps
token data as arrays (one row per token of a batch) and reads them back one value at
a time in a few Python loops; ``view`` makes that cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
FloatArray = NDArray[np.float64]


def view(array: NDArray[Any]) -> Sequence[Any]:
    """A read-only sequence of Python ints or bools over a numpy array, made in O(1)
    (``tolist`` would cost milliseconds per batch; indexing costs the same)."""
    return np.ascontiguousarray(array).data.toreadonly()


def pair_keys(texts: NDArray[Any], codes: NDArray[Any], n_codes: int) -> IntArray:
    """One int64 per (text, code) pair, ``text * n_codes + code``, so that sets of
    pairs can be compared with ``numpy.isin``; ``pair_keys`` of equal pairs are equal
    and of different pairs differ (codes are below ``n_codes``)."""
    return np.asarray(texts, dtype=np.int64) * n_codes + np.asarray(codes, dtype=np.int64)
