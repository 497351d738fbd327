"""Content-addressed, resumable page uploads on both stores: HEAD/PUT/GET `/pages/{sha256}`
(the contract in docs/server.md), sealed at rest."""

from __future__ import annotations

import hashlib
import io
import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PIL import Image
from sqlalchemy import select

from hall_server.models import EventRow, PageChunk, PageRow
from tests.hall_server.conftest import Hall


def jpeg(seed: int = 0, size: int = 64) -> bytes:
    """A real JPEG of noise (so it does not compress to nothing); one seed, one page."""
    noise = random.Random(seed).randbytes(size * size * 3)
    image = Image.frombytes("RGB", (size, size), noise)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=95)
    return out.getvalue()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def put(hall: Hall, role: str, digest: str, body: bytes, content_range: str | None = None) -> Any:
    headers = {**hall.headers(role, key=False), "Content-Type": "application/octet-stream"}
    if content_range is not None:
        headers["Content-Range"] = content_range
    return hall.client.put(f"/api/v1/pages/{digest}", content=body, headers=headers)


def head(hall: Hall, role: str, digest: str) -> Any:
    return hall.client.head(f"/api/v1/pages/{digest}", headers=hall.headers(role, key=False))


def upload(hall: Hall, data: bytes, role: str = "clerk") -> str:
    """A whole page in one request; its name."""
    response = put(hall, role, sha(data), data)
    assert response.status_code in (200, 201), response.text
    return sha(data)


def test_an_upload_resumes_where_it_stopped(hall: Hall) -> None:
    data = jpeg(size=96)
    digest, total, half = sha(data), len(data), len(data) // 2
    assert head(hall, "kiosk", digest).status_code == 404
    first = put(hall, "kiosk", digest, data[:half], f"bytes 0-{half - 1}/{total}")
    assert first.status_code == 202, first.text
    assert first.json() == {"sha256": digest, "received": half, "size": total, "complete": False}

    probed = head(hall, "kiosk", digest)  # the connection dropped: how far did it get?
    assert probed.status_code == 200
    assert probed.headers["Upload-Offset"] == str(half)
    assert probed.headers["Upload-Length"] == str(total)
    assert probed.headers["Upload-Complete"] == "?0"
    assert probed.content == b""

    wrong = put(hall, "kiosk", digest, data[1:], f"bytes 1-{total - 1}/{total}")
    assert (wrong.status_code, wrong.json()["code"]) == (409, "upload_offset_mismatch")
    assert wrong.headers["Upload-Offset"] == str(half)
    assert wrong.json()["message_zh"]
    assert wrong.json()["message_en"]

    rest = put(hall, "kiosk", digest, data[half:], f"bytes {half}-{total - 1}/{total}")
    assert rest.status_code == 201, rest.text
    assert rest.json() == {"sha256": digest, "size": total, "complete": True}
    done = head(hall, "clerk", digest)
    assert (done.headers["Upload-Offset"], done.headers["Upload-Complete"]) == (str(total), "?1")

    again = put(hall, "clerk", digest, data)  # content addressing is the idempotency
    assert (again.status_code, again.json()) == (200, rest.json())
    served = hall.get("dept", f"/pages/{digest}")
    assert served.status_code == 200
    assert (served.content, served.headers["content-type"]) == (data, "image/jpeg")

    with hall.app.state.server.db.read() as session:
        row = session.get(PageRow, ("busy-hall", digest))
        assert row is not None
        assert row.content_enc is not None
        assert data[200:264] not in row.content_enc  # sealed at rest
        assert session.scalars(select(PageChunk)).all() == []  # joined at completion
        kinds = session.scalars(select(EventRow.kind)).all()
        assert kinds.count("page_stored") == 1


def test_bytes_that_do_not_hash_to_the_name_are_discarded(hall: Hall) -> None:
    data = jpeg()
    digest = sha(data + b"x")
    half = len(data) // 2
    assert (
        put(hall, "clerk", digest, data[:half], f"bytes 0-{half - 1}/{len(data)}").status_code
        == 202
    )
    last = put(hall, "clerk", digest, data[half:], f"bytes {half}-{len(data) - 1}/{len(data)}")
    assert (last.status_code, last.json()["code"]) == (422, "page_hash_mismatch")
    assert head(hall, "clerk", digest).status_code == 404  # the partial bytes are gone
    with hall.app.state.server.db.read() as session:
        assert session.scalars(select(PageChunk)).all() == []
    assert upload(hall, data) == sha(data)  # the right bytes under the right name still go in


