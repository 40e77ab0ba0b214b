"""Texts follow the reader's language (with a small English test catalogue)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import OutboxEmail
from tests.notifications.helpers import quiet_wish, status_change


@pytest.fixture
def app_config(english_catalog):
    return {"BABEL_TRANSLATION_DIRECTORIES": english_catalog}


def test_each_follower_gets_the_email_in_their_own_language(db, make, follower):
    wish = quiet_wish(make, title="Tarification par saison")
    english = follower(wish, preference="immediate", locale="en")
    french = follower(wish, preference="immediate", locale=None)
    status_change(wish, **{"from": "under_review"})
    db.session.commit()
    emails = {e.to_address: e for e in db.session.execute(select(OutboxEmail)).scalars()}
    assert emails[english.email].subject == "[Souhaits] Wish “Tarification par saison”: Accepted"
    assert emails[english.email].body_text.startswith(f"Hello {english.display_name},")
    assert "moved from “Under review” to “Accepted”" in emails[english.email].body_text
    assert emails[french.email].subject == "[Souhaits] Souhait « Tarification par saison » : Retenu"


def test_the_page_reads_in_english_for_an_english_reader(db, make, client, auth, follower):
    wish = quiet_wish(make, title="Passerelle Apidae")
    user = follower(wish, preference="never", locale="en")
    status_change(wish, **{"from": "under_review"})
    db.session.commit()
    auth.login(user)
    html = client.get("/notifications").get_data(as_text=True)
    assert '<html lang="en"' in html
    assert "Wish “Passerelle Apidae” moved from “Under review” to “Accepted”." in html
    assert "Mark as read" in html


def test_the_same_notification_reads_in_french_for_a_french_reader(
    db, make, client, auth, follower
):
    wish = quiet_wish(make, title="Passerelle Apidae")
    user = follower(wish, preference="never", locale="fr")
    status_change(wish, **{"from": "under_review"})
    db.session.commit()
    auth.login(user)
    html = client.get("/notifications").get_data(as_text=True)
    assert "Le souhait « Passerelle Apidae » est passé de « À l&#39;étude » à « Retenu »." in html
