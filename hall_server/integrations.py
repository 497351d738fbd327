"""Local integration adapters, each behind a `typing.Protocol` so a province's real system can
replace it without touching the routes (issue 5 §7):

- `LicenseLookup`: the e-license (电子证照) and data-sharing (数据共享) look-up — which
  materials can be fetched for an applicant instead of handed in, and the form values they
  carry. `LocalLicenses` answers from the `license_records` and `license_values` tables, which
  `seed_demo_licenses` fills for the demo. `unavailable_ways` turns an answer into the case's
  `unavailable` ways, from which hallcore's resolver falls back (e-license → data sharing →
  submit).
- `SmsGateway`: text messages; `SmsOutboxWriter` records what would be sent (`sms_outbox`).
- `RatingReporter`: the provincial 好差评 system; `RatingOutboxWriter` records each rating as
  it would be reported (`rating_outbox`).

The writers add rows in the caller's transaction, so a message exists exactly when the change
that caused it commits. Nothing personal goes into an outbox: recipients are references
(`role:manager`, `case:<id>:applicant`, resolved by the sender), parameters are numbers, codes
and a text that names the case by its number only.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall_server.models import LicenseRecord, LicenseValues, Rating, RatingOutbox, SmsOutbox
from hall_server.vault import Vault
from hallcore.catalog import FulfilWay
from hallcore.catalog.model import Theme

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

    def values(self, applicant_key: str, materials: Iterable[str]) -> dict[str, dict[str, str]]:
        """The form values the applicant's fetched `materials` carry: material → field → value."""
        ...


class SmsGateway(Protocol):
    def send(self, recipient: str, template: str, params: Mapping[str, Any]) -> None: ...


class RatingReporter(Protocol):
    def report(self, rating: Rating) -> None: ...


class LocalLicenses:
    """`LicenseLookup` over the `license_records` table."""

    def __init__(self, session: Session, hall_id: str, vault: Vault | None = None) -> None:
        self.session = session
        self.hall_id = hall_id
        self.vault = vault  # needed for `values` only (they are sealed)

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

    def values(self, applicant_key: str, materials: Iterable[str]) -> dict[str, dict[str, str]]:
        wanted = sorted(set(materials))
        if not wanted:
            return {}
        if self.vault is None:
            raise ValueError("LocalLicenses.values needs the vault")
        rows = self.session.scalars(
            select(LicenseValues).where(
                LicenseValues.hall_id == self.hall_id,
                LicenseValues.applicant_key == applicant_key,
                LicenseValues.material.in_(wanted),
            )
        )
        return {
            r.material: json.loads(self.vault.decrypt(r.values_enc, context=_VALUES_CONTEXT))
            for r in rows
        }


_VALUES_CONTEXT = "license_values.values"
#: The fulfil ways a look-up answers for (the others are the applicant's or the flow's).
LOOKUP_WAYS = frozenset({FulfilWay.E_LICENSE, FulfilWay.DATA_SHARE})


def unavailable_ways(
    theme: Theme, found: Mapping[str, AvailableMaterial]
) -> dict[str, frozenset[FulfilWay]]:
    """Per material of `theme` fetched by look-up: the look-up ways listed before the one that
    delivered it (all of them when none did), so hallcore's resolver takes the way that worked,
    or the next of the catalog's list (at last: submit)."""
    unavailable: dict[str, frozenset[FulfilWay]] = {}
    for material in theme.materials:
        ways = [w for w in material.fulfil if w in LOOKUP_WAYS]
        hit = found.get(material.code)
        failed = set(ways[: ways.index(hit.way)] if hit and hit.way in ways else ways)
        if failed:
            unavailable[material.code] = frozenset(failed)
    return unavailable


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


def text_applicant(sms: SmsGateway, case_id: str, template: str, text: str, **params: Any) -> None:
    """An SMS to a case's applicant: the recipient is the case (the sender reads the number
    from the sealed case), the text names the case by its number, never the person."""
    sms.send(f"case:{case_id}:applicant", template, {"case_id": case_id, "text": text, **params})


_E_LICENSES = "全国一体化政务服务平台电子证照库（演示）"
#: The demo's e-licenses and shared records, by the applicant's identifier: the sample
#: applicant (`110101198503121239`, the father in the birth sample) has his ID card as an
#: e-license; the child's birth certificate (with the values it carries), the marriage record,
#: the household register and kinship come by data sharing. Each: material code, way, source,
#: and the form values it carries.
DEMO_LICENSES: dict[str, tuple[tuple[str, FulfilWay, str, dict[str, str]], ...]] = {
    "110101198503121239": (
        ("ID_CARD", FulfilWay.E_LICENSE, _E_LICENSES, {}),
        ("PARENT_ID_CARDS", FulfilWay.E_LICENSE, _E_LICENSES, {}),
        (
            "BIRTH_CERT_ISSUED",
            FulfilWay.DATA_SHARE,
            "卫生健康出生医学证明数据共享（演示）",
            {
                "child_sex": "female",
                "child_birth_date": "2024-05-01",
                "child_birth_place": "北京市东城区",
                "child_birth_cert_number": "Q110012345",
            },
        ),
        ("MARRIAGE_CERT", FulfilWay.DATA_SHARE, "民政婚姻登记数据共享（演示）", {}),
        ("HOUSEHOLD_REGISTER", FulfilWay.DATA_SHARE, "公安户籍数据共享（演示）", {}),
        ("KINSHIP_PROOF", FulfilWay.DATA_SHARE, "公安户籍数据共享（演示）", {}),
    ),
}


def seed_demo_licenses(
    session: Session, hall_id: str, lookup_key: Callable[[str], str], vault: Vault | None = None
) -> int:
    """Fill `license_records` (and, given the vault, `license_values`) for the demo when the
    hall has none; the number of records added. `lookup_key` is the vault's keyed hash."""
    if session.scalar(select(LicenseRecord.material).where(LicenseRecord.hall_id == hall_id)):
        return 0
    added = 0
    for id_number, records in DEMO_LICENSES.items():
        key = lookup_key(id_number)
        for material, way, source, values in records:
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
            if values and vault is not None:
                sealed = json.dumps(values, ensure_ascii=False, sort_keys=True)
                session.add(
                    LicenseValues(
                        hall_id=hall_id,
                        applicant_key=key,
                        material=material,
                        values_enc=vault.encrypt(sealed, context=_VALUES_CONTEXT),
                    )
                )
            added += 1
    session.flush()
    return added
