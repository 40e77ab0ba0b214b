from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.decorators import roles_required
from app.errors import or_404
from app.forms import EmptyForm
from app.htmx import fragment, is_htmx
from app.http_input import clamp_page
from app.models import Role
from app.redirects import safe_local_path
from app.selectors import catalog
from app.selectors import wishes as selectors
from app.selectors.delivery import deliveries_for, delivery_status
from app.selectors.roadmap import roadmap_items_for_wish
from app.selectors.timeline import TIMELINE_ON_WISH_PAGE, wish_timeline
from app.services import comments as comment_services
from app.services import follows as follow_services
from app.services import permissions
from app.services import votes as vote_services
from app.services import wishes as services
from app.staff_forms import staff_forms
from app.wishes import bp
from app.wishes.forms import CommentForm, WishForm
from app.writes import check_button, run_write


def _load_wish_or_404(wish_id: int):
    return or_404(selectors.wish_detail(wish_id))


def _fill_choices(form: WishForm) -> None:
    placeholder = [(0, _("— Choisir —"))]
    form.product.choices = placeholder + [(p.id, p.name) for p in catalog.active_products()]
    form.category.choices = placeholder + [(c.id, c.name) for c in catalog.active_categories()]
    if permissions.is_staff(current_user):
        form.territory.choices = placeholder + [
            (t.id, t.name) for t in catalog.active_territories()
        ]
    else:
        del form.territory


def _wish_fields(form: WishForm) -> dict:
    """What the wish form says, as ``wish_create`` and ``wish_update`` take it."""
    return {
        "title": form.title.data,
        "body": form.body.data or "",
        "product_id": form.product.data or None,
        "category_id": form.category.data or None,
        "providers_asking": form.providers_asking.data,
    }


@bp.get("/wishes")
@roles_required(*Role.MEMBERS)
def index():
    filters = selectors.WishFilters.from_args(request.args, viewer_id=current_user.id)
    page_number, per_page = clamp_page(request.args.get("page"), request.args.get("per_page"))
    page = selectors.wish_page(filters, page=page_number, per_page=per_page)
    deliveries = deliveries_for(page.items)
    voted = selectors.user_vote_ids(current_user.id, [w.id for w in page.items])
    return render_template(
        "wishes/index.html",
        page=page,
        filters=filters,
        deliveries=deliveries,
        voted=voted,
        suggestion=selectors.search_suggestion(filters.q),
        choices=catalog.list_filter_choices(),
        can_vote=permissions.can_vote(current_user),
    )


@bp.route("/wishes/new", methods=["GET", "POST"])
@roles_required(Role.REFERENT, *Role.STAFF)
def new():
    form = WishForm()
    _fill_choices(form)
    if request.method == "GET" and request.args.get("title"):
        form.title.data = request.args["title"]
    if form.validate_on_submit():
        created = run_write(
            lambda: services.wish_create(
                author=current_user,
                territory_id=(form.territory.data or None) if form.territory else None,
                **_wish_fields(form),
            ),
            success=_("Votre souhait est déposé. Merci !"),
            form=form,
            abort_on=(),
        )
        if created.ok:
            return redirect(url_for("wishes.show", wish_id=created.value.id))
    return render_template("wishes/form.html", form=form, wish=None)


@bp.get("/wishes/<int:wish_id>")
@roles_required(*Role.MEMBERS)
def show(wish_id: int):
    return _render_show(_load_wish_or_404(wish_id), CommentForm())


