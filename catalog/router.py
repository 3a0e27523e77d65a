"""Free text from a resident -> ranked plan tasks, their agencies, and a confidence flag.

The request is first read without the plans (`catalog.reading`: normalised,
emoji as hints, pinyin and English read, sentences weighed, intent judged).
Two kinds of evidence are then weighed against each plan:

* audience: who the service is for (学校/孩子 -> youth, 老人 -> elderly, …),
  from `lexicon.audience`;
* topic: words of the request found in a task's keywords, title, summary or
  printed text, weighted by how rare they are among that plan's tasks (an
  IDF), after colloquial words are mapped to the plans' words (`synonyms`).

A task's raw score is AUDIENCE_WEIGHT × audience(action) + topic(task); the
0–100 score shown is raw / (raw + SCORE_HALF). When the request names who it
is for, the topic of tasks for another audience counts less (a phone for a
pupil is no reason to send the request to the elderly action). Equal scores
are ordered by the evidence in the task's own text, then by how many of the
request's words the plan itself files under that task (its keywords), never
by the order of the list; a real tie between different leads is left to a
person.

The router never guesses: a request that asks for no science service, or
whose evidence is too weak, comes back `confident = False` with a `reason`
(see `catalog.intent.REASONS`; `reason_text` gives the sentence for a card).

Everything is computed in memory after `Router.__init__`; `route` does no I/O.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from catalog.agencies import Registry
from catalog.intent import reason_text
from catalog.lexicon import Lexicon
from catalog.pinyin import PinyinTable, load_table
from catalog.reading import Query, Reader
from catalog.schema import ActionKey, Plan, Task
from catalog.segmenter import load_false_friends, make_tokenizer

__all__ = ["Candidate", "RouteError", "RouteResult", "Router", "build_router", "reason_text"]

MAX_TEXT = 2000
MAX_CANDIDATES = 5

# Weights and cut-offs, chosen on the dev and held-out sets (see README).
AUDIENCE_WEIGHT = 5.0
FIELD_WEIGHTS = (("keywords", 2.0), ("title", 1.5), ("summary", 1.2), ("text", 1.0))
FUZZY_WEIGHT = 0.6
FUZZY_CUTOFF = 75.0  # fuzz.ratio: one wrong character in a 4-character word
FUZZY_MIN_LEN = 4
SCORE_HALF = 8.0
TOPIC_MIN = 3.0  # topic evidence needed to be confident without an audience
CONFIDENT_SCORE = 45.0  # below this the best candidate is only a hint
TIE_MARGIN = 1.0  # top two this close, with different leads: a person must choose
PLACEMENT_TOPIC = 6.0  # topic evidence above which audience counts proportionally less
OTHER_AUDIENCE = 0.5  # topic of a task for another audience than the one named
NAMED_AUDIENCE = 0.5  # audience weight from words that names who a request is for
# Actions for one audience; the others (resources, media, facilities, grassroots) serve all.
AUDIENCE_ACTIONS = frozenset(
    {ActionKey.youth, ActionKey.farmers, ActionKey.workers, ActionKey.elderly, ActionKey.officials}
)


class RouteError(ValueError):
    """The request cannot be routed as given; the message is for the user."""


@dataclass(frozen=True)
class Candidate:
    task: str
    action: str
    title: str
    lead: list[str]
    responsible: list[str]
    score: float

    def as_dict(self) -> dict[str, object]:
        return {
            "task": self.task,
            "action": self.action,
            "title": self.title,
            "lead": self.lead,
            "responsible": self.responsible,
            "score": self.score,
        }


@dataclass(frozen=True)
class RouteResult:
    jurisdiction: str
    confident: bool
    candidates: list[Candidate]
    fallback: str | None
    # Why it is not confident (a code of catalog.intent.REASONS); None when confident.
    reason: str | None = None

    @property
    def reason_text(self) -> str:
        return reason_text(self.reason)


class _PlanIndex:
    """One plan's tasks as searchable strings, with a cache of term statistics."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.tasks: list[Task] = plan.tasks()
        self.fields: list[dict[str, str]] = [
            {
                "keywords": "|".join(t.keywords),
                "title": t.title,
                "summary": t.summary,
                "text": t.text,
            }
            for t in self.tasks
        ]
        self.vocabulary = sorted(
            {k for t in self.tasks for k in t.keywords if len(k) >= FUZZY_MIN_LEN}
        )
        self._weights: dict[str, tuple[float, list[float]]] = {}
        self.registry = Registry(plan)

    def term(self, term: str) -> tuple[float, list[float]]:
        """(idf, per-task field weight) for `term`; idf is 0 when no task has it."""
        cached = self._weights.get(term)
        if cached is None:
            per_task = [
                max((w for name, w in FIELD_WEIGHTS if term in fields[name]), default=0.0)
                for fields in self.fields
            ]
            df = sum(1 for w in per_task if w)
            idf = math.log((len(self.tasks) + 1) / (df + 0.5)) if df else 0.0
            cached = (idf, per_task)
            self._weights[term] = cached
        return cached

    def placed(self, groups: list[tuple[float, tuple[str, ...]]], i: int) -> int:
        """How many of the request's words this plan files under task i (its keywords)."""
        keywords = self.fields[i]["keywords"]
        return sum(1 for _, forms in groups if any(f in keywords for f in forms))

    def fuzzy(self, term: str) -> str | None:
        if len(term) < FUZZY_MIN_LEN - 1 or not self.vocabulary:
            return None
        best = process.extractOne(
            term, self.vocabulary, scorer=fuzz.ratio, processor=None, score_cutoff=FUZZY_CUTOFF
        )
        return best[0] if best else None


