"""`python -m bot [run] | seed | admin …`."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.config import Settings
from bot.domain.workflow import Role, WorkflowError, word_refusals
from storage.db import CannotOpen

# The roles an operator names on the command line, in English or as the chat says them.
ROLE_CHOICES = [
    *(r.value for r in (Role.coordinator, Role.station, Role.agency, Role.team_leader)),
    Role.team_member.value,
    *("科协", "阵地", "部门", "队长", "队员"),
]
ROLE_HELP = "coordinator/科协, station/阵地, agency/部门, team_leader/队长, team_member/队员"


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        raise SystemExit(f"配置有误（{first['loc'][0]}）：{first['msg']}") from None


async def _with_services(work):  # type: ignore[no-untyped-def]
    from bot.services import Services

    services = await Services.start(_settings(), with_router=False)
    try:
        return await work(services)
    finally:
        await services.close()


def _print_invite(invite, bot_username: str | None) -> None:  # type: ignore[no-untyped-def]
    from texts import t

    # Names first; the id beside the name is what an operator types elsewhere.
    where = f"{invite.scope_name}（{invite.scope}）" if invite.scope_name else invite.scope
    role = invite.role.value
    print(f"{where}的{t('zh', f'role.{role}')}：{t('zh', f'role_use.{role}')}")
    if bot_username:
        print(f"  https://t.me/{bot_username}?start={invite.code}")
    print(f"  /start {invite.code}")
    print(f"  有效期至 {invite.expires_at}（北京时间），只能使用一次")


def _cmd_seed(args: argparse.Namespace) -> int:
    from bot.seed import load_seed, sample_path

    path = sample_path(args.sample) if args.sample else Path(args.file)
    if not path.exists():
        print(f"找不到种子文件：{path}", file=sys.stderr)
        return 2

    async def work(services):  # type: ignore[no-untyped-def]
        return await load_seed(services, path)

    try:
        issued = asyncio.run(_with_services(work))
    except (ValueError, WorkflowError) as exc:
        print(f"导入失败：{exc}", file=sys.stderr)
        return 2
    print(f"已导入 {path}。邀请码（只显示这一次）：")
    for invite in issued:
        _print_invite(invite, args.bot_username)
    return 0


def _cmd_invite(args: argparse.Namespace) -> int:
    async def work(services):  # type: ignore[no-untyped-def]
        from bot.services.people import invitable
        from texts import role_from_words

        scope, role = args.scope, invitable(role_from_words(args.role))
        assert role is not None  # argparse allowed only role words
        if role is Role.agency:
            jurisdiction = scope.split(".", 1)[0] if "." in scope else args.jurisdiction
            agency = services.catalog.resolve(jurisdiction or "", scope)
            if agency is None:
                raise ValueError(f"找不到部门：{scope}（可用 --jurisdiction 指定旗市后按名称查找）")
            scope = agency.id
        return await services.people.create_invite(None, role, scope)

    try:
        invite = asyncio.run(_with_services(work))
    except (ValueError, WorkflowError) as exc:
        print(f"无法生成邀请：{exc}", file=sys.stderr)
        return 2
    _print_invite(invite, args.bot_username)
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    from storage import directory

    async def work(services):  # type: ignore[no-untyped-def]
        if args.what == "agencies":
            registry = services.catalog.registries[args.jurisdiction]
            return [(a.id, a.name) for a in sorted(registry.agencies, key=lambda a: a.name)]
        async with services.db.read() as tx:
            if args.what == "stations":
                return [(s.id, s.name) for s in await directory.stations_in(tx, args.jurisdiction)]
            return [(t.id, t.name) for t in await directory.teams_in(tx, args.jurisdiction)]

    settings = _settings()
    if args.jurisdiction not in settings.jurisdiction_ids:
        print(f"未启用的旗市：{args.jurisdiction}", file=sys.stderr)
        return 2
    rows = asyncio.run(_with_services(work))
    for row_id, name in rows:
        print(f"{row_id}\t{name}")
    if not rows:
        print("（暂无）", file=sys.stderr)
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    """A consistent copy while the bot runs (SQLite's online backup, WAL included)."""
    from storage.db import CannotOpen, Database, check_file

    settings = _settings()
    target = Path(args.path)
    if target.resolve() == settings.database_path.resolve():
        print("备份路径不能是数据库本身", file=sys.stderr)
        return 2

    async def work() -> None:
        db = await Database(settings.database_path).open(check=True)
        try:
            await db.backup(target)
        finally:
            await db.close()

    try:
        asyncio.run(work())
        check_file(target)  # read-only: the copy is left exactly as written
    except (CannotOpen, OSError, ValueError) as exc:
        print(f"备份失败：{exc}", file=sys.stderr)
        return 2
    print(f"已备份到 {target}（{target.stat().st_size / 1024 / 1024:.1f} MB，已校验）")
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:
    from bot.restore import restore
    from storage.db import CannotOpen

    try:
        kept = restore(Path(args.path), _settings().database_path)
    except (ValueError, OSError, CannotOpen) as exc:
        print(f"恢复失败：{exc}", file=sys.stderr)
        return 2
    print(f"已从 {args.path} 恢复；原数据库保留为 {kept}" if kept else f"已从 {args.path} 恢复")
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    import json

    from bot.health import gather

    settings = _settings()

    async def work(services):  # type: ignore[no-untyped-def]
        return await gather(services.db, settings.database_path, services.clock.now())

    try:
        figures = asyncio.run(_with_services(work))
    except CannotOpen as exc:
        print(f"无法读取数据库：{exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(figures.as_dict(), ensure_ascii=False))
    else:
        print("\n".join(figures.lines()))
    return 0 if figures.ok else 1


def _cmd_revoke(args: argparse.Namespace) -> int:
    from texts import t

    async def work(services):  # type: ignore[no-untyped-def]
        from bot.services.people import invitable
        from texts import role_from_words

        role = invitable(role_from_words(args.role))
        assert role is not None  # argparse allowed only role words
        return await services.people.revoke(None, args.person, role, args.scope)

    try:
        revoked = asyncio.run(_with_services(work))
    except (ValueError, WorkflowError) as exc:
        print(f"撤销失败：{getattr(exc, 'message', exc)}", file=sys.stderr)
        return 2
    print(
        f"已撤销 {revoked.name or revoked.person_id}（{revoked.person_id}）的身份："
        f"{revoked.place} · {t('zh', f'role.{revoked.role.value}')}"
    )
    return 0


def _cmd_people(args: argparse.Namespace) -> int:
    from texts import t

    async def work(services):  # type: ignore[no-untyped-def]
        return await services.people.holders(None, args.jurisdiction)

    rows = asyncio.run(_with_services(work))
    for holder in rows:
        role = t("zh", f"role.{holder.role}")
        print(f"{holder.person_id}\t{holder.name}\t{holder.role}\t{holder.scope}\t{role}")
    if not rows:
        print("（暂无）", file=sys.stderr)
    return 0


def _admin_health_parsers(admin_sub: Any) -> None:
    backup = admin_sub.add_parser(
        "backup", help="copy the live database to PATH (safe while running)"
    )
    backup.add_argument("path")
    backup.set_defaults(func=_cmd_backup)
    restore = admin_sub.add_parser(
        "restore", help="put a backup in place (the bot must be stopped)"
    )
    restore.add_argument("path")
    restore.set_defaults(func=_cmd_restore)
    status = admin_sub.add_parser("status", help="is the bot running, and how is it doing")
    status.add_argument("--json", action="store_true")
    status.set_defaults(func=_cmd_status)
    revoke = admin_sub.add_parser("revoke", help="take a role away from a person")
    revoke.add_argument("--person", type=int, required=True, help="the person's id (admin people)")
    revoke.add_argument("--role", required=True, choices=ROLE_CHOICES, help=ROLE_HELP)
    revoke.add_argument("--scope", required=True, help="jurisdiction, station, agency or team id")
    revoke.set_defaults(func=_cmd_revoke)
    people = admin_sub.add_parser("people", help="who holds which role in a jurisdiction")
    people.add_argument("--jurisdiction", required=True)
    people.set_defaults(func=_cmd_people)


def _cmd_report(args: argparse.Namespace) -> int:
    from bot.reports.cli import run_report

    return run_report(args, _with_services)


def _cmd_run(args: argparse.Namespace) -> int:
    from handlers.telegram.runtime import run_bot

    return run_bot(_settings())


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="run the bot (the default)")
    run.set_defaults(func=_cmd_run)

    seed = sub.add_parser("seed", help="load stations, teams and invites from a YAML file")
    seed.add_argument("file", nargs="?")
    seed.add_argument("--sample", help="load the shipped sample data of a jurisdiction")
    seed.add_argument("--bot-username", help="print deep links for this bot")
    seed.set_defaults(func=_cmd_seed)

    report = sub.add_parser("report", help="plan progress report: text, workbook, charts")
    report.add_argument("--jurisdiction", required=True)
    report.add_argument("--period", required=True, help="2026, 2026H1, 2026Q3, 2026-05, A..B")
    report.add_argument("--out", required=True, help="the .xlsx file to write")
    report.add_argument("--png", help="a folder for the charts (PNG)")
    report.set_defaults(func=_cmd_report)

    admin = sub.add_parser("admin", help="bootstrap: invites and lists without the chat")
    admin_sub = admin.add_subparsers(dest="admin_command", required=True)
    invite = admin_sub.add_parser("invite", help="print a single-use invite")
    invite.add_argument("--role", required=True, choices=ROLE_CHOICES, help=ROLE_HELP)
    invite.add_argument("--scope", required=True, help="jurisdiction, station, agency or team id")
    invite.add_argument("--jurisdiction", help="to look an agency up by name")
    invite.add_argument("--bot-username", help="print a https://t.me/<bot>?start= link")
    invite.set_defaults(func=_cmd_invite)
    listing = admin_sub.add_parser("list", help="print ids")
    listing.add_argument("what", choices=["stations", "agencies", "teams"])
    listing.add_argument("--jurisdiction", required=True)
    listing.set_defaults(func=_cmd_list)
    _admin_health_parsers(admin_sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from texts import error_text

    # The command line and the logs have no reader whose language we know: a refusal
    # printed or logged here reads in Chinese, as every message without a reader does.
    word_refusals(lambda code, params: error_text("zh", code, params))
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return _cmd_run(args)
    if args.command == "seed" and not (args.file or args.sample):
        parser.error("seed 需要 FILE 或 --sample ID")
    try:
        return int(args.func(args))
    except CannotOpen as exc:  # any command: one clear line, no traceback
        print(f"无法打开数据库：{exc}", file=sys.stderr)
        return 2
