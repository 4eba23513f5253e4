"""Small real files for upload tests: each opens as what it claims to be."""

from io import BytesIO

from pypdf import PdfWriter


def pdf_bytes() -> bytes:
    """A one-page PDF."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    out = BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()
