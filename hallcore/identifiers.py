"""Identifiers a desk clerk types: 公民身份号码, 统一社会信用代码 and phone numbers.

Every check returns an `IdentifierCheck` in two tiers (DESIGN §3, ecosystem.md §6):

* **hard** problems block the value: wrong length or characters, a wrong ID check digit, a birth
  date that does not exist, lies in the future or before 1900, a phone number that cannot exist;
* **soft** problems are warnings a clerk may override with a written reason after comparing the
  value with the original document: an ID region code unknown to our data, a 港澳台居民居住证 or
  外国人永久居留身份证 number, a credit code whose check digit does not match (early pilot codes
  are legal yet fail it), an unknown registration-authority or category code.

python-stdnum supplies the region table (`stdnum/cn/loc.dat`); the check digits and date rules are
computed here, because `stdnum.cn.ric.validate` rejects legal IDs (it ties county codes to birth
years, knows no 港澳台 residence permits) and accepts future birth dates, and
`stdnum.cn.uscc.validate` rejects legal letter registration-authority codes (N 农业, Y 其他).
The tests cross-check our check digits against stdnum's.

Nothing here reads the clock: whoever calls passes the business date (`today`) of the hall.
"""

from __future__ import annotations

import string
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType

import phonenumbers
from stdnum import numdb

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "REGISTRATION_AUTHORITIES",
    "EntityCategory",
    "IdentifierCheck",
    "IdentifierKind",
    "PhoneCheck",
    "PhoneKind",
    "Problem",
    "ProblemCode",
    "Region",
    "RegistrationAuthority",
    "Severity",
    "Sex",
    "age_on",
    "birth_date",
    "check_citizen_id",
    "check_credit_code",
    "check_phone",
    "citizen_id_check_digit",
    "credit_code_check_digit",
    "entity_category",
    "lookup_region",
    "normalize_identifier",
    "organization_code_check_digit",
    "registration_authority",
    "sex",
    "to_halfwidth",
]


# --- result types -------------------------------------------------------------------------------


class Severity(StrEnum):
    """How a problem weighs: a hard one blocks, a soft one needs a clerk's override and reason."""

    HARD = "hard"
    SOFT = "soft"


class IdentifierKind(StrEnum):
    """Which identifier a check was about."""

    CITIZEN_ID = "citizen_id"  # 公民身份号码 GB 11643 (and the documents sharing its format)
    CREDIT_CODE = "credit_code"  # 统一社会信用代码 GB 32100
    PHONE = "phone"  # 大陆手机或带区号的固定电话


class ProblemCode(StrEnum):
    """Stable machine codes of problems; UIs, logs and golden tests key on these, not on text."""

    # shared
    EMPTY = "empty"
    LENGTH = "length"
    CHARSET = "charset"
    CHECKSUM = "checksum"
    # 公民身份号码
    LEGACY_15_DIGIT = "legacy_15_digit"
    INVALID_BIRTH_DATE = "invalid_birth_date"
    FUTURE_BIRTH_DATE = "future_birth_date"
    BIRTH_YEAR_BEFORE_1900 = "birth_year_before_1900"
    UNKNOWN_REGION = "unknown_region"
    RESIDENCE_PERMIT = "residence_permit"
    FOREIGN_PERMANENT_RESIDENCE = "foreign_permanent_residence"
    # 统一社会信用代码
    FORBIDDEN_LETTER = "forbidden_letter"
    STRUCTURE = "structure"
    UNKNOWN_REGISTRATION_AUTHORITY = "unknown_registration_authority"
    UNKNOWN_ENTITY_CATEGORY = "unknown_entity_category"
    ORG_CODE_CHECKSUM = "org_code_checksum"
    # 电话
    PHONE_INVALID = "phone_invalid"
    MOBILE_PREFIX = "mobile_prefix"
    LANDLINE_MISSING_AREA_CODE = "landline_missing_area_code"
    NOT_MAINLAND = "not_mainland"
    UNSUPPORTED_PHONE_TYPE = "unsupported_phone_type"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an identifier, told in Chinese first and in English.

    Messages never quote the identifier itself: they end up in logs and on shared screens.
    """

    code: ProblemCode
    severity: Severity
    message_zh: str
    message_en: str

    @property
    def is_hard(self) -> bool:
        return self.severity is Severity.HARD


@dataclass(frozen=True, slots=True)
class IdentifierCheck:
    """The outcome of checking one identifier: its normalized value and every problem found.

    All problems are reported at once (一次告知): a checker does not stop at the first one unless
    the later checks would be meaningless (no check digit can be computed over a wrong length).
    `value` is left out of `repr` so a logged result does not leak personal data.
    """

    kind: IdentifierKind
    value: str = field(repr=False)
    hard: tuple[Problem, ...] = ()
    soft: tuple[Problem, ...] = ()

    def __post_init__(self) -> None:
        if any(p.severity is not Severity.HARD for p in self.hard):
            raise ValueError("IdentifierCheck.hard holds only hard problems")
        if any(p.severity is not Severity.SOFT for p in self.soft):
            raise ValueError("IdentifierCheck.soft holds only soft problems")

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Hard problems first, then soft ones."""
        return self.hard + self.soft

    @property
    def codes(self) -> frozenset[ProblemCode]:
        return frozenset(p.code for p in self.problems)

    @property
    def is_valid(self) -> bool:
        """No problem at all: the value can be taken without a clerk's decision."""
        return not self.hard and not self.soft

    @property
    def has_hard_problems(self) -> bool:
        return bool(self.hard)

    @property
    def needs_override(self) -> bool:
        """Acceptable only if a clerk overrides the soft problems with a reason."""
        return not self.hard and bool(self.soft)

    def acceptable_with_override(self, reason: str | None) -> bool:
        """Whether the value may be taken, given the clerk's override reason (or None).

        Hard problems can never be overridden; soft ones need a reason with some visible text,
        because the reason is what an auditor reads later.
        """
        if self.hard:
            return False
        if not self.soft:
            return True
        return reason is not None and bool(reason.strip())


