"""What readers tell about a web address and a page's type without fetching anything: kept apart from fetch.py, so a
run on local files never imports the HTTP machinery."""
from __future__ import annotations

CONTENT_KINDS = {"text/html": "html", "text/markdown": "markdown", "text/plain": "text",
                 # Drafts published as they are: a clinic's PDF brochure, a Word document (readers/drafts.py).
                 "application/pdf": "pdf",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx"}


def is_url(path: str) -> bool:
    """An http(s) URL given where a file path could be (``fetch`` says if it is a bad one)."""
    return path[:8].lower().startswith(("http://", "https://"))


def megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"
