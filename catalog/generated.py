"""The router's generated data files, rebuilt together by `python -m catalog segdict`.

segmenter.dict (jieba's words that the catalog uses, with our terms and the
audience words' false friends), false_friends.txt, and pinyin.tsv (each word
the router can use, by its pinyin). All three follow from the plan data files
and the lexicon; a test fails when a shipped one is stale.
"""

from __future__ import annotations

from pathlib import Path

from catalog.lexicon import Lexicon
from catalog.pinyin import TABLE_PATH, build_table
from catalog.schema import Plan
from catalog.segmenter import (
    DICT_PATH,
    FALSE_FRIENDS_PATH,
    build_dictionary,
    build_false_friends,
    false_friends,
    full_dictionary,
)


def pinyin_words(plans: dict[str, Plan], lexicon: Lexicon, dictionary: str) -> list[str]:
    """Words for the pinyin table, in priority order: where two read alike the
    lexicon's word beats a task keyword, which beats any other dictionary word;
    within each, the more frequent word in jieba's dictionary first."""
    entries = full_dictionary()

    def by_frequency(words: set[str]) -> list[str]:
        return sorted(words, key=lambda w: (-entries.get(w, (0, ""))[0], w))

    lexicon_words = lexicon.terms()
    keywords = {k for plan in plans.values() for task in plan.tasks() for k in task.keywords}
    keywords -= lexicon_words
    others = {line.split(" ", 1)[0] for line in dictionary.splitlines()}
    others = {w for w in others if len(w) >= 2} - lexicon_words - keywords
    return by_frequency(lexicon_words) + by_frequency(keywords) + by_frequency(others)


def generate(plans: dict[str, Plan], lexicon: Lexicon) -> dict[Path, str]:
    friends = false_friends(lexicon)
    dictionary = build_dictionary(plans, lexicon, friends)
    return {
        DICT_PATH: dictionary,
        FALSE_FRIENDS_PATH: build_false_friends(friends),
        TABLE_PATH: build_table(pinyin_words(plans, lexicon, dictionary)),
    }
