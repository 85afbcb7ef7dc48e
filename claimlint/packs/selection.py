"""What a rule selector names, on its own: the suppression chain matches waivers with it, and a run the result cache
answers in full imports no more of the packs."""
from __future__ import annotations


def selector_matches(token: str, rule_id: str, category: str, pack: str | None = None) -> bool:
    """A selector is 'all', a rule id or any prefix of one (MSC-DIFF), a category or a pack id, in any case."""
    token = token.casefold()
    return token in ("all", category.casefold(), (pack or "").casefold()) or rule_id.casefold().startswith(token)
