"""Finding a Chinese (CJK) font for exports, or saying how to install one.

Exports must render Chinese as Chinese, never as boxes: PNG/SVG through vl-convert, PDF through fpdf2
(which embeds a subset of the font), PPTX through python-pptx (which names the East Asian font).
Debian's `fonts-noto-cjk` provides Noto Sans CJK as .ttc collections; face 2 is Simplified Chinese.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FAMILY = "Noto Sans CJK SC"
CANDIDATES = (
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc", 2),
    ("/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc", "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc", 2),
)
INSTALL_HINT = ("No Chinese font was found, so exports would show boxes instead of Chinese. Install one: "
                "sudo apt-get install fonts-noto-cjk (Debian/Ubuntu), or put NotoSansCJK-Regular.ttc in /usr/share/fonts.")


class FontMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class CjkFont:
    regular: Path
    bold: Path
    index: int  # face in the collection

    @property
    def directory(self) -> Path:
        return self.regular.parent


@cache
def cjk_font() -> CjkFont:
    for regular, bold, index in CANDIDATES:
        if Path(regular).exists():
            return CjkFont(Path(regular), Path(bold) if Path(bold).exists() else Path(regular), index)
    try:
        out = subprocess.run(["fc-list", f":family={FAMILY}", "file"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.TimeoutExpired):
        out = ""
    files = sorted({line.split(":")[0].strip() for line in out.splitlines() if line.strip()})
    if files:
        path = Path(files[0])
        return CjkFont(path, path, 2 if path.suffix.lower() == ".ttc" else 0)
    raise FontMissing(INSTALL_HINT)
