"""A subject stated as the sum of others (parts.csv): its result is the sum of theirs.

Baoshan's table prints one target for 国家（市级） beside results for 国家级 and 市级. Matching on
the subject as printed finds no result for the target; adding the parts' results gives the one
figure the target can be judged against. Every table that pairs a target with a result asks
`with_part_sums` of its results, so the sum is made one way everywhere.
"""

from __future__ import annotations

import pandas as pd


def _printed(total: float, printed: pd.Series) -> str:
    """The sum with the most decimals its parts print (1 + 12 is 13; 1.5 + 2 is 3.5)."""
    places = max((len(p.split(".")[1]) if "." in p else 0) for p in printed.astype(str))
    return f"{total:.{places}f}"


def with_part_sums(results: pd.DataFrame, rules: pd.DataFrame | None) -> pd.DataFrame:
    """`results` plus one row per whole, year, kind and source where every part has a figure in
    one unit: subject the whole, value the parts' sum (`value_std` too), id the parts' ids
    joined by ';' (so the hover shows each part's quote), `summed_from` the parts' subjects.
    A whole that has a figure of its own keeps it: nothing is summed for it."""
    if rules is None or not len(rules) or not len(results) or "subject" not in results:
        return results
    added = []
    subject = results["subject"].astype("string")
    for rule in rules.itertuples(index=False):
        names = [p for p in str(rule.parts).split(";") if p]
        mine = results[
            (results["district"].astype("string") == rule.district)
            & (results["indicator"].astype("string") == rule.indicator)
        ]
        own = mine[subject.loc[mine.index] == rule.subject]
        sub = mine[subject.loc[mine.index].isin(names)]
        for _, group in sub.groupby(["year", "kind", "source"], observed=True, sort=True):
            if sorted(group["subject"].astype(str)) != sorted(names):
                continue  # a part missing (or printed twice): no sum
            if group["unit"].astype(str).nunique() != 1 or group["value"].isna().any():
                continue
            year = group["year"].iloc[0]
            if len(own[(own["year"] == year) & (own["kind"] == group["kind"].iloc[0])]):
                continue
            row = group.iloc[0].copy()
            row["subject"] = rule.subject
            row["value"] = float(group["value"].astype(float).sum())
            if "value_std" in group:
                row["value_std"] = float(group["value_std"].astype(float).sum())
            if "value_printed" in group:
                row["value_printed"] = _printed(row["value"], group["value_printed"])
            row["id"] = ";".join(group["id"].astype(str))
            row["summed_from"] = ";".join(names)
            added.append(row)
    if not added:
        return results
    extra = pd.DataFrame(added)
    out = pd.concat([results, extra], ignore_index=True)
    for col in results.columns:
        if isinstance(results[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(results[col].dtype)
    return out
