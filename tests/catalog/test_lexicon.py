from catalog.lexicon import PhraseFinder, load_lexicon
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
    # English keys are lower case: the router lower-cases before lookup.
    assert all(key == key.lower() for key in lexicon.english)
