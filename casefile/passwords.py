"""Password rules, the same on the server (which decides) and on the desktop (which tells early).

A password is refused when it is

* empty, over 1,000 characters, or holds control characters;
* shorter than ``min_length`` characters (default 12), or -- where the county asks for
  passphrases (``min_words`` > 0) -- made of fewer words than that;
* the user name, or contains it (or a part of it of 3+ letters, e.g. "schneider" of
  "a.schneider");
* common: its stem (lower case, digits and punctuation at both ends removed, common letter
  substitutions undone: "P@ssw0rt2026!" -> "passwort") is among zxcvbn's 30,000 most frequent
  passwords or the German list shipped as data (``resources/passwords/common_de.txt``), or the
  password itself is;
* weak by zxcvbn's estimate (score below ``min_score``, default 3 of 4), which catches keyboard
  walks, dates and repeats the list does not.

Each problem is a code with a German message (translated by the desktop with the context
"passwords").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from casefile.validation import QT_TRANSLATE_NOOP
from resources import path as resource_path

MAX_LENGTH = 1000

MESSAGES: dict[str, str] = {
    "required": QT_TRANSLATE_NOOP("passwords", "Bitte ein Passwort eingeben."),
    "too_long": QT_TRANSLATE_NOOP(
        "passwords", "Das Passwort ist zu lang (höchstens 1000 Zeichen)."
    ),
    "control_chars": QT_TRANSLATE_NOOP(
        "passwords", "Das Passwort enthält unzulässige Steuerzeichen."
    ),
    "too_short": QT_TRANSLATE_NOOP(
        "passwords", "Das Passwort muss mindestens {min_length} Zeichen lang sein."
    ),
    "too_few_words": QT_TRANSLATE_NOOP(
        "passwords", "Bitte eine Passphrase aus mindestens {min_words} Wörtern wählen."
    ),
    "user_name": QT_TRANSLATE_NOOP(
        "passwords", "Das Passwort darf den Benutzernamen nicht enthalten."
    ),
    "common": QT_TRANSLATE_NOOP(
        "passwords", "Dieses Passwort ist zu verbreitet und leicht zu erraten."
    ),
    "too_weak": QT_TRANSLATE_NOOP(
        "passwords",
        "Dieses Passwort ist leicht zu erraten (z. B. Tastaturfolge, Datum oder Wiederholung). Bitte ein längeres oder eine Passphrase wählen.",
    ),
}

_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"}
)
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_WORDS = re.compile(r"[^\W\d_]{2,}")


@dataclass(frozen=True)
class Rules:
    """What the county asks of a password (server settings ``MIA_PASSWORD_*``)."""

    min_length: int = 12
    min_words: int = 0  # > 0: a passphrase of at least this many words is required
    min_score: int = 3  # zxcvbn's estimate, 0..4

    def describe(self) -> dict[str, int]:
        return {
            "min_length": self.min_length,
            "min_words": self.min_words,
            "min_score": self.min_score,
        }


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """zxcvbn's frequent passwords and the shipped German list (lower case)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    words = set(FREQUENCY_LISTS["passwords"])
    with open(resource_path("passwords", "common_de.txt"), encoding="utf-8") as fh:
        words.update(
            line.strip().lower()
            for line in fh
            if line.strip() and not line.lstrip().startswith("#")
        )
    return frozenset(words)


def _stems(password: str) -> set[str]:
    low = password.lower()
    plain = _EDGES.sub("", low)
    return {
        low,
        plain,
        _EDGES.sub("", low.translate(_LEET)),
        plain.translate(_LEET),
        plain.replace(" ", ""),
    } - {""}


def _name_parts(user_name: str) -> set[str]:
    name = (user_name or "").lower().strip()
    return {p for p in [name, *re.split(r"[\W_]+", name)] if len(p) >= 3}


def problems(password: str, user_name: str = "", rules: Rules = Rules()) -> list[str]:
    """The codes of what is wrong with *password* for *user_name* (empty: acceptable)."""
    if not isinstance(password, str) or not password:
        return ["required"]
    if len(password) > MAX_LENGTH:
        return ["too_long"]
    if any(ord(ch) < 32 or ord(ch) == 127 or 0xD800 <= ord(ch) <= 0xDFFF for ch in password):
        return ["control_chars"]
    out = []
    if len(password) < rules.min_length:
        out.append("too_short")
    if rules.min_words and len(_WORDS.findall(password)) < rules.min_words:
        out.append("too_few_words")
    low = password.lower()
    name = (user_name or "").lower().strip()
    if (name and low == name) or any(
        part in low or part in low.translate(_LEET) for part in _name_parts(user_name)
    ):
        out.append("user_name")
    if _stems(password) & common_passwords():
        out.append("common")
    if not out:
        import zxcvbn

        if zxcvbn.zxcvbn(password[:100], user_inputs=[user_name])["score"] < rules.min_score:
            out.append("too_weak")
    return out


def message(codes: list[str], rules: Rules = Rules()) -> str:
    """One German sentence per problem, joined."""
    return " ".join(MESSAGES[c].format(**rules.describe()) for c in codes)
