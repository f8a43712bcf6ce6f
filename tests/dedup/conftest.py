"""Fixtures of the dedup tests: real UDHR article-1 paragraphs in several scripts, and a tiny
workspace with duplicates within and across two sources."""

import json

import pytest

# Article 1 of the UDHR (bundled sample), in space-delimited and no-space scripts.
ARTICLE1 = {
    "eng": "All human beings are born free and equal in dignity and rights. They are endowed with reason and conscience "
           "and should act towards one another in a spirit of brotherhood.",
    "rus": "Все люди рождаются свободными и равными в своем достоинстве и правах. Они наделены разумом и совестью и "
           "должны поступать в отношении друг друга в духе братства.",
    "arb": "يولد جميع الناس أحرارًا متساوين في الكرامة والحقوق. وقد وهبوا عقلاً وضميرًا وعليهم أن يعامل بعضهم بعضًا بروح الإخاء.",
    "hin": "सभी मनुष्यों को गौरव और अधिकारों के मामले में जन्मजात स्वतन्त्रता और समानता प्राप्त है । उन्हें बुद्धि और अन्तरात्मा की "
           "देन प्राप्त है और परस्पर उन्हें भाईचारे के भाव से बर्ताव करना चाहिए ।",
    "zho": "人人生而自由,在尊严和权利上一律平等。他们赋有理性和良心,并应以兄弟关系的精神相对待。",
    "jpn": "すべての人間は、生まれながらにして自由であり、かつ、尊厳と権利とについて平等である。人間は、理性と良心とを授けられており、"
           "互いに同胞の精神をもって行動しなければならない。",
    "tha": "มนุษย์ทั้งหลายเกิดมามีอิสระและเสมอภาคกันในเกียรติศักดิ์และสิทธิ ต่างมีเหตุผลและมโนธรรม และควรปฏิบัติต่อกันด้วยเจตนารมณ์แห่งภราดรภาพ",
    "khm": "មនុស្សទាំងអស់ កើតមកមានសេរីភាព និងសមភាព ក្នុងផ្នែកសេចក្ដីថ្លៃថ្នូរនិងសិទ្ធិ។ មនុស្ស មានវិចារណញ្ញាណនិងសតិសម្បជញ្ញៈជាប់ពីកំណើត "
           "ហើយគប្បីប្រព្រឹត្ដចំពោះគ្នាទៅវិញទៅមកក្នុងស្មារតីភាតរភាព។",
}
NO_SPACE = {"zho", "jpn", "tha", "khm"}


def near_copy(text: str, lang: str) -> str:
    """A copy with one small edit at the end: Jaccard to the original stays well above 0.7."""
    return text + ("好" if lang in NO_SPACE else " indeed")


def far_copy(text: str) -> str:
    """The first half of the text: a candidate-looking but different text (Jaccard < 0.5)."""
    return text[: len(text) // 2]


def _write_source(tmp_path, name: str, rows: list[dict]) -> str:
    data = tmp_path / f"{name}.jsonl"
    data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    cfg = tmp_path / f"{name}.yaml"
    cfg.write_text(f"name: {name}\nkind: jsonl\npath: {data.name}\ntask: retrieval\nfields: {{query: q, positive: p}}\nlang: {{field: lang}}\n")
    return str(cfg)


@pytest.fixture
def tiny_workspace(tmp_path):
    """A workspace with two sources: `a` holds every article-1 text, a near copy of each (the
    longest, so the representative), a case/punctuation variant of the near copy (exact dup) and a
    far copy (not a dup); `b` repeats two of `a`'s texts (cross-source dups)."""
    from curation.config import ExecutorConfig, load_sources
    from curation.ingest.stage import ingest
    from curation.paths import DEFAULT_REGISTRY
    from curation.store import Workspace

    rows_a = []
    for lang, text in ARTICLE1.items():
        rows_a.append({"q": text, "p": f"positive {lang}", "lang": lang})
        rows_a.append({"q": "  " + near_copy(text, lang).upper().replace(".", " . ") + " ", "p": f"positive {lang} 2", "lang": lang})
        rows_a.append({"q": near_copy(text, lang), "p": f"positive {lang} 3", "lang": lang})
        rows_a.append({"q": far_copy(text), "p": f"positive {lang} 4", "lang": lang})
    rows_b = [{"q": ARTICLE1["eng"] + "!", "p": "other", "lang": "eng"}, {"q": ARTICLE1["zho"], "p": "other", "lang": "zho"}]
    ws = Workspace(tmp_path / "ws")
    sources = [s for p in (_write_source(tmp_path, "a", rows_a), _write_source(tmp_path, "b", rows_b)) for s in load_sources(p)]
    ingest(ws, sources[:1], ExecutorConfig(tasks=1), DEFAULT_REGISTRY, progress=False)
    ws.extra_sources = sources[1:]  # ingested by tests that add samples later
    return ws