class PhoneKind(StrEnum):
    """A mainland mobile number or a landline with its area code."""

    MOBILE = "mobile"
    LANDLINE = "landline"


@dataclass(frozen=True, slots=True)
class PhoneCheck(IdentifierCheck):
    """A phone check: also the kind of line and the E.164 form when the number is valid.

    `value` is `13812341234` for a mobile and `0511-87266630` (area code, hyphen, local number)
    for a landline, the forms clerks and SMS gateways expect; `e164` is `+8613812341234`.
    """

    phone_kind: PhoneKind | None = None
    e164: str | None = field(default=None, repr=False)


class Sex(StrEnum):
    """Sex as the 17th digit of an ID number records it (odd male, even female)."""

    MALE = "male"
    FEMALE = "female"

    @property
    def label(self) -> str:
        return "男" if self is Sex.MALE else "女"


def _hard(code: ProblemCode, zh: str, en: str) -> Problem:
    return Problem(code, Severity.HARD, zh, en)


def _soft(code: ProblemCode, zh: str, en: str) -> Problem:
    return Problem(code, Severity.SOFT, zh, en)


# --- normalization ------------------------------------------------------------------------------

# The full-width forms block U+FF01..U+FF5E mirrors ASCII U+0021..U+007E; U+3000 is the
# ideographic space. Chinese input methods in full-width mode type these, and clerks paste them.
_HALFWIDTH_TABLE: dict[int, int] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_HALFWIDTH_TABLE[0x3000] = 0x20
# Only ASCII letters are upper-cased: str.upper() would turn "ı" into "I" and "ſ" into "S", making
# non-ASCII input look like a legal character.
_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)
_DIGITS = frozenset(string.digits)


def to_halfwidth(text: str) -> str:
    """Map full-width ASCII forms (１２３ＡＢｘ and the ideographic space) to plain ASCII."""
    return text.translate(_HALFWIDTH_TABLE)


def normalize_identifier(raw: str) -> str:
    """Canonical form of a typed ID number or credit code, before any check.

    Full-width characters become ASCII, whitespace, hyphens and invisible format characters
    (zero-width space, BOM: they come with copy-paste) are dropped, ASCII letters upper-cased.
    """
    text = to_halfwidth(raw)
    kept = (
        ch for ch in text if not ch.isspace() and ch != "-" and unicodedata.category(ch) != "Cf"
    )
    return "".join(kept).translate(_ASCII_UPPER)


# --- regions (GB/T 2260 via stdnum's data) --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Region:
    """A 6-digit administrative division code and the names stdnum's table gives it.

    `county_names` lists every name the code carried over time (e.g. 东郊区 then 东丽区), without
    stdnum's year ranges: an ID keeps the code it was issued with, so the years do not matter here.
    """

    code: str
    province: str
    county_names: tuple[str, ...]

    @property
    def county(self) -> str:
        """The latest name, the one a clerk knows today."""
        return self.county_names[-1]


