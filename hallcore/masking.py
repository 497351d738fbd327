"""Masked forms of personal data for screens, tickets and receipts (张*, 3201**********1234).

Boards, tickets, voice and logs carry ticket numbers; where a person must recognise themselves
(a receipt, the clerk's queue list, the kiosk's confirmation) we show these masks instead
(DESIGN §3, hall_domain.md §5.1). The masks are display helpers, so they never raise: odd input
(None, garbage, the wrong kind of value in the field) gives an all-star string, never the raw value.

Budgets — the most a mask reveals of the original:

* a name: its first character;
* an ID number: 8 characters (4 + 4 of 18), fewer for shorter numbers;
* a phone: 3 + 4 digits of a mobile, the area code and 4 digits of a landline, else 4 digits.
"""

from __future__ import annotations

import string
import unicodedata

from hallcore.identifiers import normalize_identifier, to_halfwidth

__all__ = ["mask_id_number", "mask_name", "mask_phone"]

STAR = "*"
# Stars stand for hidden characters one for one, but a long transliterated name (阿依古丽·买买提…)
# would push a board cell or ticket line out of shape; past this many the count stops growing.
_NAME_MAX_STARS = 6
# Anything longer is not an identifier someone typed; show a fixed-width mask rather than guess.
_ID_MAX_LENGTH = 32
_ODD_ID_MASK = STAR * 18
_PHONE_MAX_STARS = 20
_DIGITS = frozenset(string.digits)
_ID_CHARS = frozenset(string.digits + string.ascii_uppercase)
_PHONE_SEPARATORS = frozenset(" -().")


def _visible_chars(text: str) -> list[str]:
    """Characters of `text` that print: no whitespace, control, format or lone surrogate."""
    text = unicodedata.normalize("NFC", to_halfwidth(text))
    return [ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in "CZ"]


def mask_name(name: str | None) -> str:
    """张三 → 张*, 张小明 → 张**: the first character and one star per hidden character.

    Empty or blank → "" (there is nothing to recognise). One character → "*": showing it would
    show the whole name. If the first character is not a letter (digits typed into the name field,
    punctuation), everything is starred. Latin names work the same way: "John Smith" → "J********".
    """
    if name is None:
        return ""
    if not isinstance(name, str):
        return STAR
    chars = _visible_chars(name)
    if not chars:
        return ""
    if len(chars) == 1 or not chars[0].isalpha():
        return STAR * min(len(chars), _NAME_MAX_STARS + 1)
    return chars[0] + STAR * min(len(chars) - 1, _NAME_MAX_STARS)


def mask_id_number(value: str | None) -> str:
    """3201**********1234 for an 18-character number: first 4, ten stars, last 4.

    A 15-digit legacy number keeps its first 4 and last 3 digits (its last 4 would include a
    birth-date digit). Other lengths (passports, permits, a mistyped number) keep at most 4 at each
    end and at most a fifth of the length; a value with other characters is all stars.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return _ODD_ID_MASK
    text = normalize_identifier(value)
    if not text:
        return ""
    if len(text) > _ID_MAX_LENGTH or not set(text) <= _ID_CHARS:
        return _ODD_ID_MASK
    n = len(text)
    if n == 18:
        head, tail = 4, 4
    elif n == 15 and set(text) <= _DIGITS:
        head, tail = 4, 3
    else:
        head = tail = min(4, n // 5)
    return text[:head] + STAR * (n - head - tail) + text[n - tail :]


def _phone_digits(value: str) -> tuple[bool, str] | None:
    """(had a leading +, the digits) or None if characters other than digits and separators."""
    text = "".join(ch for ch in to_halfwidth(value).strip() if unicodedata.category(ch) != "Cf")
    plus = text.startswith("+")
    rest = text[1:] if plus else text
    if not all(ch in _DIGITS or ch in _PHONE_SEPARATORS for ch in rest):
        return None
    return plus, "".join(ch for ch in rest if ch in _DIGITS)


def _strip_mainland_prefix(plus: bool, digits: str) -> str | None:
    """The national number if the value carries +86 / 0086 / 86 (a mobile), else None."""
    if plus:
        return digits[2:] if digits.startswith("86") else None
    if digits.startswith("0086"):
        return digits[4:]
    if len(digits) == 13 and digits.startswith("861"):
        return digits[2:]
    return digits


def _area_code_length(digits: str) -> int:
    # Mainland area codes: 010 and 020-029 have three digits with the trunk 0, all others four.
    return 3 if digits[1:2] in ("1", "2") else 4


def mask_phone(value: str | None) -> str:
    """138****1234 for a mobile; 0511-****6630 for a landline (area code and last 4 kept).

    `+86` / `0086` prefixes are dropped. Any other number keeps only its last 4 digits when it has
    at least 8, and is all stars otherwise; a value with letters or other characters is all stars.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return STAR * 4
    parsed = _phone_digits(value)
    if parsed is None:
        return STAR * min(max(len(_visible_chars(value)), 4), _PHONE_MAX_STARS)
    plus, digits = parsed
    if not digits:
        return ""
    national = _strip_mainland_prefix(plus, digits)
    if national is not None:
        if len(national) == 12 and national.startswith("01") and national[2] in "3456789":
            national = national[1:]  # a mobile typed with the trunk 0 (013812341234)
        if len(national) == 11 and national.startswith("1"):
            return national[:3] + STAR * 4 + national[-4:]
        if national != digits and not national.startswith("0"):
            national = "0" + national  # +86 511 8726 6630: the trunk 0 is dropped abroad
        if national.startswith("0") and len(national) >= 3:
            area_len = _area_code_length(national)
            area, local = national[:area_len], national[area_len:]
            if len(local) >= 6:
                return f"{area}-{STAR * (len(local) - 4)}{local[-4:]}"
            return f"{area}-{STAR * max(len(local), 4)}"
    if len(digits) >= 8:
        return STAR * min(len(digits) - 4, _PHONE_MAX_STARS) + digits[-4:]
    return STAR * max(len(digits), 4)
