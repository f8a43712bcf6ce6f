from curation.dedup.normalize import PAIR_SEPARATOR, exact_hash, normalize, unit_text


def test_normalize_folds_width_case_punctuation_and_spaces():
    assert normalize("  Ｈｅｌｌｏ,\tWORLD!! ") == "hello world"
    assert normalize("Straße") == normalize("STRASSE")
    assert normalize(None) == ""


def test_exact_hash_equal_for_variants_and_different_otherwise():
    assert exact_hash(normalize("All human beings.")) == exact_hash(normalize("all  HUMAN beings"))
    assert exact_hash(normalize("人人生而自由，")) == exact_hash(normalize("人人生而自由,"))
    assert exact_hash(normalize("All human beings")) != exact_hash(normalize("All human being"))


def test_units_pick_query_positive_or_pair():
    assert unit_text("Q!", "P", "query") == "q"
    assert unit_text("Q!", "P", "positive") == "p"
    assert unit_text("Q!", "P", "pair") == "q" + PAIR_SEPARATOR + "p"
    assert unit_text("Q", None, "positive") == ""


def test_dedup_and_mining_share_one_text_equality():
    from curation.mine.stage import normalise
    from curation.textnorm import NORMALIZERS, TEXT_EQ

    pairs = [("Hello, world!", "hello world"), ("don't", "DON T"), ("Ｈｅｌｌｏ", "hello"), ("人人生而自由，", "人人生而自由")]
    for a, b in pairs:
        assert normalize(a) == normalize(b) and normalise(a) == normalise(b)
    assert normalize("C++") != normalize("C") and normalise("C++") != normalise("C")  # symbols are kept
    assert TEXT_EQ.rules == ("nfkc", "casefold", "punct_space") and list(NORMALIZERS) == ["text-eq-v1"]
