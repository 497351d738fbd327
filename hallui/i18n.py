"""Translations through Qt Linguist: Chinese (zh_CN) is the source language of every string.

Strings are marked with ``self.tr("…")`` in widgets and ``QCoreApplication.translate(context,
"…")`` elsewhere. `resources/i18n/onewindow_<lang>.ts` are the Linguist sources, made and
refreshed with ``pyside6-lupdate``; the compiled ``.qm`` next to them with ``pyside6-lrelease``
(see `resources/i18n/README.md`). Chinese needs no translator at all.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from hallui.resources import as_path, resource

__all__ = ["LANGUAGES", "install_translator"]

log = logging.getLogger("onewindow.ui.i18n")

LANGUAGES = ("zh_CN", "en")


def install_translator(app: QCoreApplication, language: str) -> QTranslator | None:
    """Install the translation for `language` (``"en"``); ``"zh_CN"`` is the source itself."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; one of {', '.join(LANGUAGES)}")
    if language == "zh_CN":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        return None
    name = f"i18n/onewindow_{language}.qm"
    if not resource(name).is_file():
        raise FileNotFoundError(f"resources/{name} is missing (run pyside6-lrelease)")
    translator = QTranslator(app)
    with as_path(name) as path:
        if not translator.load(str(path)):
            raise RuntimeError(f"Qt could not load resources/{name}")
    app.installTranslator(translator)
    QLocale.setDefault(QLocale(language))
    log.info("translation %s installed", language)
    return translator
