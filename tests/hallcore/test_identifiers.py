"""Tests of hallcore.identifiers: two tiers over python-stdnum, real vectors, generated numbers."""

from __future__ import annotations

import string
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from hallcore.identifiers import (
    CREDIT_CODE_ALPHABET,
    REGISTRATION_AUTHORITIES,
    IdentifierCheck,
    IdentifierKind,
    PhoneCheck,
    PhoneKind,
    Problem,
    ProblemCode,
    Severity,
    Sex,
    age_on,
    birth_date,
    check_citizen_id,
    check_credit_code,
    check_phone,
    citizen_id_check_digit,
    credit_code_check_digit,
    entity_category,
    lookup_region,
    normalize_identifier,
    organization_code_check_digit,
    registration_authority,
    sex,
)

TODAY = date(2025, 6, 1)

# Vectors from hall_domain.md §5.3 (GB 11643's own examples among them).
BEIJING_1949 = "11010519491231002X"
GUANGDONG_1880 = "440524188001010014"
JINAN_1901 = "370101190102039973"


def with_id_check(first17: str) -> str:
    return first17 + citizen_id_check_digit(first17)


def with_credit_check(first17: str) -> str:
    return first17 + credit_code_check_digit(first17)


def credit_code(prefix8: str, org_body8: str) -> str:
    """A credit code with correct inner (GB 11714) and outer (GB 32100) check characters."""
    return with_credit_check(prefix8 + org_body8 + organization_code_check_digit(org_body8))


# --- the result type ----------------------------------------------------------------------------


def _problem(severity: Severity) -> Problem:
    return Problem(ProblemCode.CHECKSUM, severity, "校验位不符。", "Check digit mismatch.")


def test_a_clean_result_is_valid_and_acceptable_without_reason() -> None:
    check = IdentifierCheck(IdentifierKind.CITIZEN_ID, BEIJING_1949)
    assert check.is_valid
    assert not check.needs_override
    assert check.acceptable_with_override(None)


def test_soft_problems_need_a_reason_with_visible_text() -> None:
    check = IdentifierCheck(IdentifierKind.CREDIT_CODE, "X", soft=(_problem(Severity.SOFT),))
    assert not check.is_valid
    assert check.needs_override
    assert not check.acceptable_with_override(None)
    assert not check.acceptable_with_override("")
    assert not check.acceptable_with_override(" \u3000\n")
    assert check.acceptable_with_override("已核对营业执照原件")


def test_hard_problems_are_never_overridable() -> None:
    check = IdentifierCheck(
        IdentifierKind.CITIZEN_ID,
        "X",
        hard=(_problem(Severity.HARD),),
        soft=(_problem(Severity.SOFT),),
    )
    assert check.has_hard_problems
    assert not check.needs_override
    assert not check.acceptable_with_override("领导同意")
    assert [p.severity for p in check.problems] == [Severity.HARD, Severity.SOFT]


def test_problems_must_sit_in_the_tuple_of_their_severity() -> None:
    with pytest.raises(ValueError, match="hard"):
        IdentifierCheck(IdentifierKind.PHONE, "", hard=(_problem(Severity.SOFT),))
    with pytest.raises(ValueError, match="soft"):
        IdentifierCheck(IdentifierKind.PHONE, "", soft=(_problem(Severity.HARD),))


def test_repr_does_not_leak_the_value() -> None:
    assert BEIJING_1949 not in repr(check_citizen_id(BEIJING_1949, today=TODAY))
    phone = check_phone("13812341234")
    assert "13812341234" not in repr(phone)


def test_every_message_is_bilingual_and_never_quotes_the_value() -> None:
    samples = [
        check_citizen_id("110105194912310021", today=TODAY),
        check_citizen_id("110105194902300021", today=TODAY),
        check_citizen_id(with_id_check("81000019900101001"), today=TODAY),
        check_credit_code("91350100M000100Y44"),
        check_credit_code("91350100I000100Y43"),
        check_phone("12312341234"),
    ]
    problems = [p for c in samples for p in c.problems]
    assert len(problems) >= 6
    for check in samples:
        for p in check.problems:
            assert any("\u4e00" <= ch <= "\u9fff" for ch in p.message_zh), p
            assert p.message_en.isascii(), p
            assert check.value not in p.message_zh
            assert check.value not in p.message_en


