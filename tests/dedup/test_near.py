import numpy as np
import pytest

from curation.dedup.engine import NearParams, dedup
from curation.dedup.minhash import jaccard
from curation.dedup.normalize import normalize
from curation.dedup.shingles import shingle_sets, shingles
from tests.dedup.conftest import ARTICLE1, NO_SPACE, far_copy, near_copy


def run(texts, partition=None, priority=None, age=None, **params):
    n = len(texts)
    return dedup([normalize(t) for t in texts], np.zeros(n, int) if partition is None else np.asarray(partition),
                 np.zeros(n, int) if priority is None else np.asarray(priority),
                 np.arange(n) if age is None else np.asarray(age), NearParams(**params))


def true_jaccard(a, b):
    sa, sb = set(shingles(normalize(a)).tolist()), set(shingles(normalize(b)).tolist())
    return len(sa & sb) / len(sa | sb)


def test_char_shingles_for_no_space_scripts_word_shingles_otherwise():
    for lang, text in ARTICLE1.items():
        norm = normalize(text)
        units = list(norm.replace(" ", "")) if lang in NO_SPACE else norm.split()
        distinct_5grams = {tuple(units[i : i + 5]) for i in range(len(units) - 4)}
        assert shingles(norm).size == len(distinct_5grams), lang


def test_batch_shingles_equal_single():
    texts = [normalize(t) for t in ARTICLE1.values()] + ["", "two words"]
    values, offsets = shingle_sets(texts)
    for i, t in enumerate(texts):
        assert np.array_equal(values[offsets[i] : offsets[i + 1]], shingles(t))


@pytest.mark.parametrize("lang", sorted(ARTICLE1))
def test_exact_and_near_duplicates_in_every_script(lang):
    text = ARTICLE1[lang]
    other = ARTICLE1["eng" if lang != "eng" else "rus"]
    near = near_copy(text, lang)
    r = run([text, near, "  " + near.upper(), far_copy(text), other])
    assert true_jaccard(text, near) >= 0.7
    # the longest (the near copy) is kept; its case/space variant is an exact duplicate of it
    assert r.reason == ["near-dup-of", None, "exact-dup-of", None, None]
    assert r.representative.tolist() == [1, 1, 1, 3, 4]
    assert r.cluster_size.tolist() == [3, 3, 3, 1, 1]
    assert r.similarity[0] == pytest.approx(true_jaccard(text, near_copy(text, lang)))


def test_verification_rejects_candidates_below_the_threshold():
    text = ARTICLE1["eng"]
    words = text.split()
    edited = " ".join(words[:14] + ["X"] + words[15:])  # one word changed in the middle: J about 0.6
    j = true_jaccard(text, edited)
    assert 0.5 < j < 0.7
    assert run([text, edited]).keep.tolist() == [True, True]
    assert run([text, edited], threshold=0.5).keep.tolist() == [True, False]


def test_partitions_are_deduplicated_apart():
    text = ARTICLE1["eng"]
    assert run([text, text], partition=[0, 1]).keep.tolist() == [True, True]
    assert run([text, text], partition=[1, 1]).keep.tolist() == [True, False]


def test_representative_policy_priority_then_longest_then_oldest():
    text = ARTICLE1["rus"]
    longer = near_copy(text, "rus")
    assert run([text, longer]).keep.tolist() == [False, True]                        # longest
    assert run([text, longer], priority=[0, 1]).keep.tolist() == [True, False]       # source priority first
    assert run([text, text + "."], age=[5, 3]).keep.tolist() == [False, True]         # same length: oldest


def test_empty_texts_are_never_duplicates():
    r = run(["", "", "   ...  "])
    assert r.keep.all() and r.exact_hash == [None, None, None]


def test_numpy_and_rensa_backends_give_the_same_clusters():
    texts = [t for lang, t in ARTICLE1.items() for t in (t, near_copy(t, lang), far_copy(t))]
    a, b = run(texts, backend="numpy"), run(texts, backend="rensa")
    assert a.representative.tolist() == b.representative.tolist()


