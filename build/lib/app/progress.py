"""Progress bars for long CLI work: drawn on a terminal, silent in logs (not a TTY)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import click

T = TypeVar("T")


def is_interactive() -> bool:
    return sys.stdout.isatty()


@contextmanager
def progress(length: int, label: str) -> Iterator:
    """``with progress(n, "Votes") as bar: bar.update(k)``; a no-op when not a TTY."""
    if not is_interactive():
        yield _Silent()
        return
    with click.progressbar(length=length, label=label, file=sys.stdout) as bar:
        yield bar


def track(items: Iterable[T], length: int, label: str) -> Iterator[T]:
    with progress(length, label) as bar:
        for item in items:
            yield item
            bar.update(1)


class _Silent:
    def update(self, _n: int) -> None:
        pass
