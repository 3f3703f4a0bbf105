"""How wide a text is when set in DejaVu Sans, the font of every document (vendored in sapat/core/fonts/).

Charts and tables are laid out from these widths: a chart label is shortened until it fits its room, a table
column is at least as wide as its longest word (so a header is never broken inside a word). DejaVu Sans is
wider than the fonts browsers usually substitute, so a text that fits here fits on screen too.
"""

import re
from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
ELLIPSIS = "…"
BREAKS = re.compile(r"[ \t\n]+")  # where a line may break; a no-break space (as in "50,0 %") is not one


@cache
def _font(bold: bool):
    from PIL import ImageFont

    return ImageFont.truetype(str(FONT_DIR / FILES[bold]), 100)


@cache
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The advance width of `text` at font size `size` (in the same unit as the size: px, pt)."""
    return _font(bold).getlength(str(text)) * size / 100


def longest_word(text: str, size: float, bold: bool = False) -> float:
    """The width of the longest word: the narrowest a column can be without breaking a word."""
    return max((text_width(word, size, bold) for word in BREAKS.split(str(text)) if word), default=0.0)


def shortened(text: str, room: float, size: float, bold: bool = False) -> str:
    """`text` as is when it fits `room`, else cut at the end with an ellipsis so that it fits."""
    text = str(text)
    if text_width(text, size, bold) <= room:
        return text
    low, high = 0, len(text)  # the longest prefix that fits together with the ellipsis
    while low < high:
        middle = (low + high + 1) // 2
        if text_width(text[:middle].rstrip() + ELLIPSIS, size, bold) <= room:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS if low else ELLIPSIS
