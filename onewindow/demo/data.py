"""The scripted day's case: a father registers his newborn daughter (新生儿出生 BIRTH) into her
grandparents' household (祖父母户: 落户到其他亲属户).

Fictional people; the ID numbers carry valid check digits. Settling with a relative needs the
householder's written consent (户主同意新生儿落户的书面意见 HOUSEHOLDER_CONSENT, signed by the
grandfather: only the applicant can bring it) and the kinship proof (KINSHIP_PROOF, which the
demo hall's data sharing with public security verifies: 免提交). The application form is printed
at the window from the merged form and signed there (`signed_at_window`), so it is scanned at the
first visit with the photo he brought; the consent is what he forgot. The pre-check finds it
missing, the supplement notice lists exactly that, and he comes back with it the same morning.
"""

from __future__ import annotations

from typing import Any

from hall_server.demo import BIRTH_APPLICANT
from hallcore.catalog import Catalog, resolve
from hallcore.identifiers import citizen_id_check_digit

THEME = "BIRTH"
MOTHER_ID = "11010119900101002" + citizen_id_check_digit("11010119900101002")
FORM: dict[str, str] = {
    "applicant_name": BIRTH_APPLICANT["name"],
    "applicant_id_number": BIRTH_APPLICANT["id_number"],
    "applicant_phone": BIRTH_APPLICANT["phone"],
    "applicant_relation_to_child": "father",
    "child_name": "张小花",
    "child_sex": "female",
    "child_birth_date": "2024-05-01",
    "child_birth_place": "北京市东城区",
    "child_ethnicity": "汉族",
    "child_birth_cert_number": "Q110012345",
    "mother_name": "李芳",
    "mother_id_number": MOTHER_ID,
    "settle_address": "北京市东城区某街1号",
    "child_relation_to_householder": "孙女",
}
#: The situation answers that differ from the first option: the grandparents' household.
SETTLE_HOUSEHOLD = "relative"
#: The materials scanned at the first visit (the form he signed at the window, the photo he
#: brought), and the one he forgot and brings back.
FIRST_VISIT = ("APPLICATION_FORM", "CHILD_PHOTO")
BROUGHT_BACK = "HOUSEHOLDER_CONSENT"
#: Verified by data sharing, so neither brought nor missed (the story relies on it).
SHARED = "KINSHIP_PROOF"
#: What the stand-in scans show (masked names: a screenshot may be shared), by material.
SCAN_LINES: dict[str, tuple[str, ...]] = {
    "": (f"申请人：{BIRTH_APPLICANT['name'][0]}**", "新生儿：张小花"),
    "HOUSEHOLDER_CONSENT": (
        "本人为户主，同意新生儿张小花落户本户。",
        "户主：张**（新生儿祖父）  签名：张**",
        "2024年5月6日",
    ),
}
#: What the clerk ticks for each scanned material.
TICKED: dict[str, list[str]] = {
    "CHILD_PHOTO": ["legible"],
    "APPLICATION_FORM": ["signed", "legible"],
    "HOUSEHOLDER_CONSENT": ["signed", "original_seen"],
}


def answers(catalog: Catalog, theme_code: str = THEME) -> dict[str, list[str]]:
    """The situation answers the citizen gives: settling in the grandparents' household, and
    the first option of every other question the theme asks (a birth certificate already
    issued, parents married, …)."""
    theme = catalog.theme(theme_code)
    chosen: dict[str, list[str]] = {"settle_household": [SETTLE_HOUSEHOLD]}
    for _ in range(len(theme.situations) + 1):
        resolution = resolve(theme, {k: tuple(v) for k, v in chosen.items()}, catalog.fields)
        if not resolution.pending:
            break
        for situation in resolution.pending:
            chosen[situation.code] = [situation.options[0].code]
    return chosen


def materials(codes: tuple[str, ...], pages: dict[str, list[str]]) -> dict[str, Any]:
    """The case's material records for `codes`, each with its scanned pages' names."""
    return {
        code: {"state": "provided", "pages": pages.get(code, []), "ticked": TICKED[code]}
        for code in codes
    }
