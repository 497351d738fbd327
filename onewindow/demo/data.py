"""The scripted day's case: a father registers his newborn daughter (新生儿出生 BIRTH).

Fictional people; the ID numbers carry valid check digits. The first visit lacks the signed
application form (申请表), which the pre-check finds and the supplement notice lists; he comes
back with it the same morning.
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
    "child_relation_to_householder": "子女",
}
#: The materials scanned at the first visit, and the one he brings back.
FIRST_VISIT = ("CHILD_PHOTO",)
BROUGHT_BACK = "APPLICATION_FORM"
#: What the clerk ticks for each scanned material.
TICKED: dict[str, list[str]] = {
    "CHILD_PHOTO": ["legible"],
    "APPLICATION_FORM": ["signed", "legible"],
}


def answers(catalog: Catalog, theme_code: str = THEME) -> dict[str, list[str]]:
    """The situation answers the citizen gives at the kiosk: the first option of every question
    the theme asks (a birth certificate already issued, parents married, …)."""
    theme = catalog.theme(theme_code)
    chosen: dict[str, list[str]] = {}
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
