"""Health and the no-op the benchmark measures the stack against."""

from __future__ import annotations

from fastapi import APIRouter

from hall_server.schemas import HealthOut

router = APIRouter(tags=["system"])


@router.get("/health", response_model=HealthOut)
def health() -> HealthOut:
    """Public; touches no database: the same HTTP stack doing nothing (the benchmark's floor)."""
    return HealthOut()
