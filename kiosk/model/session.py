"""One person's visit to the kiosk: where they are, what they chose, and wiping it all.

`KioskSession` is the model every kiosk screen takes. It routes between the screens
(`Route`), holds elder mode, the browser (home), the chosen theme and its `QuestionFlow`, the
help requests and the checklist's print status. `reset()` — on the idle timeout, on 返回首页
from the checklist, after a crash — wipes everything the person entered and returns home.

The server-dependent parts have their own models, owned here so that `reset()` wipes them too:
`ticket_form` (取号), `status_lookup` (how many ahead), `rating_form` (好差评), `prescan`.

Events: ``route(Route)``, ``answers()`` (the question flow moved), ``elder_mode(bool)``,
``help(HelpRequest)``, ``print(PrintStatus)``, ``reset()``, ``online(bool)``, ``say(str)`` (an
answer for the voice guide).
"""

from __future__ import annotations

import logging
from enum import StrEnum

from hallcore.catalog import Catalog, Theme
from hallui.observable import Observable
from kiosk.model.browse import CatalogBrowser
from kiosk.model.lookup import RatingForm, StatusLookup
from kiosk.model.prescan import PrescanDraft
from kiosk.model.questions import QuestionFlow
from kiosk.model.services import HelpRequest, KioskServices, PrintResult
from kiosk.model.ticketing import TicketForm

__all__ = ["KioskSession", "PrintStatus", "Route"]

log = logging.getLogger("onewindow.kiosk")


class Route(StrEnum):
    HOME = "home"
    THEME = "theme"
    QUESTIONS = "questions"
    CHECKLIST = "checklist"
    TAKE_TICKET = "take_ticket"
    TICKET = "ticket"
    STATUS = "status"
    RATING = "rating"
    PRESCAN = "prescan"


#: Screens that belong to one person's visit: 返回首页 from them wipes the session.
VISIT_ROUTES = frozenset(
    {Route.QUESTIONS, Route.CHECKLIST, Route.TAKE_TICKET, Route.TICKET, Route.STATUS,
     Route.RATING, Route.PRESCAN}
)  # fmt: skip


class PrintStatus(StrEnum):
    IDLE = "idle"
    PRINTING = "printing"
    DONE = "done"
    FAILED = "failed"


