"""A tiny release in the published F2LLM layout: one `<name>.parquet` per dataset, columns `query`
(instruction baked in), `passage`, `negative_1..24` (classification: `negative_1` only).

24 dataset names from the trainer's three lists, in several languages and scripts, with short
real-looking texts; every row is distinct so nothing deduplicates away.
"""

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

# name -> (instruction, language words for the texts)
DATASETS = {
    # retrieval
    "arguana": ("Given a claim, find documents that refute the claim", "en"),
    "msmarco": ("Given a web search query, retrieve relevant passages that answer the query", "en"),
    "fiqa": ("Given a financial question, retrieve user replies that best answer the question", "en"),
    "miracl_sw": ("Given a question, retrieve Wikipedia passages that answer the question", "sw"),
    "miracl_ja": ("Given a question, retrieve Wikipedia passages that answer the question", "ja"),
    "webfaq_deu": ("Given a question, retrieve the answer from a FAQ page", "de"),
    "mmarco_chinese": ("Given a web search query, retrieve relevant passages", "zh"),
    "mrtidy_russian": ("Given a question, retrieve Wikipedia passages that answer the question", "ru"),
    "unpc_ar2en": ("Retrieve the English translation of the given Arabic sentence", "ar"),
    "paracrawl_en-sw": ("Retrieve the Swahili translation of the given English sentence", "en"),
    "csn_python": ("Given a code description, retrieve the Python function", "en"),
    "xcodeeval_code2code_C#": ("Given a program, retrieve a C# program that solves the same problem", "code"),
    "t2ranking": ("Given a Chinese search query, retrieve web passages that answer it", "zh"),
    "mkqa_zh_tw": ("Given a question, retrieve passages that answer it", "zh"),
    # clustering (pre-built tuples)
    "banking77": ("Given an online banking query, find the corresponding intent", "en"),
    "arxiv_clustering_s2s": ("Identify the main category of arXiv papers based on the titles", "en"),
    "mlsum_clustering_fr": ("Identify the topic of the given news article", "fr"),
    "tnews": ("Classify the category of the given news title", "zh"),
    "cedr": ("Identify the emotion expressed in the given text", "ru"),
    # classification (one negative)
    "amazon_polarity": ("Classify Amazon reviews into positive or negative sentiment", "en"),
    "imdb": ("Classify the sentiment expressed in the given movie review text", "en"),
    "waimai": ("Classify the sentiment of the given takeaway review", "zh"),
    "nordic_classification_danish": ("Classify the given Danish text", "da"),
    "cola": ("Classify the grammatical acceptability of the sentence", "en"),
}
CLASSIFICATION = {"amazon_polarity", "imdb", "waimai", "nordic_classification_danish", "cola"}
WORDS = {
    "en": "the river carries light over old stones while people talk about markets and weather".split(),
    "sw": "mto unabeba mwanga juu ya mawe watu wanazungumza kuhusu masoko na hali ya hewa".split(),
    "ja": ["川", "は", "古い", "石", "の", "上", "に", "光", "を", "運ぶ", "人々", "市場"],
    "de": "der Fluss trägt Licht über alte Steine während Menschen über Märkte reden".split(),
    "zh": ["河流", "在", "古老", "石头", "上", "带着", "光", "人们", "谈论", "市场", "天气"],
    "ru": "река несёт свет над старыми камнями пока люди говорят о рынках".split(),
    "ar": "النهر يحمل الضوء فوق الحجارة القديمة بينما يتحدث الناس عن الأسواق".split(),
    "fr": "la rivière porte la lumière sur les vieilles pierres pendant que les gens parlent".split(),
    "da": "floden bærer lys over gamle sten mens folk taler om markeder".split(),
    "code": "def int return for if else while print class public static void main string".split(),
}
ROWS = 12  # per dataset; the trainer's split needs >= 2


def text(lang: str, name: str, kind: str, i: int, k: int = 0) -> str:
    words = WORDS[lang]
    picked = [words[(i * 7 + k * 3 + j) % len(words)] for j in range(6 + (i + k) % 5)]
    return f"{' '.join(picked)} [{name} {kind} {i}.{k}]"


def rows_of(name: str) -> dict[str, list]:
    instruction, lang = DATASETS[name]
    n_neg = 1 if name in CLASSIFICATION else 24
    cols = {"query": [f"Instruct: {instruction}\nQuery: {text(lang, name, 'q', i)}" for i in range(ROWS)],
            "passage": [text(lang, name, "p", i) for i in range(ROWS)]}
    for k in range(1, n_neg + 1):
        cols[f"negative_{k}"] = [text(lang, name, "n", i, k) for i in range(ROWS)]
    return cols


def write_release(folder: Path, names=None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names or DATASETS:
        pq.write_table(pa.table(rows_of(name)), folder / f"{name}.parquet")
    return folder
