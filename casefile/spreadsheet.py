"""Text for CSV files that people open in a spreadsheet (Excel, LibreOffice).

A cell that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or line break) is run as a formula
when the file is opened (OWASP "CSV injection"): an offer named ``=HYPERLINK(...)`` or a device
named ``=cmd|...`` would act on the county's desk. :func:`spreadsheet_safe` makes such a value
text with the spreadsheets' own mark, a leading ``'``; :func:`spreadsheet_text` gives it back
exactly (files read in again, the HSDS import).
"""

from __future__ import annotations

import re

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# A number as people write it (a phone number "+49 3445 73-0", "-5"): no function, no
# reference, nothing a spreadsheet runs -- kept as it is for the platforms that read the file.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9][0-9 ./()-]*")


def _formula_like(text: str) -> bool:
    bare = text.lstrip("'")
    return bare.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(bare)


def spreadsheet_safe(text: str) -> str:
    """*text* as a CSV cell no spreadsheet runs: a leading ``'`` (the spreadsheets' own mark
    for "text") before a value that would start a formula. Reversible
    (:func:`spreadsheet_text`): a value that starts with ``'`` and then such a character gets
    one more, so every text comes back exactly."""
    return "'" + text if _formula_like(text) else text


def spreadsheet_text(cell: str) -> str:
    """The text :func:`spreadsheet_safe` made *cell* from."""
    return cell[1:] if cell.startswith("'") and _formula_like(cell) else cell
