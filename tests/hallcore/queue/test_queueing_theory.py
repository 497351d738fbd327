"""The simulator against queueing theory: one queue, c windows, Poisson arrivals, exponential
service (M/M/c, first come first served). The simulated mean wait must be within 10% of the
Erlang C formula, for c = 1, 3, 8 at utilisation 0.5, 0.7 and 0.9.

The formula, with arrival rate λ, service rate μ (1 / mean service time), c windows,
offered load a = λ/μ and utilisation ρ = a/c < 1:

                       a^c / c! · 1/(1 − ρ)
    C(c, a) = ─────────────────────────────────────────      (probability of waiting)
               Σ_{k=0}^{c−1} a^k / k!  +  a^c / c! · 1/(1 − ρ)

    Wq = C(c, a) / (c·μ − λ)                                   (mean wait in queue)

The runs use `simulate_queue`, the simulator's lean path: every call is still decided by
`policy.choose_next` over real tickets, so a policy that served out of order (the LIFO
regression Novo SGA shipped) or left a window idle would miss the formula.

Sizes. The mean wait of a heavily loaded queue converges slowly: its relative standard error
is about sqrt(K(ρ) / n) with K growing like 1/(1−ρ)^4 (for M/M/1 at ρ = 0.9 one needs ~300,000
customers for a 4% standard error). The customer counts below give a standard error of about
4% or less in every case, so the 10% bound sits at 2.5 standard errors or more; the seeds are
fixed, so a run is deterministic.
"""

from __future__ import annotations

import math
from datetime import date

import pytest

from hallcore.queue import HallConfig, QueueConfig, Serve, WindowConfig
from hallcore.queue.simulator import simulate_queue

MEAN_SERVICE = 300.0  # seconds; the result is scale-free, five minutes reads naturally

CASES = [
    # (windows c, utilisation ρ, customers)
    (1, 0.5, 50_000),
    (1, 0.7, 70_000),
    (1, 0.9, 320_000),
    (3, 0.5, 80_000),
    (3, 0.7, 100_000),
    (3, 0.9, 380_000),
    (8, 0.5, 150_000),
    (8, 0.7, 130_000),
    (8, 0.9, 480_000),
]


def erlang_c_wait(c: int, arrival_rate: float, service_rate: float) -> float:
    """Wq of M/M/c, as written in the module docstring."""
    a = arrival_rate / service_rate
    rho = a / c
    assert rho < 1.0
    waiting_term = a**c / math.factorial(c) / (1.0 - rho)
    c_of_a = waiting_term / (sum(a**k / math.factorial(k) for k in range(c)) + waiting_term)
    return c_of_a / (c * service_rate - arrival_rate)


def one_queue(c: int) -> HallConfig:
    return HallConfig(
        "erlang",
        "排队论校验",
        (QueueConfig("q", "A", "单队列", themes=("t",)),),
        tuple(WindowConfig(n, f"{n}号窗口", (Serve("q"),)) for n in range(1, c + 1)),
    )


def test_the_formula_matches_known_values() -> None:
    # M/M/1: Wq = ρ / (μ − λ); M/M/2 with a = 1: C = 1/3, Wq = 1/3 / (2 − 1) for μ = 1
    assert erlang_c_wait(1, 0.9, 1.0) == pytest.approx(9.0)
    assert erlang_c_wait(2, 1.0, 1.0) == pytest.approx(1 / 3)


@pytest.mark.parametrize(("c", "rho", "customers"), CASES)
def test_simulated_mean_wait_is_within_ten_percent_of_erlang_c(
    c: int, rho: float, customers: int
) -> None:
    service_rate = 1.0 / MEAN_SERVICE
    arrival_rate = rho * c * service_rate
    run = simulate_queue(
        one_queue(c),
        "q",
        per_hour=arrival_rate * 3600.0,
        service_mean=MEAN_SERVICE,
        customers=customers,
        seed=4000 + 10 * c + round(10 * rho),
        day=date(2024, 5, 6),
    )
    theory = erlang_c_wait(c, arrival_rate, service_rate)
    assert run.customers == customers
    assert run.mean_wait == pytest.approx(theory, rel=0.10), (
        f"c={c} ρ={rho}: simulated {run.mean_wait:.1f} s, Erlang C {theory:.1f} s"
    )
