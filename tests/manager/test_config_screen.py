"""Regression (issue 11): the configuration screen drops the answer of a load that a later load or
save overtook (each request takes a serial number), and ignores a `hall_config_changed` event
for a version it already holds (the echo of its own save).

The screen runs against a controller whose requests are answered when the test says so, in the
order it chooses: `run` does the request's work at once (so a read that left before a save reads
the old version, as on the real server) and holds its answer until `deliver`. Behind it, an
in-memory stand-in for `GET/PUT /hall/config`: versions, `If-Match` (412 on a stale one), and the
server's own document model and hallcore's checks on what is saved. The end-to-end run against a
real server is tests/manager/test_screens.py."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import pytest
from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot

from hall_server.hall_config import HallConfigDoc, build, document_of
from hallcore.queue.scenarios import busy_hall
from manager.api import ManagerApiError
from manager.controller import DashboardController
from manager.screens.config import ConfigScreen
from server_sync import SyncError

CHANGED_ELSEWHERE = "配置已被他人修改；保存前请重新读取"


@dataclass
class ConfigStore:
    """`GET/PUT /hall/config` in memory; `requests` names each request as it is made."""

    versions: list[dict[str, Any]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.versions.append(document_of(busy_hall()).model_dump(mode="json"))

    @property
    def version(self) -> int:
        return len(self.versions)

    def _answer(self) -> tuple[dict[str, Any], str | None]:
        return copy.deepcopy(self.versions[-1]), f'"{self.version}"'

    def hall_config(self) -> tuple[dict[str, Any], str | None]:
        self.requests.append("GET")
        return self._answer()

    def put_hall_config(
        self, document: dict[str, Any], version: str | None
    ) -> tuple[dict[str, Any], str | None]:
        self.requests.append("PUT")
        if (version or "").strip('"') != str(self.version):
            raise ManagerApiError(
                SyncError(
                    "stale_version",
                    f"配置已被他人修改（当前第 {self.version} 版），请刷新后重试",
                    "the configuration changed meanwhile",
                ),
                rejected=True,
                status=412,
            )
        self._store(document)
        return self._answer()

    def save_elsewhere(self, change: Callable[[dict[str, Any]], None]) -> int:
        """Another manager's save; returns the version its event carries."""
        document = copy.deepcopy(self.versions[-1])
        change(document)
        self._store(document)
        return self.version

    def _store(self, document: dict[str, Any]) -> None:
        doc = HallConfigDoc.model_validate(document | {"version": self.version + 1})
        build(doc)  # what the server checks before it stores a version
        self.versions.append(doc.model_dump(mode="json"))


@dataclass
class Pending:
    request: str
    answer: Callable[[], None]


