"""Real-browser fixtures: the app served on a free port, headless Chromium, logins.

Reusable by every browser journey (mark tests ``@pytest.mark.browser``):

- ``live_server``: one server per test session, on a free port, in a thread, with a
  file SQLite database seeded by ``seed_demo``; ``live_server.url``, ``live_server.app``
  and ``live_server.add_data(fn)`` (runs ``fn()`` in an app context, then commits).
- ``browser`` / ``page``: Playwright's Chromium (``/usr/bin/chromium``), a fresh context
  per test; the tests are skipped when Chromium or Playwright is missing.
  ``open_page(width, height, locale)`` opens another page of another size or language.
- ``login(page, email, password=DEMO_PASSWORD)``: logs in through the real form.
- ``shot(page, name)``: saves a screenshot of the viewport under ``tests/artifacts/``
  (``name`` may hold a sub-folder).
- ``csp_errors(page)``: console messages about the Content-Security-Policy (should be []).
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _browser_available() -> bool:
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def pytest_collection_modifyitems(config, items):
    if _browser_available():
        return
    skip = pytest.mark.skip(reason=f"Chromium ({CHROMIUM}) or Playwright not available")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@dataclass
class LiveServer:
    url: str
    app: object
    server: object = None
    thread: threading.Thread | None = None
    extra: dict = field(default_factory=dict)

    def add_data(self, fn: Callable[[], object]):
        """Run ``fn()`` against the server's database and commit; returns its result."""
        from app.extensions import db

        with self.app.app_context():
            result = fn()
            db.session.commit()
            return result


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    from werkzeug.serving import make_server

    from app import create_app
    from app.demo.seed import seed_demo
    from app.extensions import db

    db_path = tmp_path_factory.mktemp("live") / "browser.db"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "browser-test-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_path}",
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
            "MAIL_SERVER": "127.0.0.1",
            "MAIL_PORT": 1,
        }
    )
    with app.app_context():
        db.create_all()
        seed_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    live = LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app, server=server)
    live.thread = thread
    app.config["BASE_URL"] = live.url
    yield live
    server.shutdown()
    thread.join(timeout=5)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="session")
def browser():
    if not _browser_available():
        pytest.skip("Chromium or Playwright not available")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser, live_server):
    """Opens a page in a fresh context of the given size and locale; closed after the test.

    The timeouts are generous because the machine running the suite may be busy with
    other work (a 2-core machine at a load average of 8 takes seconds to lay out a long
    page); every wait is for a condition, so a quiet machine does not wait longer.
    """
    contexts = []

    def _open(width: int = 1280, height: int = 900, locale: str = "fr-FR"):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}, locale=locale
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.set_default_navigation_timeout(60_000)
        page.console_messages = []
        page.on("console", lambda message: page.console_messages.append(message.text))
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def login():
    from app.demo.data import DEMO_PASSWORD

    def _login(page, email: str, password: str = DEMO_PASSWORD):
        page.goto("/login")
        page.fill("input[name=email]", email)
        page.fill("input[name=password]", password)
        page.click("main form [type=submit]")
        page.wait_for_load_state()
        return page

    return _login


@pytest.fixture
def shot():
    def _shot(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        # The viewport only: a full-page capture of a long page took over 10 s on a
        # loaded 2-core machine, and the viewport is what the test looked at.
        page.screenshot(path=str(path), full_page=False, timeout=60_000, animations="disabled")
        return path

    return _shot


@pytest.fixture
def csp_errors():
    def _errors(page) -> list[str]:
        return [m for m in page.console_messages if "Content Security Policy" in m]

    return _errors
