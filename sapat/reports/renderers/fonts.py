"""The font every document uses: DejaVu Sans, vendored in sapat/core/fonts/ (licence beside it).

It covers every Kyrgyz and Kazakh letter (ң ө ү ә ғ қ ұ һ і) as well as Russian and English, so a PDF
never shows empty boxes, whatever the report's language. The PDF embeds it (print.html's @font-face), Word and
Excel files name it, and the charts' PNG for DOCX is drawn with it (Debian's fonts-dejavu-core).
"""

FAMILY = "DejaVu Sans"  # the name Word and the browser know the font by
