"""The queue (排队叫号) of DESIGN §3: configuration, tickets, calling policy, wait estimate, and a
hall simulator that drives them.

- `config`: the hall's queues, windows, opening hours, priority classes and rules;
- `tickets`: the ticket and its state machine (pure transitions);
- `policy`: which ticket a window gets on "call next" (a pure function, golden-tested);
- `hall`: the live queue of one hall for one business day, applying the rules;
- `scenarios`: sample halls and days (the benchmark's busy day) for the simulator;
- `estimate`: the expected wait, learned per theme;
- `simulator`: a discrete-event hall for tests and benchmarks;
- `errors`: refusals with Chinese and English messages.
"""

from hallcore.queue.config import (
    DEFAULT_PRIORITY_CLASSES,
    AppointmentLimits,
    HalfDay,
    HallConfig,
    NoShowRule,
    PriorityClass,
    PriorityRatio,
    QueueConfig,
    Serve,
    Session,
    WindowConfig,
    WindowKind,
)
from hallcore.queue.errors import ConfigError, ErrorCode, IllegalTransition, QueueError
from hallcore.queue.estimate import (
    EstimatorSettings,
    HallView,
    RecentArrivals,
    ServiceTimes,
    WaitEstimate,
    effective_windows,
    estimate_new,
    estimate_wait,
)
from hallcore.queue.hall import (
    Actor,
    DayEnd,
    DuplicateTicket,
    EventKind,
    HallQueue,
    Permission,
    QueueEvent,
    WindowState,
    WindowStatus,
)
from hallcore.queue.policy import (
    CallPolicy,
    Choice,
    Lane,
    SnapshotView,
    WaitingView,
    WindowMemory,
    choose_next,
    choose_next_among,
    lane_of,
    order_key,
)
from hallcore.queue.simulator import (
    PauseSpec,
    QueueRun,
    Scenario,
    ServiceDist,
    SimResult,
    ThemeLoad,
    TicketRecord,
    simulate,
    simulate_queue,
)
from hallcore.queue.tickets import (
    Action,
    AppointmentSlot,
    Channel,
    PublicTicket,
    Ticket,
    TicketState,
    identity_key,
)

__all__ = [
    "DEFAULT_PRIORITY_CLASSES",
    "Action",
    "Actor",
    "AppointmentLimits",
    "AppointmentSlot",
    "CallPolicy",
    "Channel",
    "Choice",
    "ConfigError",
    "DayEnd",
    "DuplicateTicket",
    "ErrorCode",
    "EstimatorSettings",
    "EventKind",
    "HalfDay",
    "HallConfig",
    "HallQueue",
    "HallView",
    "IllegalTransition",
    "Lane",
    "NoShowRule",
    "PauseSpec",
    "Permission",
    "PriorityClass",
    "PriorityRatio",
    "PublicTicket",
    "QueueConfig",
    "QueueError",
    "QueueEvent",
    "QueueRun",
    "RecentArrivals",
    "Scenario",
    "Serve",
    "ServiceDist",
    "ServiceTimes",
    "Session",
    "SimResult",
    "SnapshotView",
    "ThemeLoad",
    "Ticket",
    "TicketRecord",
    "TicketState",
    "WaitEstimate",
    "WaitingView",
    "WindowConfig",
    "WindowKind",
    "WindowMemory",
    "WindowState",
    "WindowStatus",
    "choose_next",
    "choose_next_among",
    "effective_windows",
    "estimate_new",
    "estimate_wait",
    "identity_key",
    "lane_of",
    "order_key",
    "simulate",
    "simulate_queue",
]
