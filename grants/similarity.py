"""Similar projects: which proposals resemble one proposal, and why.

Computed once per submission (grants.tasks) and kept in ProposalSimilarity, so pages only read. At scale
the candidates come from indexes, then a few hundred are re-ranked here:
- PostgreSQL: the proposal's rarest words (the planner's statistics of the search vector), common ones
  AND-grouped, as a query on the GIN-indexed search vector (migration 0012; grants.planner's settings), at
  most MATCHED rows read, the best ts_rank first; plus its organisation's proposals and those sharing a
  partner's name;
- SQLite (demo): the latest proposals, a small table.
Text similarity is the mean of a TF-IDF cosine (IDF over the candidates, so the words every proposal of an
anti-poverty fund uses weigh little) and the Jaccard index of three-word shingles (a near-copy shares long
runs of words, a proposal on the same theme does not).
"""

import math
import re
import unicodedata
from collections import Counter

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone

from . import planner
from .models import Partner, Proposal, ProposalSimilarity
from .states import COMMITTED_STATES, State

TEXT_FIELDS = ("title", "objectives", "public_summary", "expected_results", "mission", "problem_statement",
               "target_population", "territory_details", "concerns", "complementarity")
# The state too: django-fsm reads it when a row is loaded, one query per row if it were deferred.
READ = ("state", "organisation_id", "application_id", "start_date", "end_date", *TEXT_FIELDS)
CANDIDATES = 200
QUERY_WORDS = 24
MATCHED = 2000  # the most rows read and ranked to find the text candidates
LISTED = 0.3  # the lowest score kept
HIGH_TEXT = 0.5  # text similarity that, with the same organisation and overlapping dates, warns
WEIGHTS = {"text": 0.6, "same_organisation": 0.15, "shared_partners": 0.1, "territory": 0.075, "dates": 0.075}
# States in which the other proposal is funded or may still be: funding both would fund one project twice.
RISK_STATES = (State.SUBMITTED, State.UNDER_ANALYSIS, State.CHANGES_REQUESTED, State.RECOMMENDED,
               State.NOT_RECOMMENDED, State.INTENT_SUBMITTED, State.SHORTLISTED, *COMMITTED_STATES)
STOPWORDS = frozenset("""
alors aussi autre autres avec avoir bien cela ces cet cette ceux chaque comme dans des deux donc dont elle
elles entre est etre fait faire leur leurs lors mais meme moins notre nous par pas peu plus pour quand que
qui sans selon ses son sont sous sur tous tout toute toutes tres une vers vos votre etc ainsi afin aux
les des ont
""".split())
WORD = re.compile(r"[a-z]+")


