"""Turn a source's raw rows into samples: field mapping, validation, language normalisation, ids.

A declared tag without a script (`gld`, `tuk`, `uz`) takes the dominant script of the text it
labels (`curation.scripts`), not the likely-subtag guess: `gld` over Cyrillic text is `gld_Cyrl`.
Mixed text (no script holds 80% of its letters) keeps the likely script; `langid` flags it.
A tag that names its script keeps it; the `langid` stage flags a text that contradicts it.

`SampleBuilder.build(row)` returns one sample as a tuple in `SAMPLE_COLUMNS` order, or raises
`BadRecord` with a countable reason (the caller quarantines the row).
"""

import re
from fnmatch import fnmatch

import orjson
import xxhash

from ..config import SourceConfig
from ..errors import BadRecord, ConfigError
from ..languages import LanguageNormalizer, Registry
from ..scripts import detect_script, detect_scripts
from ..schema import LABELLED_TASKS
from .codelang import UNKNOWN as UNKNOWN_CODE_LANG
from .f2llm import split_instruction
from .readers import MAX_RAW_CHARS, RawRow, leading_doc
from .rules import check_length, clean_nul, scalar_text

# Fields the folder readers produce, mapped by default.
DEFAULT_FIELDS = {
    "text_folder": {"query": "text"},
    "code_folder": {"query": "doc", "positive": "code"},
}
_SEP, _LIST_SEP = "\x1f", "\x1e"


def sample_id(source: str, task: str, lang: str, pos_lang, code_lang, instruction, query: str, positive, label, negatives) -> str:
    """Stable 128-bit id of a sample's canonical content: re-ingesting never duplicates."""
    key = _SEP.join((source, task, lang, pos_lang or "", code_lang or "", instruction or "", query, positive or "",
                     label or "", _LIST_SEP.join(negatives or ())))
    return xxhash.xxh3_128_hexdigest(key.encode("utf-8", "surrogatepass"))


def normalizer_for(registry: Registry) -> LanguageNormalizer:
    """One LanguageNormalizer per registry object, shared by the builders of all sources: building
    one indexes the whole registry (milliseconds), which a release of 300 files paid 300 times in
    the main process and again in each worker. Its caches only ever hold answers for that registry."""
    norm = _NORMALIZERS.get(id(registry))
    if norm is None or norm.registry is not registry:
        norm = _NORMALIZERS[id(registry)] = LanguageNormalizer(registry)
    return norm


_NORMALIZERS: dict[int, LanguageNormalizer] = {}


