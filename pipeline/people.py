"""People resolution: officials named in many articles become one `people` row with a timeline.

Extraction stores one officials row per person per article, each pointing at a person keyed by
the name as written.  Across articles the same official appears with or without honorifics
("H Siswansyah", "Siswansyah"), in full or in part ("Sunardy Syahid", "Sunardy"), and under
spelling variants.  This stage groups those rows:

- the same name, once honorifics and degrees are dropped, is the same person (a one-word name
  only within the same region or organization: one-word names are common);
- a partial name joins a fuller one when both are tied to the same region or organization and
  exactly one fuller name fits;
- everything less certain (a partial name that fits several people or none in its context, a
  spelling variant, a one-word name in another region) is *not* merged but recorded in
  `person_candidates`, so a reviewer decides and nothing is merged silently.

Resolution reads officials_current, the officials after reviewers' corrections: an official a
reviewer added or renamed is resolved like any other, and one they rejected makes no person.  The
person of every current row is recorded in person_sightings (reviewers' rows live in no table);
machine officials rows also carry it in person_id, and lose it when a reviewer overrode them.

It runs after every run, incrementally and deterministically: only the officials that changed since
the last pass (new, renamed, gone) are resolved again, together with the people whose names share a
word with theirs; everyone else keeps their row.  Merge candidates come from pairs of names sharing
a word, leaving out words that more than MAX_WORD_NAMES names share (Muhammad, Siti say nothing of
who is who), so the work grows with the new officials, not with the base.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import sqlite_utils
from rapidfuzz import fuzz

from .database import fact_id, transaction
from .judgements import HUMAN_ID_PREFIX
from .normalization import bare_word, name_titles

SPELLING_THRESHOLD = 88.0  # rapidfuzz ratio above which two different names may be one person
MAX_WORD_NAMES = 50  # a word shared by more names than this makes no candidates and widens no pass


@lru_cache(maxsize=65536)  # a pass reads every sighting of the people it touches: their names repeat
def plain_name(name: str) -> str:
    """The name without honorifics and degrees, original casing kept ("H. Ali Umar, S.Sos" -> "Ali Umar")."""
    head = name.split(",")[0]  # degrees follow a comma: "Ali Umar, S.Sos, M.Si"
    tokens = [t for t in head.split() if bare_word(t) and bare_word(t) not in name_titles()]
    return " ".join(tokens).strip(" .,-")


@lru_cache(maxsize=65536)
def name_key(name: str) -> tuple[str, ...]:
    """The comparable form of a name: lowercase tokens without titles or punctuation."""
    return tuple(bare_word(t) for t in plain_name(name).replace("-", " ").split() if bare_word(t))


def is_partial_of(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether `short` is a shorter way of writing `full`: its words appear in `full` in order,
    an initial standing for a word it begins ("m yusuf" of "muhammad yusuf")."""
    if not short or len(short) > len(full) or short == full:
        return False
    position = 0
    for token in short:
        while position < len(full) and not (full[position] == token or
                                             (len(token) == 1 and full[position].startswith(token))):
            position += 1
        if position == len(full):
            return False
        position += 1
    return True


@dataclass(frozen=True)
class Sighting:
    """One officials row: a person named with an office in one article."""

    official_id: str
    name: str
    article_id: str
    position: str | None = None
    organization: str | None = None
    region_code: str | None = None
    date: str | None = None  # ISO date of the event or publication, if known


@dataclass
class Person:
    """A resolved person: every sighting believed to be them."""

    id: str
    name: str
    sightings: list[Sighting]

    @property
    def aliases(self) -> list[str]:
        return sorted({s.name for s in self.sightings})

    def latest(self) -> Sighting:
        return max(self.sightings, key=lambda s: (s.date or "", s.official_id))


@dataclass(frozen=True)
class Candidate:
    """Two people who may be one: kept apart until someone confirms it."""

    person_id: str
    other_person_id: str
    score: float
    reason: str


@dataclass
class Resolution:
    people: list[Person] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)


