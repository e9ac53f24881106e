"""The shanghai-2022 batch as the tightest straight numpy, as polars and as DuckDB.

Each computes what the library computes for a batch: all 20 indicators' values and statuses,
the numerator-above-denominator check of every ratio that forbids it, the supplied city figure
of the peer-relative rate where a row gives one, and all 20 `met` columns. `floor` is checked
bit-equal to the library; polars and DuckDB add the peer sums in their own order, so they are
checked equal to 1e-12 relative.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]
U8 = npt.NDArray[np.uint8]
EPS = 1e-12


def effective(batch: Any, name: str) -> F64:
    own, plat = batch.columns.get(name), batch.platform.get(name)
    if plat is None:
        return own if own is not None else np.full(len(batch), np.nan)
    return plat if own is None else np.where(np.isnan(plat), own, plat)


def label_tables(
    targets: dict[str, list[tuple[frozenset[Any], float, str]]],
    codes: list[str],
    kind_of_label: list[Any],
) -> dict[str, tuple[F64, npt.NDArray[np.bool_]]]:
    """Per indicator, each department label's threshold (NaN: none) and whether it is '='."""
    out = {}
    for code in codes:
        thr = np.full(len(kind_of_label), np.nan)
        equal = np.zeros(len(kind_of_label), dtype=bool)
        for kinds, value, comparator in reversed(targets.get(code, [])):  # earlier win
            for d, kind in enumerate(kind_of_label):
                if kind in kinds:
                    thr[d], equal[d] = value, comparator == "=="
        out[code] = (thr, equal)
    return out


def floor(
    batch: Any,
    parent_of_court: npt.NDArray[np.int64],
    tables: dict[str, tuple[F64, npt.NDArray[np.bool_]]],
    ratios: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]],
    blend: tuple[Any, ...],
    peer: tuple[str, tuple[tuple[str, str, float, str], ...]],
) -> tuple[dict[str, F64], dict[str, U8], dict[str, F64]]:
    """shanghai-2022 in straight numpy: plain divisions, NaN by arithmetic, statuses from
    the NaN mask and the zero flag, one comparison per distinct threshold, one gather."""
    n = len(batch)
    cols: dict[str, F64] = {}

    def col(name: str) -> F64:
        if name not in cols:
            cols[name] = effective(batch, name)
        return cols[name]

    values: dict[str, F64] = {}
    statuses: dict[str, U8] = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for code, (num_t, den_t, capped) in ratios.items():
            num = col(num_t[0]) if len(num_t) == 1 else col(num_t[0]) + col(num_t[1])
            den = col(den_t[0]) if len(den_t) == 1 else col(den_t[0]) + col(den_t[1])
            zero = den == 0
            v = np.subtract(1.0, zero, dtype=np.float64)
            np.divide(den, v, out=v)  # NaN where den is 0
            np.divide(num, v, out=v)
            if capped:
                np.minimum(v, 1.0, out=v)
            elif (num > den).any():
                raise ValueError(f"{code}: numerator above denominator")
            st = np.isnan(v).view(np.uint8)
            np.maximum(st, zero.view(np.uint8) << 1, out=st)
            values[code], statuses[code] = v, st

        code, (w1, r1), (w2, r2) = blend
        values[code] = w1 * values[r1] + w2 * values[r2]
        statuses[code] = np.maximum(statuses[r1], statuses[r2])

        n_p, n_d = len(batch.periods), len(batch.departments)
        parent = parent_of_court[batch.court_index]
        has_group = parent >= 0
        key = (np.maximum(parent, 0) * n_p + batch.period_index) * n_d + batch.department_index
        key = np.where(has_group, key, -1)
        size = (int(parent_of_court.max()) + 1) * n_p * n_d
        code, comps = peer
        total: F64 | None = None
        status: U8 | None = None
        for num_name, den_name, w, peer_name in comps:
            num, den = col(num_name), col(den_name)
            ok = has_group & ~np.isnan(num) & ~np.isnan(den)
            k_ok = key[ok]
            sums = []
            for column in (num, den):
                picked = column[ok]
                if (picked != np.floor(picked)).any():  # measures: the canonical order
                    order = np.lexsort((picked, k_ok))
                    sums.append(np.bincount(k_ok[order], weights=picked[order], minlength=size))
                else:
                    sums.append(np.bincount(k_ok, weights=picked, minlength=size))
            num_sum, den_sum = sums
            pooled = num_sum / (den_sum / np.subtract(1.0, den_sum == 0, dtype=np.float64))
            pooled = np.append(pooled, np.nan)  # the row of rows in no group
            pooled_of_row = pooled[key]
            supplied = col(peer_name)
            figure = np.where(np.isnan(supplied), pooled_of_row, supplied)
            zero = (den == 0) | (figure == 0)
            one = np.subtract(1.0, zero, dtype=np.float64)
            np.divide(one, one, out=one)  # 1.0, or NaN (0 / 0) where a denominator is 0
            part = num / den
            np.divide(part, figure, out=part)
            np.multiply(part, one, out=part)
            st = np.isnan(part).view(np.uint8)
            np.maximum(st, zero.view(np.uint8) << 1, out=st)
            part *= w
            total = part if total is None else np.add(total, part, out=part)
            status = st if status is None else np.maximum(status, st)
        assert total is not None and status is not None
        values[code] = np.minimum(total, 1.0)
        statuses[code] = status

        met: dict[str, F64] = {}
        dept = batch.department_index
        for code in values:
            thr, equal = tables[code]
            v = values[code]
            pairs = sorted({(float(t), bool(e)) for t, e in zip(thr, equal, strict=True) if t == t})
            if not pairs:
                met[code] = np.full(n, np.nan)
                continue
            blank = thr * 0.0  # NaN where a label has no target
            zero_or_nan = v * 0.0 + blank[dept]
            hits = [np.abs(v - t) <= EPS if e else v >= t - EPS for t, e in pairs]
            if len(hits) == 1:
                met[code] = zero_or_nan + hits[0]
            else:
                which = np.zeros(n_d, dtype=np.int64)
                for j, (t, e) in enumerate(pairs):
                    which[(thr == t) & (equal == e)] = j
                met[code] = zero_or_nan + np.choose(which[dept], hits)
    return values, statuses, met