class SampleBuilder:
    def __init__(self, source: SourceConfig, registry: Registry):
        self.source = source
        self.registry = registry
        self.normalizer = normalizer_for(registry)
        fields = {**DEFAULT_FIELDS.get(source.kind, {}), **source.fields}
        self.f_query = fields["query"]
        self.f_positive = fields.get("positive")
        self.f_negatives = fields.get("negatives")
        self.f_label = fields.get("label")
        self.f_instruction = fields.get("instruction")
        self.f_code_lang = fields.get("code_lang")
        self.lang = self._lang_getter(source.lang, "lang")
        self.pos_lang = self._lang_getter(source.pos_lang, "pos_lang") if source.pos_lang else None
        self.negative_columns = NegativeColumns(self.f_negatives)
        self.mapped = ({v for k, v in fields.items() if k != "negatives"} | {s.field for s in (source.lang, source.pos_lang) if s and s.field}
                       | self.negative_columns.fixed)
        # Pre-built (text, positive, negatives) tuples of clustering/classification need no label.
        self.labelled = source.task in LABELLED_TASKS and bool(self.f_label)
        self.split_instruction = source.split_instruction
        # Column-wise batches cover the common case; the rest is built row by row.
        self._fast = (source.kind in ("jsonl", "parquet", "csv", "tsv", "hf", "f2llm") and not self.labelled and not self.f_label
                      and not self.f_instruction and not self.f_code_lang and source.lang.path_pattern is None
                      and (source.pos_lang is None or source.pos_lang.path_pattern is None))
        self.code_lang = None
        if source.code_lang is not None:
            self.code_lang = registry.normalize_code_lang(source.code_lang)
            if self.code_lang is None:
                valid = ", ".join(e.code for e in registry.programming() if e.target)
                raise ConfigError(f"'{source.code_lang}' is not a programming language of the registry", key="code_lang",
                                  fix=f"use a registry code, name or linguist alias, e.g. one of: {valid}")

    def _lang_getter(self, spec, key: str):
        if spec.code is not None:
            try:
                code = self.normalizer.normalize(spec.code)
            except BadRecord as e:
                raise ConfigError(f"'{spec.code}' is not a valid language code ({e.reason})", key=f"{key}.code",
                                  fix="use an ISO 639 / BCP-47 tag such as `sw`, `zh-Hant` or `swh_Latn`") from None
            return lambda row: spec.code
        if spec.field is not None:
            name = spec.field

            def from_field(data: dict) -> str:
                value = _get(data, name, key)
                if not isinstance(value, str):
                    raise BadRecord("unknown language code", f"{key} (source field '{name}') is {type(value).__name__}")
                self.normalizer.normalize(value)  # raises BadRecord for a tag that is no language
                return value

            return from_field
        rx = re.compile(spec.path_pattern)

        def from_path(row: RawRow) -> str:
            m = rx.search(row.path)
            if not m:
                raise BadRecord("missing language", f"path {row.path} does not match {spec.path_pattern}")
            self.normalizer.normalize(m.group("lang"))
            return m.group("lang")

        return from_path

    def build(self, row: RawRow) -> tuple:
        if row.error:
            raise BadRecord(*row.error)
        data = row.data
        src = self.source
        code_lang = self._code_lang(data)
        if src.kind == "code_folder" and "doc" not in data:
            doc = leading_doc(data["code"], code_lang) or f"{code_lang} source file {row.path}"
            data = {**data, "doc": doc}
        query = _text(data, self.f_query, "query", src)
        positive = None
        if self.f_positive and not (self.labelled and self.f_label):
            positive = _text(data, self.f_positive, "positive", src)
        label = _label(data, self.f_label) if self.f_label else None
        if self.labelled and label is None:
            raise BadRecord("missing field", f"label (source field '{self.f_label}')")
        negatives = self.negative_columns.read(data, src) if self.f_negatives else []
        instruction = _optional_text(data, self.f_instruction) if self.f_instruction else src.instruction
        if self.split_instruction:
            split, query = split_instruction(query)
            instruction = split or instruction
        lang = self._resolve(self.lang(data if src.lang.field else row), query)
        pos_lang = (self._resolve(self.pos_lang(data if src.pos_lang.field else row), positive or query)
                    if self.pos_lang else None)
        sid = sample_id(src.name, src.task, lang, pos_lang, code_lang, instruction, query, positive, label, negatives)
        extra = data.keys() - self.mapped - self.negative_columns.matched(data)
        meta = orjson.dumps({k: data[k] for k in sorted(extra)}, default=str).decode() if extra else None
        return (sid, src.name, src.split, src.task, instruction, query, positive, negatives, label, lang, pos_lang,
                code_lang, meta)

    def _resolve(self, tag: str, text: str) -> str:
        """Registry code of a declared tag; a tag without a script takes the script of `text`."""
        if self.normalizer.declares_script(tag):
            return self.normalizer.normalize(tag)
        found = detect_script(text)
        return self.normalizer.normalize_for_script(tag, "" if found.mixed else found.script)

    # --- batches ---------------------------------------------------------------------------

    def build_batch(self, rows: list[RawRow]) -> tuple[list[tuple], list[tuple]]:
        """Samples and quarantine rows of a batch, in input order: the same result as `build` row
        by row, but the common case (text fields, language from the config or a field) is done
        column-wise; any row the fast path doubts goes through `build`, which names the reason."""
        if not self._fast:
            return self._build_rows(rows)
        src, n = self.source, len(rows)
        datas = [r.data if r.error is None else _NO_DATA for r in rows]
        limit = src.max_text_chars
        queries = _clean_texts([d.get(self.f_query) for d in datas], limit)
        positives = _clean_texts([d.get(self.f_positive) for d in datas], limit) if self.f_positive else [None] * n
        instructions = [src.instruction] * n  # split before the script of the query is read
        if self.split_instruction:
            for i, q in enumerate(queries):
                if q is not None:
                    split, queries[i] = split_instruction(q)
                    instructions[i] = split or src.instruction
        langs = self._batch_langs(datas, rows, src.lang, self.lang, queries)
        pos_langs = (self._batch_langs(datas, rows, src.pos_lang, self.pos_lang, [p or q for p, q in zip(positives, queries)])
                     if self.pos_lang else [None] * n)
        negatives = [self._negatives_or_none(d) for d in datas] if self.f_negatives else [[]] * n
        need_pos = self.f_positive is not None
        samples, quarantined = [], []
        mapped, name, task, split, code_lang = self.mapped, src.name, src.task, src.split, self.code_lang
        matched = self.negative_columns.matched
        key_prefix = _SEP.join((name, task))
        for i in range(n):
            q, p, lang, pl, negs, instruction = queries[i], positives[i], langs[i], pos_langs[i], negatives[i], instructions[i]
            if q is None or lang is None or negs is None or (need_pos and p is None) or (pl is None and self.pos_lang):
                self._build_one(rows[i], samples, quarantined)
                continue
            key = _SEP.join((key_prefix, lang, pl or "", code_lang or "", instruction or "", q, p or "", "", _LIST_SEP.join(negs)))
            d = datas[i]
            extra = d.keys() - mapped - matched(d)
            meta = orjson.dumps({k: d[k] for k in sorted(extra)}, default=str).decode() if extra else None
            samples.append((xxhash.xxh3_128_hexdigest(key.encode("utf-8", "surrogatepass")), name, split, task, instruction,
                            q, p, negs, None, lang, pl, code_lang, meta))
        return samples, quarantined

    def _build_rows(self, rows: list[RawRow]) -> tuple[list[tuple], list[tuple]]:
        samples, quarantined = [], []
        for row in rows:
            self._build_one(row, samples, quarantined)
        return samples, quarantined

    def _build_one(self, row: RawRow, samples: list, quarantined: list) -> None:
        try:
            samples.append(self.build(row))
        except BadRecord as e:
            quarantined.append(self.quarantine_row(row, e.reason, e.detail))

    def _batch_langs(self, datas: list[dict], rows: list[RawRow], spec, getter, texts: list[str | None]) -> list[str | None]:
        """Registry codes of a batch (None where the row needs the slow path); tags without a script
        take the script of their text, detected for the whole batch at once."""
        tags = [spec.code] * len(datas) if spec.code is not None else [d.get(spec.field) for d in datas]
        norm, out = self.normalizer, []
        need = [i for i, t in enumerate(tags) if type(t) is str and texts[i] is not None and not _declares(norm, t)]
        scripts = dict(zip(need, ("" if r.mixed else r.script for r in detect_scripts([texts[i] for i in need]))))
        for i, tag in enumerate(tags):
            try:
                out.append(None if type(tag) is not str else norm.normalize_for_script(tag, scripts[i]) if i in scripts
                           else norm.normalize(tag))
            except BadRecord:
                out.append(None)
        return out

    def _negatives_or_none(self, data: dict) -> list[str] | None:
        try:
            return self.negative_columns.read(data, self.source)
        except BadRecord:
            return None

    def _code_lang(self, data: dict) -> str | None:
        if self.source.kind == "code_folder":
            return self._code_folder_lang(data)
        if self.code_lang is not None:
            return self.code_lang
        if self.f_code_lang:
            value = str(_get(data, self.f_code_lang, "code_lang")).strip()
            code = self.registry.normalize_code_lang(value)
            if code is None:
                raise BadRecord(UNKNOWN_CODE_LANG, value)
            return code
        return None

    def _code_folder_lang(self, data: dict) -> str:
        """The declared language when the source declares one (the content's verdict stays in meta
        for the `code_lid` view), else the one found from the content."""
        name = data.get("code_lang_name")
        detected = self.registry.normalize_code_lang(name)
        data["code_lang_detected"] = detected
        data["code_lang_declared"] = self.code_lang
        if self.code_lang is not None:
            return self.code_lang
        if detected is None:
            why = f"no registry language for detector output '{name}'" if name else "no strategy placed it (name, shebang, modeline, extension, content)"
            raise BadRecord(UNKNOWN_CODE_LANG, f"{data['path']}: {why}")
        return detected

    def quarantine_row(self, row: RawRow, reason: str, detail: str) -> tuple:
        raw = row.raw if row.raw is not None else (orjson.dumps(row.data, default=str) if row.data is not None else b"")
        if isinstance(raw, bytes):
            raw = raw.decode("utf-8", "backslashreplace")
        raw = raw.rstrip("\r\n")[:MAX_RAW_CHARS]
        origin = row.origin
        qid = xxhash.xxh3_128_hexdigest(_SEP.join((self.source.name, origin, reason, raw)).encode("utf-8", "surrogatepass"))
        return (qid, self.source.name, origin, reason, detail[:1000], raw)


