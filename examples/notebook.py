# %% [markdown]
# # courtinfo for analysts
#
# A percent-format script (`# %%` cells): open it in VS Code, Spyder or Jupytext, or run it
# with `python examples/notebook.py`. It loads snapshots, evaluates a scheme, turns the results
# into a tidy pandas DataFrame and draws one indicator's weekly trend against its target.
# Needs the `pandas` and `plot` extras: `pip install 'courtinfo[pandas,plot]'`.

# %%
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

try:
    HERE = Path(__file__).resolve().parent
except NameError:  # inside Jupyter: run from the examples folder
    HERE = Path.cwd()
sys.path.insert(0, str(HERE))

from jiading_weekly import COURT, WEEK, generate

from courtinfo import evaluate
from courtinfo.indicators import get_scheme
from courtinfo.report import (
    changes,
    format_change,
    plot_trend,
    to_dataframe,
    trend,
)

# %% [markdown]
# ## Load and evaluate
# Eight weeks of 上海市嘉定区人民法院's departments (generated, seeded), scored against the
# targets of 嘉法发〔2022〕15号. A file works the same: `courtinfo.load_dataset(path)`.

# %%
scheme = get_scheme("shanghai-2022")
data = generate()
results = evaluate(scheme, data)
print(f"{len(results)} rows × {len(scheme.indicators)} indicators")

# %% [markdown]
# ## A tidy DataFrame
# One row per court, department, week and indicator; values unrounded, `target_met` nullable.

# %%
df = to_dataframe(results)
print(df.shape)
numbered = df[df["number"].notna()]
latest = numbered[numbered["period"] == str(WEEK)]
table = latest.pivot_table(
    index="department", columns="number", values="value", aggfunc="first", observed=True
)
print((table * 100).round(1).to_string())

# %% [markdown]
# ## Share of targets met per week

# %%
met_share = (
    numbered.dropna(subset=["target_met"])
    .groupby("period", observed=True)["target_met"]
    .mean()
    .astype(float)
    .round(3)
)
print(met_share.to_string())

# %% [markdown]
# ## Week-over-week change (环比) of 电子送达适用率

# %%
ch = changes(results, "e_service_rate")
rows = results.select(court=COURT, period=WEEK)
for i in rows:
    c = ch.at(i)
    shown = format_change(c.absolute, "percentage")
    print(f"{results.batch.department_of(i)}: {shown} {c.note_text}".rstrip())

# %% [markdown]
# ## Trend chart
# 民二庭's weekly 电子送达适用率 against its target (the dashed line).

# %%
series = trend(results, "e_service_rate", court=COURT, department="民二庭")
print(series.to_text())
out_dir = Path(os.environ.get("COURTINFO_OUT") or tempfile.mkdtemp(prefix="courtinfo-"))
png = plot_trend(series, out_dir / "e_service_rate_min2.png")
print(f"chart written: {png} ({png.stat().st_size} bytes)")