class HeldController(QObject):
    """What the screen uses of `DashboardController`: `api`, `run`, `error`,
    `on_config_changed`; every answer held until `deliver`."""

    error = Signal(str)

    def __init__(self, api: ConfigStore) -> None:
        super().__init__()
        self.api = api
        self.on_config_changed: Callable[[int | None], None] | None = None
        self.pending: list[Pending] = []
        self.errors: list[str] = []
        self.error.connect(self.errors.append)

    def run(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        try:
            result = work()
        except ManagerApiError as failure:
            caught = failure

            def fail() -> None:
                self.error.emit(caught.error.message_zh)
                if on_error is not None:
                    on_error(caught)

            self.pending.append(Pending(self.api.requests[-1], fail))
            return
        self.pending.append(Pending(self.api.requests[-1], lambda: on_done(result)))

    def deliver(self, request: str, *, newest: bool = False) -> None:
        """Answer the oldest (or the newest) pending request of this kind (`GET` or `PUT`)."""
        matching = [p for p in self.pending if p.request == request]
        pending = matching[-1] if newest else matching[0]
        self.pending.remove(pending)
        pending.answer()

    def config_changed(self, version: int | None) -> None:
        """A `hall_config_changed` event, as the real controller passes it on."""
        assert self.on_config_changed is not None
        self.on_config_changed(version)


@pytest.fixture
def store() -> ConfigStore:
    return ConfigStore()


@pytest.fixture
def controller(store: ConfigStore) -> Iterator[HeldController]:
    held = HeldController(store)
    yield held
    held.deleteLater()


@pytest.fixture
def screen(qtbot: QtBot, controller: HeldController) -> ConfigScreen:
    built = ConfigScreen(cast(DashboardController, controller))
    qtbot.addWidget(built)
    built.load()
    controller.deliver("GET")
    assert built.state.text() == "当前为第 1 版"
    assert not built.form.dirty
    return built


def set_cut_off(screen: ConfigScreen, minutes: str) -> None:
    """Type into the field; the save reads it."""
    screen.cut_off.setText(minutes)


def edit_weight(screen: ConfigScreen, text: str) -> None:
    """Edit window 1's 一件事 weight in the table: the form is dirty at once."""
    column = screen.form.queue_codes.index("one_thing")
    item = screen.weights.item(0, column)
    assert item is not None
    item.setText(text)


@pytest.mark.parametrize(
    "order", [("PUT", "GET"), ("GET", "PUT")], ids=["save-first", "load-first"]
)
def test_a_load_overtaken_by_a_save_is_dropped(
    screen: ConfigScreen, controller: HeldController, store: ConfigStore, order: tuple[str, str]
) -> None:
    screen.load()  # reads version 1 now; its answer is held
    set_cut_off(screen, "15")
    screen.save()  # stores version 2
    assert store.requests[-2:] == ["GET", "PUT"]
    assert store.version == 2
    for request in order:
        controller.deliver(request)
    assert screen.state.text() == "已保存第 2 版，已生效"
    assert screen.form.version == '"2"'
    assert screen.form.doc == store.versions[1]
    assert screen.form.doc["cut_off_minutes"] == 15
    assert screen.cut_off.text() == "15"
    assert not screen.form.dirty
    assert screen.save_button.isEnabled()
    assert controller.pending == []
    assert controller.errors == []


def test_a_load_overtaken_by_a_later_load_is_dropped(
    screen: ConfigScreen, controller: HeldController, store: ConfigStore
) -> None:
    screen.load()  # version 1
    store.save_elsewhere(lambda d: d.update(cut_off_minutes=45))
    screen.load()  # version 2
    controller.deliver("GET", newest=True)
    assert (screen.form.version, screen.state.text()) == ('"2"', "当前为第 2 版")
    controller.deliver("GET")  # the first load's answer, late: version 1, overtaken
    assert (screen.form.version, screen.state.text()) == ('"2"', "当前为第 2 版")
    assert screen.cut_off.text() == "45"


def test_a_save_answer_overtaken_by_a_later_load_is_dropped(
    screen: ConfigScreen, controller: HeldController, store: ConfigStore
) -> None:
    set_cut_off(screen, "20")
    screen.save()  # stores version 2
    store.save_elsewhere(lambda d: d.update(cut_off_minutes=45))
    screen.load()  # 重新读取 while the save's answer is on its way: version 3
    controller.deliver("GET")
    controller.deliver("PUT")
    assert (screen.form.version, screen.state.text()) == ('"3"', "当前为第 3 版")
    assert screen.cut_off.text() == "45"
    assert screen.save_button.isEnabled()  # the dropped answer still ends the save


def test_the_echo_of_our_own_save_loads_nothing(
    screen: ConfigScreen, controller: HeldController, store: ConfigStore
) -> None:
    set_cut_off(screen, "20")
    screen.save()
    controller.deliver("PUT")
    assert screen.state.text() == "已保存第 2 版，已生效"
    requests = list(store.requests)
    controller.config_changed(2)  # our own save's event
    controller.config_changed(1)  # an older one, late
    assert store.requests == requests
    assert controller.pending == []
    assert screen.state.text() == "已保存第 2 版，已生效"
    assert screen.form.doc["cut_off_minutes"] == 20


def test_the_echo_before_the_saves_answer_is_not_a_change_by_others(
    screen: ConfigScreen, controller: HeldController, store: ConfigStore
) -> None:
    set_cut_off(screen, "20")
    screen.save()
    assert not screen.save_button.isEnabled()
    controller.config_changed(2)  # the event of our save, before its answer
    assert [p.request for p in controller.pending] == ["PUT"]
    controller.deliver("PUT")
    assert screen.state.text() == "已保存第 2 版，已生效"


def test_a_newer_version_reloads_a_clean_form(
    screen: ConfigScreen, controller: HeldController, store: ConfigStore
) -> None:
    version = store.save_elsewhere(lambda d: d.update(cut_off_minutes=45))
    controller.config_changed(version)
    assert [p.request for p in controller.pending] == ["GET"]
    controller.deliver("GET")
    assert screen.state.text() == "当前为第 2 版"
    assert (screen.form.version, screen.cut_off.text()) == ('"2"', "45")
    assert not screen.form.dirty


def test_a_newer_version_while_dirty_warns_and_keeps_the_edit(
    screen: ConfigScreen, controller: HeldController, store: ConfigStore
) -> None:
    edit_weight(screen, "3")
    assert screen.form.dirty
    version = store.save_elsewhere(lambda d: d.update(cut_off_minutes=45))
    controller.config_changed(version)
    assert controller.pending == []  # no load over the manager's edit
    assert screen.state.text() == CHANGED_ELSEWHERE
    assert screen.form.weight(1, "one_thing") == 3
    # Saving anyway names the version the form was read at: the server refuses it.
    screen.save()
    controller.deliver("PUT")
    assert controller.errors == ["配置已被他人修改（当前第 2 版），请刷新后重试"]
    assert screen.save_button.isEnabled()
    assert store.version == 2


def test_a_change_during_the_save_is_reported_with_its_answer(
    screen: ConfigScreen, controller: HeldController, store: ConfigStore
) -> None:
    edit_weight(screen, "3")
    screen.save()  # stores version 2; the answer is on its way
    version = store.save_elsewhere(lambda d: d.update(cut_off_minutes=45))
    assert version == 3
    controller.config_changed(version)  # someone else's version 3, before our answer
    assert [p.request for p in controller.pending] == ["PUT"]
    controller.deliver("PUT")
    assert screen.state.text() == "已保存第 2 版；之后配置又被他人修改，请重新读取"
    assert screen.form.version == '"2"'
    assert screen.form.doc == store.versions[1]
    assert screen.form.weight(1, "one_thing") == 3
    assert controller.pending == []  # it says so; it does not load over it