@dataclass
class _Node:
    """Sightings sharing one name key (and, for one-word names, one context)."""

    key: tuple[str, ...]
    sightings: list[Sighting]

    @property
    def regions(self) -> set[str]:
        return {s.region_code for s in self.sightings if s.region_code}

    @property
    def organizations(self) -> set[str]:
        return {s.organization.casefold() for s in self.sightings if s.organization}


def _context_matches(a: _Node, b: _Node) -> bool:
    """Same region, or (where neither says a region) the same organization."""
    if a.regions or b.regions:
        return bool(a.regions & b.regions)
    return bool(a.organizations & b.organizations)


def _nodes(sightings: Iterable[Sighting]) -> list[_Node]:
    """Group by name key; a one-word name is grouped only with sightings of the same context."""
    by_key: dict[tuple[str, ...], list[Sighting]] = defaultdict(list)
    for sighting in sorted(sightings, key=lambda s: (s.date or "", s.official_id)):
        key = name_key(sighting.name)
        if key:
            by_key[key].append(sighting)
    nodes: list[_Node] = []
    for key in sorted(by_key):
        if len(key) > 1:
            nodes.append(_Node(key, by_key[key]))
            continue
        groups: list[_Node] = []
        for sighting in by_key[key]:
            single = _Node(key, [sighting])
            home = next((g for g in groups if _context_matches(g, single)), None)
            if home:
                home.sightings.append(sighting)
            else:
                groups.append(single)
        nodes.extend(groups)
    return nodes


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _display_name(sightings: list[Sighting]) -> str:
    """The fullest plain name, the most frequent among equally full ones."""
    return _fullest(Counter(plain_name(s.name) for s in sightings))


def _fullest(counts: Counter[str]) -> str:
    """Of plain names counted by sightings: the one of most words, then the most frequent."""
    return min(counts, key=lambda n: (-len(n.split()), -counts[n], n))


Doubt = tuple[int, int, float, str]  # two nodes that may be one person: score, reason


def resolve(sightings: Iterable[Sighting], taken: Iterable[str] = ()) -> Resolution:
    """Group sightings into people; doubtful pairs become candidates instead of merges.  `taken`:
    ids of people outside these sightings, which a person found here must not reuse."""
    nodes = _nodes(sightings)
    union = _UnionFind(len(nodes))
    by_token = _token_index(nodes)
    doubts = _merge_partial_names(nodes, by_token, union) + _similar_names(nodes, by_token)
    people, person_of = _people(nodes, union, set(taken))
    return Resolution(people, _candidates(doubts, person_of))


def _token_index(nodes: list[_Node]) -> dict[str, set[int]]:
    """Nodes by each word of their name key."""
    by_token: dict[str, set[int]] = defaultdict(set)
    for i, node in enumerate(nodes):
        for token in node.key:
            by_token[token].add(i)
    return by_token


def _merge_partial_names(nodes: list[_Node], by_token: dict[str, set[int]], union: _UnionFind) -> list[Doubt]:
    """Join a partial name to the one fuller name it fits in context; doubts where it fits several or
    fits without a shared region or organization."""
    doubts: list[Doubt] = []
    for i in sorted(range(len(nodes)), key=lambda n: (-len(nodes[n].key), n)):  # longer partials first
        short = nodes[i]
        words = [t for t in short.key if len(t) > 1]
        pool = set.intersection(*(by_token[t] for t in words)) if words else set(range(len(nodes)))
        fuller = sorted(j for j in pool if is_partial_of(short.key, nodes[j].key))
        in_context = [j for j in fuller if _context_matches(short, nodes[j])]
        if len({union.find(j) for j in in_context}) == 1:
            union.union(i, in_context[0])
            continue
        for j in fuller:
            if j in in_context:
                doubts.append((i, j, 0.7, "partial name fits several people in the same region or organization"))
            else:
                doubts.append((i, j, 0.5, "partial name, no shared region or organization"))
    return doubts


