import pytest

from handlers.telegram.emulator.records import BotIdentity
from handlers.telegram.emulator.world import World


def test_each_chat_numbers_its_own_messages_and_knows_the_bots():
    world = World(BotIdentity(10), clock=lambda: 1000.5)
    first, second = world.private_chat(1), world.private_chat(2)
    a = world.add_message(first, 1, text="你好")
    b = world.add_message(first, 10, text="您好")
    c = world.add_message(second, 10, text="您好")
    assert (a.message_id, b.message_id, c.message_id) == (1, 2, 1)
    assert not a.from_bot and b.from_bot and b.date == 1000
    assert world.message(1, 2) is b and world.message(3, 1) is None


def test_groups_get_free_negative_ids_and_one_id_is_one_chat():
    world = World(BotIdentity(10))
    group = world.group("服务队群")
    supergroup = world.group("超级群", kind="supergroup")
    assert group.id < 0 and str(supergroup.id).startswith("-100")
    with pytest.raises(ValueError):
        world.group("again", group.id)
    with pytest.raises(ValueError):
        world.group("private?", 5)


def test_a_user_is_created_on_first_mention_and_named_later():
    world = World(BotIdentity(10))
    assert world.user(5).first_name == "用户"
    assert world.user(5, first_name="王大姐", username=None).first_name == "王大姐"
    assert world.user(5).first_name == "王大姐"


def test_press_ids_are_unique_strings():
    world = World(BotIdentity(10))
    ids = {world.new_query(1, 1, None, "x").id for _ in range(50)}
    assert len(ids) == 50 and all(isinstance(i, str) for i in ids)
