"""Notice contents: every field of hall_domain.md §1.2's matrix, for each of the six kinds."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from hallcore.case.lifecycle import CaseFile
from hallcore.case.notices import (
    REQUIRED_FIELDS,
    HallProfile,
    Handler,
    Notice,
    NoticeError,
    NoticeKind,
    NumberScheme,
    build_notice,
)
from hallcore.catalog.model import Delivery
from tests.hallcore.case.builders import (
    FIELDS,
    ID_NUMBER,
    TODAY,
    lifecycle,
    notice_files,
)

D = dt.date
LC = lifecycle()
HALL = HallProfile(
    "句容市政务服务中心", "句政服", "12345", "扫描受理通知书二维码或拨打0511-87266630"
)
HANDLER = Handler("王*", "0511-87266630")


def build(kind: NoticeKind, file: CaseFile, seq: int = 7) -> Notice:
    return build_notice(
        kind, file, hall=HALL, handler=HANDLER, fields=FIELDS, issued_on=TODAY, seq=seq
    )


FILES = notice_files()


@pytest.mark.parametrize("kind", list(NoticeKind))
def test_every_matrix_field_is_filled(kind: NoticeKind) -> None:
    notice = build(kind, FILES[kind])
    empty = [name for name in REQUIRED_FIELDS[kind] if getattr(notice, name) in (None, "", ())]
    assert not empty, f"{kind}: {empty}"
    assert notice.title == kind.label
    assert notice.applicant.id_number == ID_NUMBER  # the notice itself carries the full value
    assert ID_NUMBER not in repr(notice)
    assert ID_NUMBER not in notice.display_applicant


def test_document_numbers_follow_the_scheme() -> None:
    assert build(NoticeKind.ACCEPTANCE, FILES[NoticeKind.ACCEPTANCE], 42).number == (
        "句政服受〔2024〕00042号"
    )
    custom = replace(HALL, scheme=NumberScheme("{hall}-{kind}-{year}-{seq:04d}"))
    notice = build_notice(
        NoticeKind.REFUSAL,
        FILES[NoticeKind.REFUSAL],
        hall=custom,
        handler=HANDLER,
        fields=FIELDS,
        issued_on=TODAY,
        seq=3,
    )
    assert notice.number == "句政服-refusal-2024-0003"


def test_supplement_notice_lists_the_request_itself_with_standards() -> None:
    file = FILES[NoticeKind.SUPPLEMENT]
    notice = build(NoticeKind.SUPPLEMENT, file)
    assert notice.supplement_items is file.supplement.items  # type: ignore[union-attr]
    by_subject = {f.subject: f for f in notice.supplement_items}
    assert by_subject["PARENT_ID_CARD"].standard == "原件，在有效期内。"
    assert by_subject["HOUSEHOLD_BOOK"].standard == "首页及本人页。"
    assert notice.deadlines[0].on == D(2024, 10, 16)  # 10 working days across 国庆


def test_tolerance_notice_says_what_is_tolerated_and_by_when() -> None:
    file = FILES[NoticeKind.TOLERANCE]
    notice = build(NoticeKind.TOLERANCE, file)
    assert file.tolerance is not None
    (code, due) = next(iter(file.tolerance.deadlines.items()))
    line = next(m for m in notice.materials if m.code == code)
    assert line.status == f"容缺受理，{due:%Y年%m月%d日}前补交"
    assert all(m.status != "需提交" for m in notice.materials if m.code in file.tolerance.deadlines)


def test_acceptance_notice_clocks_and_delivery() -> None:
    notice = build(NoticeKind.ACCEPTANCE, FILES[NoticeKind.ACCEPTANCE])
    assert notice.accepted_on == TODAY
    assert notice.promised_working_days == 10
    assert notice.legal_working_days == 20
    assert notice.delivery is Delivery.POST
    assert notice.delivery_address


def test_results_by_post_go_to_the_postal_address_on_the_form() -> None:
    file = FILES[NoticeKind.ACCEPTANCE]
    own = file.case.applicant.address
    posted = replace(
        file,
        case=replace(file.case, form={**file.case.form, "postal_address": "南京市玄武区邮寄路1号"}),
    )
    assert build(NoticeKind.ACCEPTANCE, posted).delivery_address == "南京市玄武区邮寄路1号"
    assert build(NoticeKind.ACCEPTANCE, file).delivery_address == own  # none given: their own


def test_refusal_states_remedies() -> None:
    notice = build(NoticeKind.REFUSAL, FILES[NoticeKind.REFUSAL])
    assert [r.name for r in notice.remedies] == ["行政复议", "行政诉讼"]
    assert notice.apply_to == "户籍所在地公安派出所"


def test_wrong_state_is_refused() -> None:
    with pytest.raises(NoticeError, match="受理通知书"):
        build(NoticeKind.ACCEPTANCE, FILES[NoticeKind.SUPPLEMENT])