def words(text):
    """Lower case, accents dropped, short and common words left out, a crude plural folded (-s, -x)."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    found = []
    for word in WORD.findall(plain):
        if len(word) < 3 or word in STOPWORDS:
            continue
        if len(word) > 4 and word[-1] in "sx":
            word = word[:-1]
        found.append(word)
    return found


def text_of(proposal):
    return " ".join(getattr(proposal, name) or "" for name in TEXT_FIELDS)


def _shingles(tokens):
    return {tuple(tokens[i:i + 3]) for i in range(len(tokens) - 2)}


def _cosine(a, b, idf):
    dot = sum(count * b[word] * idf[word] ** 2 for word, count in a.items() if word in b)
    norm = math.sqrt(sum((c * idf[w]) ** 2 for w, c in a.items())) * math.sqrt(
        sum((c * idf[w]) ** 2 for w, c in b.items()))
    return dot / norm if norm else 0.0


def text_similarities(tokens, others):
    """{id: similarity in [0, 1]} of one token list against {id: token list}."""
    counts = {pk: Counter(other) for pk, other in others.items()}
    mine = Counter(tokens)
    documents = [mine, *counts.values()]
    frequency = Counter(word for document in documents for word in document)
    idf = {word: math.log((1 + len(documents)) / (1 + seen)) + 1 for word, seen in frequency.items()}
    shingles = _shingles(tokens)
    found = {}
    for pk, other in others.items():
        theirs = _shingles(other)
        union = shingles | theirs
        jaccard = len(shingles & theirs) / len(union) if union else 0.0
        found[pk] = round((_cosine(mine, counts[pk], idf) + jaccard) / 2, 3)
    return found


def candidate_ids(proposal, tokens):
    others = Proposal.objects.exclude(state=State.DRAFT).exclude(pk=proposal.pk)
    ids = set(others.filter(organisation_id=proposal.organisation_id).order_by("-id")
              .values_list("pk", flat=True)[:50])
    names = [name.upper() for name in Partner.objects.filter(proposal=proposal).values_list("name", flat=True)]
    if names:
        # The expression of the partners' trigram index (migration 0012), which serves equality too.
        shared = Partner.objects.annotate(upper_name=Upper("name")).filter(upper_name__in=names)
        ids |= set(shared.exclude(proposal=proposal).exclude(proposal__state=State.DRAFT)
                   .values_list("proposal_id", flat=True)[:50])
    if connection.vendor == "postgresql":
        ids |= _text_candidates(proposal, tokens)
    else:
        ids |= set(others.order_by("-id").values_list("pk", flat=True)[:CANDIDATES])
    return ids


def _text_candidates(proposal, tokens):
    """The CANDIDATES proposals whose search vector best matches this one's rarest words, reading at most
    MATCHED rows: the words are the proposal's own lexemes, their frequencies the planner's statistics of
    the search vector (pg_stats); common words are grouped with AND so that the query stays selective."""
    with connection.cursor() as cursor:
        cursor.execute(_LEXEMES, [proposal.pk])
        rows = cursor.fetchall()[:QUERY_WORDS]
        if rows and rows[0][2] is not None:
            floor, total = rows[0][2], rows[0][3]
            # Lexemes already normalised: cast, not to_tsquery, which would stem them again.
            frequency = {lexeme: floor / 2 if share is None else share for lexeme, share, _floor, _total in rows}
            query, ranked, parse = _grouped(list(frequency), frequency, total), " | ".join(
                f"'{lexeme}'" for lexeme in frequency), "CAST(%s AS tsquery)"
        else:
            # No statistics yet (a small or never analysed table): the proposal's most frequent words.
            query = ranked = " | ".join(word for word, _count in Counter(tokens).most_common(QUERY_WORDS))
            parse = "to_tsquery('concerto_french', %s)"
    if not query:
        return set()
    with planner.local_settings(planner.TEXT_MATCHING), connection.cursor() as cursor:
        cursor.execute(
            f"WITH matched AS MATERIALIZED (SELECT id, search_vector FROM grants_proposal "
            f"WHERE search_vector @@ {parse} AND state <> %s AND id <> %s LIMIT %s) "
            f"SELECT id FROM matched ORDER BY ts_rank(search_vector, {parse}) DESC, id DESC LIMIT %s",
            [query, State.DRAFT, proposal.pk, MATCHED, ranked, CANDIDATES])
        return {row[0] for row in cursor.fetchall()}


# The proposal's lexemes, rarest first, with their share of rows from the column's statistics (null when
# not among the ~1,000 most common: rarer than the floor, the lowest listed share) and the table's rows.
_LEXEMES = """
WITH stats AS (
    SELECT most_common_elems::text::text[] AS lexemes, most_common_elem_freqs AS freqs FROM pg_stats
    WHERE schemaname = current_schema() AND tablename = 'grants_proposal' AND attname = 'search_vector'),
known AS (SELECT unnest(lexemes) AS lexeme, unnest(freqs[1:cardinality(lexemes)]) AS freq FROM stats)
SELECT mine.lexeme, known.freq, (SELECT freqs[cardinality(lexemes) + 1] FROM stats),
       (SELECT reltuples FROM pg_class WHERE oid = 'grants_proposal'::regclass)
