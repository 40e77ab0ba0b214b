"""Template helpers that replace slower Flask / Flask-Babel / Flask-WTF calls must agree
with them."""

from __future__ import annotations

import re

from flask import render_template_string, url_for
from flask_wtf.csrf import generate_csrf

from app.i18n import force_locale
from app.templating import _options, id_url, options_html


def test_id_url_builds_what_url_for_builds(app):
    with app.test_request_context("/", base_url="http://example.org/souhaits"):
        for wish_id in (1, 42, 2_147_483_646):
            for endpoint in ("wishes.show", "wishes.vote", "wishes.unvote"):
                assert id_url(endpoint, wish_id=wish_id) == url_for(endpoint, wish_id=wish_id)
        assert id_url("wishes.show", wish_id=7).startswith("/souhaits/")


def test_templates_translate_in_the_locale_forced_for_an_email(app):
    template = "{{ _('Soutien') }}|{{ ngettext('%(num)s soutien', '%(num)s soutiens', 2) }}"
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        french = render_template_string(template)
        with force_locale("en"):
            english = render_template_string(template)
        again = render_template_string(template)
    assert french == again == "Soutien|2 soutiens"
    assert english == "Support|2 supporters"


def test_translated_text_is_escaped_and_formatted_like_jinja_does(app):
    with app.test_request_context("/"):
        html = render_template_string("{{ _('Page %(page)s sur %(pages)s', page='<1>', pages=3) }}")
        text = render_template_string(
            "{% autoescape false %}{{ _('100%% %(x)s', x='<b>') }}{% endautoescape %}"
        )
    assert html == "Page &lt;1&gt; sur 3"
    assert text == "100% <b>"


def test_the_form_token_is_flask_wtfs(app):
    with app.test_request_context("/"):
        assert render_template_string("{{ csrf_token() }}") == generate_csrf()


def test_labels_follow_the_language_like_their_lazy_strings(app):
    from app import labels

    for language in ("fr", "en"):
        with app.test_request_context("/", headers={"Accept-Language": language}):
            for code, lazy in labels.DELIVERY_LABELS.items():
                assert labels.label(labels.DELIVERY_LABELS, code) == str(lazy)
    with app.test_request_context("/"):
        assert labels.label(labels.WISH_STATUS_LABELS, "unknown") == "unknown"
        assert labels.label(labels.WISH_STATUS_LABELS, None) == ""


def test_dates_follow_a_locale_forced_inside_the_request(app):
    from datetime import UTC, datetime

    from app.templating import date_text

    late_evening_utc = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)  # 1 April in Paris
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        french = date_text(late_evening_utc)
        with force_locale("en"):
            english = date_text(late_evening_utc)
        again = date_text(late_evening_utc.replace(tzinfo=None))
    assert french == again == "1 avr. 2026"
    assert english == "1 Apr 2026"


def test_pages_use_one_form_token_per_request(app, client, auth, make):
    from app.models import Role

    for _ in range(3):
        make.wish()
    auth.as_role(Role.REFERENT)
    html = client.get("/wishes").get_data(as_text=True)
    tokens = set(re.findall(r'name="csrf_token" value="([^"]+)"', html))
    assert len(tokens) == 1


def test_the_app_forces_a_locale_through_app_i18n():
    """``app.i18n.force_locale`` sets aside the translations and formats the request keeps
    on ``g``; Flask-Babel's own would leave them in the request's language."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "app"
    direct = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "i18n.py"
        and re.search(
            r"from flask_babel import[^\n]*\bforce_locale\b|flask_babel\.force_locale",
            path.read_text(encoding="utf-8"),
        )
    ]
    assert direct == []


def test_relative_times_read_in_the_readers_language(app):
    from datetime import UTC, datetime, timedelta

    from app.templating import ago_text

    now = datetime(2027, 3, 1, 12, tzinfo=UTC)
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        assert ago_text(now - timedelta(hours=2, minutes=10), now) == "il y a 2 heures"
        assert ago_text(now - timedelta(days=40), now) == "il y a 1 mois"
        with force_locale("en"):
            assert ago_text(now - timedelta(hours=2), now) == "2 hours ago"
        assert ago_text(None) == ""


def test_moments_follow_the_locale_and_time_zone_like_babel(app):
    from datetime import UTC, datetime

    from babel import dates

    from app.templating import datetime_text

    moment = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        french = datetime_text(moment, "short")
        with force_locale("en"):
            english = datetime_text(moment, "short")
        assert datetime_text(moment, "short") == french
    assert french == dates.format_datetime(moment, "short", tzinfo="Europe/Paris", locale="fr")
    assert english == dates.format_datetime(moment, "short", tzinfo="Europe/Paris", locale="en_GB")


def test_filter_options_are_escaped_once_for_the_same_choices():
    choices = [("drome", "Drôme <Provençale>"), ("ardeche", "Ardèche & co")]
    first = options_html(choices, "ardeche")
    built = _options.cache_info()
    assert options_html(list(choices), "ardeche") == first
    assert _options.cache_info().hits == built.hits + 1
    assert str(first) == (
        '<option value="drome">Drôme &lt;Provençale&gt;</option>'
        '<option value="ardeche" selected>Ardèche &amp; co</option>'
    )
    assert 'value="drome" selected' in options_html(choices, "drome")
