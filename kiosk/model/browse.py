"""Browsing the catalog: themes grouped by audience (个人/法人) and life stage, and search.

Search takes Chinese text (matched in the theme's name, then its summary and item names) or
Latin letters, matched against the pinyin initials of the theme's name (``xse`` finds
新生儿出生) and its full pinyin (``tuixiu`` finds 退休). Letters are case-insensitive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

from hallcore.catalog import Audience, Catalog, Theme
from hallcore.catalog.model import COMPANY_LIFE_STAGES, PERSON_LIFE_STAGES
from hallui.observable import Observable

__all__ = ["CatalogBrowser", "SearchEntry", "pinyin_initials"]

_HAN = re.compile(r"[\u3400-\u9fff]+")
_LATIN = re.compile(r"^[A-Za-z ]+$")


def pinyin_initials(text: str) -> str:
    """``新生儿出生“一件事”`` → ``xsecsyjs``: the first letter of each Chinese character."""
    han = "".join(_HAN.findall(text))
    return "".join(lazy_pinyin(han, style=Style.FIRST_LETTER)).lower()


@dataclass(frozen=True, slots=True)
class SearchEntry:
    theme: Theme
    initials: str
    full_pinyin: str
    text: str  # summary and item names, for Chinese search beyond the name


def _entry(theme: Theme) -> SearchEntry:
    han = "".join(_HAN.findall(theme.name))
    return SearchEntry(
        theme,
        pinyin_initials(theme.name),
        "".join(lazy_pinyin(han)).lower(),
        " ".join([theme.summary, theme.life_stage, *(i.name for i in theme.items)]),
    )


class CatalogBrowser(Observable):
    """Which themes the home screen shows. Events: ``changed()``."""

    EVENTS = ("changed",)

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog
        self._entries = tuple(_entry(t) for t in catalog.themes)
        self.audience = Audience.PERSON
        self.stage: str | None = None  # None: every life stage
        self.query = ""

    @property
    def stages(self) -> tuple[str, ...]:
        """The life stages of the current audience that have at least one theme."""
        order = PERSON_LIFE_STAGES if self.audience is Audience.PERSON else COMPANY_LIFE_STAGES
        present = {t.life_stage for t in self.catalog.themes if t.audience is self.audience}
        return tuple(s for s in order if s in present)

    def set_audience(self, audience: Audience) -> None:
        if audience is not self.audience:
            self.audience = audience
            self.stage = None
            self._emit("changed")

    def set_stage(self, stage: str | None) -> None:
        if stage != self.stage:
            self.stage = stage
            self._emit("changed")

    def set_query(self, query: str) -> None:
        query = query.strip()
        if query != self.query:
            self.query = query
            self._emit("changed")

    def clear(self) -> None:
        self.audience, self.stage, self.query = Audience.PERSON, None, ""
        self._emit("changed")

    @property
    def searching(self) -> bool:
        return bool(self.query)

    def themes(self) -> tuple[Theme, ...]:
        """The search results when searching (any audience), else the filtered themes; complete
        themes (with a full 办事指南) first, then by catalog order."""
        if self.searching:
            found = self.search(self.query)
        else:
            found = tuple(
                t
                for t in self.catalog.themes
                if t.audience is self.audience
                and (self.stage is None or t.life_stage == self.stage)
            )
            found = tuple(sorted(found, key=lambda t: not t.complete))
        return found

    def search(self, query: str) -> tuple[Theme, ...]:
        query = query.strip()
        if not query:
            return ()
        if _LATIN.match(query):
            letters = query.replace(" ", "").lower()
            ranked = [
                (0 if e.initials.startswith(letters) else 1, i, e.theme)
                for i, e in enumerate(self._entries)
                if letters in e.initials or letters in e.full_pinyin
            ]
        else:
            ranked = []
            for i, e in enumerate(self._entries):
                if query in e.theme.name:
                    ranked.append((0, i, e.theme))
                elif query in e.text:
                    ranked.append((1, i, e.theme))
        return tuple(theme for _, _, theme in sorted(ranked, key=lambda r: (r[0], r[1])))
