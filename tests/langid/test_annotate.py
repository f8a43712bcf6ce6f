"""The per-text judgement: prediction, script, status against the declared language."""

import pytest

from curation.errors import ConfigError
from curation.langid.annotate import Annotator, LidConfig, prepare
from curation.langid.backends import load_backend
from curation.pipeline import DEFAULT_PIPELINE, load_pipeline
from curation.languages import LanguageNormalizer, Registry

FR = "Toute personne a droit à la vie, à la liberté et à la sûreté de sa personne."
DE = "Jeder hat das Recht auf Leben, Freiheit und Sicherheit der Person."
SR_LATN = "Sva ljudska bića rađaju se slobodna i jednaka u dostojanstvu i pravima."
SR_CYRL = "Сва људска бића рађају се слободна и једнака у достојанству и правима."
AR = "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق. وقد وهبوا عقلاً وضميرًا."
SW = "Kila mtu ana haki ya kuishi, uhuru na usalama wa nafsi yake."


@pytest.fixture(scope="module")
def annotate():
    backend = load_backend("fasttext-lid176")
    annotator = Annotator(backend, LidConfig(), LanguageNormalizer(Registry.load()), "run-1")

    def run(texts, declared):
        n = len(texts)
        return annotator.annotate([f"s{i}" for i in range(n)], ["src"] * n, ["query"] * n, texts, declared).to_pylist()

    return run


def test_wrong_language_is_a_mismatch(annotate):
    row = annotate([FR], ["deu_Latn"])[0]
    assert (row["predicted"], row["status"], row["mismatch"], row["passed"]) == ("fra_Latn", "mismatch", True, False)
    assert row["top"][0]["lang"] == "fra_Latn" and len(row["top"]) == 3


def test_macrolanguages_match(annotate):
    # lid.176 says `ar`/`sw` (macrolanguages); declared individual languages arb/swh are matches.
    rows = annotate([AR, SW, AR], ["arb_Arab", "swh_Latn", "ara_Arab"])
    assert [r["status"] for r in rows] == ["match", "match", "match"]


def test_script_comes_from_the_text_not_the_model(annotate):
    latn, cyrl = annotate([SR_LATN, SR_CYRL], ["srp_Cyrl", "srp_Cyrl"])
    assert latn["script"] == "Latn" and latn["status"] == "script_mismatch" and latn["mismatch"]
    assert cyrl["script"] == "Cyrl" and cyrl["status"] in ("match", "low_confidence", "mismatch")
    assert latn["predicted"].endswith("_Latn")


def test_mixed_script_is_flagged(annotate):
    row = annotate(["Every human being has the right to life и право на свободу и личную неприкосновенность"], ["eng_Latn"])[0]
    assert row["status"] == "mixed_script" and not row["passed"]


def test_language_the_model_cannot_output_is_unsupported_not_mismatch(annotate):
    row = annotate(["Punda dignidade di tudo nguê di mundu e dirêtu d'inem igual e andeji cu a na pô bêndê fa sá stê di liberdade"],
                   ["cri_Latn"])[0]
    # Sãotomense is a Portuguese creole: lid.176 reads it as Portuguese, a documented close relative.
    assert row["status"] == "close_relative" and not row["mismatch"] and row["passed"]


def test_short_undeclared_newlines_and_truncation(annotate):
    short, undeclared, multiline = annotate(["Ja.", DE, DE.replace(" ", "\n")], ["fra_Latn", "und_Zyyy", "deu_Latn"])
    assert short["status"] == "too_short" and short["passed"]
    assert undeclared["status"] == "undeclared" and undeclared["predicted"] == "deu_Latn"
    assert multiline["status"] == "match"
    assert prepare("a\nb\r\nc" * 1000, 10) == "a b\r ca b\r"


def test_thresholds_are_per_predicted_language():
    cfg = LidConfig(thresholds={"default": 0.5, "fra_Latn": 1.01})
    annotator = Annotator(load_backend("fasttext-lid176"), cfg, LanguageNormalizer(Registry.load()))
    row = annotator.annotate(["s"], ["src"], ["query"], [FR], ["deu_Latn"]).to_pylist()[0]
    assert row["status"] == "low_confidence" and row["passed"]


def test_config_errors_name_key_and_fix():
    with pytest.raises(ConfigError, match=r"key 'langid.drop.0'(.|\n)*fix: use one of"):
        load_pipeline(DEFAULT_PIPELINE, [("langid.drop", ["wrong"])])
    with pytest.raises(ConfigError, match=r"key 'langid.treshold'(.|\n)*fix: did you mean `thresholds`\? valid keys here: model"):
        load_pipeline(DEFAULT_PIPELINE, [("langid.treshold", 1)])
