"""Rendered pieces of a page kept in memory under everything each one shows."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from markupsafe import Markup

Item = TypeVar("Item")


class KeptPieces:
    """Rendered pieces, the least recently used dropped past ``capacity``.

    A piece is kept under a key made of everything it shows (its figures, its names, the
    reader's language…): a change of any of them is a new key, so a kept piece is never
    stale, and a page whose figures moved renders only the pieces they appear in. Safe to
    share between threads: two requests may render the same missing piece at once, and
    both get the same text."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._kept: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._kept)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def pieces(
        self,
        items: Sequence[Item],
        key: Callable[[Item], Hashable],
        render: Callable[[Item], Markup],
    ) -> list[Markup]:
        """The piece of each item, in order: kept ones reused, missing ones rendered."""
        keys = [key(item) for item in items]
        with self._lock:
            found = [self._kept.get(k) for k in keys]
            for k, piece in zip(keys, found, strict=True):
                if piece is not None:
                    self._kept.move_to_end(k)
        # Rendered outside the lock: a template may take milliseconds, other requests
        # meanwhile read what is kept.
        fresh: dict[Hashable, Markup] = {}
        result: list[Markup] = []
        for item, k, piece in zip(items, keys, found, strict=True):
            if piece is None:
                piece = fresh.get(k)
                if piece is None:
                    piece = fresh[k] = render(item)
            result.append(piece)
        if fresh:
            with self._lock:
                for k, piece in fresh.items():
                    self._kept[k] = piece
                    self._kept.move_to_end(k)
                while len(self._kept) > self.capacity:
                    self._kept.popitem(last=False)
        return result
