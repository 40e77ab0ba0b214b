"""Admin page of the search thesaurus: the groups of synonyms a query expands to."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.admin import bp
from app.admin.common import save_form
from app.admin.forms import ThesaurusForm
from app.selectors import admin as selectors
from app.services.thesaurus import replace_thesaurus


@bp.route("/admin/synonyms", methods=["GET", "POST"])
def synonyms():
    groups = selectors.thesaurus_groups()
    form = ThesaurusForm()
    if request.method == "GET":
        form.groups.data = "\n".join(groups)
    saved = save_form(
        form,
        lambda: replace_thesaurus(actor=current_user, text=form.groups.data or ""),
        _("Thésaurus enregistré."),
    )
    if saved.ok:
        return redirect(url_for("admin.synonyms"))
    return render_template("admin/synonyms.html", form=form, groups=groups)
