"""A logged case action, run through the lifecycle.

The hall server keeps every case action in an append-only log and rebuilds the case by running
the log through `Lifecycle` again; the desk keeps the actions the server confirmed and does the
same to print its notices. Both must turn an action and its parameters into the very same
lifecycle call, so the mapping lives here, once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from hallcore.case.lifecycle import CaseFile, Lifecycle
from hallcore.case.model import Case, MaterialRecord
from hallcore.catalog.model import Delivery

__all__ = ["run_action"]


def run_action(
    lifecycle: Lifecycle,
    file: CaseFile,
    case: Case,
    action: str,
    params: Mapping[str, Any],
    on: dt.date,
    *,
    tolerated: MaterialRecord | None = None,
) -> CaseFile:
    """Apply `action` (as logged) to `file`. `tolerated` is the material handed in for a
    `receive_tolerated` action (its record, decoded by whoever stored it). Raises the lifecycle's
    errors as they are, and ValueError for an action it does not know."""
    if action == "precheck":
        return lifecycle.run_precheck(file, case, on)
    if action == "correct_on_spot":
        return lifecycle.correct_on_spot(file, case, on)
    if action == "supplement":
        return lifecycle.notify_supplement(file, on)
    if action == "receive_supplement":
        return lifecycle.receive_supplement(file, case, on)
    if action == "tolerance":
        signed = bool(params.get("commitment_signed"))
        return lifecycle.accept_tolerance(file, on, commitment_signed=signed)
    if action == "not_accepted":
        return lifecycle.refuse(
            file,
            on,
            reason=params.get("reason", ""),
            legal_basis=params.get("legal_basis", ""),
            apply_to=params.get("apply_to", ""),
        )
    if action == "accept":
        return lifecycle.accept(file, on)
    if action == "dispatch":
        return lifecycle.dispatch(file, on)
    if action == "department_decision":
        return lifecycle.decide(
            file,
            params["department"],
            on,
            approved=bool(params["approved"]),
            opinion=params.get("opinion", ""),
        )
    if action == "ready":
        return lifecycle.mark_ready(file, on)
    if action == "deliver":
        return lifecycle.deliver(file, Delivery(params["method"]), on)
    if action == "withdraw":
        return lifecycle.withdraw(file, on, reason=params.get("reason", ""))
    if action == "deem_accepted":
        return lifecycle.deem_accepted(file, on)
    if action == "receive_tolerated" and tolerated is not None:
        return lifecycle.receive_tolerated(file, tolerated, on)
    if action == "terminate":
        return lifecycle.terminate(file, on)
    raise ValueError(f"unknown case action {action}")