# -- polars ----------------------------------------------------------------------------


def frame_of(batch: Any, parent_of_court: npt.NDArray[np.int64], names: list[str]) -> Any:
    """The batch as a polars DataFrame with its peer key (built once, outside the timing)."""
    import polars as pl

    n_p, n_d = len(batch.periods), len(batch.departments)
    parent = parent_of_court[batch.court_index]
    key = (np.maximum(parent, 0) * n_p + batch.period_index) * n_d + batch.department_index
    data = {name: effective(batch, name) for name in names}
    data["peer_key"] = np.where(parent >= 0, key, -1)
    data["dept"] = batch.department_index
    data["row_id"] = np.arange(len(batch))
    return pl.DataFrame(data)


def polars_run(
    frame: Any,
    tables: dict[str, tuple[F64, npt.NDArray[np.bool_]]],
    ratios: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]],
    blend: tuple[Any, ...],
    peer: tuple[str, tuple[tuple[str, str, float, str], ...]],
) -> Any:
    import polars as pl

    nan = float("nan")
    c = pl.col

    def total(terms: tuple[str, ...]) -> Any:
        out = c(terms[0])
        for t in terms[1:]:
            out = out + c(t)
        return out

    exprs = []
    for code, (num_t, den_t, capped) in ratios.items():
        num, den = total(num_t), total(den_t)
        v = pl.when(den == 0).then(nan).otherwise(num / den)
        if capped:
            # polars orders NaN above every number: NaN is kept by hand, not by min.
            v = pl.when(v.is_nan()).then(nan).otherwise(pl.min_horizontal(v, pl.lit(1.0)))
        exprs.append(v.alias(code))
        if not capped:
            exprs.append((num.is_not_nan() & den.is_not_nan() & (num > den)).alias(f"bad:{code}"))
    lf = frame.lazy().with_columns(exprs)
    code, (w1, r1), (w2, r2) = blend
    out = [(w1 * c(r1) + w2 * c(r2)).alias(code)]
    pcode, comps = peer
    parts = []
    for num_name, den_name, w, peer_name in comps:
        ok = (c("peer_key") >= 0) & c(num_name).is_not_nan() & c(den_name).is_not_nan()
        ns = pl.when(ok).then(c(num_name)).otherwise(0.0).sum().over("peer_key")
        ds = pl.when(ok).then(c(den_name)).otherwise(0.0).sum().over("peer_key")
        pooled = pl.when((c("peer_key") < 0) | (ds == 0)).then(nan).otherwise(ns / ds)
        if peer_name in frame.columns:
            pooled = pl.when(c(peer_name).is_nan()).then(pooled).otherwise(c(peer_name))
        zero = (c(den_name) == 0) | (pooled == 0)
        parts.append(pl.when(zero).then(nan).otherwise(c(num_name) / c(den_name) / pooled) * w)
    both = parts[0] + parts[1]
    out.append(
        pl.when(both.is_nan()).then(nan).otherwise(pl.min_horizontal(both, pl.lit(1.0))).alias(pcode)
    )
    lf = lf.with_columns(out)
    mets = []
    for code, (thr, equal) in tables.items():
        t = pl.Series(thr).gather(pl.Series(np.arange(len(thr))))
        row_t = c("dept").replace_strict(
            list(range(len(thr))), list(thr), return_dtype=pl.Float64
        )
        eq = c("dept").replace_strict(list(range(len(thr))), list(equal), return_dtype=pl.Boolean)
        del t
        hit = pl.when(eq).then((c(code) - row_t).abs() <= EPS).otherwise(c(code) >= row_t - EPS)
        mets.append(
            pl.when(c(code).is_nan() | row_t.is_nan())
            .then(nan)
            .otherwise(hit.cast(pl.Float64))
            .alias(f"met:{code}")
        )
    result = lf.with_columns(mets).collect()
    bad = [name for name in result.columns if name.startswith("bad:")]
    if bad and result.select(pl.any_horizontal([c(b) for b in bad]).any()).item():
        raise ValueError("numerator above denominator")
    return result


