"""One document as the detectors read it: its cues, marks, blocks and voice, computed once."""
from __future__ import annotations

import bisect

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ..claims import Claim, doc_blocks
from ..vocabulary import PhraseKeys
from .cues import LISTS, WORD_LISTS, Cue, Cues
from .grammar import SUBJECTS, phrase_of, quote_pairs, rules_over, verb_of
from .voice import VOICE_KEY, Voice, read_voice


class CueMatcher:
    """Finds every cue phrase and every matched word list in a Doc (built once per pipeline)."""

    def __init__(self, nlp, cues: Cues, phrases: PhraseKeys | None = None) -> None:
        self.cues = cues
        phrases = phrases or PhraseKeys(nlp)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.meta: dict[str, tuple[str, str, int]] = {}
        groups: dict[tuple[str, str, int], list[str]] = {}
        for phrase, category, direction, scope in cues.directional:
            groups.setdefault((category, direction, scope), []).append(phrase)
        for (category, direction, scope), texts in groups.items():
            label = f"cue|{category}|{direction}|{scope}"
            self.meta[label] = (category, direction, scope)
            self.matcher.add(label, phrases.variants(texts))  # as rule vocabulary gets them
        for name in LISTS:
            if name not in WORD_LISTS and cues.lists[name]:
                self.matcher.add(name, phrases.variants(cues.lists[name]))
        phrases.save()


DASHES = ("-", "\u2013", "\u2014")  # spaced hyphen, en and em dash


