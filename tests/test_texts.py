"""Every sentence has its English, with the same placeholders as the Chinese."""

from string import Formatter

from texts import EN, ZH


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name is not None}


def test_every_chinese_key_has_english():
    missing = sorted(key for key in ZH if not EN.get(key))
    assert not missing, f"{len(missing)} keys have no English: {missing}"


def test_english_has_no_key_without_chinese():
    assert not sorted(set(EN) - set(ZH))


def test_english_placeholders_match_the_chinese():
    differ = {
        key: (sorted(_placeholders(ZH[key])), sorted(_placeholders(text)))
        for key, text in EN.items()
        if key in ZH and _placeholders(ZH[key]) != _placeholders(text)
    }
    assert not differ, f"placeholders differ (zh, en): {differ}"


def test_lists_split_on_bars_have_as_many_items_in_english():
    split = ("weekdays", "reasons.reject", "reasons.decline", "reasons.cancel", "reasons.withdraw")
    for key in split:
        if key in EN:
            assert len(EN[key].split("|")) == len(ZH[key].split("|")), key