def lookup_region(code: str) -> Region | None:
    """The region of a 6-digit code, or None if stdnum's table does not know it.

    We deliberately ignore the year ranges stdnum attaches to county codes: its table starts in
    1983, so everyone born before then "precedes" their own county code, and people keep old codes
    after a re-districting. Knowing the code at all is the only test we apply.
    """
    if len(code) != 6 or not set(code) <= _DIGITS:
        return None
    info: dict[str, str] = {}
    for _part, props in numdb.get("cn/loc").info(code):
        info.update(props)
    province = info.get("province")
    county = info.get("county")
    if province is None or county is None:
        return None
    names = tuple(name.split("]", 1)[-1] for name in county.split(","))
    return Region(code=code, province=province, county_names=names)


# --- 公民身份号码 GB 11643 ------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"  # indexed by the weighted sum mod 11 (GB 11643-1999 §6)
_MIN_BIRTH_YEAR = 1900
# 港澳台居民居住证 (2018) use 810000 Hong Kong, 820000 Macau, 830000 Taiwan as their address code.
_RESIDENCE_PERMIT_PREFIXES = ("81", "82", "83")
# 外国人永久居留身份证 (2023 version) is 18 characters with the GB 11643 check digit, starting
# with 9 followed by the issuing province and a nationality code; no citizen region starts with 9.
_FOREIGN_RESIDENCE_PREFIX = "9"


def citizen_id_check_digit(first17: str) -> str:
    """The GB 11643 check character (0-9 or X) for the first 17 digits of an ID number."""
    if len(first17) != 17 or not set(first17) <= _DIGITS:
        raise ValueError("need exactly 17 ASCII digits")
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def _id_structure_problems(value: str) -> list[Problem]:
    if not value:
        return [_hard(ProblemCode.EMPTY, "未填写身份证号码。", "The ID number is missing.")]
    problems: list[Problem] = []
    if len(value) == 15 and set(value) <= _DIGITS:
        problems.append(
            _hard(
                ProblemCode.LEGACY_15_DIGIT,
                "这是15位旧身份证号码，已停止使用，请填写18位号码。",
                "This is a legacy 15-digit ID number; please enter the 18-character number.",
            )
        )
        return problems
    if len(value) != 18:
        problems.append(
            _hard(
                ProblemCode.LENGTH,
                f"身份证号码应为18位，当前为{len(value)}位。",
                f"An ID number has 18 characters; this one has {len(value)}.",
            )
        )
    body, last = value[:17], value[17:]
    if not set(body) <= _DIGITS or not set(last) <= _DIGITS | {"X"}:
        problems.append(
            _hard(
                ProblemCode.CHARSET,
                "身份证号码只能由数字组成，最后一位可以是X。",
                "An ID number consists of digits; only the last character may be X.",
            )
        )
    return problems


def _id_date_problems(value: str, today: date | None) -> list[Problem]:
    """Check the 8-digit birth date at positions 7-14 (the future only when `today` is given)."""
    year, month, day = int(value[6:10]), int(value[10:12]), int(value[12:14])
    try:
        born = date(year, month, day)
    except ValueError:
        problem = _hard(
            ProblemCode.INVALID_BIRTH_DATE,
            "身份证号码中的出生日期不存在，请核对第7至14位。",
            "The birth date in the ID number (characters 7-14) does not exist.",
        )
        return [problem]
    problems: list[Problem] = []
    if year < _MIN_BIRTH_YEAR:
        problems.append(
            _hard(
                ProblemCode.BIRTH_YEAR_BEFORE_1900,
                "身份证号码中的出生年份早于1900年，请核对第7至10位。",
                "The birth year in the ID number is before 1900; check characters 7-10.",
            )
        )
    if today is not None and born > today:
        problems.append(
            _hard(
                ProblemCode.FUTURE_BIRTH_DATE,
                "身份证号码中的出生日期晚于今天，请核对第7至14位。",
                "The birth date in the ID number is in the future; check characters 7-14.",
            )
        )
    return problems


