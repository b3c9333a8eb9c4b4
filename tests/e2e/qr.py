"""Read a certificate's QR code the way a phone would: render the PDF's page (pdftoppm) and scan it (zbarimg)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def qr_links_in_pdf(pdf: bytes, stem: Path) -> list[str]:
    """The links in the QR codes of the PDF's first page; ``stem``.pdf and ``stem``.png are kept as artifacts."""
    stem.with_suffix(".pdf").write_bytes(pdf)
    subprocess.run(  # noqa: S603
        ["pdftoppm", "-png", "-r", "150", "-singlefile", str(stem.with_suffix(".pdf")), str(stem)],  # noqa: S607
        check=True,
    )
    scan = subprocess.run(  # noqa: S603
        ["zbarimg", "--raw", "-q", str(stem.with_suffix(".png"))],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return [line.strip() for line in scan.stdout.splitlines() if line.strip()]
