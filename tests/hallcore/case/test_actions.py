"""The logged case actions, run through the lifecycle by one mapping (server and desk alike)."""

from __future__ import annotations

import datetime as dt

import pytest

from hallcore.case.actions import run_action
from tests.hallcore.case.builders import lifecycle, newborn_case

ON = dt.date(2024, 5, 6)


def test_a_logged_precheck_is_the_lifecycle_s_own() -> None:
    rules, case = lifecycle(), newborn_case()
    file = rules.open(case)
    assert run_action(rules, file, case, "precheck", {}, ON) == rules.run_precheck(file, case, ON)


@pytest.mark.parametrize("action", ["no_such_action", "receive_tolerated"])
def test_an_unknown_action_or_a_receipt_without_its_record_is_refused(action: str) -> None:
    rules, case = lifecycle(), newborn_case()
    with pytest.raises(ValueError, match=f"unknown case action {action}"):
        run_action(rules, rules.open(case), case, action, {}, ON)
