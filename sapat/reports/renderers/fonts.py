"""The fonts every document uses: DejaVu Sans, vendored in sapat/reports/fonts/ (licence beside it).

It covers every Kyrgyz and Kazakh letter (ң ө ү ә ғ қ ұ һ і) as well as Russian and English, so a PDF
never shows empty boxes, whatever the report's language.
"""

from functools import cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
REGULAR, BOLD = "DejaVuSans", "DejaVuSans-Bold"
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}
FAMILY = "DejaVu Sans"  # the name Word and the browser know the font by


def font_path(name: str) -> str:
    return str(FONT_DIR / FILES[name])


@cache
def register() -> None:
    """Register the TTF fonts with reportlab once per process (they are embedded, subset, in each PDF)."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name in FILES:
        pdfmetrics.registerFont(TTFont(name, font_path(name)))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
