import pytest

from curation.scripts import no_space_fractions, segmentation
from tests.dedup.conftest import ARTICLE1, NO_SPACE


@pytest.mark.parametrize("lang", sorted(ARTICLE1))
def test_segmentation_follows_the_script_of_the_text(lang):
    assert segmentation(ARTICLE1[lang]) == ("char" if lang in NO_SPACE else "word")


@pytest.mark.parametrize("text", ["ພາສາລາວ", "မြန်မာဘာသာ", "བོད་ཡིག", "カタカナ"])
def test_lao_myanmar_tibetan_katakana_are_char_segmented(text):
    assert segmentation(text) == "char"


def test_fractions_handle_empty_and_mixed_texts():
    f = no_space_fractions(["", "abc", "日本語テキスト", "日本 abcdef", ""])
    assert f.tolist() == [0.0, 0.0, 1.0, pytest.approx(2 / 8), 0.0]
