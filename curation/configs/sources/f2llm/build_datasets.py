"""Generate ``configs/sources/f2llm/datasets.csv``: every dataset name of the public F2LLM trainer.

Built from ``F2LLM/utils.py`` of the public CodeFuse-Embeddings repository at commit
1c5291549b9cee9eeab1cd9de6a67be4d0295da0 (its lists CLASSIFICATION_DATASETS, CLUSTERING_DATASETS,
RETRIEVAL_DATASETS; last changed by 6c06f702a749e141c2d1b90767bf275b29a77981). The trainer knows a
dataset's task only from the list its name is in and refuses a name in none of them
(``accelerate_train``: "Unknown dataset"), so this table is the bridge between that release and
mlcurate's per-source task and language. Only the names are taken from that file.

Re-run (offline, stdlib only) from a local copy of that file::

    python configs/sources/f2llm/build_datasets.py path/to/F2LLM/utils.py            # rewrites the CSV
    python configs/sources/f2llm/build_datasets.py path/to/F2LLM/utils.py --check    # exit 1 if it differs

Columns:

* ``name``: the dataset name as the trainer spells it (= the release file ``<name>.parquet``).
* ``task``: the trainer list it is in: retrieval, clustering or classification.
* ``lang`` / ``pos_lang``: BCP-47 / ISO 639 tag of the query side and, when it differs, of the
  passage side. ``mul`` = known to mix languages, ``zxx`` = code on the query side, ``und`` = not
  known; mlcurate ingests ``mul`` and ``und`` as ``und_Zyyy`` (the langid stage decides per row).
* ``lang_basis``: ``name`` (a language code or name is part of the dataset name), ``dataset``
  (what the public dataset of that name is known to hold, stated in CURATED below), ``unknown``.
* ``code_lang``: registry programming language of the passage side, for code datasets.
* ``instruction``: ``unknown``: the release carries the instruction inside every query
  (``Instruct: ...\\nQuery: ...``) and ingest takes it from there, row by row.
* ``license``: ``unknown``: the trainer's repository does not state the licenses of its data.
* ``eval_datasets``: evaluation tasks (MTEB names, ``|``-separated) the dataset shares its name
  and origin with, as far as the name shows it; ``unknown`` otherwise. Check before relying on it.
* ``source_name``: the mlcurate source name (lowercase; ``#`` -> ``sharp``, ``+`` -> ``p``).
"""

import argparse
import ast
import csv
import io
import re
import sys
from pathlib import Path

COMMIT = "1c5291549b9cee9eeab1cd9de6a67be4d0295da0"
OUT = Path(__file__).with_name("datasets.csv")
COLUMNS = ("name", "task", "lang", "pos_lang", "lang_basis", "code_lang", "instruction", "license", "eval_datasets", "source_name")
LISTS = {"CLASSIFICATION_DATASETS": "classification", "CLUSTERING_DATASETS": "clustering", "RETRIEVAL_DATASETS": "retrieval"}

# Languages named in dataset names (English names and codes that are not ISO 639-1).
LANG_WORDS = {
    "arabic": "ar", "chinese": "zh", "dutch": "nl", "french": "fr", "german": "de", "hindi": "hi", "indonesian": "id",
    "italian": "it", "japanese": "ja", "portuguese": "pt", "russian": "ru", "spanish": "es", "vietnamese": "vi",
    "bengali": "bn", "finnish": "fi", "korean": "ko", "swahili": "sw", "telugu": "te", "thai": "th",
    "danish": "da", "swedish": "sv", "norwegian": "no", "zh_cn": "zh-Hans", "zh_hk": "zh-Hant-HK", "zh_tw": "zh-Hant-TW",
}
# Programming languages as the names spell them -> registry codes (configs/languages.csv).
CODE_WORDS = {"C#": "csharp", "C++": "cpp", "cpp": "cpp", "Javascript": "javascript", "PHP": "php", "Ocaml": "ocaml"}

