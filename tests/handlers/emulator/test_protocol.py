from handlers.telegram.emulator import protocol
from tests.handlers.emulator.conftest import TOKEN, png


def test_urls_route_to_a_method_or_a_file():
    assert protocol.route(f"/bot{TOKEN}/sendMessage") == protocol.Route(TOKEN, method="sendMessage")
    assert protocol.route(f"/api/bot{TOKEN}/getMe/") == protocol.Route(TOKEN, method="getMe")
    assert protocol.route(f"/file/bot{TOKEN}/photos/file_1.jpg") == protocol.Route(
        TOKEN, path="photos/file_1.jpg"
    )
    assert protocol.route("/favicon.ico") is None


async def test_a_wrong_token_is_401_and_a_good_call_is_ok_true(emu):
    assert await protocol.respond(emu, "1:wrong", "getMe", {}, {}) == (
        401,
        {"ok": False, "error_code": 401, "description": "Unauthorized"},
    )
    status, body = await protocol.respond(emu, TOKEN, "getMe", {}, {})
    assert status == 200 and body["ok"] and body["result"]["is_bot"]


def test_parameters_that_cannot_be_read_and_downloads(emu):
    params, error = protocol.decoded({"reply_markup": "{"})
    assert params is None and error.code == 400
    stored = emu.files.add_photo(png(1, 1))
    assert protocol.download(emu, TOKEN, stored.path) is stored
    assert protocol.download(emu, "1:wrong", stored.path) is None
    assert protocol.download(emu, TOKEN, "photos/none.jpg") is None
