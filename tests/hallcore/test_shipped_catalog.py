"""The shipped catalog: complete, faithful to its source lists, and usable for every answer."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from hallcore.case.retirement import parse_retirement_category
from hallcore.catalog import load_catalog, resolve
from hallcore.catalog.model import Catalog, FulfilWay, Theme

SEED_LISTS = Path(__file__).parents[1] / "fixtures" / "seed_lists"
SIX_REQUIRED = ("BIRTH", "STARTUP", "RETIRE", "POSTHUMOUS", "RESTAURANT")
ONE_OF = ("VETERAN", "MARRIAGE")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


def seed_rows(list_code: str) -> list[tuple[int, str, str, list[str]]]:
    rows = []
    for line in (SEED_LISTS / f"{list_code}.tsv").read_text(encoding="utf-8").splitlines():
        number, name, lead, cooperating = [*line.split("\t"), ""][:4]
        rows.append((int(number), name, lead, [c for c in cooperating.split("、") if c]))
    return rows


def normalized(name: str) -> str:
    """Names as the lists print them and as the catalog records them differ only in spacing,
    the national-deployment asterisk and half- or full-width brackets."""
    return name.replace("*", "").replace(" ", "").replace("(", "（").replace(")", "）")


@pytest.mark.parametrize("list_code", ["js2021_premium", "js2021_standard", "jurong2022"])
def test_every_theme_of_the_seed_lists_is_present_with_its_departments(
    catalog: Catalog, list_code: str
) -> None:
    listings = {
        listing.no: (theme, listing)
        for theme in catalog.themes
        for listing in theme.listed_in
        if listing.list == list_code
    }
    rows = seed_rows(list_code)
    assert sorted(listings) == [number for number, *_ in rows]
    for number, name, lead, cooperating in rows:
        theme, listing = listings[number]
        assert normalized(listing.name) == normalized(name), (list_code, number)
        # The list's own departments are kept: as many as the list names. Two exceptions the
        # format forces: a joint lead is one lead and one cooperating department, and several
        # named 街道 (subdistricts) are one department, the subdistrict offices.
        joint_lead = "、" in lead
        streets = [c for c in cooperating if c.endswith("街道")]
        expected = len(cooperating) - len(streets) + bool(streets) + joint_lead
        assert len(listing.cooperating) == expected, (list_code, number)
        assert theme.lead_department in catalog.departments


def test_at_least_six_themes_are_complete(catalog: Catalog) -> None:
    complete = {t.code for t in catalog.complete_themes}
    assert set(SIX_REQUIRED) <= complete
    assert complete & set(ONE_OF)


def answer_sets(theme: Theme, limit: int = 400) -> Iterator[dict[str, str | list[str]]]:
    """Every combination of single answers (multiple-choice questions: none, each one, all),
    walking conditional questions, up to `limit` combinations."""
    choices: list[list[str | list[str] | None]] = []
    for s in theme.situations:
        codes = [o.code for o in s.options]
        if s.multiple:
            options: list[str | list[str] | None] = [*([c] for c in codes), codes]
        else:
            options = list(codes)
        choices.append(options if s.required else [None, *options])
    for combo in itertools.islice(itertools.product(*choices), limit):
        answers: dict[str, str | list[str]] = {}
        for s, value in zip(theme.situations, combo, strict=True):
            applies = all(
                c.situation in answers and set(c.options) & set(_as_list(answers[c.situation]))
                for c in s.when
            )
            if applies and value is not None and value != []:
                answers[s.code] = value
        yield answers


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else value


def test_every_complete_theme_resolves_for_every_answer(catalog: Catalog) -> None:
    for theme in catalog.complete_themes:
        seen_items: set[str] = set()
        for answers in answer_sets(theme):
            r = resolve(theme, answers, catalog.fields).require_complete()
            seen_items |= r.item_codes
            departments = set(theme.departments)
            assert all(s.item.department in departments for s in r.items)
            for entry in r.checklist:
                assert entry.reasons, (theme.code, entry.material.code)
                # 两个免于提交 / 国务院令第716号 §7: what e-licences or data sharing can supply is
                # never on the list of things to bring.
                if entry.material.exempt:
                    assert not entry.to_hand_in
                if entry.to_hand_in:
                    assert entry.material.standard, (theme.code, entry.material.code)
                # Every material is on the list in exactly one group: bring, exempt (nothing to
                # do), signed at the window, or a form value.
                groups = (entry.to_hand_in, entry.exempt, entry.signed_at_window)
                assert sum(groups) <= 1, (theme.code, entry.material.code)
            # The application form is printed by the window and signed there; nobody brings it.
            signed = {e.material.code for e in r.signed_at_window}
            assert signed == {m.code for m in theme.materials if m.signed_at_window}
            assert not signed & {e.material.code for e in r.to_hand_in}
            keys = [f.field.key for f in r.form]
            assert len(keys) == len(set(keys))
        # Every item of the theme is reachable by some answers.
        assert seen_items == {i.code for i in theme.items}, theme.code


def test_complete_themes_say_what_is_regional_and_where_it_comes_from(catalog: Catalog) -> None:
    for theme in catalog.complete_themes:
        assert "默认" in theme.regional_defaults, theme.code
        assert theme.sources, theme.code
        assert theme.legal_basis, theme.code
        assert theme.promised_working_days is not None


def test_every_fulfil_way_is_used(catalog: Catalog) -> None:
    used = {way for t in catalog.complete_themes for m in t.materials for way in m.fulfil}
    assert used == set(FulfilWay)


def test_retirement_age_is_computed_not_fixed(catalog: Catalog) -> None:
    retire = catalog.theme("RETIRE")
    (rule,) = [r for r in retire.eligibility if r.rule == "retirement_age"]
    category = catalog.fields[str(rule.params["category_field"])]
    # Every category the form offers is one the statutory computation knows.
    assert category.choices
    assert all(parse_retirement_category(c.code) is not None for c in category.choices)
    assert "60" not in category.label