# Datasets whose name carries no language: what the public dataset of that name holds.
# (lang, pos_lang, code_lang). `mul`: several languages; `und`: not known.
EN, ZH, RU, KO, FA, NL = ("en", "", ""), ("zh", "", ""), ("ru", "", ""), ("ko", "", ""), ("fa", "", ""), ("nl", "", "")
MUL, UND = ("mul", "", ""), ("und", "", "")
CURATED = {
    **{n: EN for n in (
        "amazon_polarity", "imdb", "toxic_conversations", "cola", "banking77", "emotion", "tweet_sentiment_extraction",
        "arxiv_clustering_p2p", "arxiv_clustering_s2s", "biorxiv_clustering_p2p", "biorxiv_clustering_s2s",
        "medrxiv_clustering_p2p", "medrxiv_clustering_s2s", "reddit_clustering_p2p", "reddit_clustering_s2s",
        "stackexchange_clustering_p2p", "stackexchange_clustering_s2s", "twentynewsgroups",
        "arguana", "snli", "mnli", "anli", "paq", "squad", "stackexchange", "msmarco", "natural_questions", "hotpotqa",
        "fever", "eli5", "fiqa", "bioasq", "nfcorpus", "scifact", "qqp", "stackoverflowdupquestions", "sts12",
        "stsbenchmark", "amazon_qa", "cnn_dm", "paq_part2", "pubmedqa", "s2orc_abstract_citation", "s2orc_title_abstract",
        "s2orc_title_citation", "sentence_compression", "specter", "triviaqa", "xsum", "stackexchange_part2",
        "stackexchangedupquestions_s2s", "stackexchangedupquestions_p2p", "natural_reasoning", "natural_reasoning_part2",
        "yahoo_answers", "gooaq", "medi2", "medi2_part2", "openorca", "openorca_part2", "healthcaremagic", "cord19",
        "dbpedia", "medical_flashcards", "medmcqa", "medqa_en", "medquad", "mscinli", "stackoverflow_qa", "procqa",
        "codefeedback_mt", "codefeedback_st", "ocgi", "ocgi_part2")},
    **{n: ZH for n in (
        "waimai", "tnews", "thucnews", "csl", "coig", "cmedqav2", "huatuo_kgqa", "huatuo_encqa", "bq", "dureader",
        "t2ranking", "multicpr_medical", "multicpr_ecom", "ocnli", "cmcqa", "cmnli", "lawzhidao", "lcqmc", "lcsts",
        "medqa_zh", "qbqtc", "simclue", "webmedqa")},
    **{n: RU for n in ("cedr", "ru_sentiment", "medicalqa_ru", "mailruqa", "ru_instruct", "siberian_dataset", "wikiomnia")},
    **{n: KO for n in ("koalpaca", "koalpaca_realqa", "komagpie")},
    **{n: FA for n in ("parsquad", "persian_qa", "pquad")},
    **{n: NL for n in ("fever_nl", "hotpotqa_nl")},
    **{n: MUL for n in (
        "amazon_counterfactual", "mela", "amazon_reviews", "mtop_intent", "mtop_domain", "massive_scenario", "massive_intent",
        "sib200", "bactrianx_language_classification", "bactrianx_translation", "europarl", "miracl", "mrtidy",
        "sts22_multilingual", "aya", "muri", "muri_part2", "multialpaca", "oasst2", "wildchat", "wildchat_part2",
        "wildchat_part3", "m2lingual", "infinstruct", "infinstruct_part2", "esci", "refgpt", "coliee")},
    # STS22 is multilingual, but the release lists `sts22_multilingual` beside it: taken as the English part.
    "sts22": EN,
    "cosqa": ("en", "", "python"), "synthetic_text2sql": ("en", "", "sql"),
    "xcodeeval_translation": ("zxx", "", ""),
    "medinstruct": UND, "medical_instruction": UND, "llm_retrieval_data": UND,
}