# --- normalization ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("11010519491231002x", BEIJING_1949),
        (" 110105 1949 1231 002X ", BEIJING_1949),
        ("110105-19491231-002X", BEIJING_1949),
        ("１１０１０５１９４９１２３１００２ｘ", BEIJING_1949),  # full-width, as IMEs type them
        ("\u200b11010519491231002X\ufeff", BEIJING_1949),  # zero-width space and BOM from paste
        ("110105\u300019491231002X", BEIJING_1949),  # ideographic space
        ("91350100m000100y43", "91350100M000100Y43"),
    ],
)
def test_normalize_identifier(raw: str, expected: str) -> None:
    assert normalize_identifier(raw) == expected


def test_normalize_does_not_turn_non_ascii_letters_into_ascii() -> None:
    # str.upper() maps the dotless ı to I and the long ſ to S; they must stay illegal.
    assert normalize_identifier("ı") == "ı"
    assert normalize_identifier("ſ") == "ſ"


# --- 公民身份号码 ----------------------------------------------------------------------------


@pytest.mark.parametrize("number", [BEIJING_1949, JINAN_1901])
def test_real_ids_are_valid(number: str) -> None:
    check = check_citizen_id(number, today=TODAY)
    assert check.is_valid, check.problems
    assert check.kind is IdentifierKind.CITIZEN_ID
    assert check.value == number


def test_lowercase_x_is_accepted_and_normalized() -> None:
    check = check_citizen_id("11010519491231002x", today=TODAY)
    assert check.is_valid
    assert check.value == BEIJING_1949


def test_gb11643_example_born_1880_has_a_right_check_digit_but_fails_the_1900_rule() -> None:
    # The standard's own example: its check digit is right, only our year floor rejects it.
    assert citizen_id_check_digit(GUANGDONG_1880[:17]) == GUANGDONG_1880[17]
    check = check_citizen_id(GUANGDONG_1880, today=TODAY)
    assert check.codes == {ProblemCode.BIRTH_YEAR_BEFORE_1900}
    assert check.has_hard_problems


def test_bad_checksum_is_hard() -> None:
    check = check_citizen_id("110105194912310021", today=TODAY)
    assert check.codes == {ProblemCode.CHECKSUM}
    assert not check.acceptable_with_override("reason")


def test_future_birth_date_is_hard_although_stdnum_accepts_it() -> None:
    number = with_id_check("11010120301231002")
    assert ric.is_valid(number)  # the pitfall this wrapper exists for
    check = check_citizen_id(number, today=TODAY)
    assert check.codes == {ProblemCode.FUTURE_BIRTH_DATE}
    assert not check.acceptable_with_override("reason")


def test_born_today_is_fine_and_tomorrow_is_future() -> None:
    first17 = "110105" + TODAY.strftime("%Y%m%d") + "001"
    assert check_citizen_id(with_id_check(first17), today=TODAY).is_valid
    tomorrow = TODAY + timedelta(days=1)
    first17 = "110105" + tomorrow.strftime("%Y%m%d") + "001"
    check = check_citizen_id(with_id_check(first17), today=TODAY)
    assert check.codes == {ProblemCode.FUTURE_BIRTH_DATE}


def test_february_30_is_hard() -> None:
    check = check_citizen_id(with_id_check("11010519490230002"), today=TODAY)
    assert check.codes == {ProblemCode.INVALID_BIRTH_DATE}


def test_february_29_exists_only_in_leap_years() -> None:
    assert check_citizen_id(with_id_check("11010520000229002"), today=TODAY).is_valid
    check = check_citizen_id(with_id_check("11010519000229002"), today=TODAY)
    assert check.codes == {ProblemCode.INVALID_BIRTH_DATE}  # 1900 is not a leap year


def test_year_1899_is_hard_and_1900_is_fine() -> None:
    check = check_citizen_id(with_id_check("11010518991231001"), today=TODAY)
    assert check.codes == {ProblemCode.BIRTH_YEAR_BEFORE_1900}
    assert check_citizen_id(with_id_check("11010519000101001"), today=TODAY).is_valid


