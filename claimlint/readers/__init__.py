"""Readers that turn Markdown and HTML into a ``SourceDocument`` (plain text lives in ``sources``).

Each reader keeps only the words a visitor reads, records where every character came
from, and marks block boundaries so sentences never run across headings, items or cells.
"""
