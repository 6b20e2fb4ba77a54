"""Quotes and who said them: direct quotes in every common mark style, indirect speech.

What counts as a direct quote (the scare-quote rule):

* a quoted segment whose attribution is *tight* - the quote is the whole complement of a
  saying verb right next to it (``"Nein", sagte er``; ``He said: "No."``) - at any length;
* otherwise a segment of at least ``min_quote_words`` words (lexicon, 4) - or a complete
  sentence of two or more words ("Nobody doubts it.") - that has a speaker:
  a saying verb earlier in its sentence (a partial quote), or *continuation* - the previous
  quote (direct or indirect) ended in the same or the previous paragraph, close before it;
* otherwise an unattributed segment that reads as a sentence (capital start, closing
  punctuation, at least ``min_quote_words`` words) is kept with no speaker;
* anything else - one quoted word, a short term or title with no saying verb - is a scare
  quote or a name and is not reported; so are title-case names ("Vlaams Belang Party") and a
  short quote right after a saying verb that modifies the next word ("lobte den „historischen“
  Beschluss").

Speakers: ``speaker_span`` is the attribution's subject as written in the text; for a pronoun
or bare role noun resolved to an earlier person ("er", "the minister") it is that pronoun, while
``speaker`` and ``speaker_entity`` carry the resolved name. A quote continuing an attributed one
keeps that quote's speaker and span. ``speaker_entity`` is the canonical name of the linked
person/organisation entity (entities stage), else of the raw NER mention or name heuristic.

A closing mark with no opening mark (``…", sagte X.``) starts its quote at the paragraph
start, or at the first sentence after an earlier quote in the paragraph, and counts only
when a tight attribution follows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ...doc import Doc
from ...record import Quote
from .attribution import Attribution, after, before, sentence_start
from .indirect import reported, subjunctive
from .lexicon import QuoteLexicon, load_lexicon
from .marks import MarkScanner, Segment, fold_aliases, paragraphs
from .speakers import Speaker, SpeakerLinker
from .words import word_count

CONTINUATION_GAP = 400  # max characters between an attributed quote and its continuation


@lru_cache(maxsize=16)
def _scanner(language: str) -> MarkScanner | None:
    lex = load_lexicon(language)
    return MarkScanner(lex.pairs) if lex else None


class QuotesStage:
    """Find direct and indirect quotes with their speakers, verbs and evidence offsets."""

    name = "quotes"
    requires = ("text", "language", "sentences")
    produces = ("quotes",)

    def __call__(self, docs: Sequence[Doc]) -> None:
        for doc in docs:
            lex = load_lexicon(doc.language)
            scanner = _scanner(doc.language)
            doc.quotes = _Finder(doc, lex, scanner).run() if lex and scanner else []


class _Finder:
    """The quotes of one document."""

    def __init__(self, doc: Doc, lex: QuoteLexicon, scanner: MarkScanner) -> None:
        self.doc, self.lex, self.scanner = doc, lex, scanner
        self.text = fold_aliases(doc.text, lex.aliases)  # same length as doc.text
        self.linker = SpeakerLinker(doc, lex)
        self.paras = paragraphs(doc.text)

    def run(self) -> list[Quote]:
        segments, orphans = self.scanner.scan(self.text)
        self.linker.quoted = [(s.start, s.end) for s in segments]
        items = sorted(
            [(s.start, s) for s in segments] + [(o, o) for o in orphans], key=lambda x: x[0]
        )
        indirect = self._indirect()
        direct: list[Quote] = []
        prev_end: dict[int, int] = {}
        for _, item in items:
            quote = self._direct(item, direct + indirect, prev_end)
            if quote is not None:
                direct.append(quote)
        kept = [q for q in indirect if not _covered(q, direct)]
        return sorted(direct + kept, key=lambda q: q.span[0])

    def _indirect(self) -> list[Quote]:
        """Reported speech per sentence; a following sentence in reported mood (German
        Konjunktiv I, lexicon ``subjunctive_forms``) continues it with the same speaker."""
        out: list[Quote] = []
        last: Quote | None = None
        for sent in self.doc.sentences or [(0, len(self.text))]:
            rep = reported(self.text, sent, self.lex, self.linker)
            quote = None
            if rep is not None:
                quote = _quote(self.doc.text, rep.span, rep.speaker, rep.verb, direct=False)
            elif last is not None and self._para_of(last.span[0]) == self._para_of(sent[0]):
                span = subjunctive(self.text, sent, self.lex)
                if span is not None:
                    quote = _quote(self.doc.text, span, _speaker_of(last), last.verb, direct=False)
            if quote is not None:
                out.append(quote)
            last = quote if quote is not None and quote.speaker else None
        return out

    def _para_of(self, pos: int) -> int:
        return next((k for k, (s, e) in enumerate(self.paras) if s <= pos < e), len(self.paras) - 1)

    def _direct(
        self, item: Segment | int, found: list[Quote], prev_end: dict[int, int]
    ) -> Quote | None:
        if isinstance(item, int):
            return self._orphan(item, prev_end)
        para = self._para_of(item.start)
        prev_end[para] = item.end
        inner = _strip(self.text, item.inner)
        if inner[1] <= inner[0]:
            return None
        attr = (
            after(self.text, item.end, self.lex, self.linker, self.scanner.marks)
            if item.closed
            else None
        )
        if attr is None:
            attr = before(
                self.text, self._lead_in(item.start, para), item.start, self.lex, self.linker
            )
        body = self.text[inner[0] : inner[1]]
        words = word_count(body)
        sentence = _sentence_like(body)
        long_enough = (words >= self.lex.min_words and not _title(body)) or (
            sentence and words >= 2
        )
        if (
            attr is not None
            and attr.near
            and (_title(body) or (not long_enough and self._modifier(item.end)))
        ):
            attr = (
                None  # a title ('said on "This Week"') or a modifier ('„historischen“ Beschluss')
            )
        if attr is not None and (attr.tight or long_enough):
            return _quote(self.doc.text, inner, attr.speaker, attr.verb, direct=True)
        if not long_enough:
            return None
        prior = self._continued(item.start, para, found)
        if prior is not None:
            return _quote(self.doc.text, inner, _speaker_of(prior), prior.verb, direct=True)
        if sentence and words >= self.lex.min_words:
            return _quote(self.doc.text, inner, None, None, direct=True)
        return None

    def _modifier(self, end: int) -> bool:
        """Does a noun of the same phrase follow the closing mark ("„historischen“ Beschluss")?"""
        rest = self.text[end : end + 40].lstrip(" ")
        first = rest.split(" ", 1)[0]
        if not self.lex.capitalised_nouns or not first[:1].isupper() or not first.isalpha():
            return False  # only a capitalised noun shows the phrase goes on
        return not self.lex.is_saying(first)

    def _lead_in(self, start: int, para: int) -> int:
        """Where the words leading into a quote begin: its sentence, or the previous paragraph's
        last sentence when the quote opens a paragraph after one that ends with a colon."""
        pstart = self.paras[para][0]
        if start == pstart and para > 0:
            prev_start, prev_end = self.paras[para - 1]
            if self.text[prev_start:prev_end].rstrip().endswith(":"):
                return sentence_start(self.text, prev_end, prev_start)
        return sentence_start(self.text, start, pstart)

    def _orphan(self, pos: int, prev_end: dict[int, int]) -> Quote | None:
        """A closing mark without opening mark: a quote only when an attribution follows."""
        attr: Attribution | None = after(
            self.text, pos + 1, self.lex, self.linker, self.scanner.marks
        )
        if attr is None or not attr.tight:
            return None
        para = self._para_of(pos)
        start = self.paras[para][0]
        if para in prev_end and prev_end[para] < pos:
            start = sentence_start(self.text, pos, prev_end[para])
        inner = _strip(self.text, (start, pos))
        if word_count(self.text[inner[0] : inner[1]]) < 2:
            return None
        prev_end[para] = pos + 1
        return _quote(self.doc.text, inner, attr.speaker, attr.verb, direct=True)

    def _continued(self, start: int, para: int, found: list[Quote]) -> Quote | None:
        """The attributed quote this one continues (same or previous paragraph, close before)."""
        before_it = [q for q in found if q.span[1] <= start and q.speaker is not None]
        if not before_it:
            return None
        prior = max(before_it, key=lambda q: q.span[1])
        if start - prior.span[1] > CONTINUATION_GAP or self._para_of(prior.span[1] - 1) < para - 1:
            return None
        return prior


def _speaker_of(q: Quote) -> Speaker | None:
    if q.speaker is None or q.speaker_span is None:
        return None
    return Speaker(q.speaker, q.speaker_span, q.speaker_entity)


def _quote(
    text: str, span: tuple[int, int], speaker: Speaker | None, verb: str | None, direct: bool
) -> Quote:
    return Quote(
        text=text[span[0] : span[1]],
        span=span,
        speaker=speaker.text if speaker else None,
        speaker_span=speaker.span if speaker else None,
        verb=verb,
        direct=direct,
        speaker_entity=speaker.entity if speaker else None,
    )


def _strip(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Trim spaces and a trailing comma from a quote's inner span."""
    s, e = span
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
        e -= 1
    return s, e


def _title(inner: str) -> bool:
    """A name or title in title case ("Zimbabwe African National Union"), not speech."""
    tokens = [t for t in inner.split() if t[:1].isalpha()]
    return (
        bool(tokens)
        and inner.rstrip()[-1:] not in ".!?…"
        and all(t[:1].isupper() or len(t) <= 3 for t in tokens)
    )


def _sentence_like(inner: str) -> bool:
    inner = inner.strip()
    return bool(inner) and inner[0].isupper() and inner[-1] in ".!?…"


def _covered(q: Quote, direct: list[Quote]) -> bool:
    """An indirect quote that lies mostly inside direct quotes is not reported again."""
    size = max(1, q.span[1] - q.span[0])
    inside = sum(max(0, min(q.span[1], d.span[1]) - max(q.span[0], d.span[0])) for d in direct)
    return inside / size > 0.5
