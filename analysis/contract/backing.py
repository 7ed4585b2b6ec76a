"""Qualifier words stated outside a target's own quote (backing.csv): checked like a figure.

A report may back a target with a commitment in another sentence (以季保年，确保实现年度经济增长
目标) or state an attribute for a group (主要预期目标是：…). Each such word is kept with its
sentence, and the sentence is held to the same rule as a figure's quote, so a code never rests on
words no one can find in the seed.
"""

from __future__ import annotations

from analysis.contract import provenance
from analysis.contract.model import Validation, needs

#: The dimensions a backing word may code. A bound or a peg belongs in the target's own words.
DIMENSIONS = ("commitment", "attribute")


@needs("sources", "indicators", "qualifiers", what="backing sentences")
def check_backing(v: Validation) -> None:
    """Every backing row: a target's row, its sentence in that target's seed, the word in the
    sentence, a word that codes a commitment or an attribute, no clash with the target's own
    word on that dimension, and a group's sentence that holds the target's quote."""
    where, out = v.where("backing"), v.out
    targets = {r["id"]: r for r in v.pkg.tables.get("indicators", [])}
    words = {r["qualifier"]: r for r in v.pkg.tables.get("qualifiers", [])}
    for row in v.pkg.tables.get("backing", []):
        line = row["_line"]
        target, word = targets.get(str(row.get("target"))), words.get(str(row.get("qualifier")))
        if target is None or word is None:
            continue  # the foreign-key check has said so
        if target.get("kind") != "target":
            msg = (
                f"{row['target']} is a {target.get('kind')}, not a target: only a target is backed"
            )
            out.add(where, line, "target", msg, code="backing-not-a-target")
            continue
        dims = [d for d in DIMENSIONS if word.get(d)]
        if not dims:
            msg = (
                f"{row['qualifier']!r} codes no commitment or attribute; a bound or a peg is "
                "stated in the target's own words (indicators.csv qualifier)"
            )
            out.add(where, line, "qualifier", msg, code="backing-dimension")
            continue
        own = [w for w in str(target.get("qualifier") or "").split(";") if w in words]
        for dim in dims:
            clash = [w for w in own if words[w].get(dim) and words[w][dim] != word[dim]]
            if clash:
                msg = (
                    f"{row['qualifier']!r} ({dim} {word[dim]}) contradicts the target's own "
                    f"{clash[0]!r} ({words[clash[0]][dim]}); the target's words decide"
                )
                out.add(where, line, "qualifier", msg, code="backing-conflict")
        entry = v.seeds.get(str(target.get("source")))
        quote = str(row.get("quote") or "")
        if entry is None or not quote:
            continue
        if not provenance.quote_in_seed(quote, entry.normalized):
            msg = f"quote not found in seed {target['source']}" + provenance.divergence(
                quote, entry.normalized
            )
            out.add(where, line, "quote", msg, code="quote-not-in-seed")
            continue
        if provenance.normalize(str(row["qualifier"])) not in provenance.normalize(quote):
            msg = f"qualifier {row['qualifier']!r} is not in the quote"
            out.add(where, line, "qualifier", msg, code="backing-word-not-in-quote")
        own_quote = provenance.normalize(str(target.get("quote") or ""))
        if "attribute" in dims and own_quote not in provenance.normalize(quote):
            msg = (
                f"a group's attribute: the sentence must hold the target's own quote "
                f"({row['target']}), so the target is shown to be one of the group"
            )
            out.add(where, line, "quote", msg, code="backing-not-in-group")

