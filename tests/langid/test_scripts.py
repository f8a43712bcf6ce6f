"""Script detection from Unicode script properties, independent of the model."""

import pytest

from curation.langid.scripts import detect_script, detect_scripts, script_compatible


@pytest.mark.parametrize("text, script", [
    ("Сва људска бића рађају се слободна и једнака у достојанству и правима.", "Cyrl"),   # srp_Cyrl
    ("Sva ljudska bića rađaju se slobodna i jednaka u dostojanstvu i pravima.", "Latn"),  # srp_Latn
    ("人人生而自由，在尊严和权利上一律平等。他们赋有理性和良心。", "Hans"),                  # zho_Hans
    ("人人生而自由，在尊嚴和權利上一律平等。他們賦有理性和良心。", "Hant"),                  # zho_Hant
    ("Barcha odamlar erkin, qadr-qimmat va huquqlarda teng bo'lib tug'iladilar.", "Latn"),  # uzb_Latn
    ("Барча одамлар эркин, қадр-қиммат ва ҳуқуқларда тенг бўлиб туғиладилар.", "Cyrl"),   # uzb_Cyrl
    ("すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。", "Jpan"),
    ("모든 인간은 태어날 때부터 자유로우며 그 존엄과 권리에 있어 동등하다.", "Hang"),
    ("يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق.", "Arab"),
    ("12345 — 678 !!", "Zyyy"),
    ("", "Zyyy"),
])
def test_dominant_script(text, script):
    assert detect_script(text).script == script


def test_han_without_distinguishing_characters_stays_hani_and_fits_both():
    result = detect_script("人人生而自由")
    assert result.script == "Hani"
    assert script_compatible("Hans", "Hani") and script_compatible("Hant", "Hani")


def test_mixed_script_is_flagged_with_its_share():
    result = detect_script("Hello everyone привет всем участникам", min_share=0.8)
    assert result.mixed and 0.3 < result.share < 0.7
    assert not detect_script("Hello everyone, 2024 (ok).").mixed


def test_batch_equals_single_and_survives_nul():
    texts = ["abc", "абв", "a\x00b", "", "中文"]
    assert [r.script for r in detect_scripts(texts)] == [detect_script(t).script for t in texts] == ["Latn", "Cyrl", "Latn", "Zyyy", "Hani"]


def test_script_compatibility():
    assert not script_compatible("Cyrl", "Latn")
    assert script_compatible("Latn", "Zyyy")
    assert not script_compatible("Hans", "Hant")
    assert script_compatible("Jpan", "Hans")