# -- DuckDB ------------------------------------------------------------------------------


def duckdb_sql(
    tables: dict[str, tuple[F64, npt.NDArray[np.bool_]]],
    ratios: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]],
    blend: tuple[Any, ...],
    peer: tuple[str, tuple[tuple[str, str, float, str], ...]],
    columns: list[str],
) -> str:
    """One query computing every value and `met` column of the frame named `frame`."""

    def q(name: str) -> str:
        return '"' + name + '"'

    sel = []
    for code, (num_t, den_t, capped) in ratios.items():
        num = " + ".join(map(q, num_t))
        den = " + ".join(map(q, den_t))
        v = f"CASE WHEN ({den}) = 0 THEN 'NaN'::DOUBLE ELSE ({num}) / ({den}) END"
        if capped:
            # DuckDB orders NaN above every number: NaN is kept by hand, not by least().
            v = f"(CASE WHEN isnan({v}) THEN 'NaN'::DOUBLE ELSE least({v}, 1.0) END)"
        sel.append(f"{v} AS {q(code)}")
        if not capped:
            bad = f"NOT isnan({num}) AND NOT isnan({den}) AND ({num}) > ({den})"
            sel.append(f"({bad}) AS {q('bad:' + code)}")
    peer_cols = []
    pcode, comps = peer
    for j, (num_name, den_name, _w, peer_name) in enumerate(comps):
        ok = f"(peer_key >= 0 AND NOT isnan({q(num_name)}) AND NOT isnan({q(den_name)}))"
        ns = f"sum(CASE WHEN {ok} THEN {q(num_name)} ELSE 0 END) OVER (PARTITION BY peer_key)"
        ds = f"sum(CASE WHEN {ok} THEN {q(den_name)} ELSE 0 END) OVER (PARTITION BY peer_key)"
        pooled = f"CASE WHEN peer_key < 0 OR {ds} = 0 THEN 'NaN'::DOUBLE ELSE {ns} / {ds} END"
        if peer_name in columns:
            pooled = f"CASE WHEN isnan({q(peer_name)}) THEN {pooled} ELSE {q(peer_name)} END"
        peer_cols.append(f"{pooled} AS pooled{j}")
    first = f"SELECT *, {', '.join(sel + peer_cols)} FROM frame"
    code, (w1, r1), (w2, r2) = blend
    parts = []
    for j, (num_name, den_name, w, _peer) in enumerate(comps):
        parts.append(
            f"(CASE WHEN {q(den_name)} = 0 OR pooled{j} = 0 THEN 'NaN'::DOUBLE "
            f"ELSE {q(num_name)} / {q(den_name)} / pooled{j} END) * {w}"
        )
    second = (
        f"SELECT *, {w1} * {q(r1)} + {w2} * {q(r2)} AS {q(code)}, "
        f"(CASE WHEN isnan({' + '.join(parts)}) THEN 'NaN'::DOUBLE "
        f"ELSE least({' + '.join(parts)}, 1.0) END) AS {q(pcode)} FROM ({first})"
    )
    mets = []
    for code, (thr, equal) in tables.items():
        whens = []
        for d, (t, e) in enumerate(zip(thr.tolist(), equal.tolist(), strict=True)):
            if t == t:
                hit = f"abs({q(code)} - {t!r}) <= {EPS!r}" if e else f"{q(code)} >= {t!r} - {EPS!r}"
                whens.append(f"WHEN dept = {d} THEN (CASE WHEN {hit} THEN 1.0 ELSE 0.0 END)")
        body = " ".join(whens) if whens else ""
        expr = (
            f"CASE WHEN isnan({q(code)}) THEN 'NaN'::DOUBLE {body} ELSE 'NaN'::DOUBLE END"
            if whens
            else "'NaN'::DOUBLE"
        )
        mets.append(f"{expr} AS {q('met:' + code)}")
    # Window sums do not keep the row order: the rows come back in the batch's order.
    return f"SELECT *, {', '.join(mets)} FROM ({second}) ORDER BY row_id"


