"""PDF with WeasyPrint, printed from the same HTML as the report's page (html.print_page): A4, the margins of
official papers, landscape pages for the sections whose tables need them, header rows repeated on every page,
the page's own SVG charts, DejaVu Sans embedded (a subset). docs/reports.md says why WeasyPrint."""

CONTENT_TYPE = "application/pdf"
EXTENSION = "pdf"


def render(document) -> bytes:
    from weasyprint import HTML

    from .html import print_page

    return HTML(string=print_page(document), base_url="/").write_pdf()
