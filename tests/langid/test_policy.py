"""The drop policy that knows the model: model cards, close relatives, unreliable, the vote, heliport."""

import pytest

from curation.langid.annotate import Annotator, LidConfig
from curation.langid.backends import load_backend
from curation.langid.reliability import ModelCard, load_card, measure
from curation.langid.vote import VoteAnnotator, combine
from curation.languages import LanguageNormalizer, Registry

BS = "Sva ljudska bića rađaju se slobodna i jednaka u dostojanstvu i pravima. Ona su obdarena razumom i sviješću."
FR = "Toute personne a droit à la vie, à la liberté et à la sûreté de sa personne."
ES = "Todo individuo tiene derecho a la vida, a la libertad y a la seguridad de su persona."
EN = "Everyone has the right to life, liberty and security of person, and to a fair hearing."


@pytest.fixture(scope="module")
def normalizer():
    return LanguageNormalizer(Registry.load())


@pytest.fixture(scope="module")
def lid176():
    return load_backend("fasttext-lid176")


def statuses(backend, normalizer, texts, declared, card=None, **cfg):
    n = len(texts)
    annotator = Annotator(backend, LidConfig(model=backend.name, **cfg), normalizer, card=card)
    return annotator.annotate([""] * n, [""] * n, ["query"] * n, texts, declared).column("status").to_pylist()


def test_measure_counts_recall_precision_and_confused_pairs():
    card = measure("m", ["bos_Latn"] * 10 + ["fra_Latn"] * 10, ["hrv_Latn"] * 6 + ["bos_Latn"] * 4 + ["fra_Latn"] * 10,
                   [0.9] * 20)
    assert card.recall == {"bs": 0.4, "fr": 1.0} and card.support == {"bs": 10, "fr": 10}
    assert ("bs", "hr", 6) in card.confused
    assert card.reliable_for("fra_Latn", 0.85, 5) and not card.reliable_for("bos_Latn", 0.85, 5)
    assert card.close_relatives("bos_Latn", "hrv_Latn") and not card.close_relatives("fra_Latn", "deu_Latn")


def test_close_relative_and_unreliable_are_kept_mismatch_is_dropped(lid176, normalizer):
    # A card that knows French well, Catalan badly, and nothing else.
    card = ModelCard("fasttext-lid176", recall={"fr": 0.99, "ca": 0.5}, support={"fr": 50, "ca": 50}, precision={})
    got = statuses(lid176, normalizer, [ES, FR, EN], ["cat_Latn", "deu_Latn", "fra_Latn"], card=card,
                   thresholds={"default": 0.5})
    # Spanish text declared Catalan: close relatives (documented Ibero-Romance group).
    # French declared German: German is not in this card -> unreliable, kept.
    # English declared French: the card is sure about French -> mismatch.
    assert got == ["close_relative", "unreliable", "mismatch"]
    cfg = LidConfig()
    assert {"close_relative", "unreliable", "unsupported"}.isdisjoint(cfg.drop) and "mismatch" in cfg.drop


def test_policy_off_is_the_old_rule(lid176, normalizer):
    assert statuses(lid176, normalizer, [BS], ["hrv_Latn"], policy="off", thresholds={"default": 0.5}) in (["mismatch"], ["match"])
    assert statuses(lid176, normalizer, [FR], ["deu_Latn"], policy="off", thresholds={"default": 0.5}) == ["mismatch"]


def test_shipped_cards_cover_the_builtin_backends():
    for name in ("fasttext-lid176", "heliport-1"):
        card = load_card(name)
        assert card is not None and len(card.recall) > 400 and card.measured_on.startswith("bundled UDHR articles 0-10")
        assert card.reliable_for("eng_Latn", 0.85, 5)  # (the sample's `fr` includes French (Welche))


@pytest.mark.parametrize("votes, rule, out", [
    (["mismatch", "mismatch"], "all", "mismatch"),
    (["mismatch", "match"], "all", "match"),
    (["mismatch", "match"], "any", "mismatch"),
    (["mismatch", "unsupported"], "all", "mismatch"),          # only backends that can judge vote
    (["unsupported", "mismatch"], "all", "mismatch"),
    (["unsupported", "unsupported"], "all", "unsupported"),
    (["mismatch", "unreliable"], "all", "mismatch"),           # weak for the language: abstains
    (["unreliable", "mismatch"], "all", "mismatch"),
    (["unreliable", "match"], "all", "match"),
    (["unreliable", "unsupported"], "all", "unreliable"),      # nobody can judge: the first stands
    (["mismatch", "close_relative", "mismatch"], "majority", "mismatch"),
    (["mismatch", "close_relative", "match"], "majority", "close_relative"),
    (["script_mismatch", "script_mismatch"], "all", "script_mismatch"),
])
def test_vote_rule(votes, rule, out):
    assert combine(votes, rule) == out


