"""The search thesaurus (admin): its groups of synonyms, replaced as a whole."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import delete

from app.extensions import db
from app.i18n import joined
from app.models import Synonym, User
from app.search.thesaurus import expressions, group_stems
from app.services.errors import ValidationFailed
from app.services.territories import ensure_admin

MAX_GROUPS, MAX_GROUP_LENGTH = 200, 500


def replace_thesaurus(*, actor: User, text: str) -> int:
    """Replace every group by the lines of ``text`` (one group per line, expressions
    separated by commas; blank lines skipped). Returns how many groups are kept. Every
    faulty line is reported at once."""
    ensure_admin(actor)
    groups: list[str] = []
    problems: list[str] = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        parts = expressions(line)
        if not parts:
            continue
        terms = ", ".join(" ".join(part.split()) for part in parts)
        if len(terms) > MAX_GROUP_LENGTH:
            problems.append(
                _("ligne %(n)s : %(max)s caractères au plus", n=number, max=MAX_GROUP_LENGTH)
            )
        elif len(group_stems(terms)) < 2:
            problems.append(_("ligne %(n)s : au moins deux expressions différentes", n=number))
        else:
            groups.append(terms)
    if len(groups) > MAX_GROUPS:
        problems.append(_("%(max)s groupes au plus", max=MAX_GROUPS))
    if problems:
        raise ValidationFailed(
            _("Le thésaurus n'a pas été enregistré."), fields={"groups": joined(problems)}
        )
    db.session.execute(delete(Synonym))
    db.session.add_all(Synonym(terms=terms) for terms in groups)
    db.session.flush()
    return len(groups)