def duckdb_run(con: Any, sql: str) -> Any:
    table = con.sql(sql).to_arrow_table()
    bad = [name for name in table.column_names if name.startswith("bad:")]
    for name in bad:
        if table.column(name).to_numpy().any():
            raise ValueError("numerator above denominator")
    return table


# -- one snapshot in plain Python --------------------------------------------------------


def python_one(
    values: dict[str, float],
    department_kind: Any,
    ratios: dict[str, tuple[tuple[str, ...], tuple[str, ...], bool]],
    blend: tuple[Any, ...],
    peer: tuple[str, tuple[tuple[str, str, float, str], ...]],
    targets: dict[str, list[tuple[frozenset[Any], float, str]]],
) -> tuple[dict[str, float | None], dict[str, bool | None]]:
    """One snapshot's 20 values and `met` flags in plain Python: the floor of a request."""
    out: dict[str, float | None] = {}
    get = values.get
    for code, (num_t, den_t, capped) in ratios.items():
        num = sum(get(t) or 0.0 for t in num_t) if all(t in values for t in num_t) else None
        den = sum(get(t) or 0.0 for t in den_t) if all(t in values for t in den_t) else None
        if num is None or den is None or den == 0:
            out[code] = None
            continue
        if not capped and num > den:
            raise ValueError(code)
        v = num / den
        out[code] = min(v, 1.0) if capped else v
    code, (w1, r1), (w2, r2) = blend
    a, b = out[r1], out[r2]
    out[code] = None if a is None or b is None else w1 * a + w2 * b
    pcode, comps = peer
    total: float | None = 0.0
    for num_name, den_name, w, peer_name in comps:
        num_v, den_v, figure = get(num_name), get(den_name), get(peer_name)
        if total is None or num_v is None or not den_v or not figure:
            total = None
            continue
        total += w * (num_v / den_v / figure)
    out[pcode] = None if total is None else min(total, 1.0)
    met: dict[str, bool | None] = {}
    for code, v in out.items():
        hit: bool | None = None
        for kinds, t, comparator in targets.get(code, []):
            if department_kind in kinds:
                if v is not None:
                    hit = abs(v - t) <= EPS if comparator == "==" else v >= t - EPS
                break
        met[code] = hit
    return out, met
