"""The case (办件): its model, the one-time pre-check, the lifecycle with its clocks, the notices.

* `hallcore.case.model` — `Case`, `Party`, `MaterialRecord`, `MaterialState`;
* `hallcore.case.precheck` — `precheck()` and its `Finding`s (一次告知: every rule, one pass);
* `hallcore.case.lifecycle` — `Lifecycle`, `CaseFile`, `CaseState`, the legal clocks;
* `hallcore.case.notices` — `build_notice()`: the contents of the six notices;
* `hallcore.case.retirement` — the statutory retirement age under the 2024 decision.
"""

from hallcore.case.lifecycle import (
    Action,
    CaseFile,
    CaseState,
    ClockPolicy,
    GuardFailed,
    IllegalTransition,
    Lifecycle,
    LifecycleError,
    SupplementReceipt,
    SupplementRequest,
)
from hallcore.case.model import Case, MaterialRecord, MaterialState, Party, PartyKind
from hallcore.case.notices import HallProfile, Handler, Notice, NoticeKind, build_notice
from hallcore.case.precheck import (
    Finding,
    FindingKind,
    Outcome,
    PrecheckResult,
    RuleCode,
    precheck,
)
from hallcore.case.retirement import RetirementCategory, statutory_retirement

__all__ = [
    "Action",
    "Case",
    "CaseFile",
    "CaseState",
    "ClockPolicy",
    "Finding",
    "FindingKind",
    "GuardFailed",
    "HallProfile",
    "Handler",
    "IllegalTransition",
    "Lifecycle",
    "LifecycleError",
    "MaterialRecord",
    "MaterialState",
    "Notice",
    "NoticeKind",
    "Outcome",
    "Party",
    "PartyKind",
    "PrecheckResult",
    "RetirementCategory",
    "RuleCode",
    "SupplementReceipt",
    "SupplementRequest",
    "build_notice",
    "precheck",
    "statutory_retirement",
]
