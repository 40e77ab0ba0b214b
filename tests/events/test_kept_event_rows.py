"""The event page keeps its table rows and agenda items as rendered: the page reads as
one rendered afresh, and a row changes with what it shows."""

import pytest

from app.models import Role, WorkshopAgendaItem
from app.services import votes
from tests.kept import afresh, page, row


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_event_page_read_from_kept_rows_is_the_page_rendered_afresh(
    app, client, auth, db, make, rencontre, language
):
    r, kept = rencontre, app.extensions["souhaits_kept_html"]
    r["wish"]("Tarifs de groupe", r["drome"], r["pricing"], supporters=[r["isere"]])
    elsewhere = make.wish(title="Mis à l'ordre du jour", territory=r["isere"])
    db.session.add(WorkshopAgendaItem(workshop_id=r["pricing"].id, wish_id=elsewhere.id))
    db.session.commit()
    auth.as_role(Role.ADMIN)
    with client.session_transaction() as session:
        session["locale"] = language
    url = "/events/rn-2023"
    fresh = afresh(app, client, url)
    kept.clear()
    start = kept.renders
    cold = page(client, url)
    assert kept.renders - start == 5  # the four table rows and the agenda's item
    assert page(client, url) == cold == fresh
    assert kept.renders - start == 5


def test_a_new_supporter_changes_the_event_row(app, client, auth, db, make, rencontre):
    r = rencontre
    wish = r["wish"]("Tarifs de groupe", r["drome"], r["pricing"])
    auth.as_role(Role.ADMIN)
    assert "Ardèche" not in row(page(client, "/events/rn-2023"), wish.id)
    votes.vote_add(user=make.user(role=Role.REFERENT, territory=r["ardeche"]), wish_id=wish.id)
    db.session.commit()
    after = page(client, "/events/rn-2023")
    assert "Ardèche Tourisme" in row(after, wish.id)
    assert after == afresh(app, client, "/events/rn-2023")
