"""The board's look: one QSS template, two palettes (dark for a TV in a bright hall's far end,
light for a screen near windows), sizes scaled to the screen.

A hall TV is 1920×1080 or 1280×720 and read from ten metres away, so every size here is in
pixels of a 1920×1080 screen and multiplied by `scale` (the screen's height over 1080, or its
width over 1920 when that is smaller); `density` shrinks the window tiles when a hall has more
windows than three rows hold. Styling is by the ``role`` property, as in the kiosk.

Convention (checked by the tests, as for the kiosk's QSS): every rule that sets ``color`` also
sets ``background-color``, so the contrast of every text can be computed from the stylesheet.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from types import MappingProxyType

__all__ = ["PALETTES", "SIZES", "BoardTheme", "render_board_stylesheet"]


class BoardTheme(StrEnum):
    DARK = "dark"
    LIGHT = "light"


#: Colours per theme. Text on its background is at least 4.5:1 (WCAG AA), 7:1 for the numbers.
PALETTES = MappingProxyType(
    {
        BoardTheme.DARK: MappingProxyType(
            {
                "bg": "#0A111C",
                "header_bg": "#0F2744",
                "header_text": "#F4F7FB",
                "surface": "#15233A",
                "text": "#F4F7FB",
                "muted": "#B9C6D8",
                "number": "#FFD75E",
                "serving": "#9FD3FF",
                "paused_bg": "#2A2F38",
                "paused_text": "#C9CFD8",
                "hot_bg": "#FFD75E",
                "hot_text": "#1B1400",
                "banner_bg": "#122F57",
                "banner_text": "#FFFFFF",
                "online_bg": "#1E6B3A",
                "online_text": "#FFFFFF",
                "offline_bg": "#B3261E",
                "offline_text": "#FFFFFF",
                "line": "#2C3E5A",
            }
        ),
        BoardTheme.LIGHT: MappingProxyType(
            {
                "bg": "#E9EEF5",
                "header_bg": "#0B3D75",
                "header_text": "#FFFFFF",
                "surface": "#FFFFFF",
                "text": "#17202B",
                "muted": "#46525F",
                "number": "#B42318",
                "serving": "#0A4F96",
                "paused_bg": "#DCE2EA",
                "paused_text": "#36414D",
                "hot_bg": "#FFE08A",
                "hot_text": "#3A2A00",
                "banner_bg": "#FFFFFF",
                "banner_text": "#17202B",
                "online_bg": "#1B6B36",
                "online_text": "#FFFFFF",
                "offline_bg": "#B3261E",
                "offline_text": "#FFFFFF",
                "line": "#B7C3D1",
            }
        ),
    }
)

#: Pixel sizes on a 1920×1080 screen.
SIZES = MappingProxyType(
    {
        "hall_px": 40,
        "clock_px": 44,
        "date_px": 24,
        "badge_px": 24,
        "banner_px": 52,
        "banner_number_px": 96,
        "heading_px": 32,
        "tile_name_px": 25,
        "tile_number_px": 84,
        "tile_status_px": 26,
        "row_number_px": 44,
        "row_window_px": 34,
        "row_pad_px": 5,
        "queue_name_px": 32,
        "queue_count_px": 36,
        "empty_px": 30,
        "radius_px": 14,
        "pad_px": 14,
        "border_px": 3,
    }
)

_TEMPLATE = """
QWidget#board { background-color: {{bg}}; }
QWidget[role="board_body"] { background-color: {{bg}}; }
QFrame[role="header"] { background-color: {{header_bg}}; border: none; }
QLabel[role="hall_name"] { color: {{header_text}}; background-color: {{header_bg}};
    font-size: {{hall_px}}px; font-weight: bold; }
QLabel[role="clock"] { color: {{header_text}}; background-color: {{header_bg}};
    font-size: {{clock_px}}px; font-weight: bold; }
QLabel[role="date"] { color: {{header_text}}; background-color: {{header_bg}};
    font-size: {{date_px}}px; }
QFrame[role="sync_indicator"] { background-color: {{header_bg}}; border: none; }
QFrame[sync_state="online"] QLabel[role="badge"] { color: {{online_text}};
    background-color: {{online_bg}}; font-size: {{badge_px}}px; border-radius: {{radius_px}}px;
    padding: 4px {{pad_px}}px; }
QFrame[sync_state="offline"] QLabel[role="badge"],
QFrame[sync_state="unknown"] QLabel[role="badge"] {
    color: {{offline_text}}; background-color: {{offline_bg}}; font-size: {{badge_px}}px;
    border-radius: {{radius_px}}px; padding: 4px {{pad_px}}px; }