def test_heliport_backend_and_vote_on_real_text(lid176, normalizer):
    helio = load_backend("heliport-1")
    top = helio.predict([FR, "Kila mtu ana haki ya kuishi, uhuru na usalama wa nafsi yake."], k=2)
    assert top[0][0][0] == "fra_Latn" and top[1][0][0] in ("swh_Latn", "swa_Latn") and 0 < top[0][0][1] <= 1
    assert "fra_Latn" in helio.labels and len(helio.labels) > 150
    # English declared French: heliport's card trusts its English. A lid.176 card that knows
    # nothing (no recall, no precision) makes lid.176 `unreliable`: it abstains, heliport's mismatch
    # stands under every rule. A backend that reads French dissents: only rule `any` drops.
    blind = {"fasttext-lid176": ModelCard("fasttext-lid176")}
    reads_french = FixedBackend([("fra_Latn", 0.9)])
    cards = blind | {"fixed": TRUSTING}
    for second, rule, want in ((lid176, "all", "mismatch"), (reads_french, "any", "mismatch"), (reads_french, "all", "match")):
        vote = VoteAnnotator([helio, second], LidConfig(vote=[second.name], vote_rule=rule), normalizer, cards=cards)
        table = vote.annotate(["a", "b"], ["s", "s"], ["query", "query"], [FR, EN], ["fra_Latn", "fra_Latn"])
        assert table.column("status").to_pylist() == ["match", want]
        assert table.column("passed").to_pylist() == [True, want != "mismatch"]
        assert set(table.column("model").to_pylist()) == {f"heliport-1+{second.name}"}


class FixedBackend:
    """A backend that answers the same ranked row for every text (the scores' meaning is its own)."""

    explicit_scripts = False

    def __init__(self, row, group_score=None):
        self.name, self.row = "fixed", row
        self.labels = frozenset(code for code, _ in row) | {"aar_Latn", "fra_Latn", "nno_Latn"}
        if group_score:
            self.group_score = group_score

    def predict(self, texts, k=3):
        return [self.row[:k] for _ in texts]


NORDIC = "Enhver har rett til i andre land å søke og ta imot asyl mot forfølgelse."
TRUSTING = ModelCard("fixed", recall={"aa": 0.99, "fr": 0.99}, support={"aa": 50, "fr": 50},
                     precision={"nb": 0.99, "de": 0.99})


def test_confidence_split_between_close_relatives_counts_as_one_answer(normalizer):
    # Bokmal 0.34, Nynorsk 0.25, Danish 0.10: no single language reaches 0.4, the group does (0.69).
    split = FixedBackend([("nob_Latn", 0.34), ("nno_Latn", 0.25), ("dan_Latn", 0.10)])
    assert statuses(split, normalizer, [NORDIC], ["aar_Latn"], card=TRUSTING) == ["mismatch"]
    # The same top-1 score followed by unrelated languages stays below the threshold.
    lone = FixedBackend([("nob_Latn", 0.34), ("fra_Latn", 0.25), ("deu_Latn", 0.10)])
    assert statuses(lone, normalizer, [NORDIC], ["aar_Latn"], card=TRUSTING) == ["low_confidence"]
    # The run stops at the declared language: its own score is no evidence against it.
    declared_inside = FixedBackend([("nob_Latn", 0.34), ("aar_Latn", 0.25), ("dan_Latn", 0.10)])
    assert statuses(declared_inside, normalizer, [NORDIC], ["aar_Latn"], card=TRUSTING) == ["low_confidence"]
    # Declared Nynorsk: a relative of the top language, so close_relative whatever the scores.
    assert statuses(split, normalizer, [NORDIC], ["nno_Latn"], card=TRUSTING) == ["close_relative"]
    # Without a card (policy off) only the top-1 score counts, as before.
    assert statuses(split, normalizer, [NORDIC], ["aar_Latn"], policy="off") == ["low_confidence"]