class Reading:
    """Cue matches for one document, shared by its claims and by every detector."""

    def __init__(self, doc: Doc, matcher: CueMatcher) -> None:
        self.doc = doc
        self.words = matcher.cues
        self.cues: list[Cue] = []
        self.marks: dict[str, list[tuple[int, int]]] = {name: [] for name in LISTS}
        strings = doc.vocab.strings
        for match_id, start, end in matcher.matcher(doc):
            label = strings[match_id]
            if label in matcher.meta:
                category, direction, scope = matcher.meta[label]
                self.cues.append(Cue(start, end, category, direction, scope, doc[start:end].text))
            else:
                self.marks[label].append((start, end))
        pseudo = self.marks["pseudo"]
        self.cues = [c for c in self.cues if not any(ps < c.end and c.start < pe for ps, pe in pseudo)]
        self.pseudo = {t for s, e in pseudo for t in range(s, e)}  # "That said, ..." is no saying verb either
        self.terminators = {t for s, e in self.marks["terminate"] if _opens_clause(doc, s, e) for t in range(s, e)}
        self.terminators |= {t.i for t in doc if t.text == "-" and t.i > 0 and doc[t.i - 1].whitespace_ and t.whitespace_}
        self.blocks = doc_blocks(doc)
        self.voice: Voice = doc.user_data.get(VOICE_KEY) or read_voice(matcher.cues, doc.text, self.blocks)
        self.block_starts = [b.start for b in self.blocks]
        self.cache: dict[str, dict] = {}  # detectors' per-document memos (a heading's stance, ...)

    def tokens_of(self, name: str) -> set[int]:
        """Token indices covered by a matched word list (once per document: detectors ask for every claim)."""
        found = self.cache.setdefault("tokens_of", {})
        if name not in found:
            found[name] = {t for s, e in self.marks[name] for t in range(s, e)}
        return found[name]

    # --- scope ---------------------------------------------------------------------------------

    def _stops(self, start: int, end: int) -> list[int]:
        return [t for t in range(start, end) if t in self.terminators]

    def terminated(self, start: int, end: int) -> bool:
        """Does a terminator stand between? Dashes that come in pairs set off an aside ("touting - without
        evidence - that ..."), which ends nothing."""
        stops = self._stops(start, end)
        if stops and len(stops) % 2 == 0 and all(self.doc[t].text in DASHES for t in stops):
            return False
        return bool(stops)

    def series_goes_on(self, start: int, end: int) -> bool:
        """'the product claims to boost circulation; aids in repair of tissues; ...': a reported list goes on
        over semicolons while each item opens on a lower-case verb phrase, not a new clause's subject ('our
        cells ...', 'we ...', 'The clinic ...'). Read from the words, since such lists parse badly."""
        stops = self._stops(start, end)
        for t in stops:
            if self.doc[t].text != ";":
                return False
            opening = next((w for w in self.doc[t + 1:end] if w.dep_ != "cc" and not w.is_punct), None)
            if opening is None or opening.pos_ in ("DET", "PRON", "PROPN", "NUM") or not opening.is_lower:
                return False
        return bool(stops)

    def governs(self, cue: Cue, claim: Claim, sentence: Span) -> bool:
        """Does the cue reach the claim? Through the parse, or by distance within its scope."""
        doc = self.doc
        # words the claim takes from an earlier sentence (its actor, named before) are outside the cue's reach
        hits = sorted(h for h in claim.hits if h >= sentence.start) or list(range(claim.start, claim.end))
        first, last = hits[0], hits[-1]
        if cue.end <= first:
            gap = (cue.end, first)
        elif cue.start > last:
            gap = (last + 1, cue.start)
        else:
            gap = (cue.end, cue.end)  # the cue sits inside the claim ("cells do not become ...")
        if cue.direction == "forward" and cue.start > last or cue.direction == "backward" and cue.end <= first:
            return False
        if self.before_colon(cue, claim, sentence):
            return True
        if cue.scope == 0:
            # a prefix ("non-") reaches only the word joined to it, wherever that word sits in the claim: the
            # "non-healing" of "with impaired function, a wound can turn chronic, non-healing"
            return cue.end in hits
        if self.terminated(*gap) or self._confined(cue, hits, sentence):
            return False
        word, tail = doc[cue.start], doc[cue.end - 1]
        if cue.category == "negated" and (cue.end - cue.start == 1 and word.dep_ == "det" or tail.lower_ == "few"
                                          and tail.dep_ in ("det", "amod")) and tail.head.dep_ not in SUBJECTS:
            # "with no downtime and no side effects", "very few side effects": a determiner negates its own noun
            # phrase only, and the nouns it shares with "or": "no Health Canada or FDA approved treatments".
            nouns = [tail.head]
            if any(c.dep_ == "cc" and c.lower_ in ("or", "nor") for c in tail.head.children):
                nouns += [c for c in tail.head.children if c.dep_ == "conj"]
            return any(doc[h] in phrase_of(n) for n in nouns for h in hits)
        verb = verb_of(word)
        if tail.dep_ == "mark" and tail.lower_ in ("if", "whether") and cue.end <= first \
                and all(doc[h] in tail.head.subtree for h in hits):
            return True  # "investigating if ... can help heal ...": a cue ending in "if" or "whether" holds its clause
        governed = any(rules_over(verb, doc[h]) for h in hits)
        if cue.category == "negated" and word.pos_ == "VERB" and word.dep_ != "neg" and first >= cue.end:
            # a negative verb denies what it governs, all of it: "we still lack a cure", not "patients who lack
            # insulin can make it again"
            return all(rules_over(verb, doc[h]) for h in hits)
        if cue.category == "negated" and cue.end - cue.start == 1 and word.dep_ == "neg":
            # A negation the parser attached to a verb scopes over what that verb governs.
            # Pseudo-cleft: "What the research does not show is that these cells regenerate ...".
            cleft = verb.dep_ == "csubj" and any(rules_over(verb.head, doc[h]) for h in hits)
            # "will not be available until their effectiveness has been proven": what the negated clause waits
            # for is not yet so
            pending = self.pending(verb, hits)
            # Inside the claim, the negated clause must hold the words after the cue too: in "while the therapy is
            # not yet a cure, it offers a transformative approach" it has the therapy but not the praise.
            after = [h for h in hits if h >= cue.end]
            if first < cue.start and after and not any(rules_over(verb, doc[h]) for h in after):
                return cleft or pending
            return governed or cleft or pending or 0 <= first - cue.end <= 1
        if first < cue.start and cue.end <= last:
            # A cue inside the claim ("anyone can benefit, even if you have had diabetes for decades")
            # must govern the claim's head, not just a word at its end - unless it reports what is said of
            # the claim's actor: "treatments claimed to be safe and effective".
            after = [h for h in hits if h >= cue.end]
            governs_rest = bool(after) and all(rules_over(verb, doc[h]) for h in after)
            # "therapies are sold before they have been proven safe": only the therapy's name comes before the
            # cue, and the cue's clause holds the rest of the claim
            actor_first = all(h in self.tokens_of("therapy_terms") for h in hits if h < cue.start)
            return rules_over(verb, doc[first]) and (governs_rest or not after) \
                or governs_rest and (cue.category == "attributed" or actor_first)
        return governed or gap[1] - gap[0] <= cue.scope

    def _confined(self, cue: Cue, hits: list[int], sentence: Span) -> bool:
        """A search or a denial in a subordinate clause before the claim stays there: "if you are looking for
        relief, our injections let you skip surgery", and in a verbless opening concession up to its comma:
        "While not a miracle, our injections are ..." (a stage of research named there still frames the whole)."""
        first = hits[0]
        if cue.category not in CONFINED or cue.end > first:
            return False
        verb = verb_of(self.doc[cue.start])
        if verb.dep_ == "advcl" and not any(self.doc[h] in verb.subtree for h in hits):
            return True
        opener = next((t for t in range(cue.start - 1, sentence.start - 1, -1)
                       if t in self.terminators or self.doc[t].text == ","), None)
        if opener is None or self.doc[opener].lower_ not in CONCESSIVE or not self.doc[opener].is_sent_start:
            return False
        return any(self.doc[t].text == "," for t in range(cue.end, first))

    def pending(self, verb, hits: list[int]) -> bool:
        """Does a claim word sit in a clause the negated verb waits for ('until', 'unless', 'before')? Not in a
        past story: in "the pain did not stop until the cells regrew cartilage" the wait is over."""
        if verb.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children):
            return False
        marks = self.words.words("pending_marks")
        waits = [c for c in verb.children if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks
                                                                         for m in c.children)]
        return any(rules_over(w, self.doc[h]) for w in waits for h in hits)

    def quoted_apart(self, cue: Cue, claim: Claim, sentence: Span) -> bool:
        """The cue sits inside a quotation that leaves out the claim's words."""
        text, base = sentence.text, sentence.start_char
        start, end = self.doc[cue.start].idx - base, self.doc[cue.end - 1].idx - base
        first = self.doc[min(claim.hits, default=claim.start)].idx - base
        marks = self.words.lists["quote_marks"]
        pairs = quote_pairs(text, {m[0]: m[1] for m in marks if len(m) == 2})
        return any(a < start and end < b and not a < first < b for a, b in pairs)

    def before_colon(self, cue: Cue, claim: Claim, sentence: Span) -> bool:
        """'What is not supported: cure, ...' - a cue before a colon covers the list after it, when it
        belongs to the lead-in's main clause (not 'goes where medication can't: straight to ...')."""
        colons = [t.i for t in sentence if t.text == ":" and cue.end <= t.i < claim.start]
        if not colons or self.terminated(cue.end, colons[0]):
            return False
        return verb_of(self.doc[cue.start]).dep_ not in ("relcl", "advcl", "acl")

    # --- structure -----------------------------------------------------------------------------

    def block_of(self, char: int) -> int | None:
        i = bisect.bisect_right(self.block_starts, char) - 1
        return i if i >= 0 else None

    def span(self, block) -> Span | None:
        return self.doc.char_span(block.start, block.end, alignment_mode="expand")

    def lead_in_span(self, claim: Claim) -> Span | None:
        """The lead-in block of the claim's block ("The complaint says the clinic:" over a list)."""
        index = self.block_of(self.doc[claim.start].idx)
        lead = self.blocks[index].lead_in if index is not None else None
        return self.span(self.blocks[lead]) if lead is not None else None

    def next_sentence(self, sentence: Span) -> Span | None:
        for candidate in self.doc[sentence.end:].sents if sentence.end < len(self.doc) else []:
            if candidate.text.strip():
                return candidate
        return None

    # --- word lists ----------------------------------------------------------------------------

    def contains(self, span: Span, name: str) -> bool:
        return any(span.start <= s < span.end for s, _ in self.marks[name])

    def starts_with(self, span: Span, name: str) -> bool:
        return self.opens_with(span.text, name)

    def opens_with(self, text: str, name: str) -> bool:
        opening = text.strip().lower()
        return any(opening.startswith(p) and not opening[len(p):len(p) + 1].isalpha() for p in self.words.lists[name])


CONCESSIVE = ("while", "although", "though", "whereas")  # openers of a concession ("While not a cure, ...")
CONFINED = ("negated", "attributed")  # cues that stay in their subordinate clause


def _opens_clause(doc: Doc, start: int, end: int) -> bool:
    """An adverb ends a cue's scope only where it opens a clause ("..., still, ..."): inside one it is no
    contrast ("the beta cells a person still has", "is not yet a proven cure")."""
    word = doc[start]
    if end - start > 1 or word.dep_ != "advmod" or word.is_sent_start:
        return True
    before = doc[start - 1]
    # "... is not indicated for arthritis however, patients ...": a comma after the adverb sets it off too
    return before.is_punct or before.dep_ == "cc" or end < len(doc) and doc[end].text == ","
