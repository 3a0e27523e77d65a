"""How the chat asks for each command: at once, or after a reason, a choice, stars, a time,
a report or a comment. Whether a command needs a reason is the workflow's to say (its
rule's needs_reason), not a second list here."""

from __future__ import annotations

from enum import StrEnum

from bot.domain.workflow import RULES, Cmd


class Ask(StrEnum):
    now = "now"  # the button does it
    reason = "reason"  # preset reasons as buttons, or the next typed text
    pick = "pick"  # a list of agencies or teams
    stars = "stars"
    time = "time"  # typed in plain Chinese
    report = "report"  # a short dialogue
    comment = "comment"  # the next typed text


_ASKED = {
    Cmd.rate: Ask.stars,
    Cmd.propose_time: Ask.time,
    Cmd.report_done: Ask.report,
    Cmd.comment: Ask.comment,
    Cmd.reassign_agency: Ask.pick,
    Cmd.reassign_team: Ask.pick,
    Cmd.set_task: Ask.pick,
}

# Buttons that open a list before their command: the list, the command it fills in.
PICKERS = {
    "agencies": (Cmd.dispatch, "agencies"),
    "teams": (Cmd.publish, "teams"),
    "reassign_agency": (Cmd.reassign_agency, "agencies"),
    "reassign_team": (Cmd.reassign_team, "teams"),
    "set_task": (Cmd.set_task, "tasks"),
}


def how_asked(cmd: Cmd) -> Ask:
    if cmd in _ASKED:
        return _ASKED[cmd]
    return Ask.reason if RULES[cmd].needs_reason else Ask.now


def asks_first(cmd: str) -> bool:
    """Whether pressing this command's button asks something before it acts."""
    return cmd in PICKERS or (cmd in Cmd.__members__ and how_asked(Cmd(cmd)) is not Ask.now)
