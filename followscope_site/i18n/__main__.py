"""`python -m followscope_site.i18n update`: extract every translatable string and update each language's catalog.

Commands (run from the repository root):
  extract        write followscope_site/locale/messages.pot from templates/, themes/ and the Python code
  update         extract, then merge the new template into every locale/<lang>/LC_MESSAGES/messages.po
  init LANG      start the catalog of a new language (then translate it and its guides/ folder)
  stats          how many strings each catalog translates

A new or changed string then shows as untranslated (or fuzzy) in each .po, and tests/test_i18n_catalogs.py
says which. These wrap Babel's own `pybabel` commands, so its documentation applies.
"""

from __future__ import annotations

import argparse
import os
import sys

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from followscope_site import __version__, resources
from followscope_site.i18n import CATALOG, language_codes

LOCALE = resources.locale_dir()
TEMPLATE = LOCALE / "messages.pot"
CONFIG = resources.REPO_DIR / "babel.cfg"
_WIDTH = "--width=120"


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def extract() -> None:
    _pybabel("extract", "-F", str(CONFIG), "-o", str(TEMPLATE), "--project=FollowScope",
             f"--version={__version__}", "--copyright-holder=FollowScope contributors", "--sort-by-file",
             "-k", "_", "-k", "ngettext:1,2", "-k", "N_", "-k", "Np_:1,2",
             # file names without line numbers: a template edit that moves a line does not touch every catalog
             "--add-location=file", _WIDTH, ".")


def update() -> None:
    extract()
    if len(language_codes()) > 1:
        _pybabel("update", "-i", str(TEMPLATE), "-d", str(LOCALE), "-D", "messages", "--previous", _WIDTH)


def init(code: str) -> None:
    _pybabel("init", "-i", str(TEMPLATE), "-d", str(LOCALE), "-D", "messages", "-l", code, _WIDTH)


def stats() -> None:
    for code in language_codes()[1:]:
        with (LOCALE / code / CATALOG).open("rb") as f:
            catalog = read_po(f)
        ids = [m for m in catalog if m.id]
        done = sum(1 for m in ids if m.string and all(m.string if isinstance(m.string, tuple) else [m.string])
                   and not m.fuzzy)
        print(f"{code}\t{done}/{len(ids)} translated")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m followscope_site.i18n", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("extract")
    sub.add_parser("update")
    sub.add_parser("init").add_argument("code", help="the language's code, e.g. nl or pt")
    sub.add_parser("stats")
    args = parser.parse_args(argv)
    if not CONFIG.is_file():
        print(f"{CONFIG}: not found (run this from a source checkout)", file=sys.stderr)
        return 1
    os.chdir(resources.REPO_DIR)  # file names in the catalogs are relative to the repository
    if args.command == "init":
        init(args.code)
    else:
        {"extract": extract, "update": update, "stats": stats}[args.command]()
    return 0


if __name__ == "__main__":
    sys.exit(main())
