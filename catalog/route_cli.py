"""The `route` command: one request as a readable list, or JSON lines in and out."""

from __future__ import annotations

import json
from typing import IO, Any

from catalog.router import RouteError, RouteResult, build_router

_ACTION_NAMES_ZH = {
    "youth": "青少年",
    "farmers": "农牧民",
    "workers": "产业工人",
    "elderly": "老年人",
    "officials": "领导干部和公务员",
    "tech_resources": "科技资源科普化",
    "informatization": "科普信息化",
    "infrastructure": "科普基础设施",
    "grassroots": "基层科普能力",
}


def result_json(case_id: Any, result: RouteResult) -> dict[str, Any]:
    return {
        "id": case_id,
        "confident": result.confident,
        "candidates": [c.as_dict() for c in result.candidates],
        "fallback": result.fallback,
        "reason": result.reason,
    }


def route_jsonl(stdin: IO[str], stdout: IO[str]) -> int:
    router = build_router()
    for line in stdin:
        if not line.strip():
            continue
        case_id: Any = None
        try:
            case = json.loads(line)
            if not isinstance(case, dict):
                raise ValueError("每行须是一个 JSON 对象")
            case_id = case.get("id")
            out = result_json(
                case_id, router.route(str(case.get("jurisdiction")), case.get("text"))
            )
        except (ValueError, RouteError) as exc:
            message = str(exc) if isinstance(exc, RouteError) else f"不是合法的 JSON 对象：{exc}"
            out = {"id": case_id, "error": message}
        stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def render(result: RouteResult) -> str:
    lines = []
    if not result.candidates:
        lines.append(f"未能归类（{result.reason}）：{result.reason_text}")
        lines.append("请阵地工作人员人工分派。")
    elif result.confident:
        lines.append("归类结果（按匹配度排序）：")
    else:
        lines.append(f"未能确定（{result.reason}）：{result.reason_text}")
        lines.append("以下仅供阵地参考（将作为“未分类”交阵地人工分派）：")
    for rank, c in enumerate(result.candidates, start=1):
        lead = "、".join(c.lead) or f"（方案未列牵头单位，由{result.fallback or '科协'}统筹）"
        lines.append(f"{rank}. [{c.task}] {_ACTION_NAMES_ZH[c.action]} · {c.title}")
        lines.append(f"   牵头：{lead}    匹配度：{c.score}")
    if result.fallback:
        lines.append(f"兜底单位：{result.fallback}")
    return "\n".join(lines)


def route_one(jurisdiction: str, text: str, stdout: IO[str]) -> int:
    router = build_router()
    try:
        result = router.route(jurisdiction, text)
    except RouteError as exc:
        stdout.write(f"错误：{exc}\n")
        return 2
    stdout.write(render(result) + "\n")
    return 0
