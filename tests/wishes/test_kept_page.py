"""The wish page keeps its comment cards, supporters and history as rendered: it must read
exactly as one rendered afresh, change as soon as what a piece shows changes, and keep
each reader's own controls to that reader."""

import pytest

from app.models import Role
from app.services import comments as comment_services
from app.templating import KeptHtml
from tests.kept import afresh, page


@pytest.fixture
def kept(app) -> KeptHtml:
    return app.extensions["souhaits_kept_html"]


@pytest.fixture
def thread(make, db):
    """A wish supported by a second territory, with a comment by that territory's referent."""
    home, other = make.territory(name="Pays basque"), make.territory(name="Alpes")
    wish = make.wish(territory=home, supporters=[other], body="Un *texte*.")
    author = make.user(role=Role.REFERENT, territory=other, display_name="Claire Dubois")
    comment = comment_services.comment_add(
        user=author, wish_id=wish.id, body="Première **version**"
    )
    db.session.commit()
    return {"wish": wish, "home": home, "other": other, "author": author, "comment": comment}


def card(html: str, comment_id: int) -> str:
    start = html.index(f'id="comment-{comment_id}"')
    return html[start : html.index("</article>", start)]


@pytest.mark.parametrize("role", [Role.REFERENT, Role.ADMIN])
def test_the_page_read_from_kept_pieces_is_the_page_rendered_afresh(
    app, client, auth, kept, thread, role
):
    auth.as_role(role)
    url = f"/wishes/{thread['wish'].id}"
    fresh = afresh(app, client, url)
    cold = page(client, url)
    rendered = kept.renders
    assert rendered >= 3  # the comment, the supporters, the history
    warm = page(client, url)
    assert kept.renders == rendered
    assert cold == fresh and warm == fresh


def test_an_edited_comment_is_shown_edited(app, client, auth, kept, thread, db):
    auth.as_role(Role.REFERENT)
    url = f"/wishes/{thread['wish'].id}"
    assert "<strong>version</strong>" in card(page(client, url), thread["comment"].id)
    comment_services.comment_edit(
        user=thread["author"], comment_id=thread["comment"].id, body="Version *corrigée*"
    )
    db.session.commit()
    after = card(page(client, url), thread["comment"].id)
    assert "<em>corrigée</em>" in after and "<strong>version</strong>" not in after
    assert page(client, url) == afresh(app, client, url)


def test_a_renamed_territory_is_renamed_wherever_the_page_shows_it(
    app, client, auth, kept, thread, db
):
    auth.as_role(Role.REFERENT)
    url = f"/wishes/{thread['wish'].id}"
    assert "Alpes" in page(client, url)
    thread["other"].name = "Hautes-Alpes"
    db.session.commit()
    after = page(client, url)
    supporters = after[after.index('id="supporters-title"') : after.index('id="roadmap-title"')]
    assert "Hautes-Alpes" in supporters
    assert "Hautes-Alpes" in card(after, thread["comment"].id)
    history = after[after.index('data-testid="timeline"') :]
    assert "Hautes-Alpes" in history[: history.index("</ol>")]
    assert after == afresh(app, client, url)


def test_each_reader_sees_only_their_own_controls_on_a_kept_card(client, auth, make, thread):
    url = f"/wishes/{thread['wish'].id}"
    comment_id = thread["comment"].id
    auth.login(thread["author"])
    own = card(page(client, url), comment_id)
    assert "Modifier" in own and "Supprimer" in own
    assert "Marquer comme réponse officielle" not in own
    auth.as_role(Role.REFERENT)
    other = card(page(client, url), comment_id)
    assert "Modifier" not in other and "Supprimer" not in other
    assert "Première <strong>version</strong>" in other
    auth.as_role(Role.ADMIN)
    staff = card(page(client, url), comment_id)
    assert "Marquer comme réponse officielle" in staff
    assert "Modifier" not in staff