def _render_show(wish, comment_form: CommentForm, status: int = 200):
    """The wish page; a comment form that failed validation comes back with its text."""
    comments = selectors.wish_comments(
        wish.id, page=clamp_page(request.args.get("comments_page"), None)[0]
    )
    # The linked items the page lists also give the wish's delivery status.
    roadmap_items = roadmap_items_for_wish(wish.id)
    standing = selectors.viewer_standing(current_user.id, wish.id)
    is_staff = permissions.is_staff(current_user)
    return render_template(
        "wishes/show.html",
        wish=wish,
        delivery=delivery_status(wish.status, [item.status for item in roadmap_items]),
        supporters=selectors.supporters_by_territory(wish.id),
        filed_by=selectors.SupportingTerritory.of(wish.territory),
        comments=comments,
        changeable_comments={
            c.id for c in comments.items if comment_services.can_change(current_user, c)
        },
        timeline=wish_timeline(
            wish.id,
            page=clamp_page(request.args.get("timeline_page"), None)[0],
            per_page=TIMELINE_ON_WISH_PAGE,
        ),
        roadmap_items=roadmap_items,
        has_voted=standing.voted,
        following=standing.following,
        can_vote=permissions.can_vote(current_user),
        can_edit=permissions.can_edit_wish(current_user, wish),
        can_comment=permissions.can_comment(current_user),
        is_staff=is_staff,
        staff=staff_forms(wish) if is_staff else None,
        comment_form=comment_form,
        action_form=EmptyForm(),
    ), status


@bp.route("/wishes/<int:wish_id>/edit", methods=["GET", "POST"])
@login_required
def edit(wish_id: int):
    wish = _load_wish_or_404(wish_id)
    if not permissions.can_edit_wish(current_user, wish):
        abort(403)
    form = WishForm(obj=None if request.method == "POST" else wish)
    if request.method == "GET":
        form.product.data = wish.product_id
        form.category.data = wish.category_id
    _fill_choices(form)
    if form.territory is not None:
        del form.territory
    form.submit.label.text = _("Enregistrer les modifications")
    if form.validate_on_submit():
        updated = run_write(
            lambda: services.wish_update(user=current_user, wish=wish, **_wish_fields(form)),
            success=_("Souhait modifié."),
            form=form,
            abort_on=(),
        )
        if updated.ok:
            return redirect(url_for("wishes.show", wish_id=wish.id))
    return render_template("wishes/form.html", form=form, wish=wish)


def _action(wish_id: int, action, success: str, fragment=None):
    """Run a one-button action; htmx gets ``fragment(message)`` in place of a redirect."""
    check_button()
    outcome = run_write(action, success=success, quiet=True)
    if fragment is not None and is_htmx():
        return fragment(outcome.message)
    flash(outcome.message, outcome.category)
    return redirect(_next_path() or url_for("wishes.show", wish_id=wish_id))


def _next_path() -> str | None:
    return safe_local_path(request.form.get("next"))


def _support_fragment(wish_id: int):
    def render(message: str):
        wish = _load_wish_or_404(wish_id)
        return fragment(
            "wishes/_vote_response.html",
            message=message,
            wish=wish,
            voted=bool(selectors.user_vote_ids(current_user.id, [wish_id])),
            variant="row" if request.form.get("variant") == "row" else "page",
            next=_next_path() or url_for("wishes.show", wish_id=wish_id),
        )

    return render


def _set_support(wish_id: int, *, active: bool):
    write = vote_services.vote_add if active else vote_services.vote_remove
    return _action(
        wish_id,
        lambda: write(user=current_user, wish_id=wish_id),
        _("Votre soutien est enregistré.") if active else _("Votre soutien est retiré."),
        _support_fragment(wish_id),
    )


@bp.post("/wishes/<int:wish_id>/vote")
@login_required
def vote(wish_id: int):
    return _set_support(wish_id, active=True)


@bp.post("/wishes/<int:wish_id>/unvote")
@login_required
def unvote(wish_id: int):
    return _set_support(wish_id, active=False)


def _set_following(wish_id: int, *, active: bool, success: str):
    wish = _load_wish_or_404(wish_id)

    def render(message: str):
        return fragment(
            "wishes/_follow_response.html",
            message=message,
            wish=wish,
            following=follow_services.is_following(current_user, wish_id=wish_id),
            next=_next_path() or url_for("wishes.show", wish_id=wish_id),
        )

    return _action(
        wish_id,
        lambda: follow_services.follow_set(user=current_user, wish_id=wish_id, active=active),
        success,
        render,
    )


@bp.post("/wishes/<int:wish_id>/follow")
@login_required
def follow(wish_id: int):
    return _set_following(wish_id, active=True, success=_("Vous suivez ce souhait."))


@bp.post("/wishes/<int:wish_id>/unfollow")
@login_required
def unfollow(wish_id: int):
    return _set_following(wish_id, active=False, success=_("Vous ne suivez plus ce souhait."))


