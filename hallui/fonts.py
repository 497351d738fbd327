"""The bundled CJK font, loaded into Qt so that no font has to be installed on the machine.

`resources/fonts/wqy-microhei.ttc` (WenQuanYi Micro Hei, see its README) is added to the
application font database from memory; the application font then names it first, with common
system CJK faces as fallbacks. Setting the families explicitly also keeps Han characters in their
Chinese shapes (ecosystem.md §5: fontconfig may otherwise pick a Japanese face).
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from hallui.resources import read_bytes

__all__ = ["FAMILIES", "PRIMARY_FAMILY", "apply_app_font", "load_bundled_fonts"]

log = logging.getLogger("onewindow.ui.fonts")

FONT_FILE = "fonts/wqy-microhei.ttc"
PRIMARY_FAMILY = "WenQuanYi Micro Hei"
FAMILIES = [PRIMARY_FAMILY, "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC"]

_loaded: list[str] = []


def load_bundled_fonts() -> list[str]:
    """Add the bundled font to Qt's database (once); returns its family names."""
    if not _loaded:
        font_id = QFontDatabase.addApplicationFontFromData(read_bytes(FONT_FILE))
        if font_id < 0:
            raise RuntimeError(f"Qt could not load the bundled font {FONT_FILE}")
        _loaded.extend(QFontDatabase.applicationFontFamilies(font_id))
        log.info("loaded bundled font families: %s", ", ".join(_loaded))
    return list(_loaded)


def apply_app_font(app: QApplication, point_size: float = 14.0) -> QFont:
    load_bundled_fonts()
    font = QFont()
    font.setFamilies(FAMILIES)
    font.setPointSizeF(point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    return font
