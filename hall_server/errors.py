"""Errors as problem responses: every 4xx carries a machine-readable `code` and a message in
Chinese and English (`{"code", "message_zh", "message_en", "detail"}`). Bad input is a 422 with
the fields that were wrong, never a 5xx. Queue refusals (`hallcore.queue.QueueError`) keep
hallcore's own code and messages."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from hallcore.queue import ErrorCode, QueueError


class Problem(BaseModel):
    """The body of every error response."""

    code: str
    message_zh: str
    message_en: str
    detail: Any = None


class ApiError(Exception):
    def __init__(
        self, status: int, code: str, message_zh: str, message_en: str, detail: Any = None
    ) -> None:
        super().__init__(f"{code}: {message_en}")
        self.status = status
        self.problem = Problem(
            code=code, message_zh=message_zh, message_en=message_en, detail=detail
        )


#: HTTP status per queue refusal: unknown things are 404, permission 403, state conflicts 409,
#: the rest 422 (the request was understood and refused by a rule).
_QUEUE_STATUS: dict[ErrorCode, int] = {
    ErrorCode.UNKNOWN_TICKET: 404,
    ErrorCode.UNKNOWN_QUEUE: 404,
    ErrorCode.UNKNOWN_WINDOW: 404,
    ErrorCode.UNKNOWN_PRIORITY: 422,
    ErrorCode.PERMISSION_REQUIRED: 403,
    ErrorCode.ILLEGAL_TRANSITION: 409,
    ErrorCode.CALLED_ELSEWHERE: 409,
    ErrorCode.WINDOW_BUSY: 409,
    ErrorCode.WINDOW_NOT_OPEN: 409,
    ErrorCode.WINDOW_STATE: 409,
    ErrorCode.NOT_AT_THIS_WINDOW: 409,
    ErrorCode.DUPLICATE_TICKET: 409,
    ErrorCode.SKIP_REFUSED: 409,
}

_HTTP_CODES: dict[int, tuple[str, str, str]] = {
    400: ("bad_request", "请求格式有误（无法解析）", "the request could not be parsed"),
    401: ("unauthenticated", "请先登录或提供有效令牌", "a valid bearer token is required"),
    403: ("forbidden", "无权执行此操作", "not allowed"),
    404: ("not_found", "找不到请求的资源", "not found"),
    405: ("method_not_allowed", "不支持此请求方法", "method not allowed"),
    406: ("not_acceptable", "无法提供请求的格式", "not acceptable"),
    413: ("too_large", "请求内容过大", "request too large"),
    415: ("unsupported_media_type", "不支持的内容类型", "unsupported media type"),
}


def queue_error(error: QueueError) -> ApiError:
    return ApiError(
        _QUEUE_STATUS.get(error.code, 422), error.code.value, error.message_zh, error.message_en
    )


def problem_response(error: ApiError, headers: Mapping[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error.problem.model_dump(), status_code=error.status, headers=headers)


def install(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_: Request, exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return problem_response(exc, headers)

    @app.exception_handler(QueueError)
    async def _queue_error(_: Request, exc: QueueError) -> JSONResponse:
        return problem_response(queue_error(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": e.get("type")}
            for e in exc.errors()
        ]
        return problem_response(
            ApiError(422, "invalid_request", "请求内容有误", "the request is invalid", detail)
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, zh, en = _HTTP_CODES.get(
            exc.status_code, ("http_error", "请求失败", "request failed")
        )
        return problem_response(ApiError(exc.status_code, code, zh, en), exc.headers)
