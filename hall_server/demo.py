"""The demo hall (演示大厅): a fresh store seeded with everything `onewindow demo` shows.

`seed_demo(server, folder)` runs after `create_app` (which has migrated the store, registered the
halls and created the first admin) and adds, once per hall:

- a clerk for every comprehensive window (综合窗口) of the hall's queue configuration;
- a department user for every department of the demo themes (新生儿出生 BIRTH, 企业开办 STARTUP);
- a manager;
- an enrolled kiosk and an enrolled board;
- e-license and data-sharing records (`license_records`) for the demo applicants;
- three appointments (预约) for 新生儿出生 on the demo day (the business date of the server's
  clock: Monday 2024-05-06 unless the demo runs on the real clock) with fixed check-in codes
  (`DEMO_APPOINTMENTS`), so the demo kiosk and the tests can check in.

The passwords are random and shown once; they, the device tokens and the appointments' codes
and slots are written to `folder/demo_credentials.json` (owner-only), which the demo's apps read
to log in. A second run on a seeded store adds nothing and reads the credentials back from that
file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from hall_server import auth
from hall_server.appointments import Appointments
from hall_server.models import Device, LicenseRecord, User
from hall_server.state import ServerState
from hallcore.catalog import FulfilWay
from hallcore.queue import HallConfig, WindowKind

CREDENTIALS_FILE = "demo_credentials.json"
#: The demo's themes: their departments each get a department user.
DEMO_THEMES = ("BIRTH", "STARTUP")
#: The scripted day's applicants (fictional; the ID numbers carry valid check digits).
#: The father who registers the newborn, and the founder who opens a company.
BIRTH_APPLICANT = {
    "kind": "person",
    "name": "张小明",
    "id_number": "110101198503121239",
    "phone": "13812345678",
}
STARTUP_APPLICANT = {
    "kind": "person",
    "name": "王丽华",
    "id_number": "320102199001011236",
    "phone": "13912345678",
}
#: What the e-license library (电子证照库) and data sharing (数据共享) hold for them.
DEMO_APPLICANT_LICENSES: dict[str, tuple[tuple[str, FulfilWay, str], ...]] = {
    BIRTH_APPLICANT["id_number"]: (
        ("ID_CARD", FulfilWay.E_LICENSE, "全国一体化政务服务平台电子证照库（演示）"),
        ("HOUSEHOLD_BOOK", FulfilWay.E_LICENSE, "公安户籍电子证照（演示）"),
        ("MARRIAGE_CERT", FulfilWay.DATA_SHARE, "民政婚姻登记数据共享（演示）"),
    ),
    STARTUP_APPLICANT["id_number"]: (
        ("ID_CARD", FulfilWay.E_LICENSE, "全国一体化政务服务平台电子证照库（演示）"),
    ),
}


#: The demo day's appointments: fixed check-in code, theme, slot (local times of the demo day).
#: Inside busy_hall's opening hours; at the demo clock's 09:00 every one is still ahead.
DEMO_APPOINTMENTS: tuple[tuple[str, str, dt.time, dt.time], ...] = (
    ("20240506", "BIRTH", dt.time(9, 30), dt.time(10, 0)),
    ("31415926", "BIRTH", dt.time(10, 30), dt.time(11, 0)),
    ("27182818", "BIRTH", dt.time(14, 0), dt.time(14, 30)),
)


@dataclass
class DemoAppointment:
    """A seeded appointment as the credentials file lists it (start and end ISO 8601)."""

    code: str
    theme: str
    start: str
    end: str


@dataclass
class DemoAccount:
    username: str
    password: str
    role: str
    display_name: str
    window: int | None = None
    department: str | None = None


@dataclass
class DemoCredentials:
    """Who can log in to the demo hall, and the enrolled devices' tokens."""

    hall_id: str
    accounts: list[DemoAccount] = field(default_factory=list)
    devices: dict[str, str] = field(default_factory=dict)  # role → token
    appointments: list[DemoAppointment] = field(default_factory=list)

    def account(
        self, role: str, *, window: int | None = None, department: str | None = None
    ) -> DemoAccount:
        for account in self.accounts:
            if account.role != role:
                continue
            if window is not None and account.window != window:
                continue
            if department is not None and account.department != department:
                continue
            return account
        raise KeyError(f"no demo {role} account")

    def to_json(self) -> str:
        return json.dumps(
            {
                "hall_id": self.hall_id,
                "accounts": [asdict(a) for a in self.accounts],
                "devices": self.devices,
                "appointments": [asdict(a) for a in self.appointments],
            },
            ensure_ascii=False,
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str) -> DemoCredentials:
        data = json.loads(text)
        return cls(
            data["hall_id"],
            [DemoAccount(**a) for a in data["accounts"]],
            dict(data["devices"]),
            [DemoAppointment(**a) for a in data.get("appointments", [])],
        )

    @classmethod
    def read(cls, folder: Path) -> DemoCredentials:
        return cls.from_json((folder / CREDENTIALS_FILE).read_text(encoding="utf-8"))