_NO_DATA: dict = {}


def _declares(normalizer: LanguageNormalizer, tag: str) -> bool:
    try:
        return normalizer.declares_script(tag)
    except BadRecord:
        return True  # normalize() names the problem


def _clean_texts(values: list, max_chars: int) -> list[str | None]:
    """Stripped strings; None where a value is missing, empty, not a string, holds a NUL or is
    longer than `max_chars`: those rows take the slow path (`_text`), which applies the source's
    rules and names the reason, so both paths give the same result."""
    return [(v.strip() or None) if type(v) is str and "\x00" not in v and len(v) <= max_chars else None for v in values]


def _get(data: dict, name: str, column: str):
    value = data.get(name)
    if value is None:
        raise BadRecord("missing field", f"{column} (source field '{name}')")
    return value


def _text(data: dict, name: str, column: str, src: SourceConfig) -> str:
    """A text field under the source's rules (README "Bad input"): numbers and booleans by
    `non_string`, NUL characters by `nul`, length by `max_text_chars`; stripped, not empty."""
    value = _get(data, name, column)
    if not isinstance(value, str):
        value = scalar_text(value, src.non_string, column, name)
    value = clean_nul(value, src.nul, column).strip()
    if not value:
        raise BadRecord("empty text", f"{column} (source field '{name}')")
    return check_length(value, src.max_text_chars, column)


