"""Page-level checks: what a page must also say once it makes certain claims, or must not put together.

They run on a document's findings once the pipeline has made them, before the suppression chain: a page
finding is cached, waived, baselined and written like any other. Each page's net impression (its verdict)
is ``findings.page_summary``, which every output format can compute from a file's findings.

May import: the data model (findings), the packs (page rules and their lexicons), the readers' document (its
text, blocks and positions) and, from the pipeline, the spelling variants of a term and the verdict table.
"""
from .checks import PageChecker

__all__ = ["PageChecker"]
