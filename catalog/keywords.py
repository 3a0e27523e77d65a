"""Draft routing keywords for a task: quoted names plus jieba's TF-IDF tags.

The importer writes these as a starting point; the shipped data files keep
hand-curated lists (see `importer.merge_curated`).
"""

from __future__ import annotations

import logging
import re

import jieba
import jieba.analyse

jieba.setLogLevel(logging.WARNING)

_QUOTED = re.compile(r"“([^”]{2,14})”")
# Words that occur in nearly every task and say nothing about its topic.
_GENERIC = frozenset(
    (
        "开展 加强 推动 推进 实施 提升 建立 完善 充分 发挥 作用 活动 工作 科普 科学 积极 "
        "深入 不断 提高 能力 组织 鼓励 支持 各类 相关 促进 进一步 全面 体系 机制 建设 水平 "
        "资源 服务 教育 培训 素质 科技"
    ).split()
)
_TOP_K = 12


def extract_keywords(title: str, text: str) -> list[str]:
    source = f"{title}。{text}" if text else title
    words: list[str] = []
    for quoted in _QUOTED.findall(source):
        words.append(quoted.strip())
    tags = jieba.analyse.extract_tags(source, topK=_TOP_K + len(_GENERIC), allowPOS=())
    for tag in tags:
        if len(tag) >= 2 and tag not in _GENERIC and not tag.isdigit():
            words.append(tag)
        if len(words) >= _TOP_K + 4:
            break
    return list(dict.fromkeys(words))
