"""A training corpus with planted contamination of a reference set, built from the bundled UDHR sample.

Reference set (`role: eval`): paragraphs of the preamble and articles 1-10 of six declarations in
three script kinds: Latin (eng, fra, spa), Han (cmn_hans, jpn: no spaces) and Thai (tha: no spaces
between words). Training samples take their query from declarations in other scripts (Cyrillic,
Greek, Hangul, ...), and each planted sample carries one reference text, in its query, positive or
first negative, as:

    exact       a verbatim copy
    noisy       the copy with case, punctuation and whitespace changed (and full-width forms)
    contained   the copy inside a longer passage, between two unrelated paragraphs

Look-alikes that must not match:

    template    a reference with every 4th word (every 6th character) replaced: the same template,
                different content, no n-gram intact
    sibling     other paragraphs (articles 11-15) of the same declarations: the same phrasing
                ("Everyone has the right to ...") about other things
    phrase      common short phrases of the reference language ("Everyone has the right to")
    short       verbatim copies of reference paragraphs shorter than the minimum length
"""

import gzip
import json
import random

from curation.paths import SAMPLE_DATA_DIR
from curation.scripts import segmentation
from curation.textnorm import TEXT_EQ

KINDS = {"latin": ("eng", "fra", "spa"), "han": ("cmn_hans", "jpn"), "thai": ("tha",)}
FILLER_LANGS = ("ru", "uk", "bg", "el", "ko", "he", "ka", "hy", "mk", "be")
PHRASES = {"latin": ["Everyone has the right to", "Toute personne a droit", "Toda persona tiene derecho",
                     "in accordance with the law", "without any discrimination"],
           "han": ["人人有权", "不得", "すべて人は", "人人有权享有"], "thai": ["ทุกคนมีสิทธิ", "บุคคลใด", "โดยไม่มี"]}


def _units(text: str) -> int:
    norm = TEXT_EQ(text)
    return len(norm.replace(" ", "")) if segmentation(norm) == "char" else len(norm.split())


def _long_enough(text: str, kind: str, cfg) -> bool:
    """At least one n-gram, so containment inside a longer text can be found."""
    return _units(text) >= (cfg.word_ngram if kind == "latin" else cfg.char_ngram)


def _short(text: str, kind: str, cfg) -> bool:
    return _units(text) < (cfg.min_words if kind == "latin" else cfg.min_chars)


def _noisy(text: str, rng: random.Random) -> str:
    out = text.upper() if rng.random() < 0.5 else text.lower()
    out = out.replace(",", " ,  ").replace(".", "!").replace("，", " , ").replace("。", "．")
    out = "  " + out.replace(" ", "\n ", 2) + " ...\t"
    return out.replace("A", "Ａ", 1)  # a full-width form: NFKC folds it


def _template(text: str, kind: str, rng: random.Random, vocab: list[str]) -> str:
    if kind == "latin":
        words = text.split()
        return " ".join(rng.choice(vocab) if i % 4 == 3 else w for i, w in enumerate(words))
    chars = list(text)
    return "".join(rng.choice("的一是在有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经") if i % 6 == 5
                   and kind == "han" else rng.choice("กขคงจฉชซญดตถทธนบปผพฟภมยรลวศสหอฮ") if i % 6 == 5 else c for i, c in enumerate(chars))


def build(cfg, seed: int = 0) -> tuple[list[dict], list[dict], list[dict]]:
    """(reference rows, training rows, expectations): expectation i belongs to training row i and
    holds `kind` (script kind), `plant` (exact/noisy/contained/None) and `ref` (reference text or None)."""
    rng = random.Random(seed)
    with gzip.open(SAMPLE_DATA_DIR / "udhr_pairs.jsonl.gz", "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    filler = [r["text"] for r in rows if r["lang"] in FILLER_LANGS and len(r["text"]) > 40]
    rng.shuffle(filler)
    vocab = sorted({w for r in rows if r["decl"] == "deu_1996" or r["lang"] == "de" for w in r["text"].split()}) or ["x"]
    refs, train, expect = [], [], []

    def add(kind, text, plant=None, ref=None):
        slot = len(train) % 3
        q, pos, neg = filler[(3 * len(train)) % len(filler)], filler[(3 * len(train) + 1) % len(filler)], filler[(3 * len(train) + 2) % len(filler)]
        if slot == 0:
            q = text
        elif slot == 1:
            pos = text
        else:
            neg = text
        train.append({"q": q, "p": pos, "n": [neg, f"{len(train)} {filler[(7 * len(train)) % len(filler)]}"]})
        expect.append({"kind": kind, "plant": plant, "ref": ref})

    for kind, decls in KINDS.items():
        for r in (r for r in rows if r["decl"] in decls):
            text = r["text"]
            if r["article"] <= 10:
                refs.append({"id": f"{r['decl']}-{r['article']}-{r['para']}", "text": text, "lang": r["lang"]})
                if _short(text, kind, cfg):
                    add(kind, text, None, None)  # a copy of a reference below the minimum length: never flagged
                    continue
                add(kind, text, "exact", text)
                add(kind, _noisy(text, rng), "noisy", text)
                if _long_enough(text, kind, cfg):
                    sep = " " if kind == "latin" else ""
                    add(kind, sep.join([filler[rng.randrange(len(filler))], text, filler[rng.randrange(len(filler))]]), "contained", text)
                add(kind, _template(text, kind, rng, vocab))
            else:
                add(kind, text)  # sibling paragraphs: same declaration, other articles
        for phrase in PHRASES[kind]:
            add(kind, phrase)
    return refs, train, expect
