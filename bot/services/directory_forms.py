"""What a 科协 fills in to create or edit a station or a team (the web console's forms).

The fields are checked here, each refusal naming its field in Chinese; whether the
places they name exist in the jurisdiction is checked by the directory service.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.domain.places import LEVELS, PLACE_ID, STATION_KINDS
from bot.domain.textclean import one_line
from bot.services.orders.forms import input_error
from catalog.schema import ActionKey

CHOOSE = "请从列表中选择"


class _Place(BaseModel):
    """A station or a team: an id operators type, and a name everyone reads."""

    model_config = ConfigDict(extra="forbid")
    id: str
    name: str = Field(min_length=1, max_length=60)

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: object) -> object:
        value = value.strip() if isinstance(value, str) else value
        if isinstance(value, str) and not PLACE_ID.match(value):
            raise ValueError("只能用小写字母、数字、- 和 _，以字母或数字开头，2 到 41 个字符")
        return value

    @field_validator("name", mode="before")
    @classmethod
    def _name(cls, value: object) -> object:
        return one_line(value).strip() if isinstance(value, str) else value


class StationForm(_Place):
    kind: str
    level: str
    parent: str | None = None

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        if value not in STATION_KINDS:
            raise ValueError(CHOOSE)
        return value

    @field_validator("level")
    @classmethod
    def _level(cls, value: str) -> str:
        if value not in LEVELS:
            raise ValueError(CHOOSE)
        return value

    @field_validator("parent", mode="before")
    @classmethod
    def _no_parent(cls, value: object) -> object:
        return value or None


class TeamForm(_Place):
    actions: list[str] = Field(default_factory=list)
    tasks: list[str] = Field(default_factory=list, max_length=200)
    stations: list[str] = Field(default_factory=list, max_length=500)

    @field_validator("actions")
    @classmethod
    def _actions(cls, value: list[str]) -> list[str]:
        if any(a not in ActionKey.__members__ for a in value):
            raise ValueError(CHOOSE)
        return list(dict.fromkeys(value))

    @field_validator("tasks", "stations")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(value))


def read_form(model: type[StationForm] | type[TeamForm], data: dict[str, Any]) -> Any:
    """The form, or InvalidInput naming the first field that is wrong."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise input_error(exc) from None
