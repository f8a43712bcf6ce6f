"""SQL that turns samples of the view into training tuples, F2LLM style.

- retrieval, bitext, sts, nli, code: passage = `positive`; negatives from the source, the mined
  layer (view `mined_negatives`), or both (mined first).
- classification: passage = the sample's label text; negatives = other label texts of the source.
- clustering: passage = another text with the same label (same language when there is one, else
  any language); negatives = texts with other labels (same language first, then any).

Every choice is ordered by md5(seed:sample_id...), so results do not depend on row order or threads.
A sample is usable when it has a positive or one can be built; the rest are counted, never exported.

Shape: the cap, the selection and its copies are ranked on narrow rows (`pool_sql`: id, source,
task, language, label), and only the selected rows get their texts back, joined by `sample_id`
(`selected_rows`). The final order, the one sort that carries texts, runs outside DuckDB over the
exported rows only (mix/order.py: DuckDB cannot spill a sort of rows that wide).
"""

import math

from .spec import MixSpec


# One token count per sample (a layer row per sample; any_value guards against a repeated row).
TOKENS_BY_SAMPLE = "SELECT sample_id, any_value(tokens) AS tokens FROM tokens GROUP BY sample_id"


def q(s: str) -> str:
    """A SQL string literal."""
    return "'" + s.replace("'", "''") + "'"


def h(spec: MixSpec, *cols: str) -> str:
    """Deterministic 64-bit hash key (UBIGINT) of the seed and columns: MD5, stable across versions."""
    return "md5_number_lower(concat_ws(':', " + ", ".join([str(spec.seed), *cols]) + "))"


def copy_key(spec: MixSpec, t: str) -> str:
    """Shuffle key of one copy of a sample: its hash for the first copy, mixed with the copy number
    for upsampled copies so they land apart."""
    mixed = h(spec, "'copy'", f"{t}.copy")
    return f"CASE WHEN {t}.copy = 0 THEN {t}.hk ELSE xor({t}.hk, {mixed}) END"


def source_rows_sql(spec: MixSpec, source: str | None = None) -> str:
    """Whole rows of the view that pass `where` and come from sources with weight > 0 (reference
    sets never train, whatever the view); `source` restricts them to one source early."""
    where = f"({spec.where})" if spec.where else "true"
    zero = [s for s, w in spec.source_weights.items() if w == 0]
    excluded = f" AND source NOT IN ({', '.join(q(s) for s in zero)})" if zero else ""
    excluded += " AND source NOT IN (SELECT name FROM eval_sources)"
    one = f" AND source = {q(source)}" if source is not None else ""
    return f"SELECT * FROM {spec.view} WHERE {where}{excluded}{one}"


# The columns every ranking, cap and plan needs. The texts (query, positive, negatives: up to 26
# per row and ~13 kB in the F2LLM release) stay out: DuckDB's window and sort operators
# materialise every column they carry, so ranking whole rows sorted and spilled each source's
# texts; the selected rows get their texts back by `sample_id` (`selected_rows`).
NARROW = ("sample_id", "source", "task", "lang", "label")


