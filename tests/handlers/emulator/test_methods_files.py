"""Photos and documents: uploads are kept, ids can be sent again, getFile finds them."""

import pytest

from handlers.telegram.emulator.errors import ApiError
from handlers.telegram.emulator.params import Upload
from tests.handlers.emulator.conftest import png, started


async def _refusal(emu, method, params, files=None):
    with pytest.raises(ApiError) as refused:
        await emu.api.call(method, params, files)
    return refused.value.description


async def test_an_uploaded_photo_gets_an_id_that_can_be_sent_again(emu):
    started(emu, 5)
    started(emu, 6)
    upload = {"photo": Upload("p.png", png(4, 3), "image/png")}
    sent = await emu.api.call("sendPhoto", {"chat_id": 5, "caption": "现场"}, upload)
    photo = sent["photo"][-1]
    assert (photo["width"], photo["height"]) == (4, 3) and sent["caption"] == "现场"
    again = await emu.api.call("sendPhoto", {"chat_id": 6, "photo": photo["file_id"]})
    assert again["photo"][-1]["file_id"] == photo["file_id"]
    assert emu.last(6).photo.content == png(4, 3)


async def test_an_attached_upload_and_a_document(emu):
    started(emu, 5)
    files = {"report": Upload("报表.csv", b"a,b\n", "text/csv")}
    params = {"chat_id": 5, "document": "attach://report"}
    sent = await emu.api.call("sendDocument", params, files)
    assert sent["document"]["file_name"] == "报表.csv"
    assert sent["document"]["mime_type"] == "text/csv"


async def test_what_telegram_would_not_take(emu):
    started(emu, 5)
    assert await _refusal(emu, "sendPhoto", {"chat_id": 5}) == (
        "Bad Request: there is no photo in the request"
    )
    text_as_photo = {"photo": Upload("a.txt", b"hello")}
    assert await _refusal(emu, "sendPhoto", {"chat_id": 5}, text_as_photo) == (
        "Bad Request: IMAGE_PROCESS_FAILED"
    )
    assert await _refusal(emu, "sendPhoto", {"chat_id": 5, "photo": "AgACnothing"}) == (
        "Bad Request: wrong file identifier/HTTP URL specified"
    )
    url = {"chat_id": 5, "photo": "https://example.org/a.jpg"}
    assert await _refusal(emu, "sendPhoto", url) == "Bad Request: failed to get HTTP URL content"
    document = await emu.api.call(
        "sendDocument", {"chat_id": 5}, {"document": Upload("a.pdf", b"%PDF")}
    )
    as_photo = {"chat_id": 5, "photo": document["document"]["file_id"]}
    assert await _refusal(emu, "sendPhoto", as_photo) == "Bad Request: type of file mismatch"
    long = {"chat_id": 5, "caption": "图" * 1025}
    assert await _refusal(emu, "sendPhoto", long, {"photo": Upload("p", png(1, 1))}) == (
        "Bad Request: message caption is too long"
    )


async def test_get_file_gives_the_path_under_which_the_file_is_served(emu):
    started(emu, 5)
    emu.people.send_photo(5, png(2, 2), caption="现场照片")
    file_id = emu.messages(5, from_bot=False)[-1].photo.file_id
    found = await emu.api.call("getFile", {"file_id": file_id})
    assert found["file_size"] == len(png(2, 2))
    assert emu.files.by_path(found["file_path"]).content == png(2, 2)
    assert await _refusal(emu, "getFile", {"file_id": "nope"}) == "Bad Request: invalid file_id"
