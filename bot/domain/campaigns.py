"""Theme days (世界气象日, 科技活动周, 敬老月…): the calendar as data, and the prompts.

Seven days before a theme day each station is prompted with the day, a plan
task of its jurisdiction that fits, and a link residents can open to order a
service on that theme (the order's description is filled in for them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator

DATA = Path(__file__).parents[1] / "data" / "campaigns.yaml"
LEAD_DAYS = 7
ACTIONS = (
    "youth",
    "farmers",
    "workers",
    "elderly",
    "officials",
    "tech_resources",
    "informatization",
    "infrastructure",
    "grassroots",
)
ACTION_PATTERN = "^(" + "|".join(ACTIONS) + ")$"
_MONTH_DAY = re.compile(r"^\d{2}-\d{2}$")


class Span(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: str
    end: str


class Campaign(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=r"^[a-z]{2,12}$")  # goes into a deep link: keep it short
    name: str
    topic: str = Field(min_length=4, max_length=200)
    action: str = Field(pattern=ACTION_PATTERN)  # one of the plans' nine action keys
    date: str | None = None
    start: str | None = None
    end: str | None = None
    years: dict[int, Span] = Field(default_factory=dict)

    @field_validator("date", "start", "end")
    @classmethod
    def _month_day(cls, value: str | None) -> str | None:
        if value is not None and not _MONTH_DAY.match(value):
            raise ValueError("use MM-DD")
        return value

    def span(self, year: int) -> tuple[date, date] | None:
        """The campaign's first and last day in `year`, or None when not known yet."""
        if year in self.years:
            start, end = self.years[year].start, self.years[year].end
        elif self.date:
            start = end = self.date
        elif self.start and self.end:
            start, end = self.start, self.end
        else:
            return None
        return _day(year, start), _day(year, end)


def _day(year: int, month_day: str) -> date:
    month, day = (int(part) for part in month_day.split("-"))
    return date(year, month, day)


def load_campaigns(path: Path = DATA) -> list[Campaign]:
    return [Campaign.model_validate(item) for item in yaml.safe_load(path.read_text("utf-8"))]


@dataclass(frozen=True)
class Upcoming:
    campaign: Campaign
    start: date
    end: date

    @property
    def period(self) -> str:
        return f"{self.start.year}:{self.campaign.id}"


def upcoming(campaigns: list[Campaign], today: date) -> list[Upcoming]:
    """Campaigns whose prompt is due: from seven days before the start until the start."""
    found = []
    for campaign in campaigns:
        for year in (today.year, today.year + 1):
            span = campaign.span(year)
            if span and span[0] - timedelta(days=LEAD_DAYS) <= today <= span[0]:
                found.append(Upcoming(campaign, *span))
    return found


def deep_link_payload(campaign: Campaign, station_id: str) -> str:
    """/start payloads allow 64 characters of A-Z a-z 0-9 _ -."""
    payload = f"c_{campaign.id}_{station_id}"
    return payload if len(payload) <= 64 else f"c_{campaign.id}_"


def parse_payload(payload: str) -> tuple[str, str] | None:
    parts = payload.split("_", 2)
    if len(parts) != 3 or parts[0] != "c":
        return None
    return parts[1], parts[2]
