"""Rendered pieces of pages kept in memory under everything each one shows.

Rendering a list row or a department of the map (translated plurals, formatted numbers,
links) costs far more than reading what it shows, and many readers see the same pieces.
A piece is kept under a key made of everything it shows (its figures, its names, the
reader's language…): a change of any of them is a new key, so a kept piece is never
stale, and a page whose figures moved renders only the pieces they appear in."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

from markupsafe import Markup

Item = TypeVar("Item")


class KeptHtml:
    """Rendered pieces, the least recently used dropped past ``capacity``.

    Safe to share between threads: pieces are rendered outside the lock (a template may
    take milliseconds while other requests read what is kept), so two requests may
    render the same missing piece at once, and both get the same text. ``renders``
    counts the pieces rendered, for the tests that check what a page rendered again."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.renders = 0
        self._kept: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._kept)

    def clear(self) -> None:
        with self._lock:
            self._kept.clear()

    def get(self, key: Hashable, render: Callable[[], str]) -> Markup:
        """The piece kept under ``key``, rendered first if missing."""
        with self._lock:
            piece = self._kept.get(key)
            if piece is not None:
                self._kept.move_to_end(key)
                return piece
        piece = Markup(render())
        self._keep({key: piece})
        return piece

    def pieces(
        self,
        items: Sequence[Item],
        key: Callable[[Item], Hashable],
        render: Callable[[Item], str],
    ) -> list[Markup]:
        """The piece of each item, in order: kept ones reused, missing ones rendered.
        One look-up and one store under the lock for the whole page."""
        keys = [key(item) for item in items]
        with self._lock:
            found = [self._kept.get(k) for k in keys]
            for k, piece in zip(keys, found, strict=True):
                if piece is not None:
                    self._kept.move_to_end(k)
        fresh: dict[Hashable, Markup] = {}
        result: list[Markup] = []
        for item, k, piece in zip(items, keys, found, strict=True):
            if piece is None:
                piece = fresh.get(k)
                if piece is None:
                    piece = fresh[k] = Markup(render(item))
            result.append(piece)
        if fresh:
            self._keep(fresh)
        return result

    def _keep(self, fresh: dict[Hashable, Markup]) -> None:
        with self._lock:
            self.renders += len(fresh)
            for k, piece in fresh.items():
                self._kept[k] = piece
                self._kept.move_to_end(k)
            while len(self._kept) > self.capacity:
                self._kept.popitem(last=False)
