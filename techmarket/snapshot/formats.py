"""Writing a pack (techmarket.snapshot.pack) in one of the formats: each writer is imported when asked for.

The writers import the pack model; the model imports none of them, so neither depends on the other's
import order.
"""

from __future__ import annotations

from techmarket.snapshot.pack import Pack

FORMATS = ("pdf", "pptx", "png", "xlsx")


def render(pack: Pack, fmt: str) -> bytes:
    """The pack as bytes of one of FORMATS (png: a ZIP of PNGs)."""
    if fmt == "pdf":
        from techmarket.snapshot.pdf import to_pdf

        return to_pdf(pack)
    if fmt == "pptx":
        from techmarket.snapshot.slides import to_pptx

        return to_pptx(pack)
    if fmt == "xlsx":
        from techmarket.snapshot.workbook import to_xlsx

        return to_xlsx(pack)
    if fmt == "png":
        from techmarket.snapshot.images import png_zip

        return png_zip(pack)
    raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
