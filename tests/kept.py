"""Pages read from kept rows, compared with the same pages rendered afresh."""

import re

# Form tokens are signed with the time: two renderings of a page differ there only.
CSRF = re.compile(r'(name="csrf_token" value=|name="csrf-token" content=)"[^"]*"')


def page(client, url: str) -> str:
    """The page at ``url``, its form tokens left out."""
    response = client.get(url)
    assert response.status_code == 200
    return CSRF.sub(r"\1", response.get_data(as_text=True))


def afresh(app, client, url: str) -> str:
    """The page with nothing kept: every row's macro rendered for this request."""
    pieces = app.extensions["souhaits_kept_html"]
    app.extensions["souhaits_kept_html"] = None
    try:
        return page(client, url)
    finally:
        app.extensions["souhaits_kept_html"] = pieces


def row(html: str, wish_id: int) -> str:
    """The table row of the wish ``wish_id`` in ``html``."""
    start = html.index(f'<a href="/wishes/{wish_id}">')
    return html[html.rindex("<tr>", 0, start) : html.index("</tr>", start)]
