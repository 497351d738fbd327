"""QSS themes: one stylesheet template per app, variables per variant (normal, elder).

`resources/qss/<app>.qss` is a Qt stylesheet with ``{{ name }}`` placeholders; the variants live
in `resources/qss/themes.toml` as tables of variables (colours, point sizes, target sizes). The
elder variant (长辈版, hall_domain.md §5.2) is the same template with larger sizes and stronger
colours, so the two can never drift apart in structure. Widgets are styled through property
selectors (``QLabel[role="title"]``, ``QPushButton[role="primary"]``), never inline strings.

Convention checked by the tests: every rule that sets ``color`` also sets ``background-color``,
so the contrast of each rule can be computed from the stylesheet alone.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from types import MappingProxyType

from hallui.resources import read_text

__all__ = [
    "Theme",
    "Variant",
    "contrast_ratio",
    "load_theme",
    "parse_rules",
    "relative_luminance",
    "render_stylesheet",
]

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
_COMMENT = re.compile(r"/\*.*?\*/", re.S)


class Variant(StrEnum):
    NORMAL = "normal"
    ELDER = "elder"


@dataclass(frozen=True, slots=True)
class Theme:
    variant: Variant
    variables: Mapping[str, str]

    def get(self, name: str) -> str:
        return self.variables[name]

    def number(self, name: str) -> float:
        return float(self.variables[name])


@cache
def _themes() -> Mapping[str, Mapping[str, object]]:
    return tomllib.loads(read_text("qss/themes.toml"))


def load_theme(variant: Variant) -> Theme:
    table = _themes()
    base = dict(table["normal"])
    if variant is not Variant.NORMAL:
        base.update(table[variant.value])
    return Theme(variant, MappingProxyType({k: str(v) for k, v in base.items()}))


def render_stylesheet(app: str, theme: Theme) -> str:
    """The stylesheet of `app` (``"kiosk"``) with the theme's variables filled in."""
    template = _COMMENT.sub("", read_text(f"qss/{app}.qss"))

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in theme.variables:
            raise KeyError(f"qss/{app}.qss uses {{{{ {name} }}}}, which themes.toml lacks")
        return theme.variables[name]

    return _PLACEHOLDER.sub(fill, template)


_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")


def parse_rules(stylesheet: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, declarations) for each rule of a flat stylesheet."""
    rules = []
    for selector, body in _RULE.findall(_COMMENT.sub("", stylesheet)):
        declarations = {}
        for declaration in body.split(";"):
            if ":" in declaration:
                key, value = declaration.split(":", 1)
                declarations[key.strip().lower()] = value.strip()
        rules.append((" ".join(selector.split()), declarations))
    return rules


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    value = colour.strip().lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio, from 1 to 21."""
    a, b = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)