class KioskSession(Observable):
    EVENTS = ("route", "answers", "elder_mode", "help", "print", "reset", "online", "say")

    def __init__(self, catalog: Catalog, services: KioskServices | None = None) -> None:
        super().__init__()
        self.catalog = catalog
        self.services = services or KioskServices()
        self.browser = CatalogBrowser(catalog)
        self.route = Route.HOME
        self.elder_mode = False
        self.theme: Theme | None = None
        self.flow: QuestionFlow | None = None
        self.help_requested: HelpRequest | None = None
        self.print_status = PrintStatus.IDLE
        self.print_message = ""
        self.ticket_form = TicketForm(self.services.clock().date())
        self.status_lookup = StatusLookup()
        self.rating_form = RatingForm()
        self.prescan = PrescanDraft()
        self._ticket_origin = Route.THEME

    # --- navigation -------------------------------------------------------------------------
    def _go(self, route: Route) -> None:
        self.route = route
        self._emit("route", route)

    def open_theme(self, code: str) -> None:
        self.theme = self.catalog.theme(code)
        self.flow = None
        self._go(Route.THEME)

    def start_questions(self) -> None:
        """Begin the situation questions of the open theme (a complete one)."""
        if self.theme is None or not self.theme.complete:
            raise RuntimeError("no complete theme is open")
        self.flow = QuestionFlow(self.theme, self.catalog.fields)
        self._set_print(PrintStatus.IDLE, "")
        self._go(Route.CHECKLIST if self.flow.done else Route.QUESTIONS)

    def answer(self, options: str | list[str]) -> None:
        assert self.flow is not None
        self.flow.answer(options)
        self._emit("answers")
        if self.flow.done:
            self._go(Route.CHECKLIST)

    def skip(self) -> None:
        """Pass over an optional question (都不需要)."""
        assert self.flow is not None
        self.flow.skip()
        self._emit("answers")
        if self.flow.done:
            self._go(Route.CHECKLIST)

    def back(self) -> None:
        """One step back: checklist → last question → … → theme page → home."""
        if self.route is Route.CHECKLIST and self.flow is not None and self.flow.can_go_back:
            self.flow.back()
            self._go(Route.QUESTIONS)
        elif self.route is Route.QUESTIONS and self.flow is not None and self.flow.can_go_back:
            self.flow.back()
            self._emit("answers")
        elif self.route in (Route.QUESTIONS, Route.CHECKLIST):
            self.flow = None
            self._go(Route.THEME)
        elif self.route is Route.TAKE_TICKET:
            self.ticket_form.clear()
            self._go(self._ticket_origin)
        elif self.route is Route.PRESCAN:
            self._go(Route.TICKET)
        elif self.route is Route.TICKET:
            self.reset()  # the ticket is issued and printed: this visit is over
        else:
            self.go_home()

    def open_ticket(self) -> None:
        """取号 for the open theme (from its guide or from the checklist)."""
        if self.theme is None:
            raise RuntimeError("no theme is open")
        if self.route is not Route.TAKE_TICKET:
            self._ticket_origin = self.route if self.route is Route.CHECKLIST else Route.THEME
        self.ticket_form.start(self.theme.code, self.theme.name, self.services.clock().date())
        self._go(Route.TAKE_TICKET)

    def show_ticket(self) -> None:
        self._go(Route.TICKET)

    def open_prescan(self) -> None:
        if self.ticket_form.ticket is None:
            raise RuntimeError("pre-scan needs an issued ticket")
        flow = self.flow
        if flow is not None and flow.done:  # the personal checklist: exactly what to bring
            names = [entry.material.name for entry in flow.resolution.to_hand_in]
        else:
            names = [m.name for m in self.theme.materials if not m.exempt] if self.theme else []
        if not self.prescan.materials:
            self.prescan.start(names)
        self._go(Route.PRESCAN)

    def open_status(self) -> None:
        self.status_lookup.clear()
        self._go(Route.STATUS)

    def open_rating(self) -> None:
        self.rating_form.clear()
        self._go(Route.RATING)

    def go_home(self) -> None:
        self.theme = None
        self.flow = None
        self._go(Route.HOME)

    # --- elder mode, help, printing ---------------------------------------------------------
    def set_elder_mode(self, on: bool) -> None:
        if on != self.elder_mode:
            self.elder_mode = on
            self._emit("elder_mode", on)

    def set_online(self, online: bool) -> None:
        """The hall server became reachable or not (from the sync status)."""
        if online != self.services.online:
            self.services.online = online
            self._emit("online", online)

    def say(self, text: str) -> None:
        """Have the voice guide read out an answer that came back from the server."""
        self._emit("say", text)

    def request_help(self) -> HelpRequest:
        request = HelpRequest(
            self.services.kiosk_id,
            self.services.clock(),
            self.route.value,
            self.theme.code if self.theme else None,
        )
        self.services.help_desk.request_help(request)
        self.help_requested = request
        self._emit("help", request)
        return request

    @property
    def can_print(self) -> bool:
        return self.services.print_checklist is not None and self.print_status is not (
            PrintStatus.PRINTING
        )

    def print_started(self) -> None:
        self._set_print(PrintStatus.PRINTING, "")

    def print_finished(self, result: PrintResult) -> None:
        self._set_print(PrintStatus.DONE if result.ok else PrintStatus.FAILED, result.message_zh)

    def print_failed(self, error: BaseException) -> None:
        log.error("printing the checklist failed: %r", error)
        self._set_print(PrintStatus.FAILED, "")

    def _set_print(self, status: PrintStatus, message: str) -> None:
        self.print_status, self.print_message = status, message
        self._emit("print", status)

    # --- wiping -----------------------------------------------------------------------------
    def reset(self) -> None:
        """Forget everything this person entered and chose; back to the home screen."""
        self.theme = None
        self.flow = None
        self.help_requested = None
        self.print_status, self.print_message = PrintStatus.IDLE, ""
        self.ticket_form.clear()
        self.status_lookup.clear()
        self.rating_form.clear()
        self.prescan.clear()
        self.browser.clear()
        self.set_elder_mode(False)
        self._emit("reset")
        self._go(Route.HOME)
        log.info("session wiped")
