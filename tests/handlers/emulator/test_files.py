import pytest

from handlers.telegram.emulator import files
from handlers.telegram.emulator.errors import ApiError
from handlers.telegram.emulator.files import FileStore, image_size
from tests.handlers.emulator.conftest import jpeg_header, png


def test_the_size_of_a_png_a_gif_and_a_jpeg():
    assert image_size(png(640, 480)) == (640, 480)
    assert image_size(b"GIF89a" + (320).to_bytes(2, "little") + (200).to_bytes(2, "little")) == (
        320,
        200,
    )
    assert image_size(jpeg_header(1024, 768)) == (1024, 768)
    assert image_size(b"%PDF-1.7 not a picture") is None


def test_a_photo_must_be_a_picture():
    with pytest.raises(ApiError, match="IMAGE_PROCESS_FAILED"):
        FileStore().add_photo(b"plain text")


def test_every_upload_gets_its_own_ids_and_path():
    store = FileStore()
    same = png(2, 2)
    first, second = store.add_photo(same), store.add_photo(same)
    assert first.file_id != second.file_id and first.unique_id != second.unique_id
    assert first.path.startswith("photos/") and first.path.endswith(".jpg")
    report = store.add_document(b"a,b\n1,2\n", "报表.csv")
    assert report.mime_type == "text/csv" and report.path.endswith(".csv")
    assert store.get(report.file_id) is report and store.by_path(report.path) is report
    assert store.get("unknown") is None


def test_get_file_refuses_unknown_ids_and_files_over_20_mb(monkeypatch):
    store = FileStore()
    with pytest.raises(ApiError, match="invalid file_id"):
        store.for_download("nothing")
    big = store.add_document(b"x" * 2048, "big.bin")
    monkeypatch.setattr(files, "MAX_DOWNLOAD", 1024)
    with pytest.raises(ApiError, match="file is too big"):
        store.for_download(big.file_id)


def test_uploads_over_the_limits_are_refused(monkeypatch):
    monkeypatch.setattr(files, "MAX_DOCUMENT", 10)
    monkeypatch.setattr(files, "MAX_PHOTO", 10)
    with pytest.raises(ApiError) as refused:
        FileStore().add_document(b"x" * 11, "a.bin")
    assert refused.value.code == 413
    with pytest.raises(ApiError):
        FileStore().add_photo(png(1, 1))
