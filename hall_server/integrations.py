"""Local integration adapters, each behind a `typing.Protocol` so a province's real system can
replace it without touching the routes (issue 5 §7):

- `LicenseLookup`: the e-license (电子证照) and data-sharing (数据共享) look-up — which
  materials can be fetched for an applicant instead of handed in. `LocalLicenses` answers from
  the `license_records` table, which `seed_demo_licenses` fills for the demo.
- `SmsGateway`: text messages; `SmsOutboxWriter` records what would be sent (`sms_outbox`).
- `RatingReporter`: the provincial 好差评 system; `RatingOutboxWriter` records each rating as
  it would be reported (`rating_outbox`).

The writers add rows in the caller's transaction, so a message exists exactly when the change
that caused it commits. Nothing personal goes into an outbox: recipients are references
(`role:manager`), parameters are numbers and codes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall_server.models import LicenseRecord, Rating, RatingOutbox, SmsOutbox
from hallcore.catalog import FulfilWay

#: Who hears of a 差评 at once: the hall's supervisors (值班长), by SMS.
SUPERVISOR = "role:manager"


@dataclass(frozen=True, slots=True)
class AvailableMaterial:
    material: str
    way: FulfilWay
    source: str
    valid_until: dt.date | None


class LicenseLookup(Protocol):
    def available(self, applicant_key: str, on: dt.date) -> dict[str, AvailableMaterial]:
        """The materials that can be fetched for the applicant on `on`, by material code."""
        ...


class SmsGateway(Protocol):
    def send(self, recipient: str, template: str, params: Mapping[str, Any]) -> None: ...


class RatingReporter(Protocol):
    def report(self, rating: Rating) -> None: ...


class LocalLicenses:
    """`LicenseLookup` over the `license_records` table."""

    def __init__(self, session: Session, hall_id: str) -> None:
        self.session = session
        self.hall_id = hall_id

    def available(self, applicant_key: str, on: dt.date) -> dict[str, AvailableMaterial]:
        rows = self.session.scalars(
            select(LicenseRecord).where(
                LicenseRecord.hall_id == self.hall_id, LicenseRecord.applicant_key == applicant_key
            )
        )
        return {
            r.material: AvailableMaterial(r.material, FulfilWay(r.way), r.source, r.valid_until)
            for r in rows
            if r.valid_until is None or r.valid_until >= on
        }


class SmsOutboxWriter:
    """`SmsGateway` that records what would be sent."""

    def __init__(self, session: Session, hall_id: str, now: dt.datetime) -> None:
        self.session = session
        self.hall_id = hall_id
        self.now = now

    def send(self, recipient: str, template: str, params: Mapping[str, Any]) -> None:
        self.session.add(
            SmsOutbox(
                hall_id=self.hall_id,
                recipient=recipient,
                template=template,
                params=dict(params),
                created_at=self.now,
            )
        )


class RatingOutboxWriter:
    """`RatingReporter` that records each rating as the provincial 好差评 system would get it
    (the reason stays in the hall: the province gets the level and the service point)."""

    def __init__(self, session: Session, hall_id: str, now: dt.datetime) -> None:
        self.session = session
        self.hall_id = hall_id
        self.now = now

    def report(self, rating: Rating) -> None:
        payload = {
            "hall_id": rating.hall_id,
            "rating_id": rating.id,
            "number": rating.number,
            "window": rating.window,
            "level": rating.level,
            "rated_at": rating.created_at.isoformat(),
        }
        self.session.add(
            RatingOutbox(
                hall_id=self.hall_id, rating_id=rating.id, payload=payload, created_at=self.now
            )
        )


def report_rating(rating: Rating, reporter: RatingReporter, sms: SmsGateway) -> None:
    """Every rating goes to the province; a 差评 (1–2) also texts the supervisors."""
    reporter.report(rating)
    if rating.level <= 2:
        sms.send(
            SUPERVISOR,
            "bad_rating",
            {"rating_id": rating.id, "number": rating.number, "window": rating.window},
        )


#: The demo's e-licenses: the sample applicant's (`110101198503121239`) ID card and household
#: book from the e-license library, and the marriage record by data sharing.
DEMO_LICENSES: dict[str, tuple[tuple[str, FulfilWay, str], ...]] = {
    "110101198503121239": (
        ("ID_CARD", FulfilWay.E_LICENSE, "全国一体化政务服务平台电子证照库（演示）"),
        ("HOUSEHOLD_BOOK", FulfilWay.E_LICENSE, "公安户籍电子证照（演示）"),
        ("MARRIAGE_CERT", FulfilWay.DATA_SHARE, "民政婚姻登记数据共享（演示）"),
    ),
}


def seed_demo_licenses(session: Session, hall_id: str, lookup_key: Callable[[str], str]) -> int:
    """Fill `license_records` for the demo when the hall has none; the number of rows added.
    `lookup_key` is the vault's keyed hash (`Vault.lookup_key`)."""
    if session.scalar(select(LicenseRecord.material).where(LicenseRecord.hall_id == hall_id)):
        return 0
    added = 0
    for id_number, records in DEMO_LICENSES.items():
        key = lookup_key(id_number)
        for material, way, source in records:
            session.add(
                LicenseRecord(
                    hall_id=hall_id,
                    applicant_key=key,
                    material=material,
                    way=way.value,
                    source=source,
                    valid_until=None,
                )
            )
            added += 1
    session.flush()
    return added
