"""Hashing for decontamination: the batch normaliser equals the shared one text by text, and n-gram
hashes see through case, punctuation and whitespace, in words and in no-space scripts."""

import gzip
import json

import numpy as np

from curation.decont.config import DecontConfig
from curation.decont.ngrams import hash_texts
from curation.paths import SAMPLE_DATA_DIR
from curation.textnorm import TEXT_EQ

CFG = DecontConfig()
EN = "Everyone has the right to seek and to enjoy in other countries asylum from persecution, as the law says"
ZH = "在真正由于非政治性的罪行或违背联合国的宗旨和原则的行为而被起诉的情况下,不得援用此种权利。"


def test_batch_normaliser_equals_the_shared_one_text_by_text():
    with gzip.open(SAMPLE_DATA_DIR / "udhr_pairs.jsonl.gz", "rt", encoding="utf-8") as f:
        texts = [r["text"] for r in map(json.loads, f)][::5]
    texts += ["  Ｈｅｌｌｏ,  WORLD!", "\u0301abc", "Straße!!", "a\x1cb\x1c", "", None, "...", "ﬁ ＡＢＣ", "e\u0301", "\u3000全角\u3000",
              "a\tb\nc\r\n", "x\u00a0y", "İstanbul", "ǅ", "\u2028z\u2029", "priv\ue000ate"]
    assert TEXT_EQ.many(texts) == [TEXT_EQ(t) for t in texts]


def grams(h, i) -> set:
    return set(h.gram_hash[h.gram_text == i].tolist())


def test_ngrams_see_through_case_punctuation_and_whitespace():
    h = hash_texts([EN, "  " + EN.upper().replace(",", " ;") + "!!", ZH, ZH.replace(",", "，  ").replace("的", "的 "), EN + " " + ZH], CFG)
    assert grams(h, 0) == grams(h, 1) and h.exact[0] == h.exact[1]
    assert grams(h, 2) == grams(h, 3) and h.exact[2] == h.exact[3]  # spaces carry no meaning in Chinese
    assert grams(h, 0) | grams(h, 2) == grams(h, 4)  # a mixed text has both word and character n-grams
    assert h.grams[0] == len(EN.split()) - CFG.word_ngram + 1 and h.by_char[2] and not h.by_char[0]


def test_short_texts_are_not_eligible_and_have_no_ngrams():
    h = hash_texts(["Everyone has the right to life", "人人有权享有国籍", "", None], CFG)
    assert not h.eligible.any() and h.gram_text.size == 0 and (h.exact == 0).all()
    assert h.words.tolist()[0] == 6 and h.chars.tolist()[1] == 8


def test_batching_does_not_change_hashes():
    texts = [EN, ZH, EN + " " + ZH, "short one", EN.lower()] * 3
    whole = hash_texts(texts, CFG)
    for i in range(len(texts)):
        one = hash_texts([texts[i]], CFG)
        assert np.array_equal(np.sort(one.gram_hash), np.sort(whole.gram_hash[whole.gram_text == i]))
        assert one.exact[0] == whole.exact[i]
