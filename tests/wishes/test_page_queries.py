"""The wish page reads each paginated part (comments, history) with its total in one
round trip, and still knows the total on a page past the end."""

from app.models import Role
from app.selectors.timeline import wish_timeline
from app.selectors.wishes import wish_comments
from app.services import comments as comment_services


def test_a_page_of_comments_comes_with_the_threads_total_in_one_query(make, db, count_queries):
    wish = make.wish()
    author = make.user(role=Role.REFERENT)
    for n in range(3):
        comment_services.comment_add(user=author, wish_id=wish.id, body=f"Commentaire {n}")
    db.session.commit()
    wish_id = wish.id
    with count_queries() as counter:
        first = wish_comments(wish_id)
    assert counter.count == 1
    assert (first.total, [c.body for c in first.items]) == (
        3,
        ["Commentaire 0", "Commentaire 1", "Commentaire 2"],
    )
    past = wish_comments(wish.id, page=4)
    assert (past.total, past.items) == (3, [])
    assert wish_comments(make.wish().id).total == 0


def test_a_page_of_history_comes_with_its_total_in_one_query(make, count_queries):
    home = make.territory()
    wish = make.wish(supporters=[make.territory(), make.territory()], territory=home)
    wish_id = wish.id
    whole = wish_timeline(wish_id, per_page=100)
    assert whole.total == len(whole.items) >= 3
    with count_queries() as counter:
        first = wish_timeline(wish_id, per_page=2)
    assert counter.count == 1
    assert (first.total, first.items) == (whole.total, whole.items[:2])
    past = wish_timeline(wish.id, page=50, per_page=2)
    assert (past.total, past.items) == (whole.total, [])