def pool_sql(spec: MixSpec, source: str | None = None, capped: bool = True) -> str:
    """The narrow pool: (sample_id, source, task, lang, label, usable) of `source_rows_sql`'s rows.
    Label counts come from a join (not a window over the whole view) so filters on source push down.
    With `spec.source_cap` each source keeps its first `source_cap` usable rows in seeded hash
    order (unusable rows stay, to be counted)."""
    rows = source_rows_sql(spec, source)
    cols = ", ".join(f"v.{c}" for c in NARROW)
    body = f"""
    SELECT {cols},
      CASE WHEN v.task IN ('clustering', 'classification') AND v.label IS NULL
                THEN v.positive IS NOT NULL AND v.positive <> ''  -- a pre-built (text, positive, negatives) tuple
           WHEN v.task = 'clustering' THEN coalesce(lc.n, 0) > 1
           WHEN v.task = 'classification' THEN v.label <> ''
           ELSE v.positive IS NOT NULL AND v.positive <> '' END AS usable
    FROM ({rows}) v
    LEFT JOIN (SELECT source, label, count(*) AS n FROM ({rows}) WHERE task = 'clustering' AND label IS NOT NULL GROUP BY ALL) lc
      ON lc.source = v.source AND lc.label = v.label AND v.task = 'clustering'"""
    if spec.source_cap is None or not capped:
        return body
    key = h(spec, "'cap'", "sample_id")
    return f"""
    SELECT * EXCLUDE (cap_rank) FROM (
      SELECT *, row_number() OVER (PARTITION BY source, usable ORDER BY {key}, sample_id) AS cap_rank
      FROM ({body}))
    WHERE NOT usable OR cap_rank <= {spec.source_cap}"""


def capped_sources_sql(spec: MixSpec) -> str:
    """(source, usable, kept) of the sources `source_cap` trims."""
    return f"""
    SELECT source, count(*) AS usable, {spec.source_cap} AS kept FROM ({pool_sql(spec, capped=False)})
    WHERE usable GROUP BY source HAVING count(*) > {spec.source_cap} ORDER BY source"""


def availability_sql(spec: MixSpec, tokens: bool = False) -> str:
    """(task, lang, source, usable, unusable, tokens, counted) per cell; with `tokens`, the usable
    samples' tokens and how many of them the `tokens` layer counted (else 0, 0)."""
    if not tokens:
        return f"""
    SELECT task, lang, source, count(*) FILTER (WHERE usable) AS usable, count(*) FILTER (WHERE NOT usable) AS unusable, 0, 0
    FROM ({pool_sql(spec)}) GROUP BY ALL ORDER BY ALL"""
    return f"""
    SELECT p.task, p.lang, p.source, count(*) FILTER (WHERE p.usable) AS usable, count(*) FILTER (WHERE NOT p.usable) AS unusable,
           coalesce(sum(tk.tokens) FILTER (WHERE p.usable), 0)::BIGINT AS tokens, count(tk.tokens) FILTER (WHERE p.usable) AS counted
    FROM ({pool_sql(spec)}) p LEFT JOIN ({TOKENS_BY_SAMPLE}) tk ON tk.sample_id = p.sample_id
    GROUP BY p.task, p.lang, p.source ORDER BY p.task, p.lang, p.source"""


def selection_sql(spec: MixSpec, source: str, task: str) -> str:
    """Selected rows of one (source, task) with their copy number: a group of n usable samples
    with k planned gives every sample k // n copies, and the first k % n in hash order one more.
    Needs the `mix_plan` relation (task, lang, source, planned)."""
    return f"""
    SELECT b.* EXCLUDE (rk, n), copy FROM (
      SELECT p.*, row_number() OVER (PARTITION BY p.lang ORDER BY p.hk, p.sample_id) - 1 AS rk,
             count(*) OVER (PARTITION BY p.lang) AS n, m.planned
      FROM (SELECT *, {h(spec, 'sample_id')} AS hk FROM pool WHERE source = {q(source)} AND task = {q(task)} AND usable) p JOIN mix_plan m ON m.task = p.task AND m.lang = p.lang AND m.source = p.source
    ) b CROSS JOIN range({math.ceil(spec.max_epochs)}) AS u(copy)
    WHERE u.copy < b.planned // b.n + CASE WHEN b.rk < b.planned % b.n THEN 1 ELSE 0 END"""


