"""The situation resolver: answers → items, the personal checklist and the merged form."""

from __future__ import annotations

from pathlib import Path

import pytest

from hallcore.catalog import IncompleteAnswers, load_catalog, resolve
from hallcore.catalog.model import Catalog, FulfilWay

VALID = Path(__file__).parents[1] / "fixtures" / "catalog_valid"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(VALID)


def run(catalog: Catalog, answers: dict[str, str | list[str]], **kw: object):  # type: ignore[no-untyped-def]
    return resolve(catalog.theme("NEWBORN"), answers, catalog.fields, **kw)  # type: ignore[arg-type]


def test_mandatory_items_and_checklist_for_the_plainest_answers(catalog: Catalog) -> None:
    r = run(catalog, {"settle_with": "father", "extra_services": "no"}).require_complete()
    assert [s.item.code for s in r.items] == ["NB-01", "NB-02", "NB-03"]
    codes = [e.material.code for e in r.checklist]
    # catalog order, deduplicated; the grandparents' book and the bank card are not needed
    assert codes == ["PARENT_ID_CARD", "MARRIAGE_CERT", "HOUSEHOLD_BOOK", "BIRTH_CERT"]
    by_code = {e.material.code: e for e in r.checklist}
    assert by_code["PARENT_ID_CARD"].exempt
    assert by_code["PARENT_ID_CARD"].way is FulfilWay.E_LICENSE
    assert "电子证照" in by_code["PARENT_ID_CARD"].way_note
    assert by_code["MARRIAGE_CERT"].way is FulfilWay.DATA_SHARE
    assert by_code["BIRTH_CERT"].way is FulfilWay.SYSTEM_GENERATED
    # exemptions applied: only the household book is handed in
    assert [e.material.code for e in r.to_hand_in] == ["HOUSEHOLD_BOOK"]
    assert by_code["HOUSEHOLD_BOOK"].reasons == ("用于“出生登记”",)
    assert "3个工作日内补交" in by_code["HOUSEHOLD_BOOK"].way_note
    assert by_code["PARENT_ID_CARD"].reasons == ("本一件事所需",)
    assert [f.field.key for f in r.form] == [
        "applicant_name",
        "applicant_id_number",
        "applicant_phone",
        "child_birth_date",
        "child_sex",
    ]


def test_answers_select_items_materials_and_fields_with_reasons(catalog: Catalog) -> None:
    r = run(
        catalog,
        {
            "settle_with": "grandparents",
            "extra_services": "yes",
            "which_services": ["allowance", "social_card"],
        },
    ).require_complete()
    items = {s.item.code: s for s in r.items}
    assert set(items) == {"NB-01", "NB-02", "NB-03", "NB-04", "NB-05"}
    assert items["NB-04"].reasons == ("因您选择“生育津贴”",)
    entries = {e.material.code: e for e in r.checklist}
    assert entries["GRANDPARENT_BOOK"].reasons == ("用于“出生登记”", "因您选择“落户到祖父母家”")
    assert entries["BANK_CARD"].way is FulfilWay.FORM_FIELD
    assert not entries["BANK_CARD"].to_hand_in
    assert not entries["BANK_CARD"].exempt
    keys = [f.field.key for f in r.form]
    assert "bank_account" in keys
    assert "grandparent_name" in keys


def test_dependencies_are_selected_with_their_reason(catalog: Catalog) -> None:
    theme = catalog.theme("NEWBORN")
    # Make NB-02 optional in a copy, so that only NB-05's dependency brings it in.
    from dataclasses import replace

    items = tuple(
        replace(i, mandatory=False) if i.code in ("NB-02", "NB-03") else i for i in theme.items
    )
    optional = replace(theme, items=items)
    r = resolve(
        optional,
        {"settle_with": "father", "extra_services": "yes", "which_services": "social_card"},
        catalog.fields,
    )
    selected = {s.item.code: s.reasons for s in r.items}
    assert selected["NB-02"] == ("“社会保障卡申领”的前置事项",)
    assert "NB-03" not in selected


def test_pending_questions_are_listed_in_order_never_guessed(catalog: Catalog) -> None:
    r = run(catalog, {})
    assert [s.code for s in r.pending] == ["settle_with", "extra_services"]
    assert not r.complete
    # The conditional question becomes pending once its condition holds.
    r = run(catalog, {"settle_with": "mother", "extra_services": "yes"})
    assert [s.code for s in r.pending] == ["which_services"]
    with pytest.raises(IncompleteAnswers) as raised:
        r.require_complete()
    assert raised.value.messages_zh == ("尚未回答：需要哪些服务？",)


def test_unusable_answers_are_reported_each_with_its_reason(catalog: Catalog) -> None:
    r = run(
        catalog,
        {
            "settle_with": ["father", "mother"],  # single choice
            "extra_services": "maybe",  # unknown option
            "which_services": "allowance",  # does not apply: extra_services has no usable answer
            "favourite_colour": "red",  # unknown question
        },
    )
    codes = {(p.situation, p.code) for p in r.problems}
    assert codes == {
        ("settle_with", "single_choice"),
        ("extra_services", "unknown_option"),
        ("which_services", "not_applicable"),
        ("favourite_colour", "unknown_question"),
    }
    assert not r.complete
    messages = " ".join(p.message_zh for p in r.problems)
    assert "只能选一项" in messages
    assert "没有选项“maybe”" in messages


def test_an_answer_that_no_longer_applies_is_a_problem(catalog: Catalog) -> None:
    r = run(
        catalog, {"settle_with": "father", "extra_services": "no", "which_services": ["allowance"]}
    )
    assert [(p.situation, p.code) for p in r.problems] == [("which_services", "not_applicable")]
    assert "NB-04" not in r.item_codes


def test_an_unavailable_e_license_falls_back_to_submitting(catalog: Catalog) -> None:
    r = run(
        catalog,
        {"settle_with": "father", "extra_services": "no"},
        unavailable={
            "PARENT_ID_CARD": {FulfilWay.E_LICENSE},
            "MARRIAGE_CERT": {FulfilWay.DATA_SHARE, FulfilWay.SUBMIT},
        },
    )
    entries = {e.material.code: e for e in r.checklist}
    assert entries["PARENT_ID_CARD"].way is FulfilWay.SUBMIT
    assert entries["PARENT_ID_CARD"].to_hand_in
    # Every way failed: it is still demanded, never silently dropped.
    assert entries["MARRIAGE_CERT"].way is FulfilWay.SUBMIT
