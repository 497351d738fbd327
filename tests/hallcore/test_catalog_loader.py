"""The catalog loader: every kind of problem is found, located and explained, all at once."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from hallcore.catalog import CatalogError, check_catalog, load_catalog
from hallcore.catalog.loader import CatalogProblem, _CatalogYamlLoader
from hallcore.catalog.model import FulfilWay, ThemeStatus

VALID = Path(__file__).parents[1] / "fixtures" / "catalog_valid"

Doc = dict[str, Any]


def copy_valid(tmp_path: Path) -> Path:
    folder = tmp_path / "catalog"
    shutil.copytree(VALID, folder)
    return folder


def edit(folder: Path, file: str, change: Callable[[Doc], object]) -> None:
    path = folder / file
    doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_CatalogYamlLoader)
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def theme(doc: Doc, i: int = 0) -> Doc:
    result: Doc = doc["themes"][i]
    return result


def item(doc: Doc, code: str) -> Doc:
    return next(i for i in theme(doc)["items"] if i["code"] == code)


def material(doc: Doc, code: str) -> Doc:
    return next(m for m in theme(doc)["materials"] if m["code"] == code)


def problems_of(folder: Path) -> tuple[CatalogProblem, ...]:
    catalog, problems = check_catalog(folder)
    assert catalog is None
    assert problems
    return problems


def find(
    problems: tuple[CatalogProblem, ...], *, file: str, path: str, zh: str, en: str
) -> CatalogProblem:
    for p in problems:
        if p.file == file and p.path == path and zh in p.message_zh and en in p.message_en:
            return p
    listing = "\n".join(str(p) for p in problems)
    raise AssertionError(f"no problem {file} {path} {zh!r}/{en!r} among:\n{listing}")


def test_the_valid_fixture_loads_completely() -> None:
    catalog = load_catalog(VALID)
    assert catalog.version == "test-1"
    newborn = catalog.theme("NEWBORN")
    assert newborn.status is ThemeStatus.COMPLETE
    assert [i.code for i in newborn.items] == ["NB-01", "NB-02", "NB-03", "NB-04", "NB-05"]
    assert newborn.item("NB-03").legal_working_days is None
    assert newborn.material("HOUSEHOLD_BOOK").tolerance_working_days == 3
    assert newborn.material("PARENT_ID_CARD").exempt
    assert newborn.material("BIRTH_CERT").preferred_way is FulfilWay.SYSTEM_GENERATED
    assert not newborn.material("HOUSEHOLD_BOOK").exempt
    # YAML 1.1 would have read the option codes yes/no and the listing key `no` as booleans.
    assert [o.code for o in newborn.situation("extra_services").options] == ["yes", "no"]
    assert newborn.listed_in[0].no == 1
    assert catalog.theme("MARRIAGE").status is ThemeStatus.OUTLINE
    assert catalog.fields["child_sex"].choices[1].label == "女"


Case = tuple[str, str, Callable[[Doc], object], str, str, str, str]

CASES: list[Case] = [
    # (id, file edited, edit, file reported, path, Chinese, English)
    (
        "signed at the window but not submitted",
        "newborn.yaml",
        lambda d: material(d, "PARENT_ID_CARD").update(signed_at_window=True),
        "newborn.yaml",
        "themes[0].materials[0].signed_at_window",
        "第一种办理方式必须是 submit",
        "must have submit as its first fulfil way",
    ),
    (
        "unknown key (a typo)",
        "newborn.yaml",
        lambda d: item(d, "NB-02").update(depends_onn=["NB-01"]),
        "newborn.yaml",
        "themes[0].items[1].depends_onn",
        "未知的键“depends_onn”",
        "unknown key 'depends_onn'",
    ),
    (
        "missing required key",
        "newborn.yaml",
        lambda d: theme(d).pop("queue"),
        "newborn.yaml",
        "themes[0]",
        "缺少必填项“queue”",
        "missing required key 'queue'",
    ),
    (
        "wrong type",
        "newborn.yaml",
        lambda d: theme(d).update(promised_working_days="五"),
        "newborn.yaml",
        "themes[0].promised_working_days",
        "应为整数",
        "expected a whole number",
    ),
    (
        "code pattern",
        "newborn.yaml",
        lambda d: theme(d).update(code="newborn"),
        "newborn.yaml",
        "themes[0].code",
        "格式不对",
        "does not match",
    ),
    (
        "duplicate item code",
        "newborn.yaml",
        lambda d: item(d, "NB-03").update(code="NB-02"),
        "newborn.yaml",
        "themes[0].items[2].code",
        "事项代码“NB-02”重复",
        "duplicate item code 'NB-02'",
    ),
    (
        "duplicate material code",
        "newborn.yaml",
        lambda d: material(d, "MARRIAGE_CERT").update(code="PARENT_ID_CARD"),
        "newborn.yaml",
        "themes[0].materials[1].code",
        "材料代码“PARENT_ID_CARD”重复",
        "duplicate material code 'PARENT_ID_CARD'",
    ),
    (
        "duplicate theme code",
        "newborn.yaml",
        lambda d: theme(d, 1).update(code="NEWBORN"),
        "newborn.yaml",
        "themes[1].code",
        "主题代码“NEWBORN”重复",
        "duplicate theme code 'NEWBORN'",
    ),
    (
        "duplicate department code",
        "departments.yaml",
        lambda d: d["departments"][1].update(code="health"),
        "departments.yaml",
        "departments[1].code",
        "部门代码“health”重复",
        "duplicate department code 'health'",
    ),
    (
        "duplicate option code",
        "newborn.yaml",
        lambda d: theme(d)["situations"][0]["options"][1].update(code="father"),
        "newborn.yaml",
        "themes[0].situations[0].options",
        "选项代码“father”重复",
        "duplicate option code 'father'",
    ),
    (
        "duplicate form field (asked twice)",
        "newborn.yaml",
        lambda d: theme(d)["form"].append({"field": "applicant_name"}),
        "newborn.yaml",
        "themes[0].form[7].field",
        "表单字段“applicant_name”重复",
        "appears twice",
    ),
    (
        "unknown department",
        "newborn.yaml",
        lambda d: item(d, "NB-01").update(department="hospital"),
        "newborn.yaml",
        "themes[0].items[0].department",
        "未知的部门“hospital”",
        "unknown department 'hospital'",
    ),
    (
        "item outside the theme's departments",
        "newborn.yaml",
        lambda d: theme(d).update(
            cooperating_departments=["public_security", "medical_insurance", "civil_affairs"]
        ),
        "newborn.yaml",
        "themes[0].items[4].department",
        "不在本主题的牵头或配合部门中",
        "not a lead or cooperating department",
    ),
    (
        "depends on an unknown item",
        "newborn.yaml",
        lambda d: item(d, "NB-02").update(depends_on=["NB-09"]),
        "newborn.yaml",
        "themes[0].items[1].depends_on[0]",
        "未知的事项“NB-09”",
        "unknown item 'NB-09'",
    ),
    (
        "dependency cycle",
        "newborn.yaml",
        lambda d: item(d, "NB-01").update(depends_on=["NB-03"]),
        "newborn.yaml",
        "themes[0].items[0].depends_on",
        "事项依赖成环：NB-01 → NB-03 → NB-02 → NB-01",
        "cycle: NB-01 -> NB-03 -> NB-02 -> NB-01",
    ),
    (
        "material for an unknown item",
        "newborn.yaml",
        lambda d: material(d, "MARRIAGE_CERT").update(for_items=["NB-99"]),
        "newborn.yaml",
        "themes[0].materials[1].for_items[0]",
        "未知的事项“NB-99”",
        "unknown item 'NB-99'",
    ),
    (
        "option selects an unknown item",
        "newborn.yaml",
        lambda d: theme(d)["situations"][2]["options"][0].update(select_items=["NB-77"]),
        "newborn.yaml",
        "themes[0].situations[2].options[0].select_items[0]",
        "未知的事项“NB-77”",
        "unknown item 'NB-77'",
    ),
    (
        "condition on a later question",
        "newborn.yaml",
        lambda d: theme(d)["situations"][1].update(
            when={"situation": "which_services", "in": ["allowance"]}
        ),
        "newborn.yaml",
        "themes[0].situations[1].when.situation",
        "未知或尚未提出的情形“which_services”",
        "unknown or later situation 'which_services'",
    ),
    (
        "condition on an unknown option",
        "newborn.yaml",
        lambda d: material(d, "GRANDPARENT_BOOK").update(
            when={"situation": "settle_with", "in": ["uncle"]}
        ),
        "newborn.yaml",
        "themes[0].materials[3].when.in[0]",
        "情形“settle_with”没有选项“uncle”",
        "situation 'settle_with' has no option 'uncle'",
    ),
    (
        "form uses a field not in the dictionary",
        "newborn.yaml",
        lambda d: theme(d)["form"].append({"field": "favourite_colour"}),
        "newborn.yaml",
        "themes[0].form[7].field",
        "未知的表单字段“favourite_colour”",
        "unknown form field 'favourite_colour'",
    ),
    (
        "field of unknown type",
        "fields.yaml",
        lambda d: d["fields"][2].update(type="telephone"),
        "fields.yaml",
        "fields[2].type",
        "未知的字段类型“telephone”",
        "unknown field type 'telephone'",
    ),
    (
        "choice field without choices",
        "fields.yaml",
        lambda d: d["fields"][4].pop("choices"),
        "fields.yaml",
        "fields[4]",
        "选择型字段必须列出 choices",
        "a choice field needs its choices",
    ),
    (
        "fulfil way that does not exist",
        "newborn.yaml",
        lambda d: material(d, "HOUSEHOLD_BOOK").update(fulfil=["submit", "fax"]),
        "newborn.yaml",
        "themes[0].materials[2].fulfil[1]",
        "未知的办理方式（fulfil）“fax”",
        "unknown fulfil way 'fax'",
    ),
    (
        "fulfil way without its companion",
        "newborn.yaml",
        lambda d: material(d, "PARENT_ID_CARD").pop("license"),
        "newborn.yaml",
        "themes[0].materials[0]",
        "办理方式 e_license 需要同时填写“license”",
        "fulfil way e_license needs 'license'",
    ),
    (
        "companion without its fulfil way",
        "newborn.yaml",
        lambda d: material(d, "HOUSEHOLD_BOOK").update(fulfil=["submit"]),
        "newborn.yaml",
        "themes[0].materials[2].tolerance_working_days",
        "办理方式中没有 tolerance",
        "tolerance is not a fulfil way",
    ),
    (
        "tolerance deadline beyond the promised limit",
        "newborn.yaml",
        lambda d: material(d, "HOUSEHOLD_BOOK").update(tolerance_working_days=9),
        "newborn.yaml",
        "themes[0].materials[2].tolerance_working_days",
        "不能长于主题承诺时限 5 个工作日",
        "exceeds the theme's promised limit 5",
    ),
    (
        "form_field material whose field is not on the form",
        "newborn.yaml",
        lambda d: theme(d)["form"].pop(5),
        "newborn.yaml",
        "themes[0].materials[5].form_field",
        "表单中没有字段“bank_account”",
        "the theme's form has no field 'bank_account'",
    ),
    (
        "produced by an unknown item",
        "newborn.yaml",
        lambda d: material(d, "BIRTH_CERT").update(produced_by="NB-00"),
        "newborn.yaml",
        "themes[0].materials[4].produced_by",
        "未知的事项“NB-00”",
        "unknown item 'NB-00'",
    ),
    (
        "optional item nothing selects",
        "newborn.yaml",
        lambda d: theme(d)["situations"][2]["options"][1].pop("select_items"),
        "newborn.yaml",
        "themes[0].items[4]",
        "非必办事项“NB-05”没有任何情形选项能选中它",
        "optional item 'NB-05' is selected by no situation option",
    ),
    (
        "promised limit longer than the legal one",
        "newborn.yaml",
        lambda d: item(d, "NB-01").update(promised_working_days=30),
        "newborn.yaml",
        "themes[0].items[0].promised_working_days",
        "长于法定时限 20 个工作日",
        "exceeds the legal limit 20",
    ),
    (
        "unknown eligibility rule",
        "newborn.yaml",
        lambda d: theme(d)["eligibility"][0].update(rule="age_under"),
        "newborn.yaml",
        "themes[0].eligibility[0].rule",
        "未知的资格规则“age_under”",
        "unknown eligibility rule",
    ),
    (
        "eligibility on a field not on the form",
        "newborn.yaml",
        lambda d: theme(d)["eligibility"][0]["params"].update(birth_date_field="applicant_phone_x"),
        "newborn.yaml",
        "themes[0].eligibility[0].params.birth_date_field",
        "表单中没有字段“applicant_phone_x”",
        "no field 'applicant_phone_x'",
    ),
    (
        "eligibility condition on an unknown question",
        "newborn.yaml",
        lambda d: theme(d)["eligibility"][0].update(
            when={"situation": "hair_colour", "in": ["red"]}
        ),
        "newborn.yaml",
        "themes[0].eligibility[0].when.situation",
        "未知或尚未提出的情形“hair_colour”",
        "unknown or later situation 'hair_colour'",
    ),
    (
        "complete theme without materials",
        "newborn.yaml",
        lambda d: theme(d).update(materials=[]),
        "newborn.yaml",
        "themes[0]",
        "完整主题必须有“materials”",
        "a complete theme needs 'materials'",
    ),
    (
        "life stage of the other audience",
        "newborn.yaml",
        lambda d: theme(d).update(life_stage="准入准营"),
        "newborn.yaml",
        "themes[0].life_stage",
        "不是个人的人生阶段",
        "is not a life stage for person",
    ),
    (
        "unknown enum value",
        "newborn.yaml",
        lambda d: theme(d).update(delivery=["window", "pigeon"]),
        "newborn.yaml",
        "themes[0].delivery[1]",
        "未知的送达方式“pigeon”",
        "unknown delivery option 'pigeon'",
    ),
    (
        "listing of an unknown list",
        "newborn.yaml",
        lambda d: theme(d)["listed_in"][0].update(list="nowhere"),
        "newborn.yaml",
        "themes[0].listed_in[0].list",
        "未知的清单“nowhere”",
        "unknown list 'nowhere'",
    ),
    (
        "two themes claim one list entry",
        "newborn.yaml",
        lambda d: theme(d, 1)["listed_in"][0].update(no=1),
        "newborn.yaml",
        "themes[1].listed_in[0]",
        "第 1 项已属于主题“NEWBORN”",
        "already belongs to theme 'NEWBORN'",
    ),
    (
        "unknown top-level key",
        "departments.yaml",
        lambda d: d.update(deparments=[]),
        "departments.yaml",
        "deparments",
        "未知的顶层键“deparments”",
        "unknown top-level key 'deparments'",
    ),
    (
        "catalog metadata declared twice",
        "departments.yaml",
        lambda d: d.update(catalog={"version": "2", "region": "又一个"}),
        "departments.yaml",
        "catalog",
        "只能声明一次",
        "declared twice",
    ),
]


@pytest.mark.parametrize(
    ("case", "file", "change", "where", "path", "zh", "en"), CASES, ids=[c[0] for c in CASES]
)
def test_each_problem_kind_is_reported_with_file_path_and_both_languages(
    tmp_path: Path,
    case: str,
    file: str,
    change: Callable[[Doc], object],
    where: str,
    path: str,
    zh: str,
    en: str,
) -> None:
    folder = copy_valid(tmp_path)
    edit(folder, file, change)
    problem = find(problems_of(folder), file=where, path=path, zh=zh, en=en)
    assert problem.line is not None
    assert problem.line > 0
    assert where in str(problem)
    assert path in str(problem)


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    (folder / "departments.yaml").write_text(
        "departments:\n  - {code: health, name: [\n", encoding="utf-8"
    )
    (problem,) = [p for p in problems_of(folder) if p.file == "departments.yaml"]
    assert problem.message_zh.startswith("YAML 语法错误")
    assert problem.line == 3


def test_duplicate_mapping_key_is_not_silently_overwritten(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    text = (folder / "catalog.yaml").read_text(encoding="utf-8")
    (folder / "catalog.yaml").write_text(
        text.replace('version: "test-1"', 'version: "a"\n  version: "b"')
    )
    problem = find(
        problems_of(folder),
        file="catalog.yaml",
        path="catalog.version",
        zh="重复出现",
        en="duplicate key",
    )
    assert problem.line == 3


def test_missing_catalog_metadata(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    edit(folder, "catalog.yaml", lambda d: d.pop("catalog"))
    assert any(
        "catalog" in p.message_en and "metadata" in p.message_en for p in problems_of(folder)
    )


def test_every_problem_is_reported_in_one_pass(tmp_path: Path) -> None:
    """One round of fixes, not one problem per run: problems in several files all come back."""
    folder = copy_valid(tmp_path)
    edit(folder, "fields.yaml", lambda d: d["fields"][2].update(type="telephone"))
    edit(folder, "departments.yaml", lambda d: d["departments"][1].update(code="health"))

    def several(d: Doc) -> None:
        item(d, "NB-01").update(depends_on=["NB-03"])
        material(d, "HOUSEHOLD_BOOK").update(fulfil=["submit", "fax"])
        theme(d).update(queue="abc")

    edit(folder, "newborn.yaml", several)
    problems = problems_of(folder)
    assert {p.file for p in problems} == {"fields.yaml", "departments.yaml", "newborn.yaml"}
    messages = " | ".join(p.message_en for p in problems)
    for expected in (
        "unknown field type",
        "duplicate department",
        "cycle",
        "unknown fulfil way",
        "does not match",
    ):
        assert expected in messages


def test_load_catalog_raises_with_all_problems(tmp_path: Path) -> None:
    folder = copy_valid(tmp_path)
    edit(
        folder,
        "newborn.yaml",
        lambda d: (item(d, "NB-01").update(department="x"), theme(d).update(queue="1")),
    )
    with pytest.raises(CatalogError) as raised:
        load_catalog(folder)
    assert len(raised.value.problems) == 2
    assert "目录有 2 处问题" in str(raised.value)


def test_empty_or_missing_folder(tmp_path: Path) -> None:
    _, problems = check_catalog(tmp_path / "absent")
    assert problems[0].message_en == "catalog folder not found"
    _, problems = check_catalog(tmp_path)
    assert problems[0].message_en == "no .yaml files in the folder"


# --- hall overrides ------------------------------------------------------------------------------


def write_override(tmp_path: Path, overrides: list[Doc]) -> Path:
    path = tmp_path / "hall.yaml"
    path.write_text(yaml.safe_dump({"overrides": overrides}, allow_unicode=True), encoding="utf-8")
    return path


def test_a_hall_overrides_regional_defaults(tmp_path: Path) -> None:
    override = write_override(
        tmp_path,
        [
            {
                "theme": "NEWBORN",
                "set": {"promised_working_days": 4, "queue": "B"},
                "items": {"NB-02": {"promised_working_days": 1}},
                "materials": {"HOUSEHOLD_BOOK": {"tolerance_working_days": 2}},
            }
        ],
    )
    newborn = load_catalog(VALID, overrides=[override]).theme("NEWBORN")
    assert newborn.promised_working_days == 4
    assert newborn.queue == "B"
    assert newborn.item("NB-02").promised_working_days == 1
    assert newborn.material("HOUSEHOLD_BOOK").tolerance_working_days == 2
    # The shipped data is untouched.
    assert load_catalog(VALID).theme("NEWBORN").promised_working_days == 5


def test_overrides_are_checked_like_the_catalog(tmp_path: Path) -> None:
    override = write_override(
        tmp_path,
        [
            {"theme": "NOPE", "set": {"queue": "C"}},
            {"theme": "NEWBORN", "set": {"items": []}, "materials": {"GHOST": {"note": "x"}}},
            {
                "theme": "NEWBORN",
                "set": {"promised_working_days": 2},
            },  # the 3-day tolerance no longer fits
        ],
    )
    _, problems = check_catalog(VALID, [override])
    text = " | ".join(p.message_en for p in problems)
    assert "override names unknown theme 'NOPE'" in text
    assert "'items' cannot be overridden" in text
    assert "theme 'NEWBORN' has no material 'GHOST'" in text
    assert "tolerance deadline 3 exceeds the theme's promised limit 2" in text
    assert all(
        p.file == str(override)
        for p in problems
        if "override" in p.message_en or "GHOST" in p.message_en
    )