def test_only_page_types_are_kept(hall: Hall) -> None:
    text = b"not a scan, just text"
    refused = put(hall, "clerk", sha(text), text)
    assert (refused.status_code, refused.json()["code"]) == (422, "page_type")
    assert head(hall, "clerk", sha(text)).status_code == 404
    png = io.BytesIO()
    Image.new("L", (8, 8), 200).save(png, format="PNG")
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    tiff = io.BytesIO()
    Image.new("L", (8, 8), 100).save(tiff, format="TIFF")
    for data, media in ((png.getvalue(), "image/png"), (pdf, "application/pdf"),
                        (tiff.getvalue(), "image/tiff")):  # fmt: skip
        digest = upload(hall, data)
        assert hall.get("manager", f"/pages/{digest}").headers["content-type"] == media


def test_bad_names_ranges_and_sizes_are_clean_4xx(hall: Hall) -> None:
    data = jpeg()
    upper = put(hall, "clerk", sha(data).upper(), data)
    assert (upper.status_code, upper.json()["code"]) == (422, "invalid_request")
    assert put(hall, "clerk", "abc", data).status_code == 422
    big = put(hall, "clerk", sha(data), data[:10], f"bytes 0-9/{20 * 1024 * 1024 + 1}")
    assert (big.status_code, big.json()["code"]) == (413, "page_too_large")
    for header in ("bytes 5-2/10", "bytes 0-9/5", "0-9/10", "bytes */10"):
        bad = put(hall, "clerk", sha(data), data[:10], header)
        assert (bad.status_code, bad.json()["code"]) == (400, "content_range_invalid"), header
    short = put(hall, "clerk", sha(data), data[:5], f"bytes 0-9/{len(data)}")
    assert (short.status_code, short.json()["code"]) == (400, "content_range_invalid")
    first = put(hall, "clerk", sha(data), data[:10], f"bytes 0-9/{len(data)}")
    assert first.status_code == 202
    other_total = put(hall, "clerk", sha(data), data[10:20], f"bytes 10-19/{len(data) + 1}")
    assert (other_total.status_code, other_total.json()["code"]) == (409, "upload_length_mismatch")
    as_json = hall.client.put(
        f"/api/v1/pages/{sha(data)}", json={"a": 1}, headers=hall.headers("clerk", key=False)
    )
    assert (as_json.status_code, as_json.json()["code"]) == (415, "unsupported_media_type")
    empty = put(hall, "clerk", sha(b""), b"")
    assert (empty.status_code, empty.json()["code"]) == (400, "page_empty")
    assert hall.get("clerk", f"/pages/{sha(b'nothing')}").json()["code"] == "unknown_page"
    partial = hall.get("clerk", f"/pages/{sha(data)}")  # not complete: not served
    assert (partial.status_code, partial.json()["code"]) == (404, "unknown_page")


def test_page_roles(hall: Hall) -> None:
    data = jpeg()
    for role in ("dept", "manager", "board"):
        refused = put(hall, role, sha(data), data)
        assert (refused.status_code, refused.json()["code"]) == (403, "forbidden_role"), role
    digest = upload(hall, data, role="kiosk")
    assert hall.get("kiosk", f"/pages/{digest}").json()["code"] == "forbidden_role"
    assert head(hall, "board", digest).status_code == 403
    for role in ("kiosk", "clerk", "dept", "manager", "admin"):
        assert head(hall, role, digest).status_code == 200, role


def test_the_same_page_sent_at_once_from_many_terminals_is_stored_once(hall: Hall) -> None:
    data = jpeg(seed=7, size=128)
    digest = sha(data)
    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = list(pool.map(lambda _: put(hall, "clerk", digest, data), range(8)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(201) == 1, statuses  # one completed it; the rest found it complete
    assert set(statuses) <= {200, 201}
    assert {a.json()["sha256"] for a in answers} == {digest}
    with hall.app.state.server.db.read() as session:
        assert session.scalars(select(PageRow.sha256)).all() == [digest]
    assert hall.get("clerk", f"/pages/{digest}").content == data