def _similar_names(nodes: list[_Node], by_token: dict[str, set[int]]) -> list[Doubt]:
    """Doubts between the same one-word name in two contexts and between spelling variants."""
    doubts: list[Doubt] = []
    for i, a in enumerate(nodes):
        neighbours = set().union(*(by_token[t] for t in a.key if len(by_token[t]) <= MAX_WORD_NAMES))
        for j in sorted(n for n in neighbours if n > i):
            b = nodes[j]
            if a.key == b.key:
                doubts.append((i, j, 0.6, "same one-word name in another region or organization"))
            elif len(a.key) == len(b.key):
                ratio = fuzz.ratio(" ".join(a.key), " ".join(b.key))
                if ratio >= SPELLING_THRESHOLD:
                    doubts.append((i, j, round(ratio / 100, 2), "spelling variant of the name"))
    return doubts


def _people(nodes: list[_Node], union: _UnionFind, taken: set[str]) -> tuple[list[Person], dict[int, str]]:
    """One person per joined group of nodes, and the person id of each node."""
    clusters: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        clusters[union.find(i)].append(i)
    people: list[Person] = []
    person_of: dict[int, str] = {}
    for root in sorted(clusters):
        members = [s for i in clusters[root] for s in nodes[i].sightings]
        name = _display_name(members)
        person_id = fact_id("person", name.casefold())
        if person_id in taken:  # a one-word name shared by different people
            person_id = fact_id("person", name.casefold(), min(s.official_id for s in members))
        taken.add(person_id)
        people.append(Person(person_id, name, sorted(members, key=lambda s: (s.date or "", s.official_id))))
        for i in clusters[root]:
            person_of[i] = person_id
    return people, person_of


def _candidates(doubts: list[Doubt], person_of: dict[int, str]) -> list[Candidate]:
    """The strongest doubt between each two different people, as a merge candidate."""
    best: dict[tuple[str, str], Candidate] = {}
    for i, j, score, reason in doubts:
        a, b = sorted((person_of[i], person_of[j]))
        if a != b and ((a, b) not in best or best[(a, b)].score < score):
            best[(a, b)] = Candidate(a, b, score, reason)
    return [best[pair] for pair in sorted(best)]


def _sightings(db: sqlite_utils.Database, official_ids: list[str]) -> list[Sighting]:
    """These current officials rows, dated by the article's (corrected) event date.  Read article by
    article: a condition on article_id reaches inside the officials_current view, a list of ids does
    not (each pass scanned every official of the base)."""
    wanted = json.dumps(official_ids)
    articles = [row[0] for row in db.execute(
        f"""SELECT article_id FROM officials WHERE id IN (SELECT value FROM json_each(?))
            UNION SELECT article_id FROM judgements WHERE id IN
            (SELECT CAST(substr(value, {len(HUMAN_ID_PREFIX) + 1}) AS INTEGER) FROM json_each(?)
             WHERE value LIKE '{HUMAN_ID_PREFIX}%')""", [wanted, wanted])]
    ids, sightings = set(official_ids), []
    for article_id in sorted(articles):
        rows = db.execute(
            """SELECT o.id, o.name, o.article_id, o.position, o.organization, o.region_code,
                      COALESCE((SELECT e.date FROM event_dates_current e WHERE e.article_id = ?
                                ORDER BY e.origin = 'machine', e.start LIMIT 1), a.published)
               FROM officials_current o JOIN articles a ON a.id = o.article_id
               WHERE o.article_id = ? AND o.name IS NOT NULL AND trim(o.name) != ''""", [article_id, article_id])
        sightings += [Sighting(*row) for row in rows if row[0] in ids]
    return sightings