def selected_rows(spec: MixSpec, source: str, task: str) -> str:
    """CTEs `sel`, the narrow selection (`selection_sql`), and `wide`, its rows with their texts.
    Ranking and copying run on narrow rows; only the selected rows fetch their texts, by a hash
    join on `sample_id` against the source's rows (EXPLAIN ANALYZE: DuckDB builds the hash table
    on the narrow selection and streams the source's scan past it, with a Bloom filter on the
    ids pushed into the scan), so texts are never sorted or windowed before the final order.
    One row per `sample_id`: ids are content hashes that ingest never repeats, and the views
    filter the samples layer (tests/mix/test_rows_golden.py fails on a lost or doubled row)."""
    return f"""sel AS ({selection_sql(spec, source, task)}),
    wide AS (SELECT r.*, s.hk, s.copy FROM sel s JOIN ({source_rows_sql(spec, source)}) r ON r.sample_id = s.sample_id)"""


def is_prebuilt(con, spec: MixSpec, source: str, task: str) -> bool:
    """Whether a clustering/classification source holds pre-built (text, positive, negatives)
    tuples, as the F2LLM release does, rather than labels to build them from."""
    if task not in ("clustering", "classification"):
        return False
    return not con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {spec.view} WHERE source = {q(source)} AND label IS NOT NULL LIMIT 1)").fetchall()[0][0]


def negatives_expr(spec: MixSpec, mined: bool) -> str:
    own = "coalesce(s.negatives, [])"
    if spec.negatives == "source" or not mined:
        return own
    if spec.negatives == "mined":
        return "coalesce(mn.negatives, [])"
    return f"list_concat(coalesce(mn.negatives, []), list_filter({own}, lambda x: NOT list_contains(coalesce(mn.negatives, []), x)))"


def tokens_join(tokens: bool) -> tuple[str, str]:
    """(column, join) giving each row its sample's tokens (`n_tokens`, a bookkeeping column the
    writers count and drop), or NULL without a `tokens` view."""
    if not tokens:
        return "NULL::BIGINT AS n_tokens", ""
    return "tk.tokens::BIGINT AS n_tokens", f"LEFT JOIN ({TOKENS_BY_SAMPLE}) tk ON tk.sample_id = t.sample_id"


def tuples_sql(spec: MixSpec, source: str, task: str, mined: bool, prebuilt: bool = False, tokens: bool = False,
               ordered: bool = True) -> str:
    """The F2LLM-layout rows of one (source, task), in a deterministic shuffled order. `prebuilt`:
    the source's clustering/classification samples are already (text, positive, negatives) tuples
    (the F2LLM release), taken as they are instead of being built from labels. `tokens`: join the
    `tokens` view for the bookkeeping column `n_tokens`. `ordered=False`: no ORDER BY; the order's
    columns `__key` and `__copy` instead, for mix/order.py to sort the rows outside DuckDB."""
    n_neg = spec.negatives_for(task)
    if task == "clustering" and not prebuilt:
        body, neg_src = _clustering(spec, source, n_neg), "t.negs"
        ctes = body
    elif task == "classification" and not prebuilt:
        ctes = _classification(spec, source)
        neg_src = "t.negs"
    else:
        join = "LEFT JOIN mined_negatives mn ON mn.sample_id = s.sample_id" if mined and spec.negatives != "source" else ""
        if mined and spec.teacher_scores:
            join += " LEFT JOIN mined_teacher_scores ts ON ts.sample_id = s.sample_id"
        ctes = f"""{selected_rows(spec, source, task)},
        t AS (SELECT s.*, s.positive AS passage,{' ts.rerank_positive, ts.rerank_scores,' if 'mined_teacher_scores' in join else ''} list_filter({negatives_expr(spec, mined)}, lambda x: x IS NOT NULL AND x <> s.positive) AS negs
              FROM wide s {join})"""
        neg_src = "t.negs"
    tok_col, tok_join = tokens_join(tokens)
    order = f"ORDER BY {copy_key(spec, 't')}, t.sample_id, t.copy" if ordered else ""
    if not ordered:
        tok_col += f", {copy_key(spec, 't')} AS __key, t.copy AS __copy"
    if spec.layout == "codefuse":
        return _codefuse_select(spec, source, ctes, neg_src, n_neg, tok_col, tok_join, order)
    negs = ", ".join(f"{neg_src}[{i}]::VARCHAR AS negative_{i}" for i in range(1, n_neg + 1))
    if spec.teacher_scores and "mined_teacher_scores" in ctes:  # the positive's reranker score, then the exported negatives'
        negs += (f", CASE WHEN t.rerank_positive IS NOT NULL THEN list_concat([t.rerank_positive], "
                 f"t.rerank_scores[1:least(len({neg_src}), {n_neg})])::FLOAT[] END AS teacher_scores")
    return f"""WITH pool AS ({pool_sql(spec, source)}), {ctes}
    SELECT t.query::VARCHAR AS query, t.passage::VARCHAR AS passage{', ' + negs if negs else ''},
           t.task::VARCHAR AS task, t.instruction::VARCHAR AS instruction, t.lang::VARCHAR AS lang,
           t.source::VARCHAR AS source, t.sample_id::VARCHAR AS sample_id, {tok_col}
    FROM t {tok_join} {order}"""