def test_all_hard_problems_are_reported_together() -> None:
    # One-time rule: a wrong check digit and an impossible date in the same number, both told.
    check = check_citizen_id("110105194902300021", today=TODAY)
    assert check.codes == {ProblemCode.CHECKSUM, ProblemCode.INVALID_BIRTH_DATE}


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("", ProblemCode.EMPTY),
        ("   ", ProblemCode.EMPTY),
        ("1101051949123100", ProblemCode.LENGTH),
        ("11010519491231002X1", ProblemCode.LENGTH),
        ("110105491231002", ProblemCode.LEGACY_15_DIGIT),
        ("11010519491231002Y", ProblemCode.CHARSET),
        ("1101051949123100X2", ProblemCode.CHARSET),
        ("11010519491231\u0662\u0660\u0662X", ProblemCode.CHARSET),  # Arabic-Indic digits
    ],
)
def test_structure_problems(number: str, code: ProblemCode) -> None:
    check = check_citizen_id(number, today=TODAY)
    assert code in check.codes
    assert all(p.severity is Severity.HARD for p in check.problems)


def test_wrong_length_and_characters_are_both_reported() -> None:
    check = check_citizen_id("1101051949A", today=TODAY)
    assert check.codes == {ProblemCode.LENGTH, ProblemCode.CHARSET}


def test_residence_permit_is_soft() -> None:
    for first17 in ("81000019900101001", "82000019900101002", "83000019900101003"):
        number = with_id_check(first17)
        assert not ric.is_valid(number)  # stdnum knows no residence permits
        check = check_citizen_id(number, today=TODAY)
        assert check.codes == {ProblemCode.RESIDENCE_PERMIT}
        assert check.needs_override
        assert check.acceptable_with_override("已核对港澳台居民居住证原件")


def test_residence_permit_with_bad_checksum_is_still_hard() -> None:
    number = with_id_check("81000019900101001")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    check = check_citizen_id(wrong, today=TODAY)
    assert check.codes == {ProblemCode.CHECKSUM}


def test_foreign_permanent_residence_number_is_soft() -> None:
    number = with_id_check("91184019900101001")  # 9, Beijing, 840 (USA), birth, sequence
    check = check_citizen_id(number, today=TODAY)
    assert check.codes == {ProblemCode.FOREIGN_PERMANENT_RESIDENCE}


@pytest.mark.parametrize(
    "first17",
    [
        "37010119010203997",  # GB 11643's example: 370101 is dated [1983-] in stdnum's table
        "11011119500101001",  # 房山区 110111 dated [1986-], born 1950: an ordinary old person
        "11022920160101001",  # 延庆县 110229 dated [1982-2015], born 2016: a late code switch
        "11011919900101001",  # 延庆区 110119 dated [2015-], born 1990: a late registration
    ],
)
def test_county_codes_stdnum_rejects_for_the_birth_year_are_acceptable(first17: str) -> None:
    number = with_id_check(first17)
    assert not ric.is_valid(number)
    check = check_citizen_id(number, today=TODAY)
    assert not check.has_hard_problems
    assert check.acceptable_with_override(None)
    assert check.is_valid


@pytest.mark.parametrize("first17", ["10000019900101001", "11019919900101001"])
def test_unknown_region_is_soft(first17: str) -> None:
    number = with_id_check(first17)
    check = check_citizen_id(number, today=TODAY)
    assert check.codes == {ProblemCode.UNKNOWN_REGION}
    assert check.needs_override
    assert check.acceptable_with_override("已核对身份证原件")


def test_a_known_province_with_an_unknown_county_is_a_soft_problem() -> None:
    # stdnum 2.2's is_valid raises KeyError on this number instead of returning False; our
    # wrapper must not depend on that either way.
    number = with_id_check("11019919900101001")
    assert check_citizen_id(number, today=TODAY).codes == {ProblemCode.UNKNOWN_REGION}


def test_soft_problems_are_not_reported_over_a_hard_one() -> None:
    check = check_citizen_id("100000199001010010", today=TODAY)  # unknown region, bad check digit
    assert check.codes == {ProblemCode.CHECKSUM}


def test_today_must_be_a_date_not_a_datetime() -> None:
    with pytest.raises(TypeError):
        check_citizen_id(BEIJING_1949, today=datetime(2025, 6, 1, 9, 0))


