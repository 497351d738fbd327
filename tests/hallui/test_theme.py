"""The QSS themes: contrast computed from the stylesheet's own colours, elder-mode sizes."""

from __future__ import annotations

import re

import pytest

from hallui.theme import (
    Variant,
    contrast_ratio,
    load_theme,
    parse_rules,
    relative_luminance,
    render_stylesheet,
)

AA = 4.5


def test_contrast_formula_matches_wcag() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert relative_luminance("#FFFFFF") == pytest.approx(1.0)


@pytest.mark.parametrize("variant", list(Variant))
def test_every_text_colour_has_contrast_on_its_background(variant: Variant) -> None:
    rules = parse_rules(render_stylesheet("kiosk", load_theme(variant)))
    checked = 0
    for selector, declarations in rules:
        if "color" not in declarations:
            continue
        assert "background-color" in declarations, f"{selector} sets color without background"
        ratio = contrast_ratio(declarations["color"], declarations["background-color"])
        assert ratio >= AA, f"{variant}: {selector} has contrast {ratio:.2f}"
        checked += 1
    assert checked >= 20


def test_every_placeholder_is_filled() -> None:
    for variant in Variant:
        assert "{{" not in render_stylesheet("kiosk", load_theme(variant))


def test_elder_variant_meets_the_ageing_friendly_sizes() -> None:
    elder = load_theme(Variant.ELDER)
    normal = load_theme(Variant.NORMAL)
    text_sizes = [k for k in elder.variables if k.endswith("_pt")]
    assert text_sizes
    for key in text_sizes:
        assert elder.number(key) >= 18, key
        assert elder.number(key) > normal.number(key), key
    for key in ("target_px", "key_px", "tile_min_px"):
        assert elder.number(key) >= 60, key


def test_the_stylesheet_selects_by_role_property() -> None:
    qss = render_stylesheet("kiosk", load_theme(Variant.NORMAL))
    roles = set(re.findall(r'\[role="(\w+)"\]', qss))
    assert {"primary", "secondary", "help", "elder", "tile", "option", "card", "title"} <= roles