def _optional_text(data: dict, name: str) -> str | None:
    value = data.get(name)
    return value.strip() or None if isinstance(value, str) else None


def _label(data: dict, name: str) -> str:
    value = _get(data, name, "label")
    if isinstance(value, (list, dict)):
        raise BadRecord("not text", f"label (source field '{name}') is {type(value).__name__}")
    value = str(value).strip()
    if not value:
        raise BadRecord("empty text", f"label (source field '{name}')")
    return value


class NegativeColumns:
    """Where a row's negatives are: one field (a list, or one text), a list of fields
    ([neg_a, neg_b]), or a pattern (`negative_*`: matching fields in numeric order, as the F2LLM
    release's negative_1 .. negative_24). Null and empty entries are left out."""

    def __init__(self, spec: str | list[str] | None):
        self.spec = spec
        self.pattern = spec if isinstance(spec, str) and "*" in spec else None
        self.fixed = set() if spec is None or self.pattern else ({spec} if isinstance(spec, str) else set(spec))
        self._by_keys: dict[tuple, list[str]] = {}

    def columns(self, data: dict) -> list[str]:
        if self.pattern is None:
            return [self.spec] if isinstance(self.spec, str) else list(self.spec or ())
        keys = tuple(data)
        found = self._by_keys.get(keys)
        if found is None:
            found = self._by_keys[keys] = sorted((k for k in keys if fnmatch(k, self.pattern)), key=_natural)
        return found

    def matched(self, data: dict) -> set[str]:
        return set(self.columns(data)) if self.pattern else set()

    def read(self, data: dict, src: SourceConfig) -> list[str]:
        if isinstance(self.spec, str) and not self.pattern:
            return _negatives(data, self.spec, src)
        out = []
        for col in self.columns(data):
            value = data.get(col)
            if value is None:
                continue
            if not isinstance(value, str):
                raise BadRecord("not text", f"negatives (source field '{col}') is {type(value).__name__}")
            value = clean_nul(value, src.nul, "negatives").strip()
            if value:
                out.append(check_length(value, src.max_text_chars, "negatives"))
        return out


def _natural(key: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", key))


def _negatives(data: dict, name: str, src: SourceConfig) -> list[str]:
    value = data.get(name)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise BadRecord("not text", f"negatives (source field '{name}') must be a list of strings")
    cleaned = [clean_nul(v, src.nul, "negatives").strip() for v in value]
    return [check_length(v, src.max_text_chars, "negatives") for v in cleaned if v]
