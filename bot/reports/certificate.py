"""志愿服务记录证明: what a volunteer served in a period, issued once under one number.

The first request for a person and period records the certificate (its number, the
date of issue and everything it states); asking again returns that record, so a number
always means the same certificate, even after later reports change the ledger.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from bot.domain.workflow import InvalidInput
from bot.reports.periods import Period, parse_period
from bot.reports.summary import number
from catalog.schema import Plan
from storage import certificates, directory, volunteering
from storage.certificates import Certificate
from storage.db import Database

if TYPE_CHECKING:  # the services use the reports, never the other way round
    from bot.services.catalog import Catalog

CONTENT_LIMIT = 40  # characters of a service's description on the certificate


def issuer_name(plan: Plan) -> str:
    """The jurisdiction's 科协 in full: 旗科学技术协会 / 科协 → 达拉特旗科学技术协会."""
    name = plan.coordinator.replace("科协", "科学技术协会")
    if name.startswith(plan.name):
        return name
    return plan.name + name.lstrip("旗市盟区")


def _content(catalog: Catalog, plan: Plan, s: volunteering.Service) -> str:
    task = catalog.task(plan.id, s.task)
    said = s.summary.strip() or s.request.strip()
    text = f"{task.title}：{said}" if task else said
    return text if len(text) <= CONTENT_LIMIT else text[: CONTENT_LIMIT - 1] + "…"


async def issue_certificate(
    db: Database,
    catalog: Catalog,
    jurisdiction: str,
    person_id: int,
    period: str | Period,
    today: date,
    issued_by: int | None = None,
) -> Certificate:
    """The certificate for `person_id` over `period`: the recorded one, or a new one."""
    if jurisdiction not in catalog.plans:
        raise InvalidInput("jurisdiction_unknown", jurisdiction=jurisdiction)
    plan = catalog.plan(jurisdiction)
    p = period if isinstance(period, Period) else parse_period(period)
    if p.last > today:
        raise InvalidInput("period_open", period=p.label)
    first, last = p.first.isoformat(), p.last.isoformat()
    async with db.transaction() as tx:
        found = await certificates.find(tx, person_id, jurisdiction, first, last)
        if found:
            return found
        person = await directory.get_person(tx, person_id)
        if person is None:
            raise InvalidInput("volunteer_unknown")
        services = await volunteering.services_of(tx, person_id, p.window(jurisdiction))
        if not services:
            raise InvalidInput(
                "no_volunteering", name=person.display_name or person_id, period=p.label
            )
        content: dict[str, Any] = {
            "name": person.display_name,
            "person_id": person_id,
            "teams": await volunteering.teams_of(tx, person_id, jurisdiction)
            or sorted({s.team for s in services}),
            "jurisdiction": plan.name,
            "issuer": issuer_name(plan),
            "period": p.label,
            "services": [
                {
                    "date": s.service_date,
                    "code": s.code,
                    "content": _content(catalog, plan, s),
                    "team": s.team,
                    "hours": s.hours,
                }
                for s in services
            ],
            "total_hours": sum(s.hours for s in services),
            "total_points": sum(s.points for s in services),
        }
        prefix = f"{plan.code}-ZM-{today.year}-"
        cert = Certificate(
            await certificates.next_number(tx, prefix),
            person_id,
            jurisdiction,
            first,
            last,
            today.isoformat(),
            content,
        )
        await certificates.insert(tx, cert, issued_by)
    return cert


def certificate_lines(cert: Certificate) -> list[str]:
    """The certificate as text (for a chat message, and the PDF's paragraphs)."""
    c = cert.content
    return [
        f"兹证明 {c['name']}（志愿者编号 {c['person_id']}），"
        f"系{c['jurisdiction']}{'、'.join(c['teams'])}志愿者，",
        f"于{c['period']}参加志愿服务 {len(c['services'])} 次，"
        f"累计志愿服务时长 {number(c['total_hours'])} 小时。",
        "特此证明。",
    ]
