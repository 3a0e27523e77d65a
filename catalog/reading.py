"""What the router reads out of one request, before it looks at any plan.

1. The text is normalised (`catalog.normalize`).
2. Emoji become hint words, kept apart: a hint can tip a ranking but never
   makes an answer confident.
3. Latin words are read whole: an English word through the lexicon's list,
   pinyin through the pinyin table (`catalog.pinyin`), initials of a long
   catalog word where they are unambiguous; any other Latin word is dropped,
   so its letters never match inside it (the "ai" in "email").
4. The text is cut into sentences, clauses and jieba words; the intent
   (`catalog.intent`) says which sentences state the need. In a message of
   several sentences the others are side remarks and count less.
5. Audience words count on whole jieba words, the longer word winning
   (老师傅 is no 老师: see `catalog.segmenter`); compounds that end in an
   audience word keep it (中老年人). Topic evidence is each word with the
   plans' words for it (`lexicon.synonyms`) and the dictionary words inside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import jieba

from catalog.intent import Clause, Intent, IntentReader, split_clauses, split_sentences
from catalog.lexicon import Lexicon, PhraseFinder
from catalog.normalize import normalize
from catalog.pinyin import PinyinTable
from catalog.schema import ActionKey

AUDIENCE_CAP = 2.0
SYNONYM_WEIGHT = 1.0
TOKEN_WEIGHT = 0.8
HINT_WEIGHT = 0.35  # an emoji, against a word
SIDE_WEIGHT = 0.35  # a side remark, against the sentence that states the need

_LATIN = re.compile(r"[a-z]+")
_PINYIN_GAP = re.compile(r"[\s'’\-]*")  # what may separate the syllables of one pinyin run
_HAN = re.compile(r"[\u4e00-\u9fff]")
_PLURAL = re.compile(r"(?<=[a-z])(es|s)$")

Group = tuple[float, tuple[str, ...]]  # weight, and the forms one word may match


@dataclass
class Query:
    normalized: str  # the text as matched: normalised, emoji out, Latin read
    groups: list[Group] = field(default_factory=list)
    audience: dict[ActionKey, float] = field(default_factory=dict)
    hint_groups: list[Group] = field(default_factory=list)
    hint_audience: dict[ActionKey, float] = field(default_factory=dict)
    intent: Intent | None = None
    words: bool = True  # False when nothing but emoji, digits or unknown Latin was written


class Reader:
    def __init__(
        self,
        lexicon: Lexicon,
        tokenizer: jieba.Tokenizer,
        pinyin: PinyinTable,
        false_friends: frozenset[str],
    ) -> None:
        self.lexicon = lexicon
        self.tokenizer = tokenizer
        self.pinyin = pinyin
        self.intents = IntentReader(lexicon)
        self._audience_of: dict[str, tuple[ActionKey, float]] = {
            cue: (action, weight)
            for action, cues in lexicon.audience.items()
            for cue, weight in cues.items()
        }
        self._cues_by_length = sorted(self._audience_of, key=len, reverse=True)
        self._not_audience = frozenset(lexicon.blockers) | false_friends
        self._synonym_finder = PhraseFinder(list(lexicon.synonyms))
        self._stopwords = frozenset(lexicon.stopwords)
        self._emoji = sorted(lexicon.emoji, key=len, reverse=True)

    def read(self, text: str) -> Query:
        normalized, hints = self._take_emoji(normalize(text))
        normalized = self.read_latin(normalized)
        query = Query(normalized=normalized, words=bool(_HAN.search(normalized)))
        sentences = [
            [Clause(c, self._tokens(c)) for c in split_clauses(s)]
            for s in split_sentences(normalized)
        ]
        sentences = [clauses for clauses in sentences if clauses]
        query.intent = self.intents.assess(sentences)
        needs = query.intent.needs
        several = len(sentences) > 1 and any(needs)
        topic: dict[tuple[str, ...], float] = {}
        for clauses, need in zip(sentences, needs, strict=True):
            weight = SIDE_WEIGHT if several and not need else 1.0
            for clause in clauses:
                for token in clause.tokens:
                    self._add_token(token, weight, query.audience, topic)
        query.groups = [(w, forms) for forms, w in topic.items()]
        hint_topic: dict[tuple[str, ...], float] = {}
        for word in hints:
            self._add_token(word, HINT_WEIGHT, query.hint_audience, hint_topic)
        query.hint_groups = [(w, forms) for forms, w in hint_topic.items()]
        return query

    # --- emoji and Latin -------------------------------------------------------

    def _take_emoji(self, text: str) -> tuple[str, list[str]]:
        hints = []
        for symbol in self._emoji:
            if symbol in text:
                hints += [self.lexicon.emoji[symbol]] * text.count(symbol)
                text = text.replace(symbol, " ")
        return text, hints

    def read_latin(self, text: str) -> str:
        """Latin words replaced by the Chinese words they stand for, or dropped."""
        out: list[str] = []
        run: list[str] = []  # syllables of the pinyin run being read
        pos = 0
        for match in _LATIN.finditer(text):
            word = match[0]
            between = text[pos : match.start()]
            if run and not _PINYIN_GAP.fullmatch(between):
                out.append(self._run_words(run))
                run = []
            out.append(between)
            pos = match.end()
            if len(word) == 1 and self._glued(text, match.start(), match.end()):
                if run:
                    out.append(self._run_words(run))
                    run = []
                out.append(word)
                continue
            english = self._english(word)
            syllables = None if english else self.pinyin.split(word)
            if syllables:
                run += syllables
                continue
            if run:
                out.append(self._run_words(run))
                run = []
            found = english or self.pinyin.abbreviations.get(word)
            out.append(f" {found} " if found else " ")
        if run:
            out.append(self._run_words(run))
        out.append(text[pos:])
        return "".join(out)

    def _english(self, word: str) -> str | None:
        english = self.lexicon.english
        if word in english:
            return english[word]
        if word.endswith("s"):  # plurals: kids, classes
            return english.get(word[:-1]) or english.get(_PLURAL.sub("", word))
        return None

    def _run_words(self, syllables: list[str]) -> str:
        return f" {' '.join(self.pinyin.to_words(syllables))} "

    @staticmethod
    def _glued(text: str, start: int, end: int) -> bool:
        """A single letter written inside a Chinese word (科普e站) belongs to it."""
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        return bool(_HAN.match(before) or _HAN.match(after))

    # --- words -------------------------------------------------------------------

    def _tokens(self, clause: str) -> tuple[str, ...]:
        return tuple(t for t in (w.strip() for w in self.tokenizer.lcut(clause, HMM=False)) if t)

    def _add_token(
        self,
        token: str,
        weight: float,
        audience: dict[ActionKey, float],
        topic: dict[tuple[str, ...], float],
    ) -> None:
        cue = self.audience_cue(token)
        if cue:
            action, cue_weight = self._audience_of[cue]
            audience[action] = min(AUDIENCE_CAP, audience.get(action, 0.0) + weight * cue_weight)
        synonyms = self.lexicon.synonyms
        if token in synonyms:
            self._add_group(topic, (token, *synonyms[token]), weight * SYNONYM_WEIGHT)
            return
        if token not in self._not_audience:
            for match in self._synonym_finder.find(token):
                forms = (match.phrase, *synonyms[match.phrase])
                self._add_group(topic, forms, weight * SYNONYM_WEIGHT)
        if len(token) < 2 or token in self._stopwords or token.isdigit() or token.isascii():
            return
        self._add_group(topic, (token, *self._parts(token)), weight * TOKEN_WEIGHT)

    @staticmethod
    def _add_group(topic: dict[tuple[str, ...], float], forms: tuple[str, ...], w: float) -> None:
        topic[forms] = max(w, topic.get(forms, 0.0))

    def audience_cue(self, token: str) -> str | None:
        """The audience word a jieba word stands for: itself, the audience word it
        ends in, or one inside it; none for blockers and false friends."""
        token = token.removesuffix("们") if len(token) > 2 else token
        if token in self._audience_of:
            return token
        if token in self._not_audience or len(token) < 2:
            return None
        ends = [c for c in self._cues_by_length if len(c) > 1 and token.endswith(c)]
        if ends:
            return ends[0]
        inside = [c for c in self._cues_by_length if len(c) > 1 and c in token]
        return inside[0] if inside else None

    def _parts(self, word: str) -> tuple[str, ...]:
        """Dictionary words inside a longer word (as jieba's search mode finds them);
        none inside a false friend, whose parts are not what it means."""
        if len(word) <= 2 or word in self._not_audience:
            return ()
        freq = self.tokenizer.FREQ
        parts = []
        for size in (2, 3):
            for i in range(len(word) - size + 1):
                part = word[i : i + size]
                if part != word and freq.get(part) and part not in self._stopwords:
                    parts.append(part)
        return tuple(parts)
