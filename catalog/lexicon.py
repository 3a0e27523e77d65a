"""The routing lexicon (catalog/data/lexicon.yaml) and a longest-match phrase finder."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, field_validator

from catalog.loader import DATA_DIR, read_yaml
from catalog.schema import ActionKey

# Why a request may be no request for a science-popularisation service.
NOT_SERVICE_REASONS = ("emergency", "commercial", "complaint", "paperwork", "errand", "small_talk")


class Cues(BaseModel):
    """Words that point to one reason: strong ones decide alone, weak ones add up."""

    model_config = ConfigDict(extra="forbid")

    strong: list[str] = Field(default_factory=list)
    weak: list[str] = Field(default_factory=list)


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")

    audience: dict[ActionKey, dict[str, float]]
    blockers: list[str] = Field(default_factory=list)
    synonyms: dict[str, list[str]] = Field(default_factory=dict)
    # Plan words filed under a task for the audience it serves, not for the thing itself
    # (smartphones under 智慧助老): they place a request only when no other audience is named.
    audience_topics: list[str] = Field(default_factory=list)
    service: list[str] = Field(default_factory=list)
    request: list[str] = Field(default_factory=list)
    learning: list[str] = Field(default_factory=list)
    not_service: dict[str, Cues] = Field(default_factory=dict)
    stopwords: list[str] = Field(default_factory=list)
    english: dict[str, str] = Field(default_factory=dict)
    emoji: dict[str, str] = Field(default_factory=dict)

    @field_validator("not_service")
    @classmethod
    def _known_reasons(cls, value: dict[str, Cues]) -> dict[str, Cues]:
        unknown = set(value) - set(NOT_SERVICE_REASONS)
        if unknown:
            raise ValueError(f"unknown reasons {sorted(unknown)}; known: {NOT_SERVICE_REASONS}")
        return value

    def terms(self) -> set[str]:
        """Every Chinese word the router looks for, for the segmenter and the pinyin table."""
        found: set[str] = set(self.blockers) | set(self.synonyms) | set(self.service)
        for cues in self.audience.values():
            found.update(cues)
        for targets in self.synonyms.values():
            found.update(targets)
        found.update(self.request, self.learning, self.stopwords, self.english.values())
        for cues in self.not_service.values():
            found.update(cues.strong, cues.weak)
        return {t for t in found if t and not t.isascii()}


@cache
def load_lexicon() -> Lexicon:
    return Lexicon.model_validate(read_yaml(DATA_DIR / "lexicon.yaml"))


@dataclass(frozen=True)
class Match:
    phrase: str
    start: int
    end: int


class PhraseFinder:
    """Leftmost-longest, non-overlapping phrase matching.

    Phrases are indexed by first character, so a scan costs one dict lookup
    per character plus the few phrases that start with it.
    """

    def __init__(self, phrases: list[str]) -> None:
        index: dict[str, list[str]] = {}
        for phrase in set(phrases):
            if phrase:
                index.setdefault(phrase[0], []).append(phrase)
        self._index = {k: sorted(v, key=len, reverse=True) for k, v in index.items()}

    def find(self, text: str) -> list[Match]:
        found: list[Match] = []
        i = 0
        while i < len(text):
            for phrase in self._index.get(text[i], ()):
                if text.startswith(phrase, i):
                    found.append(Match(phrase, i, i + len(phrase)))
                    i += len(phrase)
                    break
            else:
                i += 1
        return found
