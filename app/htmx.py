"""In-place actions (htmx): a view answers the fragment it swaps when the request comes
from htmx, the full page (or a redirect) otherwise, so every action works without
JavaScript and both answers come from the same partial templates."""

from __future__ import annotations

from flask import Response, make_response, render_template, request


def is_htmx() -> bool:
    """True for a request sent by htmx (``HX-Request: true``), not a history restore."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def fragment(template: str, *, message: str = "", **context) -> Response:
    """A fragment answer; ``message`` is announced in the page's live region."""
    response = make_response(render_template(template, live_message=message, **context))
    response.vary.add("HX-Request")
    return response