def _id_hard_problems(value: str, today: date | None) -> list[Problem]:
    problems = _id_structure_problems(value)
    if problems:
        # A check digit or date over the wrong length or characters would only add noise.
        return problems
    if citizen_id_check_digit(value[:17]) != value[17]:
        problems.append(
            _hard(
                ProblemCode.CHECKSUM,
                "身份证号码校验位不正确，请逐位核对号码。",
                "The ID number's check digit does not match; check every digit.",
            )
        )
    problems.extend(_id_date_problems(value, today))
    return problems


def _id_soft_problems(value: str) -> list[Problem]:
    if value.startswith(_RESIDENCE_PERMIT_PREFIXES):
        return [
            _soft(
                ProblemCode.RESIDENCE_PERMIT,
                "这是港澳台居民居住证号码，请核对居住证原件并确认该事项可用居住证办理。",
                "This is a Hong Kong/Macau/Taiwan residents' residence permit number; compare it "
                "with the permit and confirm the service accepts this document.",
            )
        ]
    if value.startswith(_FOREIGN_RESIDENCE_PREFIX):
        return [
            _soft(
                ProblemCode.FOREIGN_PERMANENT_RESIDENCE,
                "这是外国人永久居留身份证号码，请核对证件原件并确认该事项可用此证件办理。",
                "This is a foreigner's permanent residence ID number; compare it with the card "
                "and confirm the service accepts this document.",
            )
        ]
    if lookup_region(value[:6]) is None:
        return [
            _soft(
                ProblemCode.UNKNOWN_REGION,
                "身份证号码前6位地址码不在行政区划代码表中，请核对证件原件。",
                "The ID number's region code (first 6 digits) is not in our table of "
                "administrative divisions; compare it with the card.",
            )
        ]
    return []


def check_citizen_id(raw: str, *, today: date) -> IdentifierCheck:
    """Check a 公民身份号码 (GB 11643), also the format of residence-permit numbers.

    `today` is the hall's business date; a birth date after it is a hard problem. Soft problems
    are only looked for when there is no hard one: a warning about the region of a number that is
    wrong anyway would distract the clerk from the typo.
    """
    if isinstance(today, datetime):
        # datetime is a date subclass but does not compare with one; and a clock time here means
        # the caller skipped converting to the hall's business date.
        raise TypeError("today must be a date (the hall's business date), not a datetime")
    value = normalize_identifier(raw)
    hard = _id_hard_problems(value, today)
    soft = [] if hard else _id_soft_problems(value)
    return IdentifierCheck(IdentifierKind.CITIZEN_ID, value, tuple(hard), tuple(soft))


def _checked_id(number: str) -> str:
    value = normalize_identifier(number)
    problems = _id_hard_problems(value, today=None)
    if problems:
        raise ValueError(f"not a usable ID number: {', '.join(p.code for p in problems)}")
    return value


def birth_date(number: str) -> date:
    """The birth date in an 18-character ID number.

    Raises ValueError when the number has a hard problem other than a future birth date (that
    one needs `today`; use `check_citizen_id` first): facts derived from a mistyped number would
    be wrong facts.
    """
    value = _checked_id(number)
    return date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def age_on(number: str, on: date) -> int:
    """Full years (周岁) of the ID holder on the date `on`.

    The age grows on the birthday. A person born on 29 February turns a year older on 28 February
    of a common year: 民法典 第二百零二条 makes the last day of the month stand in for a missing
    corresponding day. Raises ValueError if `on` is before the birth date.
    """
    if isinstance(on, datetime):
        raise TypeError("on must be a date, not a datetime")
    born = birth_date(number)
    if on < born:
        raise ValueError("the date is before the birth date")
    years = on.year - born.year
    birthday_month_day = (born.month, born.day)
    if birthday_month_day == (2, 29) and not _is_leap(on.year):
        birthday_month_day = (2, 28)
    if (on.month, on.day) < birthday_month_day:
        years -= 1
    return years


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def sex(number: str) -> Sex:
    """Sex recorded by the 17th digit of an ID number: odd male, even female."""
    value = _checked_id(number)
    return Sex.MALE if int(value[16]) % 2 == 1 else Sex.FEMALE


# --- 统一社会信用代码 GB 32100 --------------------------------------------------------------------

# GB 32100-2015 §4: digits and upper-case letters without I, O, Z, S, V (they read like 1, 0, 2, 5,
# U). The position of a character in this string is its value in the check-digit sum.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUES: Mapping[str, int] = MappingProxyType(
    {ch: i for i, ch in enumerate(CREDIT_CODE_ALPHABET)}
)
_FORBIDDEN_LETTERS = frozenset("IOZSV")
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714 organisation code: body characters weigh 3 7 9 10 5 8 4 2; letters count A=10 … Z=35.
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_BODY_CHARS = frozenset(string.digits + string.ascii_uppercase)


