"""What residents and teams fill in: the order draft (点单) and the completion report."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError, field_validator

from bot.domain.privacy import normalize_phone
from bot.domain.textclean import free_text, one_line
from bot.domain.workflow import (
    InvalidInput,
)

MAX_REQUEST = 2000


def input_error(exc: ValidationError) -> InvalidInput:
    """The first problem pydantic found, as a refusal naming the field."""
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else "input"
    detail = str(first.get("ctx", {}).get("error", "")) or first["msg"]
    if first["type"] in ("string_too_long", "too_long"):
        limit = first.get("ctx", {}).get("max_length")
        return InvalidInput("field_too_long", field=field, limit=limit)
    if first["type"] in ("string_too_short", "missing", "too_short"):
        return InvalidInput("field_empty", field=field)
    return InvalidInput("field_invalid", field=field, detail=detail)


class OrderDraft(BaseModel):
    """What a resident submits (点单)."""

    jurisdiction: str
    station_id: str = Field(min_length=1)
    request_text: str = Field(min_length=1, max_length=MAX_REQUEST)
    audience: str = Field(default="", max_length=100)
    place_detail: str = Field(default="", max_length=200)
    expected_attendance: int | None = Field(default=None, ge=1, le=100000)
    preferred_label: str = Field(default="", max_length=60)
    preferred_from: date | None = None
    preferred_to: date | None = None
    contact_phone: str | None = None
    phone_visibility: Literal["station_and_team", "station_only"] = "station_and_team"
    routed_task: str | None = None
    routed_candidates: list[dict[str, Any]] = Field(default_factory=list)
    routed_score: float | None = None
    routed_confident: bool = False
    routed_reason: str | None = Field(default=None, max_length=40)
    priority: Literal["normal", "urgent"] = "normal"

    @field_validator("request_text", mode="before")
    @classmethod
    def _not_blank(cls, value: object) -> object:
        # What the resident typed ends up on staff cards: invisible characters go, and
        # a request made only of them is no request.
        if isinstance(value, str):
            value = free_text(value)
            if not value:
                raise ValueError("blank")
        return value

    @field_validator("audience", "place_detail", "preferred_label", mode="before")
    @classmethod
    def _one_line(cls, value: object) -> object:
        return one_line(value) if isinstance(value, str) else value

    @field_validator("contact_phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return normalize_phone(value) if value else None


class CompletionReport(BaseModel):
    """What a team reports when the service is delivered."""

    date: date
    attendance: int = Field(ge=0, le=100000)
    hours: float = Field(gt=0, le=24)
    volunteers: int = Field(ge=1, le=1000)
    summary: str = Field(default="", max_length=1000)
    photos: list[str] = Field(default_factory=list, max_length=10)
    member_ids: list[int] = Field(default_factory=list, max_length=100)
    early: bool = False  # said so by the team: delivered before the agreed day
    task: str | None = None  # the plan task the service was, as the team reports it

    @field_validator("summary", mode="before")
    @classmethod
    def _clean(cls, value: object) -> object:
        return free_text(value) if isinstance(value, str) else value
