from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class SearchWord(Base):
    """A word of the wishes' text, folded (``reservation``), with its stem, one spelling
    as written (``réservation``) and how many wishes hold it: the vocabulary a misspelt
    query word is corrected against. Kept in step with the wishes by ``app.search.index``."""

    __tablename__ = "search_word"

    word: Mapped[str] = mapped_column(String(64), primary_key=True)
    stem: Mapped[str] = mapped_column(String(64), index=True)
    spelling: Mapped[str] = mapped_column(String(64))
    wishes: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class Synonym(Base):
    """One group of the thesaurus: expressions of the network that mean the same thing
    (``agenda, calendrier``), comma-separated; a query holding one also finds the others."""

    __tablename__ = "search_synonym"

    id: Mapped[int] = mapped_column(primary_key=True)
    terms: Mapped[str] = mapped_column(String(500))