@bp.post("/wishes/<int:wish_id>/comments")
@roles_required(*Role.MEMBERS)
def comment(wish_id: int):
    wish = _load_wish_or_404(wish_id)
    form = CommentForm()
    if form.validate_on_submit():
        # Quiet: the one banner of a refused comment is the one below.
        published = run_write(
            lambda: comment_services.comment_add(
                user=current_user, wish_id=wish.id, body=form.body.data
            ),
            success=_("Commentaire publié."),
            form=form,
            quiet=True,
        )
        if published.ok:
            flash(published.message, "success")
            return _to_last_comments(wish.id, "comments")
    # Re-render the page with the typed text and the error next to the field.
    flash(_("Le commentaire n'a pas été publié : corrigez l'erreur signalée."), "error")
    wish = _load_wish_or_404(wish_id)
    return _render_show(wish, form, status=422)


def _comment_or_404(comment_id: int):
    return or_404(selectors.comment_for_display(comment_id))


def _comment_answer(comment_id: int, *, message: str = "", category: str = "success", form=None):
    """htmx gets the comment's card in place; a plain request goes back to the thread."""
    if is_htmx():
        comment = _comment_or_404(comment_id)
        return fragment(
            "wishes/_comment_response.html",
            message=message,
            comment=comment,
            changeable=comment_services.can_change(current_user, comment),
            is_staff=permissions.is_staff(current_user),
            editing=form,
        )
    if message:
        flash(message, category)
    comment = _comment_or_404(comment_id)
    return _to_last_comments(comment.wish_id, f"comment-{comment_id}")


def _to_last_comments(wish_id: int, anchor: str):
    """The wish's page at its last page of comments, where the newest one stands."""
    last = selectors.last_comments_page(wish_id)
    return redirect(
        url_for(
            "wishes.show",
            wish_id=wish_id,
            comments_page=last if last > 1 else None,
            _anchor=anchor,
        )
    )


def _comment_refused(comment_id: int, message: str):
    """Someone else's comment, or too late: htmx puts the card back and says why; a
    plain request gets the thread with the reason, as a 403."""
    if is_htmx():
        return _comment_answer(comment_id, message=message, category="error")
    flash(message, "error")
    return _render_show(_load_wish_or_404(_comment_or_404(comment_id).wish_id), CommentForm(), 403)


@bp.get("/comments/<int:comment_id>")
@roles_required(*Role.MEMBERS)
def comment_card(comment_id: int):
    return _comment_answer(comment_id)


@bp.route("/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@roles_required(*Role.MEMBERS)
def comment_edit(comment_id: int):
    comment = _comment_or_404(comment_id)
    form = CommentForm()
    # The thread's own comment form holds a "body" too: this one needs another id.
    form.body.id = form.body.label.field_id = f"comment-{comment_id}-body"
    refusal = comment_services.change_refusal(current_user, comment)
    if refusal is not None and request.method == "GET":
        return _comment_refused(comment_id, refusal)
    if request.method == "GET":
        form.body.data = comment.body
    elif form.validate_on_submit():
        edited = run_write(
            lambda: comment_services.comment_edit(
                user=current_user, comment_id=comment_id, body=form.body.data
            ),
            abort_on=(404,),
            quiet=True,
        )
        if edited.ok:
            return _comment_answer(comment_id, message=_("Commentaire modifié."))
        assert edited.error is not None
        if edited.error.status == 403:
            return _comment_refused(comment_id, edited.message)
        form.body.errors = [*edited.error.fields.values()] or [edited.error.message]
    if is_htmx():
        return _comment_answer(comment_id, form=form)
    return render_template("wishes/comment_edit.html", comment=comment, form=form)


@bp.post("/comments/<int:comment_id>/delete")
@roles_required(*Role.MEMBERS)
def comment_delete(comment_id: int):
    _comment_or_404(comment_id)
    check_button()
    deleted = run_write(
        lambda: comment_services.comment_delete(user=current_user, comment_id=comment_id),
        abort_on=(404,),
        quiet=True,
    )
    if not deleted.ok:
        return _comment_refused(comment_id, deleted.message)
    return _comment_answer(comment_id, message=_("Commentaire supprimé."))