def _person_sightings(db: sqlite_utils.Database, person_id: str, articles: list[str] | None = None) -> list[Sighting]:
    """The person's current officials rows (in these articles, or all), undated: machine rows by their
    resolved person_id (a row a reviewer overrode has lost it), reviewers' rows through the view."""
    where = "" if articles is None else " AND o.article_id IN (SELECT value FROM json_each(?))"
    person = "o.person_id" if articles is None else "+o.person_id"  # the few articles' rows, not all the person's
    machine = [Sighting(*row) for row in db.execute(
        "SELECT o.id, o.name, o.article_id, o.position, o.organization, o.region_code FROM officials o "
        "JOIN person_sightings ps ON ps.official_id = o.id AND ps.person_id = o.person_id "  # resolved: a new
        f"WHERE {person} = ?{where}", [person_id, *([json.dumps(articles)] if where else [])])]  # row's placeholder
    human = [row[0] for row in db.execute(  # person may carry the same id
        f"SELECT official_id FROM person_sightings WHERE person_id = ? AND official_id LIKE '{HUMAN_ID_PREFIX}%'",
        [person_id])]
    reviewed = _sightings(db, human) if human else []
    return machine + [s for s in reviewed if articles is None or s.article_id in articles]


@dataclass
class _Pass:
    """What one resolution pass redoes: the officials rows and the people they held before."""

    official_ids: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)


def _changed(db: sqlite_utils.Database, articles: tuple[set[str], set[str]]) -> _Pass:
    """Officials rows new or renamed since the last pass, those gone (re-extracted, rejected), and
    the people they were with, then everyone whose name shares a word with theirs."""
    changed = _Pass()
    names = []
    new, judged = articles
    current: set[str] = set()
    for article_id in sorted(new | judged):  # article by article: the condition reaches inside the view
        for official_id, name, person_id, machine_person, resolved in db.execute(
                """SELECT o.id, o.name, ps.person_id, o.person_id, ps.official_id IS NOT NULL AND EXISTS
                          (SELECT 1 FROM person_aliases pa WHERE pa.person_id = ps.person_id AND pa.alias = o.name)
                   FROM officials_current o LEFT JOIN person_sightings ps ON ps.official_id = o.id
                   WHERE o.article_id = ? AND o.name IS NOT NULL AND trim(o.name) != ''""", [article_id]):
            current.add(official_id)
            if not resolved:
                changed.official_ids.add(official_id)
                changed.people.update(p for p in (person_id, machine_person) if p)
                names.append(name)
    for official_id, person_id in _gone_sightings(db, judged, current):
        changed.official_ids.add(official_id)
        changed.people.add(person_id)
    for official_id, person_id in db.execute(  # a machine row overridden or rejected before it was resolved
            "SELECT id, person_id FROM officials WHERE person_id IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM person_sightings ps WHERE ps.official_id = officials.id)"):
        changed.official_ids.add(official_id)
        changed.people.add(person_id)
    changed.people |= _people_sharing_words(db, names)
    return changed


def _articles_to_check(db: sqlite_utils.Database) -> tuple[set[str], set[str]]:
    """The articles whose current officials may have changed since the last pass: those holding a
    machine row not yet resolved, and those where reviewers judged officials (only a judgement
    renames, adds or rejects one; re-extraction writes new rows)."""
    new = {row[0] for row in db.execute("SELECT DISTINCT article_id FROM officials o WHERE NOT EXISTS "
                                        "(SELECT 1 FROM person_sightings ps WHERE ps.official_id = o.id)")}
    judged = {row[0] for row in db.execute("SELECT DISTINCT article_id FROM judgements WHERE fact_table = 'officials'")}
    return new, judged


def _gone_sightings(db: sqlite_utils.Database, judged: set[str], current: set[str]) -> list[tuple[str, str]]:
    """Sightings whose officials row is no longer current: a machine row gone with a re-extraction,
    or, in a judged article, one rejected or edited to no name, or a reviewer's row withdrawn."""
    gone = db.execute(f"""SELECT official_id, person_id FROM person_sightings ps
                          WHERE official_id NOT LIKE '{HUMAN_ID_PREFIX}%'
                            AND NOT EXISTS (SELECT 1 FROM officials o WHERE o.id = ps.official_id)""").fetchall()
    in_judged = db.execute(
        f"""SELECT ps.official_id, ps.person_id FROM person_sightings ps JOIN officials o ON o.id = ps.official_id
            WHERE o.article_id IN (SELECT value FROM json_each(?))
            UNION ALL
            SELECT official_id, person_id FROM person_sightings WHERE official_id LIKE '{HUMAN_ID_PREFIX}%'""",
        [json.dumps(sorted(judged))]).fetchall()
    return gone + [(official_id, person_id) for official_id, person_id in in_judged if official_id not in current]


