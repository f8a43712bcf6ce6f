import pytest

from curation.errors import BadRecord
from curation.languages import LanguageNormalizer, Registry

FLORES_SAMPLE = ["ace_Arab", "ace_Latn", "arb_Arab", "swh_Latn", "zho_Hans", "zho_Hant", "yue_Hant", "srp_Cyrl", "uzn_Latn",
                 "kor_Hang", "jpn_Jpan", "zul_Latn", "taq_Tfng", "mni_Beng", "sat_Beng"]


@pytest.fixture(scope="module")
def registry():
    return Registry.load()


@pytest.fixture(scope="module")
def norm(registry):
    return LanguageNormalizer(registry)


def test_registry_covers_the_target(registry):
    natural, programming = registry.natural(), registry.programming()
    assert len(natural) >= 282
    assert len(programming) >= 40
    assert set(FLORES_SAMPLE) <= {e.code for e in natural}
    assert {e.tier for e in natural} == {"high", "mid", "low"}


def test_programming_languages_by_extension(registry):
    assert registry.code_language("x.py") == "python"
    assert registry.code_language("stdio.h") == "c"
    assert registry.code_language("Foo.PM") == "perl"
    assert registry.code_language("build.cmake") == "cmake"
    assert registry.code_language("README") is None


@pytest.mark.parametrize("tag, code", [
    ("sw", "swh_Latn"), ("swa", "swh_Latn"), ("swh", "swh_Latn"),  # macrolanguage and its individual
    ("ar", "arb_Arab"), ("arb", "arb_Arab"), ("ara", "arb_Arab"),
    ("zh-Hant", "zho_Hant"), ("zh", "zho_Hans"), ("zh_Hans", "zho_Hans"),
    ("en", "eng_Latn"), ("eng", "eng_Latn"), ("en-US", "eng_Latn"),
    ("sr", "srp_Cyrl"), ("ko", "kor_Hang"), ("fa", "pes_Arab"),
    ("swh_Latn", "swh_Latn"),  # registry codes pass through
    ("quy", "quy_Latn"),  # valid ISO 639-3 outside... or inside the registry: keeps its own code
    ("hus", "hus_Latn"),  # Huastec: not a target language, still accepted
    ("lua", "lua_Latn"), ("ada", "ada_Latn"),  # ISO codes that are also programming-language names
    ("uz-Cyrl", "uzb_Cyrl"),  # an explicit script the registry lacks is kept, not swapped
    ("und", "und_Zyyy"),
])
def test_codes_normalise_to_registry(norm, tag, code):
    assert norm.normalize(tag) == code


@pytest.mark.parametrize("tag", ["xx", "foo", "123", "qaa", "en-", "english"])
def test_invalid_codes_are_bad_records_never_guessed(norm, tag):
    with pytest.raises(BadRecord, match="unknown language code"):
        norm.normalize(tag)


def test_missing_language_is_a_bad_record(norm):
    with pytest.raises(BadRecord, match="missing language"):
        norm.normalize("  ")


def test_a_tag_without_a_script_takes_the_script_of_the_text():
    from curation.languages import LanguageNormalizer, Registry

    norm = LanguageNormalizer(Registry.load())
    assert norm.normalize("gld") == "gld_Latn"  # likely-subtag guess (CLDR)
    assert norm.normalize_for_script("gld", "Cyrl") == "gld_Cyrl"
    assert norm.normalize_for_script("tk", "Cyrl") == "tuk_Cyrl" and norm.normalize_for_script("tk", "Latn") == "tuk_Latn"
    assert norm.normalize_for_script("cjy", "Hani") == "cjy_Hans"
    assert norm.normalize_for_script("uz-Latn", "Cyrl") == "uzn_Latn"  # a named script is kept
    assert norm.normalize_for_script("zh-Hant", "Hans") == "zho_Hant"
    assert norm.normalize_for_script("gld", "Zyyy") == "gld_Latn" and norm.normalize_for_script("gld", "") == "gld_Latn"
    assert norm.declares_script("sr-Latn") and norm.declares_script("srp_Cyrl") and not norm.declares_script("sr")


def test_registry_lists_the_scripts_of_each_language():
    from curation.languages import Registry

    reg = Registry.load()
    assert reg.scripts_of("gld_Cyrl") == {"Cyrl"}
    assert {"Latn", "Cyrl"} <= reg.scripts_of("tuk_Latn") and {"Latn", "Cyrl"} <= reg.scripts_of("uzn_Latn")
    assert "Cyrl" not in reg.scripts_of("fra_Latn")
    assert reg.scripts_of("xyz_Latn") is None