def test_group_score_follows_the_backend_rule(normalizer):
    from curation.langid.backends import HeliportBackend

    # heliport rows: score_i = score_0 * exp(-gap_i); the group's confidence is the gap to the best
    # language outside it, 1 - 0.08 / 0.21 = 0.62 (a sum would also pass; 1 - 0.20 / 0.21 would not).
    row = [("oci_Latn", 0.21), ("cat_Latn", 0.17), ("srd_Latn", 0.08)]
    assert HeliportBackend.group_score(row, 1) == pytest.approx(1 - 0.17 / 0.21)
    assert HeliportBackend.group_score(row, 2) == pytest.approx(1 - 0.08 / 0.21)
    assert HeliportBackend.group_score(row, 3) == pytest.approx(1 - 0.08 / 0.21)  # lower bound
    close_runner_up = [("gsw_Latn", 0.23), ("vls_Latn", 0.18), ("nld_Latn", 0.17)]
    helio_like = FixedBackend(close_runner_up, HeliportBackend.group_score)
    summing = FixedBackend(close_runner_up)
    text = "Jeder hat das Recht, in anderen Ländern vor Verfolgung Asyl zu suchen und zu genießen."
    # The summed scores (0.58) would drop it; by heliport's own rule the group is barely ahead (0.26).
    assert statuses(summing, normalizer, [text], ["fra_Latn"], card=TRUSTING) == ["mismatch"]
    assert statuses(helio_like, normalizer, [text], ["fra_Latn"], card=TRUSTING) == ["low_confidence"]


SAMOAN = "O tagata uma lava e fananau mai ma le saolotoga, e tutusa foi o latou tulaga aloaia ma aia tatau."
KNOWS_MAORI = ModelCard("fixed", precision={"mi": 0.99, "nb": 0.99})


@pytest.mark.parametrize("row, want", [
    # A lone guess under the card's precision level (0.5), runners-up unrelated: not evidence.
    ([("mri_Latn", 0.45), ("ita_Latn", 0.24), ("lmo_Latn", 0.22)], "unsupported"),
    ([("mri_Latn", 0.55), ("ita_Latn", 0.24), ("lmo_Latn", 0.22)], "mismatch"),
    # The same top-1 backed by its close relatives: the group reaches the precision level.
    ([("nob_Latn", 0.45), ("nno_Latn", 0.20), ("dan_Latn", 0.10)], "mismatch"),
    # The backend declined to name a language (heliport's `und` under its cut-off): never a mismatch.
    ([("und_Zyyy", 0.72), ("mri_Latn", 0.20)], "unsupported"),
])
def test_a_trusted_prediction_needs_the_confidence_its_precision_was_measured_at(normalizer, row, want):
    # Samoan is not among the backend's labels: only a trusted prediction can overrule it.
    assert statuses(FixedBackend(row), normalizer, [SAMOAN], ["smo_Latn"], card=KNOWS_MAORI) == [want]


def test_und_is_never_a_mismatch(normalizer):
    # Declared French, which the backend can output, trusted both ways by the card: still no mismatch.
    declined = FixedBackend([("und_Zyyy", 0.72), ("mri_Latn", 0.20)])
    assert statuses(declined, normalizer, [FR], ["fra_Latn"], card=TRUSTING) == ["low_confidence"]
    assert statuses(declined, normalizer, [FR], ["fra_Latn"], policy="off") == ["low_confidence"]


def test_a_prediction_never_written_in_the_texts_script_is_not_evidence(normalizer):
    # lid.176 cannot read Chakma and answers Catalan (a Latin-only language) at 0.72.
    chakma = "𑄇𑄢𑄧𑄢𑄬 𑄃𑄬𑄘𑄮𑄇𑄳𑄠𑄴 𑄇𑄧𑄚𑄧 𑄇𑄟𑄴 𑄝𑄬𑄇𑄴𑄅𑄚𑄮𑄢𑄴 𑄃𑄟𑄧𑄚𑄧𑄢𑄴 𑄘𑄬𑄌𑄴𑄥𑄪"
    guess = FixedBackend([("cat_Latn", 0.72), ("spa_Latn", 0.09)])
    card = ModelCard("fixed", recall={"fr": 0.99}, support={"fr": 50}, precision={"ca": 0.99})
    assert statuses(guess, normalizer, [chakma], ["ccp_Cakm"], card=card) == ["unsupported"]
    # The same guess over Latin text is a trusted prediction.
    assert statuses(guess, normalizer, [FR], ["smo_Latn"], card=card) == ["mismatch"]
