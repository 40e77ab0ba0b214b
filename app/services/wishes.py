"""Filing and editing wishes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from flask_babel import gettext as _

from app.extensions import db
from app.models import (
    Category,
    Event,
    Product,
    Role,
    Territory,
    User,
    Vote,
    Wish,
    WishStatus,
    Workshop,
)
from app.services import activity, permissions
from app.services.errors import PermissionDenied, ValidationFailed
from app.services.follows import follow_ensure
from app.services.history import history_record
from app.services.locks import known_id
from app.services.votes import behalf_vote, recount_support, recount_supports
from app.services.wish_rules import (
    Problems,
    Ref,
    Unknown,
    WishContent,
    WishFiling,
    clean_body,
    clean_title,
    wish_problems,
)

M = TypeVar("M", bound=Product | Category | Territory | Event | Workshop)


def _get(model: type[M], value: object) -> M | None:
    id_ = known_id(value)
    return db.session.get(model, id_) if id_ else None


def _ref(model: type[Product] | type[Category] | type[Territory], value: object) -> Ref:
    """The id of the active object ``value`` names, or what was named in vain."""
    if value is None:
        return None
    found = _get(model, value)
    if found is None or not found.active:
        return Unknown(found.name if found is not None else str(value))
    return found.id


def _content(
    title: str | None,
    body: str | None,
    product_id: int | None,
    category_id: int | None,
    providers_asking: int | None,
) -> WishContent:
    return WishContent(
        title, body, _ref(Product, product_id), _ref(Category, category_id), providers_asking
    )


def _filing(
    author: User,
    territory_id: int | None,
    event_id: int | None,
    workshop_id: int | None,
    supporter_territory_ids: Iterable[int],
) -> WishFiling:
    if territory_id is None and author.role == Role.REFERENT:
        territory_id = author.territory_id  # a referent files for their own territory
    event, workshop = _occasion(event_id, workshop_id)
    return WishFiling(
        author=author,
        territory=_ref(Territory, territory_id),
        supporters=[_ref(Territory, other) for other in supporter_territory_ids],
        event=event,
        workshop=workshop,
    )


def _occasion(event_id: int | None, workshop_id: int | None) -> tuple[Ref, Ref]:
    """The event and the workshop a wish is filed at: a workshop brings its event."""
    event: Ref = None
    if event_id is not None:
        found_event = _get(Event, event_id)
        event = found_event.id if found_event is not None else Unknown(str(event_id))
    if workshop_id is None:
        return event, None
    workshop = _get(Workshop, workshop_id)
    if workshop is None or (event is not None and workshop.event_id != event):
        return event, Unknown(workshop.title if workshop is not None else str(workshop_id))
    return workshop.event_id, workshop.id


def wish_content_problems(
    *,
    title: str | None,
    body: str | None,
    product_id: int | None,
    category_id: int | None,
    providers_asking: int | None = None,
) -> Problems:
    """Every reason the title, body, product, category or providers' count would be
    refused, for a caller that reports them together with its own (the API's parsing)."""
    return wish_problems(_content(title, body, product_id, category_id, providers_asking))


def _refuse(problems: Problems, message: str) -> None:
    """Raise with every field's problem: a 403 when a rule refuses the author's role."""
    if problems.forbidden:
        raise PermissionDenied(problems.forbidden, fields=problems.fields)
    if problems:
        raise ValidationFailed(message, fields=problems.fields)


def wish_create(
    *,
    author: User,
    title: str,
    body: str,
    product_id: int | None,
    category_id: int | None,
    territory_id: int | None = None,
    providers_asking: int | None = None,
    event_id: int | None = None,
    workshop_id: int | None = None,
    supporter_territory_ids: Iterable[int] = (),
    counted: bool = True,
) -> Wish:
    """File a wish for a territory. Filing counts as the territory's support.

    With ``counted=False`` its support counters and the map's counters are left to the
    caller, which counts the wish with :func:`wishes_counted` in the same transaction:
    filing many wishes, one set-based count for all of them costs what one wish's
    count costs."""
    if not permissions.can_file_wish(author):
        raise PermissionDenied(_("Votre rôle ne permet pas de déposer un souhait."))
    content = _content(title, body, product_id, category_id, providers_asking)
    filing = _filing(author, territory_id, event_id, workshop_id, supporter_territory_ids)
    _refuse(wish_problems(content, filing), _("Le souhait n'a pas été enregistré."))
    # Else the problems would have said which one is missing or unknown.
    assert isinstance(content.product, int) and isinstance(content.category, int)
    assert isinstance(filing.territory, int)
    territory_id = filing.territory
    wish = Wish(
        title=clean_title(title),
        body=clean_body(body),
        product_id=content.product,
        category_id=content.category,
        territory_id=territory_id,
        author_id=author.id,
        status=WishStatus.NEW,
        providers_asking=providers_asking,
        event_id=filing.event,
        workshop_id=filing.workshop,
    )
    db.session.add(wish)
    db.session.flush()
    # Before the history and votes are added: its statement would flush them on their
    # own, while filed with ``counted=False`` they go with the next wish's flush.
    follow_ensure(user=author, wish_id=wish.id)
    history_record(actor=author, kind="created", wish_id=wish.id, to_value=WishStatus.NEW)
    if author.role == Role.REFERENT or author.territory_id == territory_id:
        db.session.add(Vote(wish_id=wish.id, user_id=author.id, territory_id=territory_id))
    else:
        db.session.add(behalf_vote(wish.id, territory_id, author))
    others = {s for s in filing.supporters if isinstance(s, int) and s != territory_id}
    for other_id in sorted(others):
        db.session.add(behalf_vote(wish.id, other_id, author))
    if counted:
        db.session.flush()
        recount_support(wish.id)
        activity.wishes_added([wish.id])
    return wish


def wishes_counted(wish_ids: list[int]) -> None:
    """Count wishes filed with ``counted=False``: their support counters and the map's
    counters, in a few statements whatever their number."""
    db.session.flush()
    recount_supports(wish_ids)
    activity.wishes_added(wish_ids)


def wish_update(
    *,
    user: User,
    wish: Wish,
    title: str,
    body: str,
    product_id: int | None,
    category_id: int | None,
    providers_asking: int | None = None,
) -> Wish:
    if not permissions.can_edit_wish(user, wish):
        raise PermissionDenied(_("Vous ne pouvez plus modifier ce souhait."))
    content = _content(title, body, product_id, category_id, providers_asking)
    _refuse(wish_problems(content), _("Le souhait n'a pas été modifié."))
    assert isinstance(content.product, int) and isinstance(content.category, int)
    with activity.kept_in_step([wish.id]):
        wish.title = clean_title(title)
        wish.body = clean_body(body)
        wish.product_id = content.product
        wish.category_id = content.category
        wish.providers_asking = providers_asking
    return wish
