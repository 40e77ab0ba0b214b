#!/bin/sh
# Refresh the English catalogue in one go: extract the French msgids from the code and
# templates, merge them into app/translations/en/LC_MESSAGES/messages.po, compile the .mo.
#
#   scripts/i18n.sh                      # uses .venv/bin/python if present, else python3
#   PYTHON=/path/to/python scripts/i18n.sh
#
# New msgids land in the .po with an empty msgstr: translate them, then run the script
# again (it recompiles) and commit both messages.po and messages.mo.
# tests/test_i18n.py fails while any msgid is missing, untranslated or fuzzy.
set -eu
cd "$(dirname "$0")/.."

if [ -z "${PYTHON:-}" ]; then
    if [ -x .venv/bin/python ]; then PYTHON=.venv/bin/python; else PYTHON=python3; fi
fi
pybabel() { "$PYTHON" -m babel.messages.frontend "$@"; }

CATALOGUE=app/translations/en/LC_MESSAGES/messages.po

pybabel extract -F babel.cfg -k _l -k lazy_gettext --add-location=file \
    --project=Souhaits --copyright-holder=Souhaits -o messages.pot .
if [ -f "$CATALOGUE" ]; then
    # -N: no fuzzy guesses (a new string gets an empty msgstr, never a wrong one);
    # --ignore-obsolete: strings gone from the code leave the catalogue.
    pybabel update -i messages.pot -d app/translations -l en -N --ignore-obsolete \
        --ignore-pot-creation-date
else
    pybabel init -i messages.pot -d app/translations -l en
fi
pybabel compile -d app/translations --statistics

"$PYTHON" - "$CATALOGUE" <<'PY'
import sys

from babel.messages.pofile import read_po

with open(sys.argv[1], "rb") as handle:
    catalogue = read_po(handle)
todo = [m for m in catalogue if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else (m.string,)))]
for message in todo:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    print(f"to translate: {msgid!r}", file=sys.stderr)
print(f"{len(todo)} message(s) still to translate in {sys.argv[1]}", file=sys.stderr)
PY
