"""The language switch (``POST /locale``) of the main blueprint, for people without an account."""


def test_switching_to_english_without_an_account(client):
    client.post("/locale", data={"locale": "en", "next": "/"})
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)


def test_unknown_locale_is_ignored(client):
    client.post("/locale", data={"locale": "de", "next": "/"})
    assert '<html lang="fr"' in client.get("/").get_data(as_text=True)


def test_the_switch_returns_to_the_page_it_was_used_on(client):
    response = client.post("/locale", data={"locale": "en", "next": "/roadmap?view=periods"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/roadmap?view=periods")
