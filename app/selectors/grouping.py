"""Rows of (key, value) gathered by key: how a selector answers "the values of each
key" from one query."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


def grouped(rows: Iterable[tuple[K, V]]) -> defaultdict[K, list[V]]:
    """The values of each key in the rows' order; a key without rows reads as []."""
    result: defaultdict[K, list[V]] = defaultdict(list)
    for key, value in rows:
        result[key].append(value)
    return result
