"""Tests of hallcore.masking: the documented masks, odd input, and reveal budgets as properties."""

from __future__ import annotations

import string
import unicodedata
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallcore.identifiers import citizen_id_check_digit, to_halfwidth
from hallcore.masking import mask_id_number, mask_name, mask_phone


def revealed(masked: str) -> str:
    """The characters of a mask that are not stars or the landline hyphen."""
    return "".join(ch for ch in masked if ch not in "*-")


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三", "张*"),
        ("张小明", "张**"),
        ("欧阳娜娜", "欧***"),
        ("  张三 ", "张*"),
        ("张 三", "张*"),
        ("张\u3000小明", "张**"),
        ("John Smith", "J******"),  # one kept, stars capped at six
        ("阿依古丽·买买提", "阿******"),
        ("𠮷野家", "𠮷**"),  # a name with a CJK extension-B character (GB 18030)
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("", ""),
        ("   ", ""),
        ("\u3000\t\n", ""),
        (None, ""),
        ("张", "*"),  # keeping the one character would show the whole name
        ("110105194912310021", "*******"),  # an ID typed into the name field
        ("（张三）", "****"),
        ("\u0301张", "**"),  # a stray combining mark first is not a letter to show
    ],
)
def test_mask_name_odd_input(name: str | None, masked: str) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize("odd", [123, 4.5, b"\xe5\xbc\xa0\xe4\xb8\x89", ["张三"], object()])
def test_mask_name_survives_non_strings(odd: Any) -> None:
    result = mask_name(odd)
    assert set(result) <= {"*"}


@given(st.text())
def test_mask_name_reveals_at_most_the_first_character(name: str) -> None:
    masked = mask_name(name)
    shown = revealed(masked)
    assert len(shown) <= 1
    if shown:
        assert shown.isalpha()
        assert shown in unicodedata.normalize("NFC", to_halfwidth(name))
        assert masked.startswith(shown)
        assert len(masked) >= 2
    assert len(masked) <= 7


@given(
    st.text(
        alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=2, max_size=5
    )
)
def test_mask_name_of_chinese_names_keeps_the_length(name: str) -> None:
    assert mask_name(name) == name[0] + "*" * (len(name) - 1)


# --- ID numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("32010519491231123X", "3201**********123X"),
        ("320105194912311234", "3201**********1234"),
        ("32010519491231123x", "3201**********123X"),
        (" 3201 0519 4912 3112 34 ", "3201**********1234"),
        ("３２０１０５１９４９１２３１１２３４", "3201**********1234"),
        ("320105491231123", "3201********123"),  # legacy: last 4 would include a birth digit
        ("E12345678", "E*******8"),  # a passport: a fifth of the length at each end
        ("H1234567890", "H1*******90"),
        ("1234", "****"),
        ("12345", "1***5"),
    ],
)
def test_mask_id_number(value: str, masked: str) -> None:
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("", ""),
        (None, ""),
        ("   ", ""),
        ("张三", "*" * 18),
        ("3201051949123112#4", "*" * 18),
        ("1" * 40, "*" * 18),
        (12345678, "*" * 18),
    ],
)
def test_mask_id_number_odd_input(value: Any, masked: str) -> None:
    assert mask_id_number(value) == masked


@given(st.text())
def test_mask_id_number_reveals_at_most_8_characters(value: str) -> None:
    masked = mask_id_number(value)
    assert len(revealed(masked)) <= 8
    if "*" not in value and len(value.strip()) >= 2:
        assert masked != value.strip()


@given(st.text(alphabet=string.digits + "X", min_size=1, max_size=32))
def test_mask_id_number_reveals_at_most_a_fifth_of_short_numbers(value: str) -> None:
    masked = mask_id_number(value)
    assert len(masked) == len(value)
    shown = revealed(masked)
    assert len(shown) <= 8
    if len(value) not in (15, 18):
        assert len(shown) <= 2 * (len(value) // 5)
    # whatever is shown sits where it was
    assert all(m == "*" or m == v for m, v in zip(masked, value, strict=True))


@given(
    st.sampled_from(["110105", "320102", "440305"]),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 6, 1)),
    st.integers(min_value=0, max_value=999),
)
def test_mask_of_a_real_id_shows_region_prefix_and_last_four(
    region: str, born: date, seq: int
) -> None:
    first17 = f"{region}{born:%Y%m%d}{seq:03d}"
    number = first17 + citizen_id_check_digit(first17)
    masked = mask_id_number(number)
    assert masked == number[:4] + "*" * 10 + number[-4:]
    assert f"{born:%Y%m%d}" not in masked


# --- phones -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812341234", "138****1234"),
        ("138 1234 1234", "138****1234"),
        ("138-1234-1234", "138****1234"),
        ("+86 138 1234 1234", "138****1234"),
        ("0086 13812341234", "138****1234"),
        ("8613812341234", "138****1234"),
        ("013812341234", "138****1234"),
        ("１３８１２３４１２３４", "138****1234"),
        ("010-12345678", "010-****5678"),
        ("01012345678", "010-****5678"),
        ("021 8765 4321", "021-****4321"),
        ("0511-87266630", "0511-****6630"),
        ("(0511)87266630", "0511-****6630"),
        ("0511-7266630", "0511-***6630"),
        ("+86 511 8726 6630", "0511-****6630"),
        ("+86 10 1234 5678", "010-****5678"),
        ("400-800-1234", "******1234"),
        ("+852 9123 4567", "*******4567"),
    ],
)
def test_mask_phone(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("", ""),
        (None, ""),
        ("  ", ""),
        ("12345", "*****"),
        ("110", "****"),
        ("0511-123", "0511-****"),
        ("138abc1234", "**********"),
        ("电话13812341234", "*************"),
        (13812341234, "****"),
    ],
)
def test_mask_phone_odd_input(value: Any, masked: str) -> None:
    assert mask_phone(value) == masked


@given(st.text())
def test_mask_phone_never_raises_and_reveals_at_most_8_digits(value: str) -> None:
    masked = mask_phone(value)
    assert len(revealed(masked)) <= 8
    assert set(revealed(masked)) <= set(string.digits)


@given(st.sampled_from("3456789"), st.text(alphabet=string.digits, min_size=9, max_size=9))
def test_mask_of_a_mobile_hides_the_middle_four(second: str, rest: str) -> None:
    number = "1" + second + rest
    masked = mask_phone(number)
    assert masked == number[:3] + "****" + number[7:]
