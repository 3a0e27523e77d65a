"""Does a request ask for a science-popularisation service, and if not, why not.

A request must ask for a service: a talk, a training, an activity, a visit, a
competition, guidance, content, a facility (`lexicon.service`). Sales
pitches and adverts, emergencies that need a professional now, paperwork,
errands, complaints and small talk often use the plans' words all the same
(a "free health talk" that sells supplements; sheep collapsing that need a
vet now); they are recognised by their own words (`lexicon.not_service`).

The rules, in order:
* a clause about learning or teaching (`lexicon.learning`) names what is to
  be learnt, so no reason word inside it counts (想学直播卖货);
* a strong word counts 2, a weak one 1; weak words outside the sentences
  that state the need count half when the request asks for a service;
* a reason holds at 2 points, or at 1 when no service is asked at all;
  small talk only when no service is asked (greetings and thanks are
  politeness around a request); the reason with most points wins,
  emergencies first on equal points.

The result also says which sentences state the need, for the router to weigh
side remarks less.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from catalog.lexicon import NOT_SERVICE_REASONS, Lexicon

STRONG = 2.0
WEAK = 1.0
SIDE_REMARK = 0.5
REASON_AT = 2.0

_SENTENCE_END = re.compile(r"(?<=[。！？!?\n…])")
_CLAUSE_END = re.compile(r"[，,；;：:、]")

REASON_TEXTS = {
    "commercial": "像是推销或广告，不是科普服务需求",
    "emergency": "像是需要专业人员马上处置的紧急情况（请拨打120、119或110），不是科普服务需求",
    "errand": "像是代办或生活求助，不是科普服务需求",
    "paperwork": "像是证件、补贴或社保等办事咨询，请到政务服务窗口办理",
    "complaint": "像是投诉或意见反映，请转相关部门处理",
    "small_talk": "像是问候或闲聊，没有提出服务需求",
    "no_service": "没有看出要哪种科普服务（讲座、培训、活动、参观、比赛、指导等）",
    "weak": "线索太少，无法确定对应的方案任务，请阵地人工归类",
    "tie": "几项任务同样相符且牵头单位不同，请阵地人工选择",
}
REASONS = (*NOT_SERVICE_REASONS, "no_service", "weak", "tie")


def reason_text(reason: str | None) -> str:
    """A short sentence for a station's card; "" when there is no reason (confident)."""
    if reason is None:
        return ""
    try:
        return REASON_TEXTS[reason]
    except KeyError:
        raise ValueError(f"unknown reason {reason!r}; known: {', '.join(REASONS)}") from None


@dataclass(frozen=True)
class Clause:
    text: str
    tokens: tuple[str, ...]


@dataclass
class Intent:
    service: bool  # some clause asks for a service
    request: bool  # some sentence asks for something
    reason: str | None  # why it is not a service request, if it is not
    needs: list[bool] = field(default_factory=list)  # per sentence: does it state the need
    scores: dict[str, float] = field(default_factory=dict)


def split_sentences(text: str) -> list[str]:
    return [s for s in (part.strip() for part in _SENTENCE_END.split(text)) if s]


def split_clauses(sentence: str) -> list[str]:
    return [c for c in (part.strip() for part in _CLAUSE_END.split(sentence)) if c]


class _Words:
    """A word list matched the way its words need: one character as a whole
    jieba token (学 is not in 学校), longer words anywhere in the text."""

    def __init__(self, words: Iterable[str]) -> None:
        words = {w for w in words if w}
        self.chars = frozenset(w for w in words if len(w) == 1)
        self.longer = tuple(sorted(w for w in words if len(w) > 1))

    def count(self, clause: Clause) -> int:
        return sum(1 for t in clause.tokens if t in self.chars) + sum(
            1 for w in self.longer if w in clause.text
        )

    def any(self, clause: Clause) -> bool:
        return any(t in self.chars for t in clause.tokens) or any(
            w in clause.text for w in self.longer
        )


class IntentReader:
    def __init__(self, lexicon: Lexicon) -> None:
        self.service = _Words(lexicon.service)
        self.request = _Words(lexicon.request)
        self.learning = frozenset(lexicon.learning)
        self.strong = {r: _Words(c.strong) for r, c in lexicon.not_service.items()}
        self.weak = {r: _Words(c.weak) for r, c in lexicon.not_service.items()}

    def assess(self, sentences: list[list[Clause]]) -> Intent:
        serves = [[self.service.any(c) for c in clauses] for clauses in sentences]
        asks = [any(self.request.any(c) for c in clauses) for clauses in sentences]
        service = any(any(s) for s in serves)
        needs = [ask and any(s) for ask, s in zip(asks, serves, strict=True)]
        if not any(needs):
            needs = [any(s) for s in serves]
        scores = {reason: 0.0 for reason in NOT_SERVICE_REASONS}
        for clauses, need in zip(sentences, needs, strict=True):
            for clause in clauses:
                if any(t in self.learning for t in clause.tokens):
                    continue
                weak_weight = WEAK * (SIDE_REMARK if service and not need else 1.0)
                for reason in scores:
                    if reason in self.strong:
                        scores[reason] += STRONG * self.strong[reason].count(clause)
                        scores[reason] += weak_weight * self.weak[reason].count(clause)
        return Intent(service, any(asks), self._reason(scores, service), needs, scores)

    @staticmethod
    def _reason(scores: dict[str, float], service: bool) -> str | None:
        bar = REASON_AT if service else WEAK
        held = [
            (score, r)
            for r, score in scores.items()
            if score >= bar and not (service and r == "small_talk")
        ]
        if not held:
            return None
        best = max(score for score, _ in held)
        return next(r for r in NOT_SERVICE_REASONS if scores[r] == best)
