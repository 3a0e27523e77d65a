"""Chinese word segmentation for the router, with a dictionary cut to our corpus.

jieba's full dictionary (350,000 words) takes over a second to load. A word
the plans never use cannot match a task, so the router's tokenizer only needs
the dictionary words that occur in the catalog and the lexicon, plus those
terms themselves. That dictionary is generated (`python -m catalog segdict`)
and shipped as catalog/data/segmenter.dict; a test keeps it current.
"""

from __future__ import annotations

import logging
from pathlib import Path

import jieba

from catalog.lexicon import Lexicon
from catalog.loader import DATA_DIR
from catalog.schema import Plan

jieba.setLogLevel(logging.WARNING)

DICT_PATH = DATA_DIR / "segmenter.dict"
# Frequency given to our own terms: high enough that jieba keeps them whole.
TERM_FREQ = 50000


def corpus_terms(plans: dict[str, Plan], lexicon: Lexicon) -> tuple[str, set[str]]:
    """All catalog text joined, and the multi-character terms we must keep whole."""
    texts: list[str] = []
    terms: set[str] = set()
    for plan in plans.values():
        for task in plan.tasks():
            texts += [task.title, task.summary, task.text]
            terms.update(task.keywords)
    for cues in lexicon.audience.values():
        terms.update(cues)
    terms.update(lexicon.synonyms)
    for targets in lexicon.synonyms.values():
        terms.update(targets)
    terms.update(lexicon.blockers)
    terms = {t for t in terms if len(t) >= 2 and not t.isascii()}
    return "\n".join(texts + sorted(terms)), terms


def build_dictionary(plans: dict[str, Plan], lexicon: Lexicon) -> str:
    corpus, terms = corpus_terms(plans, lexicon)
    full = Path(jieba.__file__).with_name("dict.txt")
    lines: dict[str, str] = {}
    with full.open(encoding="utf-8") as fh:
        for line in fh:
            word = line.split(" ", 1)[0]
            if word in corpus:
                lines[word] = line.rstrip("\n")
    for term in sorted(terms):
        known = lines.get(term, "").split(" ")
        freq = int(known[1]) if len(known) > 1 else 0
        if freq < TERM_FREQ:
            lines[term] = f"{term} {TERM_FREQ} {known[2] if len(known) > 2 else 'n'}"
    return "".join(f"{lines[word]}\n" for word in sorted(lines))


def make_tokenizer(path: Path = DICT_PATH) -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer(dictionary=str(path))
    tokenizer.initialize()
    return tokenizer
