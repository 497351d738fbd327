"""Figures as the dashboard writes them (Qt-free, shared by the screens and the exports)."""

from __future__ import annotations

__all__ = ["minutes_text", "percent_text"]


def minutes_text(seconds: float | None) -> str:
    """`—` for no figure, whole minutes below an hour (`7分钟`), then `1小时05分`."""
    if seconds is None:
        return "—"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes}分钟"
    return f"{minutes // 60}小时{minutes % 60:02d}分"


def percent_text(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"
