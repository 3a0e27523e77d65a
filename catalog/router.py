"""Free text from a resident -> ranked plan tasks, their agencies, and a confidence flag.

Two kinds of evidence are weighed:

* audience: who the service is for (学校/孩子 -> youth, 老人 -> elderly, …),
  from `lexicon.audience`;
* topic: words of the request found in a task's keywords, title, summary or
  printed text, weighted by how rare they are among that plan's tasks (an
  IDF), after colloquial words are mapped to the plans' words (`synonyms`).

A task's raw score is AUDIENCE_WEIGHT × audience(action) + topic(task); the
0–100 score shown is raw / (raw + SCORE_HALF). The router never guesses: a
request without enough evidence, or that looks like an everyday errand, is
returned with `confident = False` for a person to classify.

Everything is computed in memory after `Router.__init__`; `route` does no I/O.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from catalog.agencies import Registry
from catalog.lexicon import Lexicon, PhraseFinder
from catalog.schema import ActionKey, Plan, Task
from catalog.segmenter import make_tokenizer

MAX_TEXT = 2000
MAX_CANDIDATES = 5

# Weights and cut-offs, chosen on the dev and held-out sets (see README).
AUDIENCE_WEIGHT = 5.0
AUDIENCE_CAP = 2.0
FIELD_WEIGHTS = (("keywords", 2.0), ("title", 1.5), ("summary", 1.2), ("text", 1.0))
SYNONYM_WEIGHT = 1.0
TOKEN_WEIGHT = 0.8
FUZZY_WEIGHT = 0.6
FUZZY_CUTOFF = 75.0  # fuzz.ratio: one wrong character in a 4-character word
FUZZY_MIN_LEN = 4
SCORE_HALF = 8.0
TOPIC_MIN = 3.0  # topic evidence needed to be confident without an audience
TOPIC_STRONG = 6.0  # topic evidence that outweighs an out-of-scope word
CONFIDENT_SCORE = 45.0  # below this the best candidate is only a hint
TIE_MARGIN = 1.0  # top two this close, with different leads: a person must choose

_KEEP = re.compile(r"[^0-9a-z\u4e00-\u9fff]+")
_LATIN_WORD = re.compile(r"[a-z]+")


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
    reason: str = ""  # why it is not confident, for logs and the station


@dataclass
class Query:
    """What the router reads out of one request, independent of the plan."""

    normalized: str
    # Topic evidence: one group per word of the request, holding the forms it
    # may match (a colloquial word and the plans' words for it, or a long word
    # and its parts). A group counts once, by its best-matching form.
    groups: list[tuple[float, tuple[str, ...]]] = field(default_factory=list)
    audience: dict[ActionKey, float] = field(default_factory=dict)
    intent: bool = False
    out_of_scope: bool = False
    chatter_only: bool = False
    words: bool = True  # False when the text has no letters at all (emoji, digits)


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

    def fuzzy(self, term: str) -> str | None:
        if len(term) < FUZZY_MIN_LEN - 1 or not self.vocabulary:
            return None
        best = process.extractOne(
            term, self.vocabulary, scorer=fuzz.ratio, processor=None, score_cutoff=FUZZY_CUTOFF
        )
        return best[0] if best else None


class Router:
    def __init__(self, plans: dict[str, Plan], lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.indexes = {plan_id: _PlanIndex(plan) for plan_id, plan in plans.items()}
        self._audience_of: dict[str, tuple[ActionKey, float]] = {}
        for action, cues in lexicon.audience.items():
            for cue, weight in cues.items():
                self._audience_of[cue] = (action, weight)
        self._audience_finder = PhraseFinder([*self._audience_of, *lexicon.blockers])
        self._synonym_finder = PhraseFinder(list(lexicon.synonyms))
        self._stopwords = frozenset(lexicon.stopwords)
        self._tokenizer = make_tokenizer()

    # --- reading the request -------------------------------------------------

    def normalize(self, text: str) -> str:
        text = unicodedata.normalize("NFKC", text)
        for symbol, word in self.lexicon.emoji.items():
            text = text.replace(symbol, f" {word} ")
        # Explicit lower-casing: rapidfuzz 3 scorers no longer do it for us.
        text = text.lower()
        text = _LATIN_WORD.sub(lambda m: f" {self.lexicon.english.get(m[0], m[0])} ", text)
        return _KEEP.sub(" ", text).strip()

    def read(self, text: str) -> Query:
        normalized = self.normalize(text)
        compact = normalized.replace(" ", "")
        query = Query(normalized=normalized)
        for match in self._audience_finder.find(compact):
            cue = self._audience_of.get(match.phrase)
            if cue:
                action, weight = cue
                query.audience[action] = min(AUDIENCE_CAP, query.audience.get(action, 0.0) + weight)
        covered: set[str] = set()
        for match in self._synonym_finder.find(compact):
            forms = (match.phrase, *self.lexicon.synonyms[match.phrase])
            query.groups.append((SYNONYM_WEIGHT, forms))
            covered.update(forms)
        for word in self._tokenizer.lcut(normalized):
            word = word.strip()
            if len(word) < 2 or word in self._stopwords or word.isdigit():
                continue
            if word in covered or any(word in phrase for phrase in covered):
                continue
            covered.add(word)
            query.groups.append((TOKEN_WEIGHT, (word, *self._parts(word))))
        query.intent = any(w in compact for w in self.lexicon.intents)
        query.out_of_scope = any(w in compact for w in self.lexicon.out_of_scope)
        rest = compact
        for word in sorted(self.lexicon.chatter, key=len, reverse=True):
            rest = rest.replace(word, "")
        query.chatter_only = bool(compact) and not rest
        stripped = _KEEP.sub("", unicodedata.normalize("NFKC", text).lower())
        query.words = any(not ch.isdigit() for ch in stripped)
        return query

    def _parts(self, word: str) -> tuple[str, ...]:
        """Dictionary words inside a longer word (as jieba's search mode finds them)."""
        if len(word) <= 2:
            return ()
        freq = self._tokenizer.FREQ
        parts = []
        for size in (2, 3):
            for i in range(len(word) - size + 1):
                part = word[i : i + size]
                if part != word and freq.get(part) and part not in self._stopwords:
                    parts.append(part)
        return tuple(parts)

    # --- scoring -------------------------------------------------------------

    def _topic(self, index: _PlanIndex, query: Query) -> list[float]:
        totals = [0.0] * len(index.tasks)
        for weight, forms in query.groups:
            best = [0.0] * len(index.tasks)
            for form in forms:
                for i, value in enumerate(self._evidence(index, form, weight)):
                    best[i] = max(best[i], value)
            for i, value in enumerate(best):
                totals[i] += value
        return totals

    @staticmethod
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

    def route(self, jurisdiction: str, text: str) -> RouteResult:
        index = self.indexes.get(jurisdiction)
        if index is None:
            raise RouteError(f"未知的旗市：{jurisdiction}")
        if text is None or not str(text).strip():
            raise RouteError("需求描述不能为空")
        if len(text) > MAX_TEXT:
            raise RouteError(f"需求描述太长：最多 {MAX_TEXT} 个字，现在 {len(text)} 个字")
        query = self.read(text)
        topic = self._topic(index, query)
        raw = [
            AUDIENCE_WEIGHT * query.audience.get(task.action, 0.0) + topic[i]
            for i, task in enumerate(index.tasks)
        ]
        order = sorted(range(len(raw)), key=lambda i: (-raw[i], i))
        ranked = [i for i in order if raw[i] > 0][:MAX_CANDIDATES]
        candidates = [self._candidate(index.tasks[i], raw[i]) for i in ranked]
        confident, reason = self._judge(query, topic[ranked[0]] if ranked else 0.0, candidates)
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
    def _judge(query: Query, top_topic: float, candidates: list[Candidate]) -> tuple[bool, str]:
        if not candidates:
            return False, "no_match"
        if query.chatter_only:
            return False, "chatter"
        if not query.words:
            return False, "no_words"  # emoji alone are a hint, not a request
        audience = max(query.audience.values(), default=0.0)
        evidence = top_topic >= TOPIC_MIN or (audience >= 1.0 and query.intent)
        if not evidence:
            return False, "weak"
        if query.out_of_scope and not (query.intent and top_topic >= TOPIC_STRONG):
            return False, "out_of_scope"
        if candidates[0].score < CONFIDENT_SCORE:
            return False, "weak"
        if (
            len(candidates) > 1
            and candidates[0].score - candidates[1].score < TIE_MARGIN
            and set(candidates[0].lead) != set(candidates[1].lead)
        ):
            return False, "tie"
        return True, ""


def build_router(ids: tuple[str, ...] | None = None) -> Router:
    """The router over the shipped data files (all jurisdictions by default)."""
    from catalog.lexicon import load_lexicon
    from catalog.loader import JURISDICTIONS, load_all

    return Router(load_all(ids or JURISDICTIONS), load_lexicon())
