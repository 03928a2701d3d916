"""Turn every kind of bad request into a clear 4xx, and the rest into a JSON 5xx.

FastAPI's default 422 is a list of pydantic's raw errors (``"loc": ["body", 0,
"hp"]``, ``"Input should be less than or equal to 255"``). Correct, but a client
wants one sentence: *which field, what is wrong with it, what is allowed*. The
handlers here rewrite every error into ``ErrorResponse`` — a code, a sentence,
and one ``Problem`` per field — so a client can both show it and act on it.
"""

from __future__ import annotations

import math
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from pokemon_ml.serving.schemas import INPUT_FIELDS, ErrorResponse, Problem

__all__ = ["ModelUnavailable", "install_error_handlers", "problem_of"]

MAX_SHOWN_PROBLEMS = 20  # a 1,000-row batch of bad rows still gets a readable answer
MAX_SHOWN_INPUT = 40  # characters of a bad value echoed back


class ModelUnavailable(Exception):
    """Raised by a predict route when no model is loaded; answered with 503."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _field_name(loc: tuple[Any, ...]) -> str:
    """``("body", "creatures", 3, "hp")`` → ``"creatures[3].hp"``; the body itself → ``"body"``."""
    parts = [part for part in loc if part != "body"]
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else f".{part}" if name else str(part)
    return name or "body"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= MAX_SHOWN_INPUT else text[: MAX_SHOWN_INPUT - 1] + "…"


def problem_of(error: dict[str, Any], body_fields: tuple[str, ...] = INPUT_FIELDS) -> Problem:
    """One pydantic (or JSON) error as a ``Problem`` a person can act on.

    Args:
        error: one entry of ``RequestValidationError.errors()``.
        body_fields: the fields the body's top level allows (named for an unknown one).
    """
    loc = tuple(error.get("loc", ()))
    field = "body" if error["type"] == "json_invalid" else _field_name(loc)
    allowed = INPUT_FIELDS if any(isinstance(part, int) for part in loc[1:]) else body_fields
    kind, ctx, got = error["type"], error.get("ctx") or {}, error.get("input")
    if isinstance(got, float) and not math.isfinite(got):  # NaN or Infinity in an int field
        kind = "finite_number"
    messages = {
        "missing": (
            "the request body is required: a JSON object"
            if field == "body"
            else f"{field} is required"
        ),
        "extra_forbidden": (
            f"{field} is not a field this API knows; allowed: {', '.join(allowed)}"
        ),
        "int_type": f"{field} must be a whole number, got {_shown(got)}",
        "float_type": f"{field} must be a number, got {_shown(got)}",
        "finite_number": f"{field} must be a finite number (NaN and Infinity are not allowed)",
        "greater_than_equal": f"{field} must be at least {ctx.get('ge')}, got {_shown(got)}",
        "less_than_equal": f"{field} must be at most {ctx.get('le')}, got {_shown(got)}",
        "literal_error": (
            f"{field} must be one of {ctx.get('expected')} or null, got {_shown(got)}"
        ),
        "too_short": f"{field} must hold at least {ctx.get('min_length')} item(s), got none",
        "too_long": (
            f"{field} may hold at most {ctx.get('max_length')} items, "
            f"got {ctx.get('actual_length')}: split the batch"
        ),
        "list_type": f"{field} must be a JSON list, got {_shown(got)}",
        "model_attributes_type": f"{field} must be a JSON object, got {_shown(got)}",
        "model_type": f"{field} must be a JSON object, got {_shown(got)}",
        "dict_type": f"{field} must be a JSON object, got {_shown(got)}",
        "json_invalid": (
            f"the body is not valid JSON ({ctx.get('error', 'decode error')} "
            f"at character {error.get('loc', ('body', '?'))[-1]})"
        ),
    }
    code = {"greater_than_equal": "out_of_range", "less_than_equal": "out_of_range"}.get(kind, kind)
    message = messages.get(kind, f"{field}: {error.get('msg', 'invalid')}")
    return Problem(field=field, message=message, type=code)


def _versions(request: Request) -> dict[str, str | None]:
    service = getattr(request.app.state, "service", None)
    model = service.model_state.model if service is not None else None
    return {
        "model_version": model.version if model else None,
        "data_hash": model.data_hash if model else None,
    }


def _answer(request: Request, status: int, body: ErrorResponse) -> JSONResponse:
    body = body.model_copy(update=_versions(request))
    return JSONResponse(body.model_dump(), status_code=status)


async def _invalid_input(request: Request, exc: RequestValidationError) -> JSONResponse:
    body_fields = ("creatures",) if request.url.path.endswith("/batch") else INPUT_FIELDS
    problems = [problem_of(error, body_fields) for error in exc.errors()]
    shown = problems[:MAX_SHOWN_PROBLEMS]
    more = f" (and {len(problems) - len(shown)} more)" if len(problems) > len(shown) else ""
    message = "; ".join(p.message for p in shown[:3]) + more
    return _answer(
        request, 422, ErrorResponse(error="invalid_input", message=message, problems=shown)
    )


async def _http_error(request: Request, exc: HTTPException) -> JSONResponse:
    codes = {400: "bad_request", 404: "not_found", 405: "method_not_allowed"}
    error = codes.get(exc.status_code, "http_error")
    message = str(exc.detail)
    if exc.status_code == 400:  # FastAPI could not parse the body at all
        message = "the body could not be read as JSON (not UTF-8, or nested far too deeply)"
    response = _answer(request, exc.status_code, ErrorResponse(error=error, message=message))
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def _model_unavailable(request: Request, exc: ModelUnavailable) -> JSONResponse:
    message = f"the model is not loaded, so this instance cannot predict: {exc.reason}"
    return _answer(request, 503, ErrorResponse(error="model_unavailable", message=message))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    # A bug of ours, never the client's: say so without leaking internals.
    message = f"internal error ({type(exc).__name__}); the request id is in the x-request-id header"
    return _answer(request, 500, ErrorResponse(error="internal_error", message=message))


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers above on ``app``."""
    app.add_exception_handler(RequestValidationError, _invalid_input)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(ModelUnavailable, _model_unavailable)
    app.add_exception_handler(Exception, _unexpected)
