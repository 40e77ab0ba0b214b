"""Locale selection: the user's choice, then the browser's, then French."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import flask_babel
from babel import Locale
from babel.support import NullTranslations
from flask import Flask, current_app, g, has_app_context, has_request_context, request, session
from flask_babel import get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("locale")
    if chosen in languages:
        return str(chosen)
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    return (
        request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def select_timezone() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


# What this module and app.templating resolve once per request and keep on ``g``.
REQUEST_CACHE = (
    "translations_for_request",
    "formatting_for_request",
    "kept_for_request",
    "stamps_for_request",
)


def current_translations() -> NullTranslations:
    """Flask-Babel's translations for the current locale, resolved once per request.

    ``flask_babel.get_translations`` looks up the domain, the locale and its cache key on
    every call, and a list page translates several hundred strings. The result is kept on
    ``g``; :func:`force_locale` sets it aside while another locale is forced.
    """
    if not has_app_context():
        return get_translations()
    translations = g.get("translations_for_request")
    if translations is None:
        translations = get_translations()
        g.translations_for_request = translations
    return translations


@contextmanager
def force_locale(locale: str | Locale | None) -> Iterator[None]:
    """``flask_babel.force_locale`` that also sets aside what the request resolved once
    for its own locale (translations, time zone and date locale), and restores it."""
    if not has_app_context():
        with flask_babel.force_locale(locale):
            yield
        return
    saved = {name: g.pop(name) for name in REQUEST_CACHE if name in g}
    try:
        with flask_babel.force_locale(locale):
            yield
    finally:
        for name in REQUEST_CACHE:
            g.pop(name, None)
        for name, value in saved.items():
            setattr(g, name, value)


def punctuation(mark: str) -> str:
    """``:`` ``;`` ``?`` or ``!`` as the reader's language writes it: French puts a
    non-breaking space before it, English none."""
    return "\u00a0" + mark if str(get_locale() or "fr").startswith("fr") else mark


def joined(items: list[str]) -> str:
    """Items one after the other, separated by a semicolon in the reader's typography."""
    return (punctuation(";") + " ").join(items)


def plural_text(singular: str, plural: str, num: int) -> str:
    """The catalogue's form for ``num``, French rules for the French source text.

    French is the source language and has no catalogue: gettext then falls back to the
    English rule (singular for 1 only), but French writes "0 souhait" as well.
    """
    text = current_translations().ungettext(singular, plural, num)
    if num == 0 and text is plural and str(get_locale() or "fr").startswith("fr"):
        return singular
    return text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """``flask_babel.ngettext`` with the French plural rule for the source text."""
    variables.setdefault("num", num)
    return plural_text(singular, plural, num) % variables


def install_template_gettext(app: Flask) -> None:
    """Templates translate through :func:`current_translations` (same catalogues).

    Jinja's own newstyle callables take the template context; called inside a loop, Jinja
    copies the whole context for each call (``Context.derived``), which made translations
    the largest cost of a list page. These take only the evaluation context (for
    autoescaping) and behave the same: the result is a format string for ``variables``.
    """

    def _format(eval_ctx: EvalContext, text: str, variables: dict) -> str:
        if not variables and "%" not in text:
            return Markup(text) if eval_ctx.autoescape else text
        if eval_ctx.autoescape:
            return Markup(text) % variables
        return text % variables

    @pass_eval_context
    def gettext(eval_ctx: EvalContext, string: str, /, **variables) -> str:
        translations = current_translations()
        if variables or not eval_ctx.autoescape:
            return _format(eval_ctx, translations.ugettext(string), variables)
        # A plain label: kept with the catalogue, which lives as long as the process.
        known = translations.__dict__.setdefault("souhaits_markup", {})
        markup = known.get(string)
        if markup is None:
            markup = known[string] = _format(eval_ctx, translations.ugettext(string), {})
        return markup

    @pass_eval_context
    def ngettext(
        eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables
    ) -> str:
        variables.setdefault("num", num)
        return _format(eval_ctx, plural_text(singular, plural, num), variables)

    @pass_eval_context
    def pgettext(eval_ctx: EvalContext, context: str, string: str, /, **variables) -> str:
        variables.setdefault("context", context)
        return _format(eval_ctx, current_translations().upgettext(context, string), variables)

    @pass_eval_context
    def npgettext(
        eval_ctx: EvalContext, context: str, singular: str, plural: str, num: int, /, **variables
    ) -> str:
        variables.setdefault("context", context)
        variables.setdefault("num", num)
        text = current_translations().unpgettext(context, singular, plural, num)
        return _format(eval_ctx, text, variables)

    app.jinja_env.globals.update(
        _=gettext, gettext=gettext, ngettext=ngettext, pgettext=pgettext, npgettext=npgettext
    )