def test_lookup_region() -> None:
    region = lookup_region("110105")
    assert region is not None
    assert (region.province, region.county) == ("北京市", "朝阳区")
    renamed = lookup_region("120110")
    assert renamed is not None
    assert renamed.county_names == ("东郊区", "东丽区")
    assert renamed.county == "东丽区"
    assert lookup_region("100000") is None
    assert lookup_region("11010") is None
    assert lookup_region("11010X") is None


# --- helpers: birth date, age, sex ----------------------------------------------------------------


def test_birth_date_and_sex_of_real_vectors() -> None:
    assert birth_date(BEIJING_1949) == date(1949, 12, 31)
    assert sex(BEIJING_1949) is Sex.FEMALE
    assert sex(BEIJING_1949).label == "女"
    assert birth_date(JINAN_1901) == date(1901, 2, 3)
    assert sex(JINAN_1901) is Sex.MALE
    assert sex("11010519491231002x") is Sex.FEMALE


def test_age_turns_on_the_birthday() -> None:
    assert age_on(BEIJING_1949, date(2024, 12, 30)) == 74
    assert age_on(BEIJING_1949, date(2024, 12, 31)) == 75
    assert age_on(BEIJING_1949, date(2025, 1, 1)) == 75
    assert age_on(BEIJING_1949, date(1949, 12, 31)) == 0


def test_age_of_a_leap_day_baby() -> None:
    leap = with_id_check("11010520000229002")
    assert age_on(leap, date(2001, 2, 27)) == 0
    assert age_on(leap, date(2001, 2, 28)) == 1  # 民法典 §202: month end stands in for 29 Feb
    assert age_on(leap, date(2001, 3, 1)) == 1
    assert age_on(leap, date(2004, 2, 28)) == 3  # a leap year: the real birthday is tomorrow
    assert age_on(leap, date(2004, 2, 29)) == 4


def test_age_before_birth_and_datetime_are_refused() -> None:
    with pytest.raises(ValueError, match="before"):
        age_on(BEIJING_1949, date(1949, 12, 30))
    with pytest.raises(TypeError):
        age_on(BEIJING_1949, datetime(2025, 1, 1))


@pytest.mark.parametrize(
    "number", ["110105194912310021", "123", with_id_check("11010519490230002"), GUANGDONG_1880]
)
def test_helpers_refuse_numbers_with_hard_problems(number: str) -> None:
    with pytest.raises(ValueError, match="not a usable ID number"):
        birth_date(number)
    with pytest.raises(ValueError, match="not a usable ID number"):
        sex(number)
    with pytest.raises(ValueError, match="not a usable ID number"):
        age_on(number, TODAY)


# --- generated citizen IDs -----------------------------------------------------------------------

KNOWN_REGIONS = ["110105", "120110", "310104", "320102", "370101", "440305", "510107", "650102"]


@st.composite
def valid_ids(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(KNOWN_REGIONS))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.integers(min_value=0, max_value=999))
    return with_id_check(f"{region}{born:%Y%m%d}{sequence:03d}")


def _messy(number: str, style: int) -> str:
    """The same number as a clerk might type it: lower case, spaced, full-width."""
    if style == 0:
        return number.lower()
    if style == 1:
        return f" {number[:6]} {number[6:14]} {number[14:]} "
    return "".join(chr(ord(ch) + 0xFEE0) for ch in number.lower())


@given(valid_ids(), st.integers(min_value=0, max_value=2))
def test_generated_valid_ids_round_trip(number: str, style: int) -> None:
    check = check_citizen_id(_messy(number, style), today=TODAY)
    assert check.is_valid, check.problems
    assert check.value == number
    born = birth_date(check.value)
    assert f"{born:%Y%m%d}" == number[6:14]
    assert age_on(number, born) == 0
    assert sex(number) is (Sex.MALE if int(number[16]) % 2 else Sex.FEMALE)


@given(st.text(alphabet=string.digits, min_size=17, max_size=17))
def test_our_id_check_digit_matches_stdnum(first17: str) -> None:
    assert citizen_id_check_digit(first17) == ric.calc_check_digit(first17 + "0")


@given(valid_ids(), st.integers(min_value=0, max_value=17), st.sampled_from("0123456789X"))
def test_every_single_character_error_is_caught(number: str, pos: int, new: str) -> None:
    if pos < 17 and new == "X":
        new = "0"
    if number[pos] == new:
        return
    mutated = number[:pos] + new + number[pos + 1 :]
    assert ProblemCode.CHECKSUM in check_citizen_id(mutated, today=TODAY).codes