def _people_sharing_words(db: sqlite_utils.Database, names: list[str]) -> set[str]:
    """People one of whose aliases shares a word (not a common one) with one of the names."""
    words = {token for name in names for token in name_key(name)}
    if not words:
        return set()
    holders: dict[str, set[str]] = defaultdict(set)
    for person_id, key in db.execute("SELECT person_id, name_key FROM person_aliases"):
        for token in set(key.split()) & words:
            holders[token].add(person_id)
    return {p for token, people in holders.items() if len(people) <= MAX_WORD_NAMES for p in people}


def resolve_database(db: sqlite_utils.Database) -> Resolution:
    """Resolve the officials that changed since the last pass, with the people they touch, in one
    transaction; returns what this pass resolved (officials joining a known person by name apart)."""
    with transaction(db):
        articles = _articles_to_check(db)
        _join_known_names(db, articles)
        changed = _changed(db, articles)  # the articles of the joined officials are checked again: all resolved
        if not changed.official_ids:
            return Resolution()
        changed.official_ids |= {row[0] for row in db.execute(
            "SELECT official_id FROM person_sightings WHERE person_id IN (SELECT value FROM json_each(?))",
            [json.dumps(sorted(changed.people))])}
        others = {row[0] for row in db.execute("SELECT id FROM people WHERE id NOT IN (SELECT value FROM json_each(?))",
                                               [json.dumps(sorted(changed.people))])}
        resolution = resolve(_sightings(db, sorted(changed.official_ids)), taken=others)
        _store(db, resolution, changed)
    return resolution


def _join_known_names(db: sqlite_utils.Database, articles: tuple[set[str], set[str]]) -> None:
    """New officials written exactly as a known person's alias of several words join that person
    directly where a pass would put them there too, changing nothing else: the name's node only
    grows, and its contexts either stay (region and organization already among its sightings') or
    are read by no merge (no other known name is a part of it or has it as a part).  So a busy
    official's next article costs a few rows, not a pass over all their sightings.  Where the
    person's display name or latest position could change, the official is left to a pass."""
    new, judged = articles
    person_of = {official_id: person_id for article_id in sorted(new | judged) for official_id, person_id in db.execute(
        """SELECT o.id, pa.person_id FROM officials_current o JOIN person_aliases pa ON pa.alias = o.name
           WHERE o.article_id = ? AND NOT EXISTS (SELECT 1 FROM person_sightings ps WHERE ps.official_id = o.id)
             AND pa.name_key LIKE '% %'
             AND NOT EXISTS (SELECT 1 FROM person_aliases other
                             WHERE other.alias = o.name AND other.person_id != pa.person_id)""", [article_id])}
    if not person_of:
        return
    by_person: dict[str, list[Sighting]] = defaultdict(list)
    for sighting in _sightings(db, sorted(person_of)):
        by_person[person_of[sighting.official_id]].append(sighting)
    keys = _KnownKeys(db)
    for person_id, sightings in sorted(by_person.items()):
        alone = [s for s in sightings if keys.alone(name_key(s.name))]
        known = _person_sightings(db, person_id) if len(alone) < len(sightings) else []
        joining = alone + [s for s in sightings if s not in alone and _in_known_context(known, s)]
        if joining and _keeps_person_row(db, person_id, joining):
            _join(db, person_id, joining)


