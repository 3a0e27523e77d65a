from catalog.lexicon import NOT_SERVICE_REASONS, PhraseFinder, load_lexicon
from catalog.schema import ActionKey


def test_longest_match_wins_and_does_not_overlap():
    finder = PhraseFinder(["农民", "农民工", "工人"])
    assert [m.phrase for m in finder.find("农民工人")] == ["农民工"]
    assert [m.phrase for m in finder.find("农民和工人")] == ["农民", "工人"]


def test_lexicon_covers_the_five_audiences_and_the_public():
    lexicon = load_lexicon()
    assert set(lexicon.audience) == {
        ActionKey.youth,
        ActionKey.farmers,
        ActionKey.workers,
        ActionKey.elderly,
        ActionKey.officials,
        ActionKey.grassroots,  # 居民、群众: the general public
    }


def test_latin_words_live_only_in_the_english_list():
    # Latin matches whole words only, through `english`; nowhere else, where
    # its letters could match inside a longer word (the "ai" in "email").
    lexicon = load_lexicon()
    assert all(key == key.lower() and key.isalpha() for key in lexicon.english)
    assert not any(cue.isascii() for cues in lexicon.audience.values() for cue in cues)
    assert not any(word.isascii() for word in lexicon.synonyms)
    for cues in lexicon.not_service.values():
        assert not any(word.isascii() for word in cues.strong + cues.weak)


def test_every_reason_has_cues():
    lexicon = load_lexicon()
    assert set(lexicon.not_service) == set(NOT_SERVICE_REASONS)
    assert all(cues.strong or cues.weak for cues in lexicon.not_service.values())
