"""Chinese names for the codes the server's figures carry (themes, channels, case states).

Ticket themes are the hall's queue themes (`birth`, `social_insurance` …); a code this table
does not know is looked up in the shipped catalog's themes (`BIRTH` …), else shown as it is.
"""

from __future__ import annotations

from functools import cache

__all__ = ["channel_name", "theme_name"]

_THEMES = {
    "pickup": "取件",
    "consult": "咨询",
    "social_insurance": "社保",
    "medical_insurance": "医保",
    "birth": "新生儿出生“一件事”",
    "retirement": "退休“一件事”",
    "company": "企业开办",
    "property": "不动产登记",
    "": "未分主题",
}
_CHANNELS = {"kiosk": "自助终端", "window": "窗口代取", "appointment": "预约", "mobile": "手机"}


@cache
def _catalog_names() -> dict[str, str]:
    from hallcore.catalog import load_catalog

    return {t.code: t.name for t in load_catalog().themes}


def theme_name(code: str | None) -> str:
    key = code or ""
    if key in _THEMES:
        return _THEMES[key]
    return _catalog_names().get(key.upper(), key)


def channel_name(code: str) -> str:
    return _CHANNELS.get(code, code)
