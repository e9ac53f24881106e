"""Synthetic snapshots: a whole court tree's departments, week after week, for any scheme.

`generate(scheme, ...)` builds a court tree (supreme court, high courts, intermediate and basic
courts), the departments of every court and one row per court department and period with a
value for every input the scheme declares. It reads the scheme's formulas to make the data
plausible and valid:

* a count that a ratio with ``over = "error"`` puts in a numerator is drawn as a binomial share
  of its denominator (so it never exceeds it), and subtracted terms never exceed the terms
  they are subtracted from; shares centre on the indicator's target, so some rows meet it and
  some do not;
* numerators of capped ratios and per-case averages are Poisson counts around a multiple of
  their denominators; peer-relative numerators are per-officer rates of a staff count;
* staff, courtroom and capability figures are constant over periods; yes/no answers are 0/1,
  multiple-choice answers are bit masks of offered options (是/否 options exclusive);
* magnitudes follow the label (file entries in hundreds, staff in units), the department
  (filings at the filing division, enforcement at the enforcement bureau), the court's level
  and size, and the season (Spring Festival and National Day weeks are quiet);
* a few cells are missing (NaN) and a few denominators are zero, at rates you choose.

Everything is drawn with numpy from `seed`; each input has its own random stream (derived
from the seed and the input's id), so the data are identical whatever the number of threads
used to draw them. The batch is built directly from index arrays: no string is sorted.
"""

from courtinfo.synthetic._generate import Synthetic, generate, national, province
from courtinfo.synthetic._plan import AcyclicCeilings, Ceiling, acyclic_ceilings, ratio_ceilings
from courtinfo.synthetic._tables import DEPARTMENT_NAMES
from courtinfo.synthetic._tree import PROVINCES, court_tree

__all__ = [
    "DEPARTMENT_NAMES",
    "PROVINCES",
    "AcyclicCeilings",
    "Ceiling",
    "Synthetic",
    "acyclic_ceilings",
    "court_tree",
    "generate",
    "national",
    "province",
    "ratio_ceilings",
]
