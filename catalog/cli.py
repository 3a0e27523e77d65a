"""`python -m catalog …`: import plans, route requests, show the catalog, benchmark."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path


def _cmd_import(args: argparse.Namespace) -> int:
    from catalog.importer import import_plan, merge_curated
    from catalog.loader import dump_yaml, read_yaml

    draft = import_plan(Path(args.plan).read_text(encoding="utf-8"), args.id)
    if args.merge:
        merge_curated(draft, read_yaml(Path(args.merge)))
    output = dump_yaml(draft.data)
    if args.out:
        Path(args.out).write_text(output, encoding="utf-8")
    else:
        sys.stdout.write(output)
    tasks = sum(len(a["tasks"]) for a in draft.data["actions"])
    print(
        f"{args.id}: {draft.layout} layout, {len(draft.data['actions'])} actions, {tasks} tasks",
        file=sys.stderr,
    )
    for problem in draft.problems:
        print(f"  not parsed: {problem}", file=sys.stderr)
    return 0


def _cmd_route(args: argparse.Namespace) -> int:
    from catalog.route_cli import route_jsonl, route_one

    if args.jsonl:
        return route_jsonl(sys.stdin, sys.stdout)
    if not args.jurisdiction or not args.text:
        print(
            '用法：python -m catalog route --jurisdiction ID "需求描述"，或 --jsonl 从标准输入读取',
            file=sys.stderr,
        )
        return 2
    return route_one(args.jurisdiction, " ".join(args.text), sys.stdout)


def _cmd_show(args: argparse.Namespace) -> int:
    from catalog.show import show_plan

    return show_plan(args.jurisdiction, sys.stdout)


def _cmd_agencies(args: argparse.Namespace) -> int:
    from catalog.show import show_agencies

    return show_agencies(args.jurisdiction, sys.stdout)


def _cmd_bench(args: argparse.Namespace) -> int:
    from catalog.bench import run_bench

    return run_bench(Path(args.file), sys.stdout)


def _cmd_segdict(args: argparse.Namespace) -> int:
    from catalog.generated import generate
    from catalog.lexicon import load_lexicon
    from catalog.loader import load_all

    try:
        files = generate(load_all(), load_lexicon())
    except ModuleNotFoundError as exc:  # pypinyin comes with the test extra
        print(f"{exc}: install the project with its test extra (./dev.sh does)", file=sys.stderr)
        return 2
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
        print(f"{path}: {text.count(chr(10))} lines", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m catalog", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    imp = sub.add_parser("import", help="plan text -> draft data file")
    imp.add_argument("plan", help="the plan as plain text")
    imp.add_argument("--id", required=True, help="jurisdiction id, e.g. dalad")
    imp.add_argument("--out", help="write the draft here instead of stdout")
    imp.add_argument("--merge", help="keep summaries, keywords and codes of this data file")
    imp.set_defaults(func=_cmd_import)

    route = sub.add_parser("route", help="free text -> ranked plan tasks and agencies")
    route.add_argument("--jsonl", action="store_true", help="JSON lines on stdin and stdout")
    route.add_argument("--jurisdiction", "-j", help="jurisdiction id")
    route.add_argument("text", nargs="*", help="the request as a resident would type it")
    route.set_defaults(func=_cmd_route)

    show = sub.add_parser("show", help="print a plan's tree")
    show.add_argument("jurisdiction")
    show.set_defaults(func=_cmd_show)

    agencies = sub.add_parser("agencies", help="print a jurisdiction's agency registry")
    agencies.add_argument("jurisdiction")
    agencies.set_defaults(func=_cmd_agencies)

    bench = sub.add_parser("bench", help="score the router on labelled cases")
    bench.add_argument("file", help="JSON lines with jurisdiction, text, actions, tasks, leads")
    bench.set_defaults(func=_cmd_bench)

    learn = sub.add_parser(
        "disagreements", help="dispatches where the station chose another agency, as bench cases"
    )
    learn.add_argument("--db", required=True, type=Path, help="the bot's database file")
    learn.add_argument("--jurisdiction")
    learn.set_defaults(func=_cmd_disagreements)

    segdict = sub.add_parser(
        "segdict", help="regenerate the router's word lists and pinyin table after editing data"
    )
    segdict.set_defaults(func=_cmd_segdict)
    return parser


def _cmd_disagreements(args: argparse.Namespace) -> int:
    from catalog.disagreements import main as disagreements

    return disagreements(args.db, args.jurisdiction)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except BrokenPipeError:  # output piped into `head` and closed early
        sys.stderr.close()
        return 0
