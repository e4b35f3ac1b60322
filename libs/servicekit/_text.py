"""Text a caller may send: no control characters, so nothing stored can break a reader or the database.

PostgreSQL cannot store U+0000 in text; the other C0 controls and DEL hide in logs, CSV exports and screens.
Use `SingleLine` for names, ids and codes, `Text` for notes that may span lines; narrow either with
`Annotated[SingleLine, StringConstraints(max_length=200)]`. The same patterns guard query and path parameters
(`Query(pattern=SINGLE_LINE)`).
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

SINGLE_LINE = r"^[^\x00-\x1f\x7f]*$"  # no C0 control character, no DEL
MULTI_LINE = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"  # the same, but tab, line feed and carriage return

# What a validation problem says instead of the pattern itself.
REASONS = {
    SINGLE_LINE: "must not contain control characters (U+0000-U+001F, U+007F)",
    MULTI_LINE: "must not contain control characters other than tab and line breaks",
}

SingleLine = Annotated[str, StringConstraints(strip_whitespace=True, pattern=SINGLE_LINE)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, pattern=MULTI_LINE)]
