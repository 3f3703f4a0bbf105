"""One renderer per format; each turns a neutral Document into bytes (see document.py)."""

from . import docx, html, pdf, xlsx

RENDERERS = {"html": html, "pdf": pdf, "docx": docx, "xlsx": xlsx}
FORMATS = tuple(RENDERERS)


def render(document, fmt: str) -> bytes:
    return RENDERERS[fmt].render(document)


def content_type(fmt: str) -> str:
    return RENDERERS[fmt].CONTENT_TYPE