# Evaluation tasks a dataset shares its name and origin with (MTEB task names).
EVAL = {
    "arguana": "ArguAna", "fiqa": "FiQA2018", "nfcorpus": "NFCorpus", "scifact": "SciFact", "hotpotqa": "HotpotQA",
    "fever": "FEVER", "msmarco": "MSMARCO", "natural_questions": "NQ", "qqp": "QuoraRetrieval", "sts12": "STS12",
    "sts22": "STS22", "sts22_multilingual": "STS22", "stsbenchmark": "STSBenchmark",
    "stackoverflowdupquestions": "StackOverflowDupQuestions", "amazon_counterfactual": "AmazonCounterfactualClassification",
    "amazon_polarity": "AmazonPolarityClassification", "imdb": "ImdbClassification",
    "toxic_conversations": "ToxicConversationsClassification", "amazon_reviews": "AmazonReviewsClassification",
    "banking77": "Banking77Classification", "emotion": "EmotionClassification", "mtop_intent": "MTOPIntentClassification",
    "mtop_domain": "MTOPDomainClassification", "massive_scenario": "MassiveScenarioClassification",
    "massive_intent": "MassiveIntentClassification", "tweet_sentiment_extraction": "TweetSentimentExtractionClassification",
    "arxiv_clustering_p2p": "ArxivClusteringP2P", "arxiv_clustering_s2s": "ArxivClusteringS2S",
    "biorxiv_clustering_p2p": "BiorxivClusteringP2P", "biorxiv_clustering_s2s": "BiorxivClusteringS2S",
    "medrxiv_clustering_p2p": "MedrxivClusteringP2P", "medrxiv_clustering_s2s": "MedrxivClusteringS2S",
    "reddit_clustering_p2p": "RedditClusteringP2P", "reddit_clustering_s2s": "RedditClustering",
    "stackexchange_clustering_p2p": "StackExchangeClusteringP2P", "stackexchange_clustering_s2s": "StackExchangeClustering",
    "twentynewsgroups": "TwentyNewsgroupsClustering", "sib200": "SIB200ClusteringS2S", "tnews": "TNews",
    "thucnews": "ThuNewsClusteringS2S|ThuNewsClusteringP2P", "csl": "CLSClusteringS2S|CLSClusteringP2P",
    "cedr": "CEDRClassification", "waimai": "Waimai", "t2ranking": "T2Retrieval", "dureader": "DuRetrieval",
    "cmedqav2": "CMedQAv2-reranking", "multicpr_ecom": "EcomRetrieval", "multicpr_medical": "MedicalRetrieval",
    "lcqmc": "LCQMC", "bq": "BQ", "ocnli": "Ocnli", "cmnli": "Cmnli", "qbqtc": "QBQTC", "cosqa": "CosQA",
    "synthetic_text2sql": "SyntheticText2SQL", "codefeedback_mt": "CodeFeedbackMT", "codefeedback_st": "CodeFeedbackST",
    "stackoverflow_qa": "StackOverflowQA", "esci": "unknown", "mmarco_chinese": "MMarcoRetrieval",
}
EVAL_PREFIXES = {
    "miracl_": "MIRACLRetrieval", "mrtidy_": "MrTidyRetrieval", "mldr_": "MultiLongDocRetrieval", "xnli_": "XNLI",
    "pawsx_": "PawsXPairClassification", "mlsum_clustering_": "MLSUMClusteringS2S|MLSUMClusteringP2P",
    "csn_ccr_": "CodeSearchNetCCRetrieval", "csn_": "CodeSearchNetRetrieval", "webfaq_": "WebFAQRetrieval",
    "xcodeeval_": "unknown",
}


def read_lists(utils_py: str) -> dict[str, list[str]]:
    """The three name lists of the trainer's utils.py, read with `ast` (the file is not imported)."""
    found = {}
    for node in ast.parse(utils_py).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and getattr(node.targets[0], "id", None) in LISTS:
            found[LISTS[node.targets[0].id]] = ast.literal_eval(node.value)
    missing = sorted(set(LISTS.values()) - set(found))
    if missing:
        raise SystemExit(f"utils.py has no list for {missing}: expected {list(LISTS)}")
    return found


