"""The rules a wish's fields obey, each worded once, for every way a wish comes in.

The web forms and the API (through ``wish_create`` and ``wish_update``) and the CSV
import all ask ``wish_problems`` and report what it says, so they refuse the same wish
for the same reason. It judges values its caller has already resolved (the services
look ids up, the import looks names up in the index it builds once per file) and reads
nothing itself: checking a file costs no query per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _

from app.i18n import ngettext
from app.models import Role, User
from app.services.text import unstorable

TITLE_MIN, TITLE_MAX = 5, 160
BODY_MAX = 20_000
PROVIDERS_ASKING_MAX = 100_000


@dataclass(frozen=True)
class Unknown:
    """A product, category, territory, event or workshop named that is none of the
    active ones; ``name`` is what was given, for the message."""

    name: str


# What a reference resolved to: the id of an active object, a name that found none,
# or nothing given.
Ref = int | Unknown | None


# Not frozen: a frozen dataclass is several times slower to build, and the import builds
# a content and a filing for every row.
@dataclass(slots=True)
class WishContent:
    """What the author writes and may edit while the wish is new."""

    title: str | None
    body: str | None
    product: Ref
    category: Ref
    providers_asking: int | None = None


@dataclass(slots=True)
class WishFiling:
    """Who files the wish, for which territory, with which other supporting territories,
    and at which event and workshop."""

    author: User
    territory: Ref
    supporters: Sequence[Ref] = ()
    event: Ref = None
    workshop: Ref = None


@dataclass(slots=True)
class Problems:
    """Every field's problem at once, keyed by field."""

    fields: dict[str, str] = field(default_factory=dict)
    # The first rule that refuses the author's role rather than a value: a 403.
    forbidden: str = ""

    def __bool__(self) -> bool:
        return bool(self.fields)

    def refuse(self, name: str, message: str, *, forbidden: bool = False) -> None:
        self.fields.setdefault(name, message)
        if forbidden and not self.forbidden:
            self.forbidden = message


def clean_title(title: str | None) -> str:
    """The title as stored: single spaces, none at either end."""
    return " ".join((title or "").split())


def clean_body(body: str | None) -> str:
    return (body or "").strip()


def wish_problems(content: WishContent, filing: WishFiling | None = None) -> Problems:
    """What is wrong with a wish; ``filing`` is checked when the wish is being filed."""
    problems = Problems()
    _check_content(content, problems)
    if filing is not None:
        _check_filing(filing, problems)
    return problems


def _check_content(content: WishContent, problems: Problems) -> None:
    if unstorable(content.title):
        problems.refuse("title", _("Le titre contient des caractères invalides."))
    elif not TITLE_MIN <= len(clean_title(content.title)) <= TITLE_MAX:
        problems.refuse(
            "title",
            _(
                "Le titre doit faire entre %(min)d et %(max)d caractères.",
                min=TITLE_MIN,
                max=TITLE_MAX,
            ),
        )
    if unstorable(content.body):
        problems.refuse("body", _("La description contient des caractères invalides."))
    elif len(clean_body(content.body)) > BODY_MAX:
        problems.refuse(
            "body", _("La description est trop longue (%(max)d caractères au plus).", max=BODY_MAX)
        )
    asking = content.providers_asking
    if asking is not None and not 0 <= asking <= PROVIDERS_ASKING_MAX:
        problems.refuse(
            "providers_asking", _("Indiquez un nombre de prestataires entre 0 et 100 000.")
        )
    _check_reference(problems, "product", content.product)
    _check_reference(problems, "category", content.category)


def _check_filing(filing: WishFiling, problems: Problems) -> None:
    author, territory = filing.author, filing.territory
    if author.role == Role.REFERENT:
        if author.territory_id is None:
            problems.refuse(
                "territory", _("Votre compte n'est rattaché à aucun territoire."), forbidden=True
            )
        elif isinstance(territory, int) and territory != author.territory_id:
            problems.refuse(
                "territory",
                _("Un référent dépose des souhaits pour son propre territoire."),
                forbidden=True,
            )
    _check_reference(problems, "territory", territory)
    if filing.supporters:
        _check_supporters(filing, problems)
    if filing.event is not None:
        _check_reference(problems, "event", filing.event)
    if filing.workshop is not None:
        _check_reference(problems, "workshop", filing.workshop)


def _check_supporters(filing: WishFiling, problems: Problems) -> None:
    others = [s for s in filing.supporters if s is not None and s != filing.territory]
    unknown = [s.name for s in others if isinstance(s, Unknown)]
    if unknown:
        problems.refuse(
            "supporters",
            ngettext(
                "Territoire soutien inconnu ou inactif : %(names)s.",
                "Territoires soutiens inconnus ou inactifs : %(names)s.",
                len(unknown),
                names=", ".join(f"« {name} »" for name in unknown),
            ),
        )
    if others and not filing.author.is_staff and filing.workshop is None:
        problems.refuse(
            "supporters",
            _(
                "Un référent n'enregistre le soutien d'autres territoires que pour un "
                "souhait noté en atelier."
            ),
            forbidden=True,
        )


def _check_reference(problems: Problems, name: str, ref: Ref) -> None:
    if isinstance(ref, Unknown):
        problems.refuse(name, _unknown_text(name, ref.name))
    elif ref is None:
        problems.refuse(name, _missing_text(name))


def _missing_text(name: str) -> str:
    match name:
        case "product":
            return _("Indiquez le produit.")
        case "category":
            return _("Indiquez la catégorie.")
        case _:
            return _("Indiquez le territoire qui dépose le souhait.")


def _unknown_text(name: str, given: str) -> str:
    match name:
        case "product":
            return _("Produit inconnu ou retiré du catalogue : « %(name)s ».", name=given)
        case "category":
            return _("Catégorie inconnue ou retirée du catalogue : « %(name)s ».", name=given)
        case "territory":
            return _("Territoire inconnu ou inactif : « %(name)s ».", name=given)
        case "event":
            return _("Rencontre inconnue : « %(name)s ».", name=given)
        case _:
            return _("Atelier inconnu pour cette rencontre : « %(name)s ».", name=given)
