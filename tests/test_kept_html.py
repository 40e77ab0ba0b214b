"""Kept pieces: rendered once per key, the least recently used dropped past the bound,
shared safely between threads."""

from __future__ import annotations

import threading

from markupsafe import Markup

from app.kept_html import KeptHtml


class Renderer:
    def __init__(self):
        self.calls: list[str] = []

    def __call__(self, item: str) -> Markup:
        self.calls.append(item)
        return Markup(f"<li>{item}</li>")


def _key(item: str) -> str:
    return item


def test_each_piece_is_rendered_once_and_returned_in_the_order_asked():
    kept, render = KeptHtml(10), Renderer()
    assert kept.pieces(["a", "b", "a"], _key, render) == ["<li>a</li>", "<li>b</li>", "<li>a</li>"]
    assert render.calls == ["a", "b"]
    assert kept.pieces(["b", "a", "c"], _key, render) == [
        "<li>b</li>",
        "<li>a</li>",
        "<li>c</li>",
    ]
    assert render.calls == ["a", "b", "c"]


def test_the_piece_is_kept_under_its_key_not_under_the_item():
    kept, render = KeptHtml(10), Renderer()
    kept.pieces(["Drôme"], lambda item: ("fr", item), render)
    kept.pieces(["Drôme"], lambda item: ("en", item), render)
    kept.pieces(["Drôme"], lambda item: ("fr", item), render)
    assert render.calls == ["Drôme", "Drôme"]


def test_past_the_bound_the_least_recently_used_piece_is_dropped():
    kept, render = KeptHtml(2), Renderer()
    kept.pieces(["a", "b"], _key, render)
    kept.pieces(["a"], _key, render)  # b is now the least recently used
    kept.pieces(["c"], _key, render)
    assert len(kept) == 2
    kept.pieces(["a", "c"], _key, render)
    assert render.calls == ["a", "b", "c"]
    kept.pieces(["b"], _key, render)
    assert render.calls == ["a", "b", "c", "b"]


def test_threads_sharing_the_pieces_each_get_their_own_items():
    kept = KeptHtml(8)
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def work(offset: int) -> None:
        try:
            start.wait()
            for round_ in range(300):
                items = [str((offset + round_ + i) % 20) for i in range(5)]
                got = kept.pieces(items, _key, lambda item: Markup(f"<li>{item}</li>"))
                assert got == [f"<li>{item}</li>" for item in items]
        except BaseException as error:  # reported to the main thread below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(kept) <= 8


def test_a_piece_asked_alone_is_rendered_once_and_the_least_recently_used_goes_first():
    pieces = KeptHtml(2)
    pieces.get("a", lambda: "A")
    pieces.get("b", lambda: "B")
    pieces.get("a", lambda: "not rendered again")
    pieces.get("c", lambda: "C")
    assert len(pieces) == 2
    assert pieces.get("a", lambda: "not rendered again") == "A"
    assert pieces.get("b", lambda: "B again") == "B again"
    assert pieces.renders == 4
