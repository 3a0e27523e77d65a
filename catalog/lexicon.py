"""The routing lexicon (catalog/data/lexicon.yaml) and a longest-match phrase finder."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict, Field

from catalog.loader import DATA_DIR, read_yaml
from catalog.schema import ActionKey


class Lexicon(BaseModel):
    model_config = ConfigDict(extra="forbid")

    audience: dict[ActionKey, dict[str, float]]
    blockers: list[str] = Field(default_factory=list)
    synonyms: dict[str, list[str]] = Field(default_factory=dict)
    intents: list[str] = Field(default_factory=list)
    out_of_scope: list[str] = Field(default_factory=list)
    chatter: list[str] = Field(default_factory=list)
    stopwords: list[str] = Field(default_factory=list)
    english: dict[str, str] = Field(default_factory=dict)
    emoji: dict[str, str] = Field(default_factory=dict)


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