@given(valid_ids(), st.integers(min_value=0, max_value=15))
def test_every_adjacent_transposition_is_caught(number: str, pos: int) -> None:
    if number[pos] == number[pos + 1]:
        return
    swapped = number[:pos] + number[pos + 1] + number[pos] + number[pos + 2 :]
    assert ProblemCode.CHECKSUM in check_citizen_id(swapped, today=TODAY).codes


@given(valid_ids(), st.integers(min_value=1, max_value=3650))
def test_age_is_monotonic_and_counts_whole_years(number: str, days: int) -> None:
    born = birth_date(number)
    later = born + timedelta(days=days)
    age = age_on(number, later)
    assert age_on(number, later - timedelta(days=1)) <= age
    assert days // 366 <= age <= days // 365


# --- 统一社会信用代码 ------------------------------------------------------------------------


def test_real_credit_code_is_valid() -> None:
    check = check_credit_code("91350100M000100Y43")
    assert check.is_valid, check.problems
    assert check.kind is IdentifierKind.CREDIT_CODE
    assert check_credit_code("9135 0100 m000 100y43").value == "91350100M000100Y43"


def test_the_documented_bad_vector_ends_in_a_forbidden_letter_so_it_is_hard() -> None:
    # hall_domain.md §5.3 lists 91350100M000100Y4Z as "invalid (→3)"; Z is not in the GB 32100
    # alphabet at all, so the letter rule catches it before the check digit does.
    check = check_credit_code("91350100M000100Y4Z")
    assert check.codes == {ProblemCode.FORBIDDEN_LETTER}
    assert not check.acceptable_with_override("reason")


def test_check_digit_mismatch_is_a_soft_warning() -> None:
    assert credit_code_check_digit("91350100M000100Y4") == "3"
    check = check_credit_code("91350100M000100Y44")
    assert check.codes == {ProblemCode.CHECKSUM}
    assert check.needs_override
    assert "原件" in check.soft[0].message_zh
    assert check.acceptable_with_override("已核对营业执照原件")


def test_fujian_pilot_code_fails_only_the_outer_check_and_is_acceptable_with_override() -> None:
    assert not uscc.is_valid("91350100M0001TGQXM")
    check = check_credit_code("91350100M0001TGQXM")
    assert check.codes == {ProblemCode.CHECKSUM}
    assert not check.has_hard_problems
    assert check.acceptable_with_override("试点代码，已核对执照原件")


@pytest.mark.parametrize(
    ("prefix8", "authority", "category"),
    [
        ("N2330100", "农业", "村级集体经济组织"),
        ("N1330100", "农业", "组级集体经济组织"),
        ("Y1110000", "其他", "其他"),
        ("A1110000", "中央军委改革和编制办公室", "军队事业单位"),
    ],
)
def test_letter_registration_authorities_are_valid(
    prefix8: str, authority: str, category: str
) -> None:
    code = credit_code(prefix8, "12345678")
    assert not uscc.is_valid(code)  # stdnum wants 8 leading digits
    check = check_credit_code(code)
    assert check.is_valid, check.problems
    found = registration_authority(code)
    assert found is not None
    assert found.name_zh == authority
    kind = entity_category(code)
    assert kind is not None
    assert kind.name_zh == category


def test_unknown_authority_is_soft() -> None:
    check = check_credit_code(credit_code("B1110000", "12345678"))
    assert check.codes == {ProblemCode.UNKNOWN_REGISTRATION_AUTHORITY}
    assert check.needs_override


def test_unknown_category_of_a_known_authority_is_soft() -> None:
    check = check_credit_code(credit_code("94110000", "12345678"))  # 工商 has categories 1-3
    assert check.codes == {ProblemCode.UNKNOWN_ENTITY_CATEGORY}
    assert "工商" in check.soft[0].message_zh


def test_inner_organization_code_check_is_soft() -> None:
    assert organization_code_check_digit("M000100Y") == "4"
    assert organization_code_check_digit("12345678") == "8"
    code = with_credit_check("91350100M000100Y5")  # outer check right, inner one wrong
    check = check_credit_code(code)
    assert check.codes == {ProblemCode.ORG_CODE_CHECKSUM}


