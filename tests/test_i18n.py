"""English catalogue and locale choice (French is the source language).

The catalogue tests extract the msgids from the code exactly as ``scripts/i18n.sh`` does
and fail when one is missing from ``app/translations/en``, untranslated, fuzzy, or when the
compiled ``.mo`` lags behind the ``.po``: run ``scripts/i18n.sh``, translate, run it again.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from freezegun import freeze_time

from app.models import Role

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "app" / "translations" / "en" / "LC_MESSAGES"
FIX = "Run scripts/i18n.sh, translate the new entries of messages.po, run it again."


@pytest.fixture(scope="module")
def extracted() -> dict[str, str]:
    """msgid (singular form) → first place it is used, as ``pybabel extract`` finds them."""
    with open(ROOT / "babel.cfg", encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    keywords = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, f"{filename}:{lineno}")
    return found


@pytest.fixture(scope="module")
def po():
    with open(CATALOGUE / "messages.po", "rb") as handle:
        return read_po(handle, locale="en")


@pytest.fixture(scope="module")
def mo():
    with open(CATALOGUE / "messages.mo", "rb") as handle:
        return read_mo(handle)


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(s and s.strip() for s in strings)


def test_extraction_finds_the_messages(extracted):
    assert "Soutenir ce souhait" in extracted  # template
    assert "Nouveau" in extracted  # lazy label in app/labels.py
    assert len(extracted) > 400


def test_every_msgid_is_in_the_english_catalogue(extracted, po):
    missing = [f"{where}: {msgid!r}" for msgid, where in extracted.items() if msgid not in po]
    assert not missing, f"{len(missing)} msgid(s) missing. {FIX}\n" + "\n".join(missing)


def test_every_msgid_is_translated_and_not_fuzzy(extracted, po):
    bad = [
        f"{extracted[msgid]}: {msgid!r}" + (" (fuzzy)" if message.fuzzy else " (empty)")
        for msgid in extracted
        if (message := po.get(msgid)) is not None and (message.fuzzy or not _translated(message))
    ]
    assert not bad, f"{len(bad)} msgid(s) untranslated. {FIX}\n" + "\n".join(bad)


def test_plural_entries_have_both_english_forms(po):
    plurals = [m for m in po if m.id and m.pluralizable]
    assert plurals
    for message in plurals:
        assert isinstance(message.string, tuple) and len(message.string) == 2, message.id


def test_translations_keep_the_placeholders(po):
    problems = [f"{m.id!r}: {errors}" for m, errors in po.check()]
    assert not problems, "\n".join(problems)


def _key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _strings(message) -> tuple:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def test_compiled_catalogue_matches_the_po(po, mo):
    compiled = {_key(m): _strings(m) for m in mo if m.id}
    stale = [
        repr(_key(m)) for m in po if m.id and not m.fuzzy and compiled.get(_key(m)) != _strings(m)
    ]
    assert not stale, f"messages.mo is out of date ({len(stale)} entries). {FIX}\n" + "\n".join(
        stale
    )


# ---- what users see -------------------------------------------------------------------


@pytest.fixture
def wish(make):
    with freeze_time("2023-04-05 10:00:00"):
        return make.wish(title="Tarification par saison")


@pytest.fixture
def reader(auth, make):
    """A referent of another territory: sees the wish list and the support button."""
    return auth.as_role(Role.REFERENT, territory=make.territory())


def test_french_by_default(client, reader, wish):
    html = client.get(f"/wishes/{wish.id}").get_data(as_text=True)
    assert '<html lang="fr"' in html
    assert "Soutenir ce souhait" in html
    assert "Support this wish" not in html


def test_english_when_the_browser_asks(client, reader, wish):
    headers = {"Accept-Language": "en-GB,en;q=0.8,fr;q=0.5"}
    page = client.get(f"/wishes/{wish.id}", headers=headers).get_data(as_text=True)
    assert '<html lang="en"' in page
    assert "Support this wish" in page
    assert "Soutenir ce souhait" not in page
    listing = client.get("/wishes", headers=headers).get_data(as_text=True)
    assert "<h1>Wishes" in listing or ">Wishes<" in listing


def test_status_labels_are_translated(client, reader, wish):
    html = client.get(f"/wishes/{wish.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert ">New<" in html
    assert ">Nouveau<" not in html


def test_plural_forms_in_english(client, reader, make):
    one = make.wish()
    two = make.wish(supporters=[make.territory()])
    headers = {"Accept-Language": "en"}
    assert "1</strong> territory ·" in client.get(f"/wishes/{one.id}", headers=headers).get_data(
        as_text=True
    )
    assert "2</strong> territories ·" in client.get(f"/wishes/{two.id}", headers=headers).get_data(
        as_text=True
    )


def test_dates_follow_the_locale(client, reader, wish):
    french = client.get(f"/wishes/{wish.id}").get_data(as_text=True)
    english = client.get(f"/wishes/{wish.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "5 avr. 2023" in french
    assert "5 Apr 2023" in english  # international order, not "Apr 5, 2023"
    assert "Apr 5, 2023" not in english


def test_chosen_locale_wins_over_the_browser(client, reader, wish):
    response = client.post("/locale", data={"locale": "fr", "next": f"/wishes/{wish.id}"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/wishes/{wish.id}")
    html = client.get(f"/wishes/{wish.id}", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert '<html lang="fr"' in html
    assert "Soutenir ce souhait" in html


def test_account_locale_wins_over_the_browser(client, auth, make, wish):
    auth.as_role(Role.REFERENT, territory=make.territory(), locale="en")
    html = client.get(f"/wishes/{wish.id}", headers={"Accept-Language": "fr-FR,fr"}).get_data(
        as_text=True
    )
    assert '<html lang="en"' in html
    assert "Support this wish" in html


def test_choosing_english_on_the_account_page(client, auth, make, db, wish):
    user = auth.as_role(Role.REFERENT, territory=make.territory())
    response = client.post(
        "/account",
        data={
            "prefs-locale": "en",
            "prefs-notification_preference": user.notification_preference,
            "prefs-submit": "Enregistrer",
        },
    )
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.locale == "en"
    auth.logout()  # a new session: the saved preference still applies
    auth.login(user)
    html = client.get(f"/wishes/{wish.id}", headers={"Accept-Language": "fr"}).get_data(
        as_text=True
    )
    assert "Support this wish" in html


def test_form_errors_in_english(client, auth):
    auth.as_role(Role.REFERENT)
    response = client.post(
        "/account",
        data={
            "pw-current_password": "wrong-password",
            "pw-new_password": "a-new-long-password",
            "pw-confirm": "something-else",
            "pw-submit": "x",
        },
        headers={"Accept-Language": "en"},
    )
    assert "The passwords do not match." in response.get_data(as_text=True)


def test_error_pages_in_english(client, reader):
    html = client.get("/wishes/999999", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "does not exist" in html


def test_api_errors_in_the_users_language(client):
    response = client.get("/api/v1/no-such-endpoint", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "This page does not exist."
    response = client.get("/api/v1/no-such-endpoint")
    assert response.get_json()["error"]["message"] == "Cette page n'existe pas."


# ---- the compiled English catalogue -----------------------------------------------------

_SPACED_MARK = re.compile(r"[ \u00a0\u202f][:;?!]")


def test_english_puts_no_space_before_colons_semicolons_and_marks(mo):
    """French typography ("Statut : nouveau", "Vraiment ?") does not carry into English."""
    spaced = [
        f"{_key(m)!r} → {text!r}"
        for m in mo
        if m.id
        for text in _strings(m)
        if _SPACED_MARK.search(text)
    ]
    assert not spaced, "\n".join(spaced)


# "tri" in the network's words is the vendor's triage of wishes (DOMAIN.md); only the verb
# "trier par" (order a list by) is a sort.
_TRIAGE_WORD = re.compile(r"\btri(?:é|ée|és|ées)?\b|\btrier\b(?! par)", re.IGNORECASE)


def test_tri_is_translated_as_triage_not_sort(mo):
    wrong = [
        f"{_key(m)!r} → {_strings(m)!r}"
        for m in mo
        if m.id
        and _TRIAGE_WORD.search(m.id if isinstance(m.id, str) else " ".join(m.id))
        and any(re.search(r"\bsort", text, re.IGNORECASE) for text in _strings(m))
    ]
    assert not wrong, "\n".join(wrong)


def test_the_triage_word_finder_tells_triage_from_ordering():
    assert _TRIAGE_WORD.search("tri :")
    assert _TRIAGE_WORD.search("Statut de tri ; par défaut")
    assert _TRIAGE_WORD.search("rien à trier")
    assert not _TRIAGE_WORD.search("Trier par")


def test_no_plural_is_built_by_hand(extracted):
    """A count's noun agrees through ngettext, never "souhait(s)" or "s if n > 1"."""
    by_hand = [f"{where}: {msgid!r}" for msgid, where in extracted.items() if "(s)" in msgid]
    # in a string: "ligne(s)"; in code: "s" if n > 1; in a template: {{ n }} {{ _("souhaits") }}
    code = re.compile(
        r"""["'][^"']*\w\(s\)[^"']*["']|['"]s['"] if |\}\} \{\{ _\("(?:souhaits|territoires)"\)"""
    )
    for path in [*(ROOT / "app").rglob("*.py"), *(ROOT / "app" / "templates").rglob("*.html")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if code.search(line) and not line.lstrip().startswith("#"):
                by_hand.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not by_hand, "\n".join(by_hand)