def test_jaccard_of_csr_rows():
    values, offsets = shingle_sets(["a b c d e f", "a b c d e g", ""])
    assert jaccard(values, offsets, 0, 1) == pytest.approx(1 / 3)
    assert jaccard(values, offsets, 0, 2) == 0.0


def test_shingle_sets_are_the_same_across_batch_boundaries(monkeypatch):
    import curation.dedup.shingles as sh

    monkeypatch.setattr(sh, "_CHUNK", 3)
    texts = [normalize(t) for t in ARTICLE1.values()] + ["", "two words"]
    values, offsets = shingle_sets(texts)
    for i, t in enumerate(texts):
        assert np.array_equal(values[offsets[i] : offsets[i + 1]], shingles(t))


# ---------------------------------------------------------------- dedup.shingles: word | char | auto

def edited(text: str, every: int = 8) -> str:
    """Every `every`-th word substituted: word 5-gram Jaccard collapses, character 5-grams barely move."""
    return " ".join("zzz" if i % every == 3 else w for i, w in enumerate(text.split()))


def char_jaccard(a: str, b: str) -> float:
    sa, sb = ({x[i : i + 5] for i in range(len(x) - 4)} for x in (normalize(a), normalize(b)))
    return len(sa & sb) / len(sa | sb)


@pytest.mark.parametrize("lang", ["eng", "rus", "arb", "hin"])
def test_char_shingles_find_copies_with_edited_words_that_word_shingles_miss(lang):
    text = ARTICLE1[lang] + " " + ARTICLE1[lang]
    copy = edited(text)
    assert char_jaccard(text, copy) >= 0.7
    assert run([text, copy]).keep.tolist() == [True, True]  # word 5-grams: one edit in 8 words breaks most shingles
    for mode in ("char", "auto"):
        r = run([text, copy], shingles=mode)
        assert r.reason == [None, "near-dup-of"] or r.reason == ["near-dup-of", None], mode


def test_char_shingles_keep_distinct_texts_apart():
    texts = [ARTICLE1[lang] for lang in sorted(ARTICLE1)] + [far_copy(ARTICLE1["eng"]), ARTICLE1["eng"].replace("free", "unfree")[:60]]
    for mode in ("char", "auto"):
        assert run(texts, shingles=mode).keep.all(), mode


def test_char_mode_shingles_are_the_distinct_character_5grams_with_spaces():
    norm = normalize(ARTICLE1["eng"])
    grams = {norm[i : i + 5] for i in range(len(norm) - 4)}
    assert shingles(norm, mode="char").size == len(grams)
    values, offsets = shingle_sets([norm, normalize(ARTICLE1["zho"])], mode="char")
    assert np.array_equal(values[: offsets[1]], shingles(norm, mode="char"))


def test_auto_shingles_short_texts_and_word_rows_as_words():
    # "article 2" / "article 3": as characters J = 0.6-0.75; under auto a text of fewer than 5 words is one shingle
    short = ["igele lya 12", "igele lya 13"]
    assert not run(short, shingles="char", threshold=0.6).keep.all()
    assert run(short, shingles="auto", threshold=0.6).keep.all()
    doc = ["Encode a file; input and output are binary files.", "Decode a file; input and output are binary files."]
    assert not run(doc, shingles="auto").keep.all()  # natural language: one letter apart is a near duplicate
    values, offsets = shingle_sets([normalize(t) for t in doc], mode="auto", word_rows=[True, True])
    words = shingle_sets([normalize(t) for t in doc], mode="word")
    assert np.array_equal(values, words[0]) and np.array_equal(offsets, words[1])  # rows marked as words (task code)


def test_unknown_shingle_mode_is_refused():
    with pytest.raises(ValueError, match="valid: word, char, auto"):
        shingle_sets(["a b"], mode="chars")
