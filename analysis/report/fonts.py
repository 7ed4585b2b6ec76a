"""The CJK web font a page carries, so Chinese is readable on a machine without CJK fonts.

Each page embeds Noto Sans CJK SC, the font the charts already use (shipped in the `mplfonts`
wheel), cut down with fontTools to the characters that page shows and stored as a WOFF data URI
in an @font-face rule: no request leaves the page and no system font is needed. The subset is a
function of the page's characters alone, so a page is the same bytes run after run.
"""

from __future__ import annotations

import base64
import html
import io
import re
from functools import lru_cache
from pathlib import Path

#: The family name pages use for the embedded subset (not a system font's name, so that a
#: browser never takes an installed Noto Sans CJK SC for it).
FAMILY = "Workbook Noto Sans CJK SC"

#: Characters every page may show beyond its text: the ellipsis and dashes our templates use.
ALWAYS = " -–—…·0123456789"

_DROP = re.compile(
    r"<(style|script)\b[^>]*>.*?</\1\s*>|<!--.*?-->|data:[a-z/+.-]+;base64,[A-Za-z0-9+/=]+",
    re.S | re.I,
)
_TAG = re.compile(r"<[^>]*>")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0002fa1f]")


def page_characters(page: str) -> str:
    """The characters a page can render as text, sorted, each once: tags, style and script
    blocks, comments and data URIs left out, entities decoded. Attribute values (a link's title,
    an image's alt text) are included: a browser may show them too."""
    attributes = " ".join(re.findall(r'(?:title|alt)="([^"]*)"', page))
    text = _TAG.sub(" ", _DROP.sub(" ", page)) + " " + attributes
    chars = {c for c in html.unescape(text) + ALWAYS if c.isprintable() or c == " "}
    return "".join(sorted(chars))


def has_cjk(text: str) -> bool:
    """True when `text` holds a CJK character (ideographs, kana, CJK punctuation, full width)."""
    return _CJK.search(text) is not None


@lru_cache(maxsize=8)
def woff_subset(characters: str) -> bytes:
    """Noto Sans CJK SC cut down to `characters`, as WOFF bytes (deterministic), kept in the
    repository's `.cache/` by the characters, the font file and fontTools' version: a report
    run again, or a test run again, does not cut the same subset twice (0.2 to 0.6 s each)."""
    import hashlib

    from fontTools import version as fonttools_version

    from analysis.base import cache
    from analysis.presentation.style import cjk_font_path

    path = cjk_font_path()
    name = hashlib.sha256(
        f"{fonttools_version}\0{path.name}\0{_size(path)}\0{characters}".encode()
    ).hexdigest()
    stored = cache.read("fonts", f"{name}.woff")
    if stored is not None:
        return stored
    data = _cut(characters)
    cache.write("fonts", f"{name}.woff", data)
    return data


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1


def _cut(characters: str) -> bytes:
    """The subset itself.

    Layout features other than kerning and most names are dropped: a page needs the outlines
    of the glyphs it shows. Subroutines are expanded because zlib then compresses the outlines
    better than fontTools' subroutinised CFF. Hints are kept and the font-wide bounds are not
    recomputed: removing hints and re-measuring every glyph took a third of the time of a cut
    (0.55 s against 0.38 s for a page of 509 characters) for 13% fewer bytes.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from analysis.presentation.style import cjk_font_path

    path = cjk_font_path()
    if not path.exists():
        raise FileNotFoundError(f"CJK font missing: {path}; reinstall with `make clean setup`")
    options = subset.Options()
    options.flavor = "woff"
    options.hinting = True
    options.recalc_bounds = False
    options.desubroutinize = True
    options.layout_features = ["kern"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # copyright, names and version: the licence asks
    options.notdef_outline = True
    options.recalc_timestamp = False
    font = TTFont(str(path), recalcTimestamp=False, recalcBBoxes=False, lazy=True)
    try:
        subsetter = subset.Subsetter(options)
        subsetter.populate(text=characters)
        subsetter.subset(font)
        buffer = io.BytesIO()
        font.flavor = "woff"
        font.save(buffer, reorderTables=True)
    finally:
        font.close()
    return buffer.getvalue()


def font_face_css(characters: str) -> str:
    """An @font-face rule embedding the subset for `characters` as a data URI."""
    data = base64.b64encode(woff_subset(characters)).decode("ascii")
    return (
        f'@font-face{{font-family:"{FAMILY}";src:url(data:font/woff;base64,{data}) '
        'format("woff");font-weight:400;font-style:normal;font-display:block}'
    )


def embed_font(page: str, placeholder: str) -> str:
    """`page` with `placeholder` replaced by the @font-face rule for the page's characters."""
    if placeholder not in page:
        raise ValueError("the page has no place for its font")
    return page.replace(placeholder, font_face_css(page_characters(page.replace(placeholder, ""))))