def _codefuse_select(spec: MixSpec, source: str, ctes: str, neg_src: str, n_neg: int, tok_col: str, tok_join: str, order: str) -> str:
    """The public trainer's raw layout: the instruction baked into the query with the F2LLM template
    (`Instruct: {instruction}\\nQuery: {query}`), exactly `n_neg` negatives (short lists repeated
    in order when `pad_negatives: repeat`), plus `n_negs` (negatives the row really has) and the
    bookkeeping columns the writer counts and then drops."""
    k = f"greatest(len({neg_src}), 1)"
    if spec.pad_negatives == "repeat":
        negs = ", ".join(f"{neg_src}[(({i} - 1) % {k}) + 1]::VARCHAR AS negative_{i}" for i in range(1, n_neg + 1))
    else:
        negs = ", ".join(f"{neg_src}[{i}]::VARCHAR AS negative_{i}" for i in range(1, n_neg + 1))
    query = ("CASE WHEN t.instruction IS NOT NULL AND t.instruction <> '' "
             "THEN concat('Instruct: ', t.instruction, chr(10), 'Query: ', t.query) ELSE t.query END")
    return f"""WITH pool AS ({pool_sql(spec, source)}), {ctes}
    SELECT ({query})::VARCHAR AS query, t.passage::VARCHAR AS passage, {negs},
           len({neg_src}) AS n_negs, t.task::VARCHAR AS task, t.lang::VARCHAR AS lang,
           t.source::VARCHAR AS source, t.sample_id::VARCHAR AS sample_id, {tok_col}
    FROM t {tok_join} {order}"""


def _classification(spec: MixSpec, source: str) -> str:
    return f"""{selected_rows(spec, source, 'classification')},
    labels AS (SELECT list(DISTINCT label) AS labs FROM pool WHERE source = {q(source)} AND task = 'classification' AND usable),
    t AS (SELECT s.*, s.label AS passage,
                 (SELECT list(x ORDER BY {h(spec, 's.sample_id', 'x')}) FROM unnest(labels.labs) AS l(x) WHERE x <> s.label) AS negs
          FROM wide s, labels)"""