@dataclass(frozen=True, slots=True)
class EntityCategory:
    """机构类别代码: the 2nd character of a credit code, meaningful under one authority."""

    code: str
    name_zh: str


@dataclass(frozen=True, slots=True)
class RegistrationAuthority:
    """登记管理部门代码: the 1st character of a credit code and the categories it may register."""

    code: str
    name_zh: str
    name_en: str
    categories: tuple[EntityCategory, ...]

    def category(self, code: str) -> EntityCategory | None:
        return next((c for c in self.categories if c.code == code), None)


def _authority(code: str, zh: str, en: str, *categories: tuple[str, str]) -> RegistrationAuthority:
    return RegistrationAuthority(code, zh, en, tuple(EntityCategory(c, n) for c, n in categories))


# GB 32100-2015 附录A 表A.1 as amended (第1号修改单 and the later additions published by the
# national credit-code centre): 2 外交 … 8 工会, A 中央军委改革和编制办公室 and N 农业 were added
# after the 2015 text, which had only 1, 5, 9 and Y. The table below matches the list reproduced on
# several public explainer pages; it has NOT been checked against the printed amendment itself, so
# an unknown code is only a soft warning — a newer authority must never block a real company.
_AUTHORITY_LIST = (
    _authority(
        "1",
        "机构编制",
        "institutional establishment (机构编制)",
        ("1", "机关"),
        ("2", "事业单位"),
        ("3", "中央编办直接管理机构编制的群众团体"),
        ("9", "其他"),
    ),
    _authority("2", "外交", "foreign affairs", ("1", "外国常驻新闻机构"), ("9", "其他")),
    _authority(
        "3",
        "司法行政",
        "justice administration",
        ("1", "律师执业机构"),
        ("2", "公证处"),
        ("3", "基层法律服务所"),
        ("4", "司法鉴定机构"),
        ("5", "仲裁委员会"),
        ("9", "其他"),
    ),
    _authority("4", "文化", "culture", ("1", "外国在华文化中心"), ("9", "其他")),
    _authority(
        "5",
        "民政",
        "civil affairs",
        ("1", "社会团体"),
        ("2", "民办非企业单位"),  # renamed 社会服务机构 by the 2016 慈善法; the code stays 2
        ("3", "基金会"),
        ("9", "其他"),
    ),
    _authority(
        "6",
        "旅游",
        "tourism",
        ("1", "外国旅游部门常驻代表机构"),
        ("2", "港澳台地区旅游部门常驻内地（大陆）代表机构"),
        ("9", "其他"),
    ),
    _authority(
        "7", "宗教", "religious affairs", ("1", "宗教活动场所"), ("2", "宗教院校"), ("9", "其他")
    ),
    _authority("8", "工会", "trade unions", ("1", "基层工会"), ("9", "其他")),
    _authority(
        "9",
        "工商（市场监管）",
        "market regulation (industry and commerce)",
        ("1", "企业"),
        ("2", "个体工商户"),
        ("3", "农民专业合作社"),
    ),
    _authority(
        "A",
        "中央军委改革和编制办公室",
        "Central Military Commission reform and establishment office",
        ("1", "军队事业单位"),
        ("9", "其他"),
    ),
    _authority(
        "N",
        "农业",
        "agriculture (rural collective economic organisations)",
        ("1", "组级集体经济组织"),
        ("2", "村级集体经济组织"),
        ("3", "乡镇级集体经济组织"),
        ("9", "其他"),
    ),
    # 其他: categories are not subdivided; the standard says to use 1 throughout.
    _authority("Y", "其他", "other", ("1", "其他")),
)
REGISTRATION_AUTHORITIES: Mapping[str, RegistrationAuthority] = MappingProxyType(
    {a.code: a for a in _AUTHORITY_LIST}
)


def registration_authority(code: str) -> RegistrationAuthority | None:
    """The registration authority for the 1st character of a credit code, if the table has it."""
    return REGISTRATION_AUTHORITIES.get(code[:1]) if code else None