def demo_departments(server: ServerState) -> list[str]:
    """The departments of the demo themes, each once, lead departments first."""
    catalog = server.catalog.catalog
    found: dict[str, None] = {}
    for code in DEMO_THEMES:
        theme = catalog.theme(code)
        for department in theme.departments:
            found[department] = None
        for item in theme.items:
            found[item.department] = None
    return list(found)


def _password() -> str:
    return secrets.token_urlsafe(9)


def _accounts(server: ServerState, hall_id: str) -> list[DemoAccount]:
    catalog = server.catalog.catalog
    config = server.halls[hall_id]
    accounts = [
        DemoAccount(f"clerk{w.number}", _password(), "clerk", f"{w.name_zh}受理员", window=w.number)
        for w in config.windows
        if w.kind is WindowKind.COMPREHENSIVE
    ]
    for code in demo_departments(server):
        name = catalog.department(code).name
        accounts.append(
            DemoAccount(f"dept_{code}", _password(), "dept", f"{name}审批员", department=code)
        )
    accounts.append(DemoAccount("manager", _password(), "manager", "大厅值班长"))
    return accounts


def _seed_licenses(session: Session, hall_id: str, server: ServerState) -> int:
    added = 0
    for id_number, records in DEMO_APPLICANT_LICENSES.items():
        key = server.vault.lookup_key(id_number)
        have = set(
            session.scalars(
                select(LicenseRecord.material).where(
                    LicenseRecord.hall_id == hall_id, LicenseRecord.applicant_key == key
                )
            )
        )
        for material, way, source in records:
            if material in have:
                continue
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
    return added


def _seed_appointments(
    session: Session, server: ServerState, config: HallConfig, now: dt.datetime
) -> list[DemoAppointment]:
    """The demo day's appointments, stored as a booking would be (without the booking's slot
    checks: a demo on the real clock may run on a rest day, and its codes should still work)."""
    day = config.business_date(now)
    book = Appointments(session, config.hall_id, server.vault)
    seeded = []
    for code, theme, start, end in DEMO_APPOINTMENTS:
        begins, ends = config.at_local(day, start), config.at_local(day, end)
        book.book(
            queue=config.queue_for_theme(theme).code,
            theme=theme,
            start=begins,
            end=ends,
            day=day,
            applicant_id=None,
            channel="online",
            actor="demo",
            now=now,
            code=code,
        )
        seeded.append(DemoAppointment(code, theme, begins.isoformat(), ends.isoformat()))
    return seeded


def seed_demo(
    server: ServerState, folder: Path, hall_id: str | None = None
) -> tuple[DemoCredentials, bool]:
    """Seed the demo hall once; the credentials and whether they are new (shown only then)."""
    hall_id = hall_id or next(iter(server.halls))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CREDENTIALS_FILE
    now = server.now()
    with server.db.write(hall_id) as session:
        _seed_licenses(session, hall_id, server)
        seeded = session.scalar(
            select(User.id).where(User.hall_id == hall_id, User.username == "manager")
        )
        if seeded is not None:
            if not path.exists():
                raise RuntimeError(
                    f"演示大厅已初始化，但找不到 {path} / the demo hall is seeded but {path} "
                    "is missing: start from a fresh folder"
                )
            return DemoCredentials.read(folder), False
        credentials = DemoCredentials(hall_id, _accounts(server, hall_id))
        for account in credentials.accounts:
            session.add(
                User(
                    hall_id=hall_id,
                    username=account.username,
                    display_name=account.display_name,
                    password_hash=server.passwords.hash(account.password),
                    role=account.role,
                    department=account.department,
                    permissions="",
                    active=True,
                    created_at=now,
                )
            )
        for role, name in (("kiosk", "演示自助终端"), ("board", "演示叫号屏")):
            device = Device(hall_id=hall_id, name=name, role=role, created_at=now)
            session.add(device)
            session.flush()
            credentials.devices[role] = auth.issue_token(
                session, hall_id=hall_id, role=auth.Role(role), now=now, device_id=device.id
            )
        credentials.appointments = _seed_appointments(session, server, server.halls[hall_id], now)
        # Written before the transaction commits: a store whose credentials were lost would
        # hold accounts nobody can use.
        _write_private(path, credentials.to_json())
    return credentials, True


def _write_private(path: Path, text: str) -> None:
    temp = path.with_suffix(".tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temp, path)


def describe(credentials: DemoCredentials) -> str:
    """The accounts as the demo prints them once (Chinese, then English)."""
    lines = [f"演示大厅 {credentials.hall_id} 的账号（口令只显示这一次）/ demo accounts:"]
    for a in credentials.accounts:
        where = f"{a.window}号窗口" if a.window else (a.department or "")
        lines.append(f"  {a.role:<8} {a.username:<28} {a.password:<14} {a.display_name} {where}")
    lines.append(f"  设备 / devices: {', '.join(sorted(credentials.devices))}（令牌见凭据文件）")
    for booked in credentials.appointments:
        slot = f"{booked.start[11:16]}–{booked.end[11:16]}"
        lines.append(
            f"  预约 / appointment: {booked.theme:<8} {slot}  签到码 check-in code {booked.code}"
        )
    return "\n".join(lines)