def _clustering(spec: MixSpec, source: str, n_neg: int) -> str:
    """Positive: the next text in hash order with the same label and language (cyclic), else the
    next with the same label in any language. Negatives: texts within `w` hash-order steps, with a
    different label, same language first.

    The windows, the steps and the candidates handle ids and a 128-bit hash of each text (`qh`, to
    tell equal texts apart), not the texts: the steps are `2w` rows per anchor, which held the
    anchor's text `2w` times. Texts are joined by id for the chosen positive and negatives only
    (`texts`). Queries are never NULL (ingest quarantines a sample without one)."""
    w = 4 * n_neg + 8
    full = "ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING"
    texts = f"SELECT sample_id, query FROM ({source_rows_sql(spec, source)})"
    return f"""{selected_rows(spec, source, 'clustering')},
    cp AS (SELECT p.sample_id, r.qh, p.label, p.lang, {h(spec, 'p.sample_id')} AS hk
           FROM pool p JOIN (SELECT sample_id, md5_number(query) AS qh FROM ({texts})) r ON r.sample_id = p.sample_id
           WHERE p.source = {q(source)} AND p.task = 'clustering' AND p.label IS NOT NULL),
    cpos AS (SELECT *,
        count(*) OVER wll AS n_ll, coalesce(lead(sample_id) OVER wll, first_value(sample_id) OVER wll) AS pos_ll,
        coalesce(lead(sample_id) OVER wlab, first_value(sample_id) OVER wlab) AS pos_lab,
        row_number() OVER wlang - 1 AS i_lang, count(*) OVER wlang AS n_lang,
        row_number() OVER wall - 1 AS i_all, count(*) OVER wall AS n_all
      FROM cp
      WINDOW wll AS (PARTITION BY label, lang ORDER BY hk, sample_id {full}),
             wlab AS (PARTITION BY label ORDER BY hk, sample_id {full}),
             wlang AS (PARTITION BY lang ORDER BY hk, sample_id {full}),
             wall AS (ORDER BY hk, sample_id {full})),
    anchors AS (SELECT * FROM cpos WHERE sample_id IN (SELECT sample_id FROM sel)),
    -- The positions each anchor looks at, computed before joining, so the join below is a plain
    -- equality between two relations (a hash join): written inline, DuckDB estimated one row and
    -- joined anchors x texts on `label <> label` first, a nested loop of n^2 rows (minutes).
    steps AS MATERIALIZED (
      SELECT a.sample_id, a.label, a.qh, a.lang, r.k AS rank, (a.i_lang + r.k) % a.n_lang AS pos, true AS by_lang
      FROM anchors a CROSS JOIN range(1, {w + 1}) r(k) WHERE r.k < a.n_lang
      UNION ALL
      SELECT a.sample_id, a.label, a.qh, a.lang, {w} + r.k, (a.i_all + r.k) % a.n_all, false
      FROM anchors a CROSS JOIN range(1, {w + 1}) r(k) WHERE r.k < a.n_all),
    cand AS (
      SELECT p.sample_id, b.sample_id AS nid, p.rank
      FROM steps p JOIN cpos b ON b.lang = p.lang AND b.i_lang = p.pos
      WHERE p.by_lang AND b.label <> p.label AND b.qh <> p.qh
      UNION ALL
      SELECT p.sample_id, b.sample_id, p.rank
      FROM steps p JOIN cpos b ON b.i_all = p.pos
      WHERE NOT p.by_lang AND b.label <> p.label AND b.qh <> p.qh),
    picked AS (SELECT sample_id, nid, min(rank) AS rank FROM cand GROUP BY sample_id, nid
               QUALIFY row_number() OVER (PARTITION BY sample_id ORDER BY min(rank), nid) <= {n_neg + 1}),
    negs AS (SELECT k.sample_id, list(x.query ORDER BY k.rank, k.nid) AS negs
             FROM picked k JOIN ({texts}) x ON x.sample_id = k.nid GROUP BY k.sample_id),
    t0 AS (SELECT s.*, pt.query AS passage, coalesce(n.negs, []) AS negs
           FROM wide s JOIN anchors a ON a.sample_id = s.sample_id
           JOIN ({texts}) pt ON pt.sample_id = CASE WHEN a.n_ll > 1 THEN a.pos_ll ELSE a.pos_lab END
           LEFT JOIN negs n ON n.sample_id = s.sample_id),
    t AS (SELECT * REPLACE (list_filter(negs, lambda x: x <> passage) AS negs) FROM t0)"""