class _KnownKeys:
    """The name keys of all known aliases, by word, read once a pass."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.by_token: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        self.initials: set[tuple[str, ...]] = set()  # a part of any name with words of those letters
        for (key,) in db.execute("SELECT DISTINCT name_key FROM person_aliases"):
            words = tuple(key.split())
            for token in words:
                self.by_token[token].add(words)
            if all(len(token) == 1 for token in words):
                self.initials.add(words)

    def alone(self, key: tuple[str, ...]) -> bool:
        """Whether no other known name is a part of this one or has it as a part."""
        if all(len(token) == 1 for token in key):
            return False
        others = set().union(self.initials, *(self.by_token.get(token, set()) for token in key)) - {key}
        return not any(is_partial_of(other, key) or is_partial_of(key, other) for other in others)


def _in_known_context(known: list[Sighting], sighting: Sighting) -> bool:
    """Whether the person's sightings under this name already hold the sighting's region and organization."""
    same_name = [s for s in known if name_key(s.name) == name_key(sighting.name)]
    regions = {s.region_code for s in same_name if s.region_code}
    organizations = {s.organization.casefold() for s in same_name if s.organization}
    return ((not sighting.region_code or sighting.region_code in regions)
            and (not sighting.organization or sighting.organization.casefold() in organizations))


def _keeps_person_row(db: sqlite_utils.Database, person_id: str, joining: list[Sighting]) -> bool:
    """Whether the person keeps their display name and a latest sighting that is surely older or newer
    than the joining ones (a tie is left to a pass, which orders by official id)."""
    name, last_seen = db.execute("SELECT name, last_seen FROM people WHERE id = ?", [person_id]).fetchone()
    counts: Counter[str] = Counter()
    for alias, count in db.execute("SELECT alias, officials_count FROM person_aliases WHERE person_id = ?",
                                   [person_id]):
        counts[plain_name(alias)] += count
    counts.update(plain_name(s.name) for s in joining)
    if _fullest(counts) != name:
        return False
    return all(s.date != last_seen and (s.date or last_seen) for s in joining)


def _join(db: sqlite_utils.Database, person_id: str, joining: list[Sighting]) -> None:
    """Record the sightings as the person's and bring the person's row and aliases up to date."""
    row = _joined_person_row(db, person_id, joining)
    ids = json.dumps([s.official_id for s in joining])
    placeholders = json.dumps([r[0] for r in db.execute(  # the person ids storage gave the rows by name as written
        "SELECT DISTINCT person_id FROM officials WHERE id IN (SELECT value FROM json_each(?)) AND person_id != ?",
        [ids, person_id])])
    db.conn.executemany("INSERT INTO person_sightings (official_id, person_id) VALUES (?, ?)",
                        [(s.official_id, person_id) for s in joining])
    db.conn.executemany("UPDATE person_aliases SET officials_count = officials_count + 1 "
                        "WHERE person_id = ? AND alias = ?",
                        [(person_id, s.name) for s in joining])
    db.execute("UPDATE officials SET person_id = ? WHERE id IN (SELECT value FROM json_each(?))", [person_id, ids])
    db.execute("DELETE FROM people WHERE id IN (SELECT value FROM json_each(?)) "
               "AND NOT EXISTS (SELECT 1 FROM person_sightings ps WHERE ps.person_id = people.id) "
               "AND NOT EXISTS (SELECT 1 FROM officials o WHERE o.person_id = people.id)", [placeholders])
    db.execute(f"UPDATE people SET {', '.join(f'[{c}] = ?' for c in row)} WHERE id = ?", [*row.values(), person_id])


def _joined_person_row(db: sqlite_utils.Database, person_id: str, joining: list[Sighting]) -> dict[str, object]:
    """The person's dates, article count and (where a joining sighting is the latest) office with them."""
    first_seen, last_seen, article_count = db.execute(
        "SELECT first_seen, last_seen, article_count FROM people WHERE id = ?", [person_id]).fetchone()
    articles = {s.article_id for s in joining}
    seen = {s.article_id for s in _person_sightings(db, person_id, sorted(articles))}
    dates = [s.date for s in joining if s.date] + [d for d in (first_seen, last_seen) if d]
    row: dict[str, object] = {"first_seen": min(dates, default=None), "last_seen": max(dates, default=None),
                              "article_count": article_count + len(articles - seen)}
    latest = max(joining, key=lambda s: (s.date or "", s.official_id))
    if (latest.date or "") > (last_seen or ""):
        row |= {"position": latest.position, "organization": latest.organization, "region_code": latest.region_code}
    return row


