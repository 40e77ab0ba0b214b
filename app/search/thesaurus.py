"""The thesaurus: groups of the network's expressions that mean the same thing.

A group is written as its expressions separated by commas (``chèque cadeau, bon
cadeau``); each expression is one or more words. When a query holds every stem of one
expression, in order, that part of the query matches any expression of the group
(``agenda des animations`` also finds ``calendrier des animations``). Groups live in
the ``search_synonym`` table, seeded with :data:`DEFAULT_GROUPS` and edited by the
admin; they apply at query time only, so editing them needs no reindexing.
"""

from __future__ import annotations

from functools import lru_cache

from app.search.text import stems

DEFAULT_GROUPS = (
    "agenda, calendrier",
    "remise, réduction, rabais",
    "chèque cadeau, bon cadeau, carte cadeau",
    "connecteur, passerelle",
    "OT, office de tourisme",
    "socioprofessionnel, socio-pro, prestataire",
    "SIT, système d'information touristique, base de données touristique",
    "mise en production, mise en ligne",
    "feuille de route, roadmap",
    "acompte, arrhes",
    "distributeur, revendeur",
    "paiement en plusieurs fois, paiement échelonné",
    "CRT, comité régional du tourisme",
    "tableau de bord, dashboard",
)

Expression = tuple[str, ...]


def expressions(terms: str) -> list[str]:
    """The expressions of a group as written, stripped, empty ones dropped."""
    return [part.strip() for part in terms.split(",") if part.strip()]


def group_stems(terms: str) -> list[Expression]:
    """The distinct stem sequences of a group's expressions (expressions made only of
    stop words dropped)."""
    return list(_group_stems(terms))


@lru_cache(maxsize=4096)
def _group_stems(terms: str) -> tuple[Expression, ...]:
    # Every search reads the whole thesaurus: its groups are stemmed once per process.
    found: list[Expression] = []
    for expression in expressions(terms):
        key = tuple(stems(expression))
        if key and key not in found:
            found.append(key)
    return tuple(found)


def expand(query: list[str], groups: list[list[Expression]]) -> list[list[Expression]]:
    """The query's stems as clauses: each clause is a list of alternatives, each
    alternative a sequence of stems that must all match. Where an expression of a group
    appears in the query (the longest first), its stems become one clause whose
    alternatives are the group's expressions; every other stem is a clause of its own."""
    clauses: list[list[Expression]] = []
    position = 0
    while position < len(query):
        best: tuple[int, list[Expression]] | None = None
        for group in groups:
            for expression in group:
                size = len(expression)
                if tuple(query[position : position + size]) == expression and (
                    best is None or size > best[0]
                ):
                    best = (size, group)
        if best is None:
            clauses.append([(query[position],)])
            position += 1
        else:
            clauses.append(list(best[1]))
            position += best[0]
    return clauses


def covered(query: list[str], groups: list[list[Expression]]) -> set[int]:
    """Positions of ``query`` that belong to an expression of the thesaurus (such words
    are the network's own, never corrected as typos)."""
    found: set[int] = set()
    for group in groups:
        for expression in group:
            size = len(expression)
            for start in range(len(query) - size + 1):
                if tuple(query[start : start + size]) == expression:
                    found.update(range(start, start + size))
    return found