class Router:
    def __init__(
        self, plans: dict[str, Plan], lexicon: Lexicon, pinyin: PinyinTable | None = None
    ) -> None:
        self.lexicon = lexicon
        self._audience_topics = frozenset(lexicon.audience_topics)
        self.indexes = {plan_id: _PlanIndex(plan) for plan_id, plan in plans.items()}
        self.reader = Reader(
            lexicon, make_tokenizer(), pinyin or load_table(), load_false_friends()
        )

    def normalize(self, text: str) -> str:
        """The text as the router matches it (normalised, emoji out, Latin read)."""
        return " ".join(self.reader.read(text).normalized.split())

    def read(self, text: str) -> Query:
        return self.reader.read(text)

    # --- scoring -------------------------------------------------------------

    @staticmethod
    def _topic(index: _PlanIndex, groups: list[tuple[float, tuple[str, ...]]]) -> list[float]:
        totals = [0.0] * len(index.tasks)
        for weight, forms in groups:
            best = [0.0] * len(index.tasks)
            for form in forms:
                for i, value in enumerate(_evidence(index, form, weight)):
                    best[i] = max(best[i], value)
            for i, value in enumerate(best):
                totals[i] += value
        return totals

    def audience_bound(self, forms: tuple[str, ...]) -> bool:
        return any(f in self._audience_topics for f in forms)

    def route(self, jurisdiction: str, text: str) -> RouteResult:
        index = self.indexes.get(jurisdiction)
        if index is None:
            raise RouteError(f"未知的旗市：{jurisdiction}")
        if text is None or not str(text).strip():
            raise RouteError("需求描述不能为空")
        if len(text) > MAX_TEXT:
            raise RouteError(f"需求描述太长：最多 {MAX_TEXT} 个字，现在 {len(text)} 个字")
        query = self.read(text)
        words = self._topic(index, query.groups)
        hints = self._topic(index, query.hint_groups)
        named = {
            a for a, w in query.audience.items() if a in AUDIENCE_ACTIONS and w >= NAMED_AUDIENCE
        }
        # A phone is filed under 智慧助老 because the elderly need help with it; a worker
        # or a pupil asking about one is not thereby sent to the elderly action: for a
        # task of another audience such words neither place the request nor count.
        free = [g for g in query.groups if not (named and self.audience_bound(g[1]))]
        free_words = self._topic(index, free) if len(free) < len(query.groups) else words
        placed = [index.placed(free, i) for i in range(len(index.tasks))]
        # Where the request names a thing the plan files under one task, who it is
        # for counts less: the plan's own placement decides.
        strongest = max(words, default=0.0)
        scale = min(1.0, PLACEMENT_TOPIC / strongest) if strongest > 0 else 1.0
        raw = []
        for i, task in enumerate(index.tasks):
            other = named and task.action in AUDIENCE_ACTIONS and task.action not in named
            topic = (free_words[i] if other else words[i]) + hints[i]
            if other and not placed[i]:
                topic *= OTHER_AUDIENCE
            audience = query.audience.get(task.action, 0.0)
            audience += query.hint_audience.get(task.action, 0.0)
            raw.append(AUDIENCE_WEIGHT * scale * audience + topic)
        order = sorted(
            range(len(raw)), key=lambda i: (-raw[i], -words[i], -placed[i], index.tasks[i].id)
        )
        ranked = [i for i in order if raw[i] > 0][:MAX_CANDIDATES]
        candidates = [self._candidate(index.tasks[i], raw[i]) for i in ranked]
        top_words = words[ranked[0]] if ranked else 0.0
        confident, reason = self._judge(query, top_words, candidates)
        fallback = None
        if confident and not candidates[0].lead:
            fallback = index.plan.coordinator
        return RouteResult(jurisdiction, confident, candidates, fallback, reason)

    @staticmethod
    def _candidate(task: Task, raw: float) -> Candidate:
        return Candidate(
            task=task.id,
            action=str(task.action),
            title=task.title,
            lead=list(task.lead),
            responsible=list(task.responsible),
            score=round(100 * raw / (raw + SCORE_HALF), 1),
        )

    @staticmethod
    def _judge(
        query: Query, top_words: float, candidates: list[Candidate]
    ) -> tuple[bool, str | None]:
        intent = query.intent
        assert intent is not None
        if intent.reason:
            return False, intent.reason
        if not query.words:
            # Emoji alone are a hint, not a request; digits or unknown letters ask nothing.
            return False, "weak" if query.hint_groups or query.hint_audience else "no_service"
        if not (intent.service or (intent.request and top_words >= TOPIC_MIN)):
            return False, "no_service"
        if not candidates:
            return False, "weak"
        audience = max(query.audience.values(), default=0.0)
        if not (top_words >= TOPIC_MIN or (audience >= 1.0 and intent.service)):
            return False, "weak"
        if candidates[0].score < CONFIDENT_SCORE:
            return False, "weak"
        if (
            len(candidates) > 1
            and candidates[0].score - candidates[1].score < TIE_MARGIN
            and set(candidates[0].lead) != set(candidates[1].lead)
        ):
            return False, "tie"
        return True, None


def _evidence(index: _PlanIndex, form: str, weight: float) -> list[float]:
    """What one form of a word adds to each task's topic score."""
    idf, per_task = index.term(form)
    if not idf:
        near = index.fuzzy(form)
        if near is None:
            return per_task  # all zero
        idf, per_task = index.term(near)
        weight *= FUZZY_WEIGHT
    scale = weight * idf * min(len(form), 4) / 2
    return [scale * field_weight for field_weight in per_task]


def build_router(ids: tuple[str, ...] | None = None) -> Router:
    """The router over the shipped data files (all jurisdictions by default)."""
    from catalog.lexicon import load_lexicon
    from catalog.loader import JURISDICTIONS, load_all

    return Router(load_all(ids or JURISDICTIONS), load_lexicon())
