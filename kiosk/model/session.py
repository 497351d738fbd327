"""One person's visit to the kiosk: where they are, what they chose, and wiping it all.

`KioskSession` is the model every kiosk screen takes. It routes between the screens
(`Route`), holds elder mode, the browser (home), the chosen theme and its `QuestionFlow`, the
help requests and the checklist's print status. `reset()` — on the idle timeout, on 返回首页
from the checklist, after a crash — wipes everything the person entered and returns home.

The server-dependent parts have their own models, owned here so that `reset()` wipes them too:
`ticket_form` (取号), `check_in` (预约签到), `status_lookup` (how many ahead), `rating_form`
(好差评), `prescan`.

Events: ``route(Route)``, ``answers()`` (the question flow moved), ``elder_mode(bool)``,
``help(HelpRequest)``, ``print(PrintStatus)``, ``reset()``, ``online(bool)``, ``say(str)`` (an
answer for the voice guide).
"""

from __future__ import annotations

import logging
from enum import StrEnum

from hallcore.catalog import Catalog, Theme
from hallui.observable import Observable
from kiosk.model.appointments import CheckInForm
from kiosk.model.browse import CatalogBrowser
from kiosk.model.hall_link import IssuedTicket
from kiosk.model.lookup import RatingForm, StatusLookup
from kiosk.model.prescan import DraftTarget, MaterialChoice, PrescanDraft
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
    CHECK_IN = "check_in"


#: Screens that belong to one person's visit: 返回首页 from them wipes the session.
VISIT_ROUTES = frozenset(
    {Route.QUESTIONS, Route.CHECKLIST, Route.TAKE_TICKET, Route.TICKET, Route.STATUS,
     Route.RATING, Route.PRESCAN, Route.CHECK_IN}
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
        self.check_in = CheckInForm()
        self.status_lookup = StatusLookup()
        self.rating_form = RatingForm()
        self.prescan = PrescanDraft()
        self._ticket_origin = Route.THEME
        self._check_in_origin = Route.HOME

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
        elif self.route is Route.CHECK_IN:
            self.check_in.clear()
            self._go(self._check_in_origin)
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

    def open_check_in(self) -> None:
        """预约签到 (from home, or 我有预约 on the 取号 screen)."""
        if self.route is not Route.CHECK_IN:
            self._check_in_origin = (
                Route.TAKE_TICKET if self.route is Route.TAKE_TICKET else (Route.HOME)
            )
            self.check_in.clear()
        self._go(Route.CHECK_IN)

    def checked_in(self, ticket: IssuedTicket) -> None:
        """The server checked the appointment in: its ticket takes the 取号 path from here (the
        window prints it and shows the ticket screen on the form's ``issued``)."""
        theme = self.theme_for(ticket.theme)
        if theme is not None:
            self.theme = theme
            if self.flow is not None and self.flow.theme.code != theme.code:
                self.flow = None  # answers to another theme's questions are not this visit's
        name = theme.name if theme is not None else self._queue_name(ticket.queue)
        self.check_in.checked_in(ticket)
        self.ticket_form.checked_in(ticket, theme.code if theme else None, name)

    def theme_for(self, code: str | None) -> Theme | None:
        """The catalog theme of a code as the server spells it (the hall's configuration may
        spell catalog codes in lower case)."""
        if not code:
            return None
        folded = code.casefold()
        return next((t for t in self.catalog.themes if t.code.casefold() == folded), None)

    def _queue_name(self, queue: str) -> str:
        hall = self.services.hall
        info = hall.hall if hall is not None else None
        if info is not None:
            for q in info.queues:
                if q.code == queue:
                    return q.name_zh
        return "预约办理"

    def open_prescan(self) -> None:
        if self.ticket_form.ticket is None:
            raise RuntimeError("pre-scan needs an issued ticket")
        flow = self.flow
        if flow is not None and flow.done:  # the personal checklist: exactly what to bring
            materials = [entry.material for entry in flow.resolution.to_hand_in]
        else:
            # Without the checklist: what the theme may need on paper (not what the window prints).
            theme_materials = self.theme.materials if self.theme else ()
            materials = [m for m in theme_materials if not (m.exempt or m.signed_at_window)]
        if not self.prescan.materials:
            self.prescan.start([MaterialChoice(m.code, m.name) for m in materials])
        self._go(Route.PRESCAN)

    def draft_target(self) -> DraftTarget | None:
        """Where the pre-scanned pages go: the issued ticket's draft, with the catalog theme and
        the answers given here to that theme's questions."""
        ticket = self.ticket_form.ticket
        if ticket is None:
            return None
        theme = self.theme or self.theme_for(ticket.theme)
        flow = self.flow
        answers = (
            flow.answers
            if flow is not None and theme is not None and flow.theme.code == theme.code
            else {}
        )
        return DraftTarget(
            ticket, theme.code if theme is not None else None, answers, self.services.kiosk_id
        )

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
        self.check_in.clear()
        self.status_lookup.clear()
        self.rating_form.clear()
        self.prescan.clear()
        self.browser.clear()
        self.set_elder_mode(False)
        self._emit("reset")
        self._go(Route.HOME)
        log.info("session wiped")
