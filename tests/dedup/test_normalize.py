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


def test_turkic_i_folds_so_an_upper_cased_copy_is_the_same_text():
    from curation.textnorm import TEXT_EQ

    # Turkish/Azerbaijani: upper-casing `ı` gives `I`, which plain casefold turns into `i`
    original = "Herkes kırmızı ışığın altında düşünce özgürlüğüne sahiptir; İstanbul'da da."
    copies = [original.upper(), original.title(), "HERKES KIRMIZI IŞIĞIN ALTINDA DÜŞÜNCE ÖZGÜRLÜĞÜNE SAHİPTİR İSTANBUL DA DA"]
    assert {exact_hash(normalize(c)) for c in copies} == {exact_hash(normalize(original))}
    assert TEXT_EQ.many([original, *copies, None]) == [TEXT_EQ(t) for t in [original, *copies, None]]
    assert normalize("kısa") != normalize("kasa")  # other letters still differ
