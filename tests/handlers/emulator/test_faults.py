from handlers.telegram.emulator.errors import terminated_by_other_poll, too_many_requests
from handlers.telegram.emulator.faults import Faults


def test_a_fault_is_given_as_often_as_asked_and_only_to_its_method_and_chat():
    faults = Faults()
    faults.add("getUpdates", terminated_by_other_poll(), times=2)
    faults.add("sendMessage", too_many_requests(7), chat_id=5)
    assert faults.take("sendMessage", {"chat_id": 6}) is None
    assert faults.take("sendmessage", {"chat_id": 5}).code == 429  # names are case-insensitive
    assert faults.take("sendMessage", {"chat_id": 5}) is None
    assert faults.take("getUpdates", {}).code == 409
    assert faults.take("getUpdates", {}).code == 409
    assert faults.take("getUpdates", {}) is None


def test_clearing_drops_what_is_queued():
    faults = Faults()
    faults.add("getMe", terminated_by_other_poll(), times=5)
    faults.clear()
    assert faults.take("getMe", {}) is None
