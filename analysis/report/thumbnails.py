"""Thumbnails of the notebooks' main charts for the landing pages: small, and the same bytes
from the same chart (Pillow's PNG writer stores no time or software name)."""

from __future__ import annotations

import base64
import binascii
import io

#: Thumbnail width in pixels: twice the width it is shown at, for sharp text on fine screens.
WIDTH = 480


def thumbnail(png: bytes, width: int = WIDTH) -> bytes:
    """The chart scaled down to `width` pixels (never up), flattened on white, as PNG bytes.

    Raises ValueError when `png` is not an image Pillow can read."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(png)) as image:
            image.load()
            if image.mode in ("RGBA", "LA", "P"):
                rgba = image.convert("RGBA")
                flat = Image.new("RGB", rgba.size, (255, 255, 255))
                flat.paste(rgba, mask=rgba.getchannel("A"))
            else:
                flat = image.convert("RGB")
    except (UnidentifiedImageError, OSError) as exc:
        raise ValueError(f"not a readable image: {exc}") from None
    if flat.width > width:
        height = max(1, round(flat.height * width / flat.width))
        flat = flat.resize((width, height), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    flat.save(out, format="PNG", optimize=True)
    return out.getvalue()


def thumbnail_data_uri(png_base64: str, width: int = WIDTH) -> str:
    """A data URI of the thumbnail of a base64 PNG (as a notebook stores it), or '' when the
    data is not an image: a landing page shows no picture rather than a broken one."""
    try:
        png = base64.b64decode(png_base64.replace("\n", ""), validate=True)
        small = thumbnail(png, width)
    except (ValueError, binascii.Error):
        return ""
    return "data:image/png;base64," + base64.b64encode(small).decode("ascii")