def test_organization_code_check_maps_10_to_x_and_11_to_0() -> None:
    results = {organization_code_check_digit(f"{n:08d}") for n in range(200)}
    assert "X" in results
    assert "0" in results
    assert results <= set("0123456789X")


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_forbidden_letters_are_hard(letter: str) -> None:
    code = "91350100M000100Y43"
    bad = code[:9] + letter + code[10:]
    check = check_credit_code(bad)
    assert ProblemCode.FORBIDDEN_LETTER in check.codes
    assert check.has_hard_problems
    assert check.soft == ()


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("", {ProblemCode.EMPTY}),
        ("91350100M000100Y4", {ProblemCode.LENGTH}),
        ("91350100M000100Y43A", {ProblemCode.LENGTH}),
        ("91350100M000100Y4#", {ProblemCode.CHARSET}),
        ("9135A100M000100Y43", {ProblemCode.STRUCTURE}),
        ("913501", {ProblemCode.LENGTH}),
        ("91350100M0O0100Y4", {ProblemCode.LENGTH, ProblemCode.FORBIDDEN_LETTER}),
    ],
)
def test_credit_code_hard_problems(code: str, expected: set[ProblemCode]) -> None:
    check = check_credit_code(code)
    assert check.codes == expected
    assert check.has_hard_problems


def test_authority_table_is_well_formed() -> None:
    assert set(REGISTRATION_AUTHORITIES) == set("123456789ANY")
    for code, authority in REGISTRATION_AUTHORITIES.items():
        assert authority.code == code
        assert code in CREDIT_CODE_ALPHABET
        assert authority.categories
        assert len({c.code for c in authority.categories}) == len(authority.categories)
        assert all(c.code in CREDIT_CODE_ALPHABET for c in authority.categories)
    assert REGISTRATION_AUTHORITIES["5"].name_zh == "民政"
    assert REGISTRATION_AUTHORITIES["1"].name_zh == "机构编制"
    assert "工商" in REGISTRATION_AUTHORITIES["9"].name_zh


CREDIT_BODY = st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=9, max_size=9)


@given(st.text(alphabet=string.digits, min_size=8, max_size=8), CREDIT_BODY)
def test_our_credit_check_digit_matches_stdnum(prefix8: str, body9: str) -> None:
    first17 = prefix8 + body9
    assert credit_code_check_digit(first17) == uscc.calc_check_digit(first17)


@given(
    st.sampled_from(["91", "92", "93", "51", "12", "N2", "Y1"]),
    st.sampled_from(["110000", "350100", "320102"]),
    st.text(alphabet=CREDIT_CODE_ALPHABET, min_size=8, max_size=8),
    st.integers(min_value=0, max_value=16),
    st.sampled_from(CREDIT_CODE_ALPHABET),
)
def test_every_single_substitution_in_a_credit_code_is_flagged(
    head: str, region: str, org_body: str, pos: int, new: str
) -> None:
    code = credit_code(head + region, org_body)
    assert check_credit_code(code).is_valid
    if code[pos] == new or (2 <= pos < 8 and new not in string.digits):
        return
    mutated = code[:pos] + new + code[pos + 1 :]
    check = check_credit_code(mutated)
    assert ProblemCode.CHECKSUM in check.codes
    assert not check.has_hard_problems  # a check-digit mismatch alone never blocks


def test_check_digit_functions_refuse_bad_input() -> None:
    with pytest.raises(ValueError, match="17"):
        citizen_id_check_digit("1234")
    with pytest.raises(ValueError, match="17"):
        citizen_id_check_digit("1101051949123100X")
    with pytest.raises(ValueError, match="17"):
        credit_code_check_digit("91350100I000100Y4")
    with pytest.raises(ValueError, match="8"):
        organization_code_check_digit("1234567")


