"""The CSV formula guard: no piece of a cell can start a spreadsheet formula, whichever separator splits it.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (a tab or a carriage return can hide one) as
a formula ("CSV injection"). Checking the first character is not enough: a spreadsheet set to split on `;`
(usual in Europe), a tab or `|` turns the text `a;=HYPERLINK(…)` into the cells `a` and `=HYPERLINK(…)`.

The rule, kept small so that the browser can apply the same one (tests/fixtures/csv_formula_guard.json
holds the test vectors both must pass):

  A *piece start* is the start of the cell, or the position right after a separator character
  (`,` `;` `|` tab, carriage return, line feed), with any number of spaces skipped. Wherever a trigger
  character (`=` `+` `-` `@` tab, carriage return) stands at a piece start, an apostrophe is put right
  before it. Nothing else changes.

So `=1+1` becomes `'=1+1`, `a;=B1` becomes `a;'=B1` and `x, -y` becomes `x, '-y`; `Jean-Luc` and
`2020-2021` stay as they are. A spreadsheet shows an apostrophe-led value as text.
"""

from __future__ import annotations

import re

TRIGGERS = "=+-@\t\r"
SEPARATORS = ",;|\t\r\n"

# A trigger at the start, or after a separator, past any spaces. The lookbehind does not consume the
# separator, so a separator that is also a trigger (tab, CR) both ends one piece and starts the next.
_AT_PIECE_START = re.compile(r"(?:^|(?<=[,;|\t\r\n]))( *)([=+\-@\t\r])")
_ANY_TRIGGER = re.compile(r"[=+\-@\t\r]").search


def neutralise(cell: str) -> str:
    """The cell with an apostrophe before every trigger that stands at a piece start (see the module)."""
    if not _ANY_TRIGGER(cell):
        return cell
    return _AT_PIECE_START.sub(r"\1'\2", cell)
