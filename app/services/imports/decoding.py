"""The file's text and CSV dialect: UTF-8, UTF-16 or Windows-1252, separated by ``,``
or ``;``; a file that cannot be read raises ``FileProblem`` with its line.
"""

from __future__ import annotations

import re

from flask_babel import gettext as _


class FileProblem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


# A UTF-8 multi-byte sequence (an accented letter as UTF-8 writes it).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark), UTF-16 with its mark,
    or Windows-1252 (what French Excel writes for "CSV (séparateur : point-virgule)").

    A file that is not UTF-8 is read as Windows-1252 unless that cannot be right: bytes
    Windows-1252 leaves undefined, NUL characters (a binary file), or UTF-8 accents
    mixed with other bytes (two encodings in one file). Only those are refused.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise FileProblem(
                1, _("encodage illisible : le fichier UTF-16 est tronqué ou abîmé.")
            ) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = _decode_windows_1252(data, error.start)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FileProblem(
            line, _("ce fichier n'est pas un texte CSV (caractère nul) : enregistrez-le en CSV.")
        )
    return text


def _decode_windows_1252(data: bytes, bad_utf8_at: int) -> str:
    def refuse(position: int, reason: str) -> FileProblem:
        return FileProblem(
            data[:position].count(b"\n") + 1,
            _(
                "encodage illisible (octet %(byte)s) : %(reason)s Enregistrez le fichier en "
                "CSV UTF-8 ou en CSV (séparateur : point-virgule).",
                byte=f"0x{data[position]:02x}",
                reason=reason,
            ),
        )

    if _UTF8_SEQUENCE.search(data[:bad_utf8_at]):
        raise refuse(bad_utf8_at, _("le fichier mélange deux encodages (UTF-8 et un autre)."))
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise refuse(error.start, _("ni UTF-8 ni Windows-1252.")) from None


def delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") >= header_line.count(",") and ";" in header_line else ","
