"""The local integration adapters: the demo's e-license look-up, and the 好差评 and SMS
outboxes a rating writes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from hall_server.integrations import (
    SUPERVISOR,
    LicenseLookup,
    LocalLicenses,
)
from hall_server.models import LicenseRecord, RatingOutbox, SmsOutbox
from hallcore.catalog import FulfilWay
from tests.hall_server.conftest import MONDAY_9AM, Hall
from tests.hall_server.test_ratings import served_ticket


def test_the_demo_licenses_are_looked_up_by_the_applicants_keyed_hash(hall: Hall) -> None:
    server = hall.app.state.server
    with server.db.read() as session:
        lookup: LicenseLookup = LocalLicenses(session, "busy-hall")
        found = lookup.available(server.vault.lookup_key("110101198503121239"), MONDAY_9AM.date())
        assert {m: a.way for m, a in found.items()} == {
            "ID_CARD": FulfilWay.E_LICENSE,
            "HOUSEHOLD_BOOK": FulfilWay.E_LICENSE,
            "MARRIAGE_CERT": FulfilWay.DATA_SHARE,
        }
        assert (
            lookup.available(server.vault.lookup_key("11010119900101002X"), dt.date.today()) == {}
        )
        keys = set(session.scalars(select(LicenseRecord.applicant_key)))
        assert "110101198503121239" not in str(keys)  # only the keyed hash is stored


def test_a_bad_rating_is_reported_and_texts_the_supervisors(hall: Hall) -> None:
    good = hall.post("kiosk", "/ratings", {"ticket_id": served_ticket(hall), "level": 5}).json()
    bad = hall.post(
        "kiosk", "/ratings", {"ticket_id": served_ticket(hall), "level": 1, "reason": "态度差"}
    ).json()
    with hall.app.state.server.db.read() as session:
        reported = session.scalars(select(RatingOutbox).order_by(RatingOutbox.id)).all()
        assert [(r.hall_id, r.rating_id, r.payload["level"]) for r in reported] == [
            ("busy-hall", good["id"], 5),
            ("busy-hall", bad["id"], 1),
        ]
        assert "态度差" not in str([r.payload for r in reported])
        texts = session.scalars(select(SmsOutbox)).all()
        assert [(t.hall_id, t.recipient, t.template, t.params["rating_id"]) for t in texts] == [
            ("busy-hall", SUPERVISOR, "bad_rating", bad["id"])
        ]
        assert all(t.sent_at is None for t in texts)