QFrame[role="banner"] { background-color: {{banner_bg}}; border-radius: {{radius_px}}px;
    border: {{border_px}}px solid {{line}}; }
QFrame[role="banner"] QLabel { color: {{banner_text}}; background-color: {{banner_bg}};
    font-size: {{banner_px}}px; font-weight: bold; }
QFrame[role="banner"] QLabel[role="banner_number"] { color: {{number}};
    background-color: {{banner_bg}}; font-size: {{banner_number_px}}px; }
QFrame[role="banner"][hot="true"] { background-color: {{hot_bg}}; border-color: {{hot_bg}}; }
QFrame[role="banner"][hot="true"] QLabel { color: {{hot_text}}; background-color: {{hot_bg}}; }
QFrame[role="banner"][hot="true"] QLabel[role="banner_number"] { color: {{hot_text}};
    background-color: {{hot_bg}}; }
QFrame[role="panel"] { background-color: {{surface}}; border-radius: {{radius_px}}px;
    border: {{border_px}}px solid {{line}}; }
QLabel[role="heading"] { color: {{muted}}; background-color: {{surface}};
    font-size: {{heading_px}}px; font-weight: bold; }
QLabel[role="row_number"] { color: {{number}}; background-color: {{surface}};
    font-size: {{row_number_px}}px; font-weight: bold; padding: {{row_pad_px}}px 0; }
QLabel[role="row_window"] { color: {{text}}; background-color: {{surface}};
    font-size: {{row_window_px}}px; padding: {{row_pad_px}}px 0; }
QLabel[role="queue_prefix"] { color: {{number}}; background-color: {{surface}};
    font-size: {{queue_count_px}}px; font-weight: bold; padding: {{row_pad_px}}px 0; }
QLabel[role="queue_name"] { color: {{text}}; background-color: {{surface}};
    font-size: {{queue_name_px}}px; padding: {{row_pad_px}}px 0; }
QLabel[role="queue_count"] { color: {{text}}; background-color: {{surface}};
    font-size: {{queue_count_px}}px; font-weight: bold; padding: {{row_pad_px}}px 0; }
QLabel[role="empty"] { color: {{muted}}; background-color: {{surface}};
    font-size: {{empty_px}}px; }
QFrame[role="tile"] { background-color: {{surface}}; border-radius: {{radius_px}}px;
    border: {{border_px}}px solid {{line}}; }
QFrame[role="tile"] QLabel { color: {{text}}; background-color: {{surface}}; }
QFrame[role="tile"] QLabel[role="tile_name"] { color: {{text}}; background-color: {{surface}};
    font-size: {{tile_name_px}}px; font-weight: bold; }
QFrame[role="tile"] QLabel[role="tile_number"] { color: {{number}};
    background-color: {{surface}}; font-size: {{tile_number_px}}px; font-weight: bold; }
QFrame[role="tile"] QLabel[role="tile_status"] { color: {{muted}}; background-color: {{surface}};
    font-size: {{tile_status_px}}px; }
QFrame[role="tile"][shows="serving"] QLabel[role="tile_number"] { color: {{serving}};
    background-color: {{surface}}; }
QFrame[role="tile"][shows="idle"] QLabel[role="tile_number"] { color: {{muted}};
    background-color: {{surface}}; }
QFrame[role="tile"][shows="paused"], QFrame[role="tile"][shows="closed"] {
    background-color: {{paused_bg}}; }
QFrame[role="tile"][shows="paused"] QLabel, QFrame[role="tile"][shows="closed"] QLabel {
    color: {{paused_text}}; background-color: {{paused_bg}}; }
QFrame[role="tile"][hot="true"] { background-color: {{hot_bg}}; border-color: {{hot_bg}}; }
QFrame[role="tile"][hot="true"] QLabel { color: {{hot_text}}; background-color: {{hot_bg}}; }
"""

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


@cache
def render_board_stylesheet(theme: BoardTheme, scale: float = 1.0, density: float = 1.0) -> str:
    """The stylesheet for `theme` with sizes for a screen `scale` × 1920×1080 (tiles also ×
    `density`). Cached: a resize to a known size re-uses the text."""
    values: dict[str, str] = dict(PALETTES[theme])
    for name, px in SIZES.items():
        factor = scale * (density if name.startswith("tile_") else 1.0)
        values[name] = str(max(1, round(px * factor)))
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], _TEMPLATE)