# --- phone numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "kind", "value", "e164"),
    [
        ("13812341234", PhoneKind.MOBILE, "13812341234", "+8613812341234"),
        ("138 1234 1234", PhoneKind.MOBILE, "13812341234", "+8613812341234"),
        ("138-1234-1234", PhoneKind.MOBILE, "13812341234", "+8613812341234"),
        ("+86 138 1234 1234", PhoneKind.MOBILE, "13812341234", "+8613812341234"),
        ("0086 13812341234", PhoneKind.MOBILE, "13812341234", "+8613812341234"),
        ("+8619212345678", PhoneKind.MOBILE, "19212345678", "+8619212345678"),
        ("１３８１２３４１２３４", PhoneKind.MOBILE, "13812341234", "+8613812341234"),
        ("010-12345678", PhoneKind.LANDLINE, "010-12345678", "+861012345678"),
        ("021 1234 5678", PhoneKind.LANDLINE, "021-12345678", "+862112345678"),
        ("0511-87266630", PhoneKind.LANDLINE, "0511-87266630", "+8651187266630"),
        ("(0511)87266630", PhoneKind.LANDLINE, "0511-87266630", "+8651187266630"),
        ("+86 511 8726 6630", PhoneKind.LANDLINE, "0511-87266630", "+8651187266630"),
    ],
)
def test_valid_phones(raw: str, kind: PhoneKind, value: str, e164: str) -> None:
    check = check_phone(raw)
    assert isinstance(check, PhoneCheck)
    assert check.is_valid, check.problems
    assert check.kind is IdentifierKind.PHONE
    assert check.phone_kind is kind
    assert check.value == value
    assert check.e164 == e164


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", ProblemCode.EMPTY),
        ("  ", ProblemCode.EMPTY),
        ("+", ProblemCode.EMPTY),
        ("12345", ProblemCode.PHONE_INVALID),
        ("1381234123", ProblemCode.PHONE_INVALID),  # 10 digits
        ("138123412345", ProblemCode.PHONE_INVALID),  # 12 digits
        ("0755-2345678", ProblemCode.PHONE_INVALID),  # Shenzhen numbers have 8 digits
        ("87266630", ProblemCode.LANDLINE_MISSING_AREA_CODE),
        ("8726663", ProblemCode.LANDLINE_MISSING_AREA_CODE),
        ("12312341234", ProblemCode.MOBILE_PREFIX),
        ("11012341234", ProblemCode.MOBILE_PREFIX),
        ("+85291234567", ProblemCode.NOT_MAINLAND),
        ("+1 202 555 0123", ProblemCode.NOT_MAINLAND),
        ("400-800-1234", ProblemCode.UNSUPPORTED_PHONE_TYPE),
        ("1380013800A", ProblemCode.CHARSET),
        ("0511-87266630转123", ProblemCode.CHARSET),
        ("138+12341234", ProblemCode.CHARSET),
    ],
)
def test_invalid_phones_are_hard(raw: str, code: ProblemCode) -> None:
    check = check_phone(raw)
    assert check.codes == {code}
    assert check.has_hard_problems
    assert check.phone_kind is None
    assert check.e164 is None
    assert not check.acceptable_with_override("reason")


@given(
    st.sampled_from("3456789"),
    st.text(alphabet=string.digits, min_size=9, max_size=9),
    st.sampled_from(["", "+86", "0086", "+86 "]),
)
def test_phone_check_never_returns_a_kind_with_problems(
    second: str, rest: str, prefix: str
) -> None:
    check = check_phone(prefix + "1" + second + rest)
    assert check.kind is IdentifierKind.PHONE
    if check.is_valid:
        assert check.phone_kind is PhoneKind.MOBILE
        assert check.value == "1" + second + rest
        assert check.e164 == "+861" + second + rest
    else:
        assert check.phone_kind is None
        assert check.codes == {ProblemCode.PHONE_INVALID}  # an unallocated number range


# --- robustness -----------------------------------------------------------------------------------

IDENTIFIER_LIKE = st.text(alphabet=string.digits + "xXIOZSVAN+-() \u3000１２ｘ#٣", max_size=24)


@given(st.one_of(st.text(), IDENTIFIER_LIKE))
def test_checkers_never_raise_and_always_say_why(raw: str) -> None:
    checks: list[IdentifierCheck] = [
        check_citizen_id(raw, today=TODAY),
        check_credit_code(raw),
        check_phone(raw),
    ]
    for check in checks:
        # a result is either clean or names its problems; soft ones only when nothing is hard
        assert check.is_valid == (not check.problems)
        assert not (check.hard and check.soft)
        for problem in check.problems:
            assert problem.message_zh
            assert problem.message_en
