"""志愿服务记录证明: numbered once, the same number always the same certificate."""

import pytest

from bot.domain.workflow import InvalidInput
from bot.reports import issue_certificate
from bot.reports.certificate import certificate_lines, issuer_name
from bot.reports.certificate_pdf import certificate_pdf
from catalog.loader import load_all
from storage import certificates


async def _issue(quarter, person, period, today=None):
    services = quarter.world.services
    return await issue_certificate(
        services.db,
        services.catalog,
        "dalad",
        person,
        period,
        today or quarter.today,
        issued_by=quarter.cast["coordinator"],
    )


async def test_what_it_states(quarter):
    member = quarter.cast["agri_member"]
    cert = await _issue(quarter, member, "2026-03-01..2026-03-03")
    assert cert.number == "DLT-ZM-2026-00001"
    assert (cert.period_start, cert.period_end, cert.issued_on) == (
        "2026-03-01",
        "2026-03-03",
        "2026-03-03",
    )
    c = cert.content
    assert (c["name"], c["person_id"]) == (f"用户{member}", member)
    assert c["teams"] == ["农牧业科技志愿服务队（示例）"]
    assert c["issuer"] == "达拉特旗科学技术协会"
    assert [(s["date"], s["hours"]) for s in c["services"]] == [
        ("2026-03-02", 2),
        ("2026-03-02", 1.5),
    ]
    assert (
        c["services"][0]["content"] == "实施乡村振兴科技支撑行动：甲嘎查服务完成"
    )  # task title: summary
    assert (c["total_hours"], c["total_points"]) == (3.5, 35)
    assert (
        certificate_lines(cert)[1]
        == "于2026-03-01至2026-03-03参加志愿服务 2 次，累计志愿服务时长 3.5 小时。"
    )


async def test_the_same_request_gives_the_same_certificate(quarter):
    member, leader = quarter.cast["agri_member"], quarter.cast["agri_leader"]
    first = await _issue(quarter, member, "2026-03-01..2026-03-03")
    # Later days, a later report changing the ledger: the certificate stays as issued.
    quarter.world.clock.advance(days=30)
    async with quarter.world.services.db.transaction() as tx:
        await tx.execute("UPDATE ledger SET hours = 99 WHERE person_id = ?", (member,))
    again = await _issue(quarter, member, "2026-03-01..2026-03-03", quarter.today)
    assert again == first
    other_period = await _issue(quarter, member, "2026-03-02..2026-03-02", quarter.today)
    other_person = await _issue(quarter, leader, "2026-03-01..2026-03-03", quarter.today)
    assert other_period.number == "DLT-ZM-2026-00002"
    assert other_person.number == "DLT-ZM-2026-00003"
    assert other_period.content["total_hours"] == 99 * 2  # what the ledger says now
    async with quarter.world.services.db.read() as tx:
        assert await certificates.by_number(tx, first.number) == first
        assert await certificates.by_number(tx, "DLT-ZM-2026-09999") is None


async def test_refusals_say_why_and_record_nothing(quarter):
    member, resident = quarter.cast["agri_member"], quarter.cast["resident"]
    with pytest.raises(InvalidInput, match="没有志愿服务记录"):
        await _issue(quarter, resident, "2026-03-01..2026-03-03")
    with pytest.raises(InvalidInput, match="尚未结束"):
        await _issue(quarter, member, "2026Q1")
    with pytest.raises(InvalidInput, match="找不到该志愿者"):
        await _issue(quarter, 424242, "2026-03-01..2026-03-03")
    with pytest.raises(InvalidInput, match="无法识别的时间段"):
        await _issue(quarter, member, "上个月")
    cert = await _issue(quarter, member, "2026-03-01..2026-03-03")
    assert cert.number.endswith("00001")


async def test_pdf_embeds_the_font_and_is_the_same_each_time(quarter):
    cert = await _issue(quarter, quarter.cast["agri_member"], "2026-03-01..2026-03-03")
    pdf = certificate_pdf(cert)
    assert pdf.startswith(b"%PDF") and b"/FontFile2" in pdf  # the TrueType font, embedded
    assert certificate_pdf(cert) == pdf
    assert b"CreationDate" not in pdf


def test_many_services_run_onto_more_pages():
    from storage.certificates import Certificate

    services = [
        {"date": "2026-01-01", "code": f"C{n}", "content": "讲座", "team": "队", "hours": 1.0}
        for n in range(30)
    ]
    content = {
        "name": "甲",
        "person_id": 1,
        "teams": ["队"],
        "jurisdiction": "达拉特旗",
        "issuer": "达拉特旗科学技术协会",
        "period": "2026年",
        "services": services,
        "total_hours": 30.0,
        "total_points": 300.0,
    }
    pdf = certificate_pdf(
        Certificate("DLT-ZM-2026-00009", 1, "dalad", "a", "b", "2026-12-31", content)
    )
    assert b"/Count 2" in pdf  # 22 services a page


@pytest.mark.parametrize(
    ("plan", "issuer"),
    [
        ("dalad", "达拉特旗科学技术协会"),
        ("wuhai", "乌海市科学技术协会"),
        ("ejinhoro", "伊金霍洛旗科学技术协会"),
        ("hanggin", "杭锦旗科学技术协会"),
        ("abag", "阿巴嘎旗科学技术协会"),
    ],
)
def test_issuer_is_the_jurisdictions_association_in_full(plan, issuer):
    assert issuer_name(load_all((plan,))[plan]) == issuer
