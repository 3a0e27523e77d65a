from catalog.lexicon import load_lexicon
from catalog.loader import load_all
from catalog.segmenter import DICT_PATH, build_dictionary, make_tokenizer


def test_shipped_dictionary_is_current():
    """Regenerate with `python -m catalog segdict` after editing the catalog or lexicon."""
    assert DICT_PATH.read_text(encoding="utf-8") == build_dictionary(load_all(), load_lexicon())


def test_our_terms_are_kept_whole():
    tokens = make_tokenizer().lcut("村里想请兽医讲讲羊病防治")
    assert "羊病" in tokens
    assert "兽医" in tokens
