"""Quote verification: the rule a reader can re-run by hand.

Delete every whitespace character from the quote and from the seed (the reports break lines in
the middle of sentences); the quote must then be a substring of the seed, and the value must
appear in the quote as a whole number, so 154.9 does not match inside 154.99.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_WHITESPACE = re.compile(r"\s+")

#: A number as printed: digits with an optional decimal part, not part of a longer number.
NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?!\d)")


def normalize(text: str) -> str:
    """Delete all whitespace, the one normalisation both the quote and the seed get."""
    return _WHITESPACE.sub("", text)


def norm_offsets(raw: str) -> list[int]:
    """For each raw offset, the offset in the normalised text (non-space characters before it)."""
    norm_at = [0] * (len(raw) + 1)
    for i, ch in enumerate(raw):
        norm_at[i + 1] = norm_at[i] + (0 if ch.isspace() else 1)
    return norm_at


@lru_cache(maxsize=32)
def normalized_seed(path: Path) -> str:
    """The seed text, normalised once per process."""
    return normalize(path.read_text(encoding="utf-8"))


def quote_in_seed(quote: str, seed_text: str) -> bool:
    """True when the normalised quote is a substring of the normalised seed text."""
    return normalize(quote) in seed_text


def value_pattern(printed: str) -> re.Pattern[str]:
    """A whole-number match for a printed value: no digit or decimal part may adjoin it."""
    return re.compile(r"(?<![\d.])" + re.escape(printed) + r"(?!\d|\.\d)")


def value_in_quote(printed: str, quote: str) -> bool:
    """True when the printed value stands in the quote as a whole number."""
    return value_pattern(printed).search(normalize(quote)) is not None


_ZH_DIGITS = "一二三四五六七八九"


def ordinal_zh(n: int) -> str:
    """A place 1–99 in Chinese numerals, as a rank prints it after 第 (4 → 四, 16 → 十六)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _ZH_DIGITS[tens - 1] + "十")
    return head + (_ZH_DIGITS[ones - 1] if ones else "")


def ordinal_value(text: str) -> int | None:
    """The place a Chinese ordinal states (四 → 4, 十六 → 16, 二十 → 20), else None."""
    return next((n for n in range(1, 100) if ordinal_zh(n) == text), None)


def rank_in_quote(printed: str, quote: str) -> bool:
    """True when the quote prints the place `printed` as a Chinese ordinal (第四 for 4), not as
    the head of a longer one (第十 is not 第十六): the rule for a rank's value (`rank_of`)."""
    if not printed.isdigit() or not 1 <= int(printed) <= 99:
        return False
    word = re.escape("第" + ordinal_zh(int(printed)))
    return re.search(word + f"(?![{_ZH_DIGITS}十])", normalize(quote)) is not None


def same_number_in_quote(printed: str, quote: str) -> bool:
    """True when the quote states the same number, perhaps printed otherwise (7 for 7.0)."""
    if value_in_quote(printed, quote):
        return True
    want = float(printed)
    return any(float(m.group()) == want for m in NUMBER.finditer(normalize(quote)))


def divergence(quote: str, seed_text: str) -> str:
    """Where a quote stops matching the seed: the longest opening found, and the next character.

    Empty when even the first character is not in the seed.
    """
    q = normalize(quote)
    lo, hi = 0, len(q)
    while lo < hi:  # longest prefix of q that occurs in the seed
        mid = (lo + hi + 1) // 2
        if q[:mid] in seed_text:
            lo = mid
        else:
            hi = mid - 1
    if lo == 0:
        return ""
    at = seed_text.find(q[:lo])
    seed_next = seed_text[at + lo : at + lo + 1] or "the end of the seed"
    tail = q[max(0, lo - 12) : lo]
    return (
        f"; it matches up to character {lo} (…{tail}), then has {q[lo]!r} where the seed has "
        f"{seed_next!r}"
    )
