"""HTML to PDF with WeasyPrint, with the report's print stylesheet and no network: only
files under the app's static folder can be fetched."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import current_app

STYLESHEET = Path("css") / "report.css"


@lru_cache(maxsize=1)
def _stylesheet(path: str):
    from weasyprint import CSS

    return CSS(filename=path)


def _local_files_only():
    """A fetcher that refuses anything but local files: a report never reaches the
    network (WeasyPrint's fetcher object, or its older fetcher function)."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:
        from weasyprint import default_url_fetcher

        def fetch(url: str):
            if not url.startswith("file:"):
                raise ValueError(f"Refused to fetch {url}")
            return default_url_fetcher(url)

        return fetch
    return URLFetcher(allowed_protocols=("file",))


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    static = Path(current_app.static_folder or "static")
    stylesheet = _stylesheet(str(static / STYLESHEET))
    return HTML(
        string=html, base_url=static.as_uri() + "/", url_fetcher=_local_files_only()
    ).write_pdf(stylesheets=[stylesheet])