FROM unnest((SELECT search_vector FROM grants_proposal WHERE id = %s)) AS mine
LEFT JOIN known USING (lexeme)
WHERE mine.lexeme ~ '^[a-z][a-z-]{2,}$'
ORDER BY known.freq NULLS FIRST, cardinality(mine.positions) DESC, mine.lexeme
"""


def _grouped(lexemes, frequency, total):
    """An OR of AND groups of the lexemes whose expected matches (independent words) stay under MATCHED / 4:
    a near-copy has every word, so it matches every group. The groups take every n-th word, so that words
    of one sentence, often equally rare, fall in different groups."""
    for size in (1, 2, 3, 4):
        count = max(1, len(lexemes) // size)
        groups = [lexemes[index::count][:size] for index in range(count)]
        expected = total * sum(math.prod(frequency[word] for word in group) for group in groups)
        if expected <= MATCHED / 4:
            break
    return " | ".join("(" + " & ".join(f"'{word}'" for word in group) + ")" for group in groups)


def compute(proposal_id):
    """Replace the proposal's similar projects, both ways; the number kept. A missing proposal or a draft
    computes nothing."""
    proposal = Proposal.objects.filter(pk=proposal_id).exclude(state=State.DRAFT).only(*READ).first()
    if proposal is None:
        return 0
    tokens = words(text_of(proposal))
    ids = candidate_ids(proposal, tokens)
    rows = Proposal.objects.filter(pk__in=ids).only(*READ)
    others = {row.pk: row for row in rows}
    texts = text_similarities(tokens, {pk: words(text_of(row)) for pk, row in others.items()})
    partners = _partner_names([proposal.pk, *others])
    mrcs = _mrc_ids([proposal.pk, *others])
    now = timezone.now()
    kept = []
    application = proposal.application_id or proposal.pk
    for pk, other in others.items():
        if (other.application_id or other.pk) == application:
            continue  # another funder's file of the same shared application: co-funding, not double funding
        signals = {
            "text": texts[pk],
            "same_organisation": other.organisation_id == proposal.organisation_id,
            "shared_partners": sorted(partners.get(proposal.pk, set()) & partners.get(pk, set()))[:5],
            "territory": bool(mrcs.get(proposal.pk, set()) & mrcs.get(pk, set())),
            "dates": _dates_overlap(proposal, other),
        }
        score = round(sum(WEIGHTS[name] * float(bool(value) if name != "text" else value)
                          for name, value in signals.items()), 3)
        if score >= LISTED and signals["text"] >= 0.15:
            kept.append((pk, score, signals))
    with transaction.atomic():
        ProposalSimilarity.objects.filter(Q(proposal_id=proposal.pk) | Q(other_id=proposal.pk)).delete()
        # The row of the proposal with itself says "computed" (the sweep looks for proposals without it).
        ProposalSimilarity.objects.bulk_create(
            [ProposalSimilarity(proposal_id=proposal.pk, other_id=proposal.pk, score=1, signals={}, computed_at=now)]
            + [ProposalSimilarity(proposal_id=a, other_id=b, score=score, signals=signals, computed_at=now)
               for pk, score, signals in kept for a, b in ((proposal.pk, pk), (pk, proposal.pk))])
    return len(kept)


def _partner_names(proposal_ids):
    found = {}
    for proposal_id, name in Partner.objects.filter(proposal_id__in=proposal_ids).values_list("proposal_id", "name"):
        found.setdefault(proposal_id, set()).add(" ".join(name.split()).casefold())
    return found


def _mrc_ids(proposal_ids):
    found = {}
    through = Proposal.mrcs.through.objects.filter(proposal_id__in=proposal_ids)
    for proposal_id, territory_id in through.values_list("proposal_id", "territory_id"):
        found.setdefault(proposal_id, set()).add(territory_id)
    return found


def _dates_overlap(a, b):
    if None in (a.start_date, a.end_date, b.start_date, b.end_date):
        return False
    return a.start_date <= b.end_date and b.start_date <= a.end_date


def is_double_funding_risk(signals, other_state):
    return (signals.get("same_organisation") and signals.get("text", 0) >= HIGH_TEXT and signals.get("dates")
            and other_state in RISK_STATES)