def _store(db: sqlite_utils.Database, resolution: Resolution, changed: _Pass) -> None:
    """Make the people, aliases, candidates and sightings of the pass those of the resolution,
    writing only the rows that differ: a pass re-reads every sighting of a busy official, and
    rewriting them all would re-run the layer's triggers for each (caller holds the transaction)."""
    people, officials = json.dumps(sorted(changed.people)), json.dumps(sorted(changed.official_ids))
    in_people = "IN (SELECT value FROM json_each(?))"
    _replace_rows(db, "people", "id", _people_rows(resolution), f"id {in_people}", [people], delete=False)
    _replace_rows(db, "person_aliases", "id", _alias_rows(resolution), f"person_id {in_people}", [people])
    # a pass holds the people sharing a word with the new names, not all of their neighbours: it
    # settles the candidates between two of its people and keeps those with the others
    _replace_rows(db, "person_candidates", "id", _candidate_rows(resolution),
                  f"person_id {in_people} AND other_person_id {in_people}", [people, people])
    person_of = {s.official_id: p.id for p in resolution.people for s in p.sightings}
    db.conn.executemany("UPDATE officials SET person_id = ? WHERE id = ? AND person_id IS NOT ?",
                        [(person_of.get(official_id), official_id, person_of.get(official_id))
                         for official_id in sorted(changed.official_ids)])
    _replace_rows(db, "person_sightings", "official_id",
                  [{"official_id": official, "person_id": person} for official, person in sorted(person_of.items())],
                  f"official_id {in_people}", [officials])
    gone = (f"IN (SELECT id FROM people WHERE id {in_people} "
            "AND NOT EXISTS (SELECT 1 FROM person_sightings ps WHERE ps.person_id = people.id))")
    db.execute(f"DELETE FROM person_candidates WHERE person_id {gone} OR other_person_id {gone}", [people, people])
    db.execute(f"DELETE FROM people WHERE id {gone}", [people])


def _people_rows(resolution: Resolution) -> list[dict[str, object]]:
    rows = []
    for person in resolution.people:
        latest = person.latest()
        dates = [s.date for s in person.sightings if s.date]
        rows.append({
            "id": person.id, "name": person.name, "position": latest.position,
            "organization": latest.organization, "region_code": latest.region_code,
            "first_seen": min(dates) if dates else None, "last_seen": max(dates) if dates else None,
            "article_count": len({s.article_id for s in person.sightings}),
        })
    return rows


def _alias_rows(resolution: Resolution) -> list[dict[str, object]]:
    return [{"id": fact_id(p.id, "alias", alias), "person_id": p.id, "alias": alias,
             "name_key": " ".join(name_key(alias)), "officials_count": sum(1 for s in p.sightings if s.name == alias)}
            for p in resolution.people for alias in p.aliases]


def _candidate_rows(resolution: Resolution) -> list[dict[str, object]]:
    return [{"id": fact_id(c.person_id, "candidate", c.other_person_id), "person_id": c.person_id,
             "other_person_id": c.other_person_id, "score": c.score, "reason": c.reason}
            for c in resolution.candidates]


def _replace_rows(db: sqlite_utils.Database, table: str, key: str, rows: list[dict[str, object]], scope: str,
                  params: list[str], delete: bool = True) -> None:
    """Make the rows of `table` matching the SQL condition `scope` equal `rows` (keyed by `key`),
    touching only those that differ; `delete=False` leaves the rows not wanted in place."""
    cursor = db.execute(f"SELECT * FROM [{table}] WHERE {scope}", params)
    columns = [d[0] for d in cursor.description]
    stored = {row[columns.index(key)]: dict(zip(columns, row, strict=True)) for row in cursor.fetchall()}
    wanted = {row[key]: row for row in rows}
    if delete:
        db.conn.executemany(f"DELETE FROM [{table}] WHERE [{key}] = ?", [(k,) for k in stored if k not in wanted])
    differing = [row for k, row in wanted.items() if stored.get(k) != {c: row.get(c) for c in columns}]
    if differing:
        db[table].upsert_all(differing, pk=key)