def languages(name: str) -> tuple[str, str, str, str]:
    """(lang, pos_lang, code_lang, basis) of a dataset name."""
    if name in CURATED:
        lang, pos, code = CURATED[name]
        return lang, pos, code, "unknown" if lang == "und" else "dataset"
    patterns = [
        (r"webfaq_(\w{3})", lambda m: (m[1], "", "")),
        (r"(?:mmarco|mrtidy)_(\w+)", lambda m: (LANG_WORDS[m[1]], "", "")),
        (r"nordic_\w+_(danish|swedish|norwegian)", lambda m: (LANG_WORDS[m[1]], "", "")),
        (r"mkqa_(zh_\w\w)", lambda m: (LANG_WORDS[m[1]], "", "")),
        (r"(?:miracl|mldr|mkqa|xnli|pawsx|mqa|mlsum_retrieval|mlsum_clustering)_(\w\w)", lambda m: (m[1], "", "")),
        (r"unpc_(\w\w)2(\w\w)", lambda m: (m[1], m[2], "")),
        (r"paracrawl_(\w+)-(\w+)", lambda m: (m[1], m[2], "")),
        (r"clirmatrix_(\w+)-(\w+)", lambda m: (m[1], m[2], "")),
        (r"clirmatrix_(\w+)", lambda m: (m[1], "", "")),
        (r"csn_ccr_(\w+)", lambda m: ("zxx", "", m[1])),
        (r"csn_(\w+)", lambda m: ("en", "", m[1])),
        (r"ocr2_(\w+)", lambda m: ("en", "", CODE_WORDS.get(m[1], m[1]))),
        (r"xcodeeval_code2code_(.+)", lambda m: ("zxx", "", CODE_WORDS.get(m[1], m[1].lower()))),
        (r"xcodeeval_nl2code_(.+)", lambda m: ("en", "", CODE_WORDS.get(m[1], m[1].lower()))),
    ]
    for rx, pick in patterns:
        m = re.fullmatch(rx, name)
        if m:
            return (*pick(m), "name")
    raise SystemExit(f"no language rule for dataset '{name}': add it to CURATED (or `und` with basis unknown)")


def eval_datasets(name: str) -> str:
    if name in EVAL:
        return EVAL[name]
    for prefix, value in EVAL_PREFIXES.items():
        if name.startswith(prefix):
            return value
    return "unknown"


def source_name(name: str) -> str:
    return name.replace("#", "sharp").replace("+", "p").lower()


def build(utils_py: str) -> str:
    rows, seen = [], {}
    for task, names in read_lists(utils_py).items():
        for name in names:
            if name in seen:
                raise SystemExit(f"dataset '{name}' is in the {seen[name]} and the {task} list")
            seen[name] = task
            lang, pos, code, basis = languages(name)
            rows.append({"name": name, "task": task, "lang": lang, "pos_lang": pos, "lang_basis": basis, "code_lang": code,
                         "instruction": "unknown", "license": "unknown", "eval_datasets": eval_datasets(name),
                         "source_name": source_name(name)})
    names = [r["source_name"] for r in rows]
    clash = sorted({n for n in names if names.count(n) > 1})
    if clash:
        raise SystemExit(f"source names clash: {clash}")
    out = io.StringIO()
    out.write(f"# F2LLM trainer dataset names (CodeFuse-Embeddings F2LLM/utils.py @ {COMMIT}); "
              "built by configs/sources/f2llm/build_datasets.py, see its docstring for the columns\n")
    writer = csv.DictWriter(out, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                 epilog="example: python configs/sources/f2llm/build_datasets.py ~/CodeFuse-Embeddings/F2LLM/utils.py")
    ap.add_argument("utils_py", help="local copy of F2LLM/utils.py")
    ap.add_argument("--check", action="store_true", help="exit 1 if datasets.csv differs from what the file gives")
    ap.add_argument("--out", default=str(OUT), help="where to write (default: beside this script)")
    args = ap.parse_args()
    text = build(Path(args.utils_py).read_text(encoding="utf-8"))
    if args.check:
        same = Path(args.out).exists() and Path(args.out).read_text(encoding="utf-8") == text
        print("up to date" if same else f"{args.out} differs: re-run without --check")
        sys.exit(0 if same else 1)
    Path(args.out).write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10)) - 2} datasets to {args.out}")


if __name__ == "__main__":
    main()
