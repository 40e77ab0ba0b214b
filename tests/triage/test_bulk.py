"""Bulk triage: one submit changes several wishes, each with its own history line, or,
when any wish is refused, none, with the reason given for each refused wish."""

import json
import re

import pytest
from sqlalchemy import func, select

from app.models import Role, StatusChange, Wish, WishLink
from app.services import triage as triage_services
from app.services.errors import NotFound, PermissionDenied, ValidationFailed


@pytest.fixture
def three(make):
    return [make.wish(title=f"Souhait groupé {n}") for n in range(3)]


def _history(db, wish_ids, kind):
    return dict(
        db.session.execute(
            select(StatusChange.wish_id, func.count())
            .where(StatusChange.wish_id.in_(wish_ids), StatusChange.kind == kind)
            .group_by(StatusChange.wish_id)
        ).all()
    )


def test_a_bulk_status_change_writes_one_history_line_per_wish(db, make, roadmap, three):
    ids = [w.id for w in three]
    changed = triage_services.wishes_bulk_apply(
        actor=roadmap.vendor, wish_ids=ids, status="accepted", note="Retenus en atelier"
    )
    db.session.commit()
    assert changed == 3
    assert _history(db, ids, "status") == {i: 1 for i in ids}
    notes = db.session.execute(
        select(StatusChange.note).where(
            StatusChange.wish_id.in_(ids), StatusChange.kind == "status"
        )
    ).scalars()
    assert set(notes) == {"Retenus en atelier"}
    assert {db.session.get(Wish, i).status for i in ids} == {"accepted"}


def test_a_bulk_link_writes_the_history_of_each_wish_and_of_the_item(db, roadmap, three):
    item = roadmap.item(title="Calendrier des activités")
    ids = [w.id for w in three]
    assert triage_services.wishes_bulk_apply(actor=roadmap.vendor, wish_ids=ids, item_id=item.id)
    db.session.commit()
    assert _history(db, ids, "link") == {i: 1 for i in ids}
    item_lines = db.session.execute(
        select(StatusChange.to_value).where(
            StatusChange.roadmap_item_id == item.id, StatusChange.kind == "link"
        )
    ).scalars()
    assert sorted(item_lines) == sorted(str(i) for i in ids)


def test_one_refused_wish_leaves_every_wish_unchanged_and_each_refusal_is_named(
    db, make, roadmap, three
):
    reviewed = make.wish(title="Déjà à l'étude", status="under_review")
    ids = [w.id for w in three] + [reviewed.id, 999_999]
    with pytest.raises(ValidationFailed) as refused:
        triage_services.wishes_bulk_apply(actor=roadmap.vendor, wish_ids=ids, status="under_review")
    db.session.rollback()
    assert set(refused.value.fields) == {f"wish-{reviewed.id}", "wish-999999"}
    assert "déjà le statut" in refused.value.fields[f"wish-{reviewed.id}"]
    assert "n'existe pas" in refused.value.fields["wish-999999"]
    assert "2 souhaits" in refused.value.message
    assert {db.session.get(Wish, w.id).status for w in three} == {"new"}
    assert _history(db, ids, "status") == {}


def test_declining_in_bulk_needs_the_reason_once_for_all(db, roadmap, three):
    ids = [w.id for w in three]
    with pytest.raises(ValidationFailed) as refused:
        triage_services.wishes_bulk_apply(actor=roadmap.vendor, wish_ids=ids, status="declined")
    assert len(refused.value.fields) == 3
    assert all("raison" in text for text in refused.value.fields.values())


def test_a_bulk_link_refuses_a_duplicate_and_links_none(db, make, roadmap, three):
    item = roadmap.item(title="Passerelle Apidae")
    kept = three[0]
    merged = make.wish(title="Doublon")
    triage_services.wish_merge(actor=roadmap.vendor, wish_id=merged.id, into_id=kept.id)
    db.session.commit()
    with pytest.raises(ValidationFailed) as refused:
        triage_services.wishes_bulk_apply(
            actor=roadmap.vendor, wish_ids=[kept.id, merged.id], item_id=item.id
        )
    db.session.rollback()
    assert list(refused.value.fields) == [f"wish-{merged.id}"]
    assert db.session.execute(select(func.count()).select_from(WishLink)).scalar() == 0


def test_bulk_needs_staff_an_action_and_an_existing_item(db, make, roadmap, three):
    ids = [w.id for w in three]
    referent = make.user(role=Role.REFERENT)
    with pytest.raises(PermissionDenied):
        triage_services.wishes_bulk_apply(actor=referent, wish_ids=ids, status="accepted")
    with pytest.raises(ValidationFailed):
        triage_services.wishes_bulk_apply(actor=roadmap.vendor, wish_ids=ids)
    with pytest.raises(ValidationFailed):
        triage_services.wishes_bulk_apply(actor=roadmap.vendor, wish_ids=ids, status="duplicate")
    with pytest.raises(NotFound):
        triage_services.wishes_bulk_apply(actor=roadmap.vendor, wish_ids=ids, item_id=999_999)


def test_the_page_reports_every_refused_wish(client, auth, db, make, three):
    reviewed = make.wish(title="Déjà à l'étude", status="under_review")
    auth.as_role(Role.VENDOR)
    ids = [three[0].id, reviewed.id]
    html = client.post(
        "/vendor/triage/bulk",
        data={"wish": [str(i) for i in ids], "action": "status", "status": "under_review"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Rien n&#39;a été changé : 1 souhait ne peut pas l&#39;être." in html
    assert f"Souhait n°{reviewed.id} : Ce souhait a déjà le statut" in html
    db.session.expire_all()
    assert db.session.get(Wish, three[0].id).status == "new"


def test_with_htmx_the_queue_is_fetched_again_and_the_live_region_says_what_was_done(
    client, auth, db, three
):
    auth.as_role(Role.VENDOR)
    ids = [w.id for w in three[:2]]
    response = client.post(
        "/vendor/triage/bulk",
        data={
            "wish": [str(i) for i in ids],
            "action": "status",
            "status": "under_review",
            "next": "/vendor/triage?status=new",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    location = json.loads(response.headers["HX-Location"])
    assert location == {
        "path": "/vendor/triage?status=new",
        "target": "#triage-queue",
        "swap": "outerHTML",
        "push": "false",
    }
    html = client.get(
        location["path"], headers={"HX-Request": "true", "HX-Target": "triage-queue"}
    ).get_data(as_text=True)
    assert html.startswith('<div id="triage-queue">') or '<div id="triage-queue">' in html[:400]
    assert "<html" not in html
    assert re.search(r'id="live-region" hx-swap-oob="innerHTML"><p class="toast">2 souhaits', html)
    # The wishes now under review have left the queue of new wishes; the third remains.
    assert f'id="wish-{three[2].id}"' in html
    assert f'id="wish-{ids[0]}"' not in html
    # The message was said once: the next page does not flash it again.
    assert "2 souhaits traités" not in client.get("/vendor/triage").get_data(as_text=True)
