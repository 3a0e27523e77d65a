"""Groups: created with the bot in them, joined, upgraded, left by the bot."""

import pytest


def _kinds(emu):
    return [next(k for k in u if k != "update_id") for u in emu.updates.pending]


def test_a_new_group_tells_the_bot_it_was_added(emu):
    group = emu.groups.create("服务队群", [5, 6])
    assert group.type == "group" and group.members == {5, 6} and group.id < 0
    (update,) = emu.updates.pending
    change = update["my_chat_member"]
    assert change["chat"]["title"] == "服务队群" and change["from"]["id"] == 5
    assert change["new_chat_member"]["status"] == "member"


def test_a_member_who_joins_is_announced_and_may_speak(emu):
    group = emu.groups.create("服务队群", [5])
    emu.groups.join(group.id, 7)
    emu.groups.join(group.id, 7)  # already in: nothing more
    assert _kinds(emu) == ["my_chat_member", "message"]
    assert emu.updates.pending[-1]["message"]["new_chat_members"][0]["id"] == 7
    assert emu.people.say(7, "/link", group.id) is not None
    with pytest.raises(ValueError):
        emu.groups.join(5, 7)  # a private chat is no group


def test_upgrading_a_group_announces_both_ids(emu):
    group = emu.groups.create("服务队群", [5])
    new_id = emu.groups.migrate(group.id, to_chat_id=-1009)
    moved, arrived = (u["message"] for u in emu.updates.pending[-2:])
    assert new_id == -1009 and emu.chat(new_id).members == {5}
    assert moved["chat"]["id"] == group.id and moved["migrate_to_chat_id"] == new_id
    assert arrived["chat"]["type"] == "supergroup" and arrived["migrate_from_chat_id"] == group.id
    with pytest.raises(ValueError):
        emu.groups.migrate(group.id)  # only a basic group can be upgraded
    with pytest.raises(ValueError):
        emu.groups.migrate(emu.groups.create("空群").id)  # upgraded by one of its members


def test_a_bot_removed_from_a_group_is_told(emu):
    group = emu.groups.create("服务队群", [5])
    emu.groups.remove_bot(group.id, by=5)
    change = emu.updates.pending[-1]["my_chat_member"]
    assert change["new_chat_member"] == {
        "user": change["new_chat_member"]["user"],
        "status": "kicked",
        "until_date": 0,
    }
    assert emu.chat(group.id).bot_member is False