def entity_category(code: str) -> EntityCategory | None:
    """The entity category named by the first two characters of a credit code, if known."""
    authority = registration_authority(code)
    if authority is None or len(code) < 2:
        return None
    return authority.category(code[1])


def credit_code_check_digit(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters of a credit code."""
    if len(first17) != 17 or not set(first17) <= _CREDIT_VALUES.keys():
        raise ValueError("need exactly 17 characters of the credit-code alphabet")
    total = sum(_CREDIT_VALUES[ch] * w for ch, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def organization_code_check_digit(body8: str) -> str:
    """The GB 11714 check character (0-9 or X) for the 8-character body of an organisation code."""
    if len(body8) != 8 or not set(body8) <= _ORG_BODY_CHARS:
        raise ValueError("need exactly 8 digits or upper-case letters")
    total = sum(int(ch, 36) * w for ch, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def _credit_hard_problems(value: str) -> list[Problem]:
    if not value:
        return [_hard(ProblemCode.EMPTY, "未填写统一社会信用代码。", "The credit code is missing.")]
    problems: list[Problem] = []
    if len(value) != 18:
        problems.append(
            _hard(
                ProblemCode.LENGTH,
                f"统一社会信用代码应为18位，当前为{len(value)}位。",
                f"A unified social credit code has 18 characters; this one has {len(value)}.",
            )
        )
    chars = set(value)
    if chars & _FORBIDDEN_LETTERS:
        problems.append(
            _hard(
                ProblemCode.FORBIDDEN_LETTER,
                "统一社会信用代码不使用字母I、O、Z、S、V，请检查是否误录了数字1、0、2、5或字母U。",
                "Credit codes never use the letters I, O, Z, S, V; check for a mistyped "
                "1, 0, 2, 5 or U.",
            )
        )
    if not chars - _FORBIDDEN_LETTERS <= _CREDIT_VALUES.keys():
        problems.append(
            _hard(
                ProblemCode.CHARSET,
                "统一社会信用代码只能由数字和大写英文字母组成。",
                "A credit code consists of digits and upper-case Latin letters only.",
            )
        )
    if not set(value[2:8]) <= _DIGITS:
        problems.append(
            _hard(
                ProblemCode.STRUCTURE,
                "统一社会信用代码第3至8位是行政区划码，只能是数字。",
                "Characters 3-8 of a credit code are a region code and must be digits.",
            )
        )
    return problems


def _credit_soft_problems(value: str) -> list[Problem]:
    problems: list[Problem] = []
    authority = registration_authority(value)
    if authority is None:
        problems.append(
            _soft(
                ProblemCode.UNKNOWN_REGISTRATION_AUTHORITY,
                "统一社会信用代码第1位（登记管理部门代码）不在国家标准代码表中，请核对证照原件。",
                "The 1st character (registration authority) is not in the GB 32100 table; "
                "compare the code with the original licence.",
            )
        )
    elif authority.category(value[1]) is None:
        problems.append(
            _soft(
                ProblemCode.UNKNOWN_ENTITY_CATEGORY,
                f"统一社会信用代码第2位（机构类别代码）不是“{authority.name_zh}”登记的类别，"
                "请核对证照原件。",
                f"The 2nd character (entity category) is not one that {authority.name_en} "
                "registers; compare the code with the original licence.",
            )
        )
    if organization_code_check_digit(value[8:16]) != value[16]:
        problems.append(
            _soft(
                ProblemCode.ORG_CODE_CHECKSUM,
                "统一社会信用代码第9至17位（组织机构代码）的校验位不符，请核对证照原件。",
                "The organisation code inside the credit code (characters 9-17) fails its check "
                "digit; compare the code with the original licence.",
            )
        )
    if credit_code_check_digit(value[:17]) != value[17]:
        # Early pilot codes (e.g. Fujian's 91350100M0001TGQXM) fail this check yet are legal, so a
        # mismatch is a warning for the clerk to settle against the licence, not a block.
        problems.append(
            _soft(
                ProblemCode.CHECKSUM,
                "统一社会信用代码校验位不符。部分早期试点代码属此情况，请与营业执照（证书）原件逐位核对。",
                "The credit code's check character does not match. Some early pilot codes are "
                "like this; compare every character with the original licence.",
            )
        )
    return problems


def check_credit_code(raw: str) -> IdentifierCheck:
    """Check a 统一社会信用代码 (GB 32100).

    Hard: 18 characters, the 31-character alphabet, digits at positions 3-8. Soft: the check
    character, the organisation code's own check digit, the authority and category codes.
    """
    value = normalize_identifier(raw)
    hard = _credit_hard_problems(value)
    soft = [] if hard else _credit_soft_problems(value)
    return IdentifierCheck(IdentifierKind.CREDIT_CODE, value, tuple(hard), tuple(soft))


# --- phone numbers --------------------------------------------------------------------------------

_PHONE_SEPARATORS = frozenset(" -().")
_MAINLAND_COUNTRY_CODE = 86
_LANDLINE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


def _clean_phone(raw: str) -> str | None:
    """Digits with an optional leading +, or None if other characters (letters, 转, ext) appear.

    phonenumbers itself would read letters as keypad digits (1-800-FLOWERS), which is not what
    a clerk typing a mistaken letter means.
    """
    text = to_halfwidth(raw).strip()
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    plus = text.startswith("+")
    rest = text[1:] if plus else text
    if not all(ch in _DIGITS or ch in _PHONE_SEPARATORS for ch in rest):
        return None
    digits = "".join(ch for ch in rest if ch in _DIGITS)
    return ("+" if plus else "") + digits


def _phone_error(code: ProblemCode, zh: str, en: str, value: str) -> PhoneCheck:
    return PhoneCheck(IdentifierKind.PHONE, value, hard=(_hard(code, zh, en),))


def check_phone(raw: str) -> PhoneCheck:
    """Check a mainland mobile number or a landline with its area code.

    Accepts `+86` / `0086` prefixes and spaces, hyphens and brackets. Phones have hard problems
    only: a number that cannot be dialled is no use for the call-back or SMS it is asked for.
    """
    cleaned = _clean_phone(raw)
    if cleaned is None:
        return _phone_error(
            ProblemCode.CHARSET,
            "电话号码只能包含数字、空格、连字符、括号和开头的+号。",
            "A phone number may contain only digits, spaces, hyphens, brackets and a leading +.",
            to_halfwidth(raw).strip(),
        )
    if not cleaned.strip("+"):
        return _phone_error(
            ProblemCode.EMPTY, "未填写电话号码。", "The phone number is missing.", cleaned
        )
    if not cleaned.startswith(("+", "0", "1")) and 7 <= len(cleaned) <= 8:
        return _phone_error(
            ProblemCode.LANDLINE_MISSING_AREA_CODE,
            "固定电话请加区号，例如 0511-87266630。",
            "Give a landline with its area code, e.g. 0511-87266630.",
            cleaned,
        )
    if len(cleaned) == 11 and cleaned.startswith("1") and cleaned[1] not in "3456789":
        return _phone_error(
            ProblemCode.MOBILE_PREFIX,
            "手机号码应以13至19开头。",
            "A mainland mobile number starts with 13 to 19.",
            cleaned,
        )
    try:
        parsed = phonenumbers.parse(cleaned, "CN")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        return _phone_error(
            ProblemCode.PHONE_INVALID,
            "电话号码无效，请核对位数和区号（手机11位；固定电话区号加7至8位号码）。",
            "The phone number is not valid: a mobile has 11 digits, a landline an area code "
            "and 7-8 digits.",
            cleaned,
        )
    if parsed.country_code != _MAINLAND_COUNTRY_CODE:
        return _phone_error(
            ProblemCode.NOT_MAINLAND,
            "仅支持中国大陆的手机或固定电话号码。",
            "Only mainland China mobile or landline numbers are accepted.",
            cleaned,
        )
    number_type = phonenumbers.number_type(parsed)
    national = str(parsed.national_number)
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if number_type == phonenumbers.PhoneNumberType.MOBILE:
        return PhoneCheck(IdentifierKind.PHONE, national, phone_kind=PhoneKind.MOBILE, e164=e164)
    if number_type in _LANDLINE_TYPES:
        area_len = phonenumbers.length_of_geographical_area_code(parsed)
        if area_len > 0:
            value = f"0{national[:area_len]}-{national[area_len:]}"
            return PhoneCheck(IdentifierKind.PHONE, value, phone_kind=PhoneKind.LANDLINE, e164=e164)
    return _phone_error(
        ProblemCode.UNSUPPORTED_PHONE_TYPE,
        "请填写手机或带区号的固定电话，不接受400、800等服务号码。",
        "Give a mobile or a landline with its area code; service numbers (400, 800 etc.) are "
        "not accepted.",
        cleaned,
    )
