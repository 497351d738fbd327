"""The kiosk's models, without Qt: browse and search, the question flow, the session, admin."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest

from hallcore.catalog import Audience, Catalog, resolve
from kiosk.model.admin import CornerTaps, PinCheck
from kiosk.model.browse import CatalogBrowser, pinyin_initials
from kiosk.model.questions import QuestionFlow
from kiosk.model.services import KioskServices, LocalHelpDesk
from kiosk.model.session import KioskSession, Route

BIRTH_ANSWERS = {
    "birth_cert": "issued",
    "vaccination_cert": "issued",
    "parents_married": "married",
    "settle_with": "father",
    "settle_household": "parent",
    "parents_ethnicity": "same",
    "extras": ["pay_premium", "maternity_allowance"],
    "by_agent": "self",
}


def test_pinyin_initials_skip_punctuation() -> None:
    assert pinyin_initials("新生儿出生“一件事”") == "xsecsyjs"


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("xse", "BIRTH"),  # pinyin initials
        ("XSE", "BIRTH"),  # case does not matter
        ("tuixiu", "RETIRE"),  # full pinyin
        ("退休", "RETIRE"),  # Chinese in the name
        ("qykb", "STARTUP"),  # a company theme is found from the person tab too
        ("结婚", "MARRIAGE"),
    ],
)
def test_search_finds_themes(catalog: Catalog, query: str, first: str) -> None:
    browser = CatalogBrowser(catalog)
    assert browser.search(query)[0].code == first


def test_search_in_item_names_ranks_after_name_matches(catalog: Catalog) -> None:
    found = [t.code for t in CatalogBrowser(catalog).search("社会保障卡")]
    assert "BIRTH" in found  # an item of 新生儿出生 is 社会保障卡申领


def test_search_for_nothing_finds_nothing(catalog: Catalog) -> None:
    browser = CatalogBrowser(catalog)
    assert browser.search("量子计算") == ()
    assert browser.search("   ") == ()


def test_filters_by_audience_and_stage(catalog: Catalog) -> None:
    browser = CatalogBrowser(catalog)
    events: list[str] = []
    browser.subscribe("changed", lambda: events.append("changed"))
    assert {t.audience for t in browser.themes()} == {Audience.PERSON}
    browser.set_audience(Audience.COMPANY)
    assert {t.audience for t in browser.themes()} == {Audience.COMPANY}
    assert browser.stages[0] == "准入准营"
    browser.set_stage("准入准营")
    assert {t.life_stage for t in browser.themes()} == {"准入准营"}
    # Complete themes (with a full guide) come first.
    assert browser.themes()[0].complete
    assert events == ["changed", "changed"]


def test_question_flow_reaches_the_resolvers_checklist(catalog: Catalog) -> None:
    theme = catalog.theme("BIRTH")
    flow = QuestionFlow(theme, catalog.fields)
    while flow.current is not None:
        flow.answer(BIRTH_ANSWERS[flow.current.code])
    assert flow.done
    expected = resolve(theme, BIRTH_ANSWERS, catalog.fields)
    assert flow.resolution.checklist == expected.checklist
    assert flow.number == len(BIRTH_ANSWERS) + 1


def test_question_flow_goes_back_and_skips_questions_that_do_not_apply(catalog: Catalog) -> None:
    flow = QuestionFlow(catalog.theme("RETIRE"), catalog.fields)
    flow.answer("employer")
    flow.answer("normal")
    assert flow.current is not None
    assert flow.current.code == "deemed_years"
    flow.back()
    flow.answer("early")
    assert flow.current is not None
    assert flow.current.code == "early_reason"
    with pytest.raises(ValueError, match="not an answer"):
        flow.answer("no_such_option")


def test_session_routes_and_reset_wipes_everything(catalog: Catalog) -> None:
    desk = LocalHelpDesk()
    clock = dt.datetime(2026, 11, 2, 9, 30)
    session = KioskSession(catalog, KioskServices(help_desk=desk, clock=lambda: clock))
    routes: list[Route] = []
    session.subscribe("route", routes.append)
    session.browser.set_query("xse")
    session.set_elder_mode(True)
    session.open_theme("BIRTH")
    session.start_questions()
    session.answer("issued")
    request = session.request_help()
    assert desk.requests == [request]
    assert (request.screen, request.theme_code, request.at) == ("questions", "BIRTH", clock)

    session.reset()
    assert routes == [Route.THEME, Route.QUESTIONS, Route.HOME]
    assert session.flow is None
    assert session.theme is None
    assert session.browser.query == ""
    assert not session.elder_mode
    assert session.help_requested is None


def test_back_walks_from_the_checklist_to_home(catalog: Catalog) -> None:
    session = KioskSession(catalog)
    session.open_theme("VETERAN")
    session.start_questions()
    session.answer("soldier")
    session.answer("self_employed")
    session.answer(["preferential_card"])
    assert session.route is Route.CHECKLIST
    session.back()
    assert session.route is Route.QUESTIONS
    assert session.flow is not None
    assert session.flow.current is not None
    assert session.flow.current.code == "extras"
    session.back()
    session.back()
    session.back()
    assert session.route is Route.THEME
    session.back()
    assert session.route is Route.HOME


def test_corner_taps_need_a_quick_sequence() -> None:
    now = [0.0]
    taps = CornerTaps(taps=5, within_s=3.0, clock=lambda: now[0])
    for t in (0.0, 0.5, 1.0, 1.5):
        now[0] = t
        assert not taps.tap()
    now[0] = 10.0  # too slow: starts over
    assert not taps.tap()
    for t in (10.2, 10.4, 10.6):
        now[0] = t
        assert not taps.tap()
    now[0] = 10.8
    assert taps.tap()


def test_pin_check_locks_out_after_wrong_attempts() -> None:
    now = [0.0]
    pin = PinCheck("4321", max_attempts=3, lockout_s=60, clock=lambda: now[0])
    assert not pin.check("1111")
    assert not pin.check("2222")
    assert not pin.check("3333")
    assert pin.locked
    assert not pin.check("4321")  # even the right PIN, while locked
    now[0] = 61
    assert pin.check("4321")
    with pytest.raises(ValueError, match="4 digits"):
        PinCheck("12")


def test_models_import_no_qt() -> None:
    code = (
        "import sys, kiosk.model.session, kiosk.model.admin, kiosk.checklist_print;"
        "bad = [m for m in sys.modules if m.startswith('PySide6')];"
        "assert not bad, bad"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
