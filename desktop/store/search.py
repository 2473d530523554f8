"""Type-ahead client search over the local store.

Every name entry of a client (the name itself, the birth name, each alias) is folded and split
into tokens by :mod:`casefile.names`; each token's phonetic key goes into ``search_key`` so that
other transliterations ("Schewtschenko" for "Shevchenko") and partial typing find the same person.

A query is split into name tokens, date tokens (``12.03.1990``, ``12.03.``, ``1990``) and
identifier tokens (anything else with digits). Name tokens are matched by key prefix with an
indexed range scan, driven by the most selective token (by the row counts the vocabulary keeps);
the others must match the same client. If that strict pass finds too little (a typo or a
variant that changes the key), every word may also match the indexed words closest to it in
spelling or key (:class:`Vocabulary`; a Somali C before a vowel is also read as the ayn it
writes), then, while nobody fits every word well, one word may be left out. Two typed words
may score as one word of a name (Habib Ullah for Habibullah). All queries are bounded, so a
keystroke costs a few milliseconds at 100,000 clients.

A typed birth date (or year, or day and month) ranks and never hides a strong name match: the
people born on that date come first, then those born within a couple of years of it (a
placeholder 01.01. of the year included), then the other strong name matches (``date_rank``).
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from bisect import bisect_left, insort
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, text

from casefile import names

STRICT_ROWS = 400
ESTIMATE_CAP = 3000
LEAVE_OUT_MINIMUM = 1.45
STRONG = 1.85  # a name match that a typed birth date ranks but never hides
PLACEHOLDER_PENALTY = 0.05
TIER_BONUS = {0: 0.0, 1: 0.2, 2: 0.4, 3: 10.0}  # other date, near year, exact date, identifier
VISIBLE = 10  # the rows a user reads: fallback passes run only while fewer were found
DATE_FULL = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
DATE_DAY_MONTH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
YEAR = re.compile(r"^(19|20)\d{2}$")


@dataclass
class Query:
    """A parsed search text."""

    name_tokens: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    scan_keys: list[str] = field(default_factory=list)  # keys used for the prefix scan
    typing: int = -1  # index of the word still being typed (its key may be unfinished)
    joined: list[str] = field(default_factory=list)  # words i and i+1 written as one
    variants: dict[int, tuple[str, str]] = field(default_factory=dict)  # another reading, key
    birth_date: str | None = None  # "YYYY-MM-DD"
    birth_md: str | None = None  # "-MM-DD"
    birth_year: str | None = None
    identifiers: list[str] = field(default_factory=list)
    scores: dict = field(default_factory=dict)  # name entry -> score, within one search
    pairs: dict = field(default_factory=dict)  # entry word -> score of each query word, likewise

    @property
    def empty(self) -> bool:
        return not (
            self.name_tokens
            or self.birth_date
            or self.birth_md
            or self.birth_year
            or self.identifiers
        )


@dataclass
class Hit:
    client_id: str
    score: float
    entry: str  # the folded name entry that matched (may be an alias)
    tier: int = 0  # how the birth date fits a typed one (see date_rank)
    penalty: float = 0.0  # taken off the score when ranking (a placeholder date)

    @property
    def rank(self) -> float:
        """The score with the birth date's bonus: among strong name matches (scores 1.85 to
        2.02) the exact date comes first, then a near year, then any other date."""
        return self.score - self.penalty + TIER_BONUS[self.tier]


def normalise_identifier(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", value.upper())


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


# Somali writes the Arabic ʿayn as C (Cali, Cumar, Cismaan, Cabdullaahi = Ali, Umar, Osman,
# Abdullahi); elsewhere an initial C before a vowel is a consonant (Carmen, Cem), so a typed
# word so spelled is also read without it where slips are corrected, at a discount (VARIANT)
# that ranks it after the words spelled or sounding as typed.
_AYN_C = re.compile("c[aeiou]")
VARIANT = 0.85


def parse(query: str) -> Query:
    q = Query()
    name_words: list[str] = []
    for raw in re.split(r"[\s,;]+", query.strip()):
        if not raw:
            continue
        if m := DATE_FULL.match(raw):
            d, mo, y = int(m[1]), int(m[2]), int(m[3])
            if _valid_date(y, mo, d):
                q.birth_date = f"{y:04d}-{mo:02d}-{d:02d}"
                continue
        if m := DATE_ISO.match(raw):
            q.birth_date = raw
            continue
        if (m := DATE_DAY_MONTH.match(raw)) and 1 <= int(m[2]) <= 12 and 1 <= int(m[1]) <= 31:
            q.birth_md = f"-{int(m[2]):02d}-{int(m[1]):02d}"
            continue
        if YEAR.match(raw):
            q.birth_year = raw
            continue
        if any(ch.isdigit() for ch in raw):
            norm = normalise_identifier(raw)
            if len(norm) >= 3:
                q.identifiers.append(norm)
            continue
        name_words.append(raw)
    # Tokenised together, so that particles join the next word as in the index ("al hassan").
    for tok in names.tokens(" ".join(name_words)):
        key = names.phonetic_key(tok)
        if key:
            q.name_tokens.append(tok)
            q.keys.append(key)
    q.scan_keys = list(q.keys)
    q.joined = [a + b for a, b in zip(q.name_tokens, q.name_tokens[1:])]
    for i, tok in enumerate(q.name_tokens):
        if len(tok) > 3 and _AYN_C.match(tok):
            q.variants[i] = (tok[1:], names.phonetic_key(tok[1:]))
    if q.keys and not query[-1:].isspace():
        q.typing = len(q.keys) - 1
    if q.typing >= 0 and len(q.scan_keys[-1]) > 3:
        # The word being typed is unfinished, and rules at a word's end (devoicing, final
        # vowels) make its key differ from the full word's key in the last symbol only.
        q.scan_keys[-1] = q.scan_keys[-1][:-1]
    return q


# --- index maintenance ------------------------------------------------------------------

_CH_AMBIGUOUS = re.compile(r"(?<![ts])ch")


def _extra_words(part_tokens: list[str]) -> list[str]:
    """Index-only words: a multi-word name part also as one word (Habib Ullah = Habibullah,
    Amir Hossein = Amirhossein), and a "ch" that could be German for kh (Dachil = Dakhil)
    also read as kh, since the key rules read ch before e/i as the affricate."""
    extra = ["".join(part_tokens)] if len(part_tokens) > 1 else []
    extra += [_CH_AMBIGUOUS.sub("kh", t) for t in part_tokens if _CH_AMBIGUOUS.search(t)]
    return extra


def entry_rows(client_id: str, birth_date: str | None, entries) -> list[dict]:
    """Index rows for one client; *entries* are (family_name, given_names) pairs."""
    rows: dict[tuple[str, str], dict] = {}
    for family, given in entries:
        fam, giv = names.tokens(family or ""), names.tokens(given or "")
        toks = fam + giv
        if not toks:
            continue
        keys = [names.phonetic_key(t) for t in toks]
        entry = " ".join(toks)
        entry_keys = " ".join(keys)
        extra = _extra_words(fam) + _extra_words(giv)
        # Phonetic keys (upper case) find other spellings; folded tokens (lower case) find a
        # partly typed word whose key is not yet a prefix of the full key ("schewt").
        words = set(keys) | set(toks) | set(extra) | {names.phonetic_key(t) for t in extra}
        for key in words:
            if key:
                rows[(key, entry)] = {
                    "key": key,
                    "client_id": client_id,
                    "entry": entry,
                    "entry_keys": entry_keys,
                    "birth_date": birth_date,
                }
    return list(rows.values())


INSERT_SQL = text(
    "INSERT OR IGNORE INTO search_key (key, client_id, entry, entry_keys, birth_date) "
    "VALUES (:key, :client_id, :entry, :entry_keys, :birth_date)"
)


def index_client(conn: Connection, client_id: str) -> list[str]:
    """(Re)build the index rows of one client from its stored names; returns the words indexed."""
    conn.execute(text("DELETE FROM search_key WHERE client_id = :c"), {"c": client_id})
    row = conn.execute(
        text(
            "SELECT family_name, given_names, birth_name, birth_date, deleted "
            "FROM client WHERE id = :c"
        ),
        {"c": client_id},
    ).one_or_none()
    if row is None or row.deleted:
        return []
    entries = [(row.family_name, row.given_names)]
    if row.birth_name:
        entries.append((row.birth_name, row.given_names))
    entries += conn.execute(
        text("SELECT family_name, given_names FROM client_alias WHERE client_id = :c"),
        {"c": client_id},
    ).all()
    rows = entry_rows(client_id, row.birth_date, entries)
    if rows:
        conn.execute(INSERT_SQL, rows)
    return [r["key"] for r in rows]


def rebuild_index(conn: Connection) -> int:
    """Rebuild the whole index (used by migration 0002 and after bulk loads)."""
    conn.execute(text("DELETE FROM search_key"))
    aliases: dict[str, list[tuple[str, str]]] = {}
    for cid, fam, giv in conn.execute(
        text("SELECT client_id, family_name, given_names FROM client_alias")
    ):
        aliases.setdefault(cid, []).append((fam, giv))
    batch: list[dict] = []
    count = 0
    for r in conn.execute(
        text(
            "SELECT id, family_name, given_names, birth_name, birth_date "
            "FROM client WHERE NOT deleted"
        )
    ):
        entries = [(r.family_name, r.given_names)]
        if r.birth_name:
            entries.append((r.birth_name, r.given_names))
        entries += aliases.get(r.id, [])
        batch += entry_rows(r.id, r.birth_date, entries)
        count += 1
        if len(batch) >= 20_000:
            conn.execute(INSERT_SQL, batch)
            batch = []
    if batch:
        conn.execute(INSERT_SQL, batch)
    return count


# --- querying ---------------------------------------------------------------------------


def _rows(conn: Connection, sql: str, params: dict) -> list[tuple]:
    """Run a search statement on the driver's connection itself: a statement of a search is
    built for one query, so SQLAlchemy's parsing and caching of it would only add time (about
    a tenth of a millisecond per statement with a dozen parameters)."""
    raw = conn.connection.dbapi_connection
    if raw is None:  # a checked-out connection always has one
        raise RuntimeError("the search connection is closed")
    return raw.execute(sql, params).fetchall()


def _range(key: str) -> tuple[str, str]:
    return key, key + "\uffff"


def _date_sql(q: Query, alias: str, params: dict) -> str:
    parts = []
    if q.birth_date:
        parts.append(f"{alias}.birth_date = :bd")
        params["bd"] = q.birth_date
    if q.birth_year:
        parts.append(f"substr({alias}.birth_date, 1, 4) = :by")
        params["by"] = q.birth_year
    if q.birth_md:
        parts.append(f"substr({alias}.birth_date, 5) = :bmd")
        params["bmd"] = q.birth_md
    return "".join(f" AND {p}" for p in parts)


def _pair_score(qt: str, qk: str, et: str, ek: str) -> float:
    """How well one query word matches one word of a name entry: 1 exact ... 0.85 key prefix;
    else a damped edit-distance similarity of spelling or key, so a variant or a slip still
    counts."""
    if et == qt:
        return 1.0
    if et.startswith(qt):
        return 0.95
    if ek == qk:
        return 0.9
    if len(qk) > 1 and ek.startswith(qk):
        return 0.85
    s = 0.8 * max(fuzz.ratio(qt, et[: len(qt) + 2]), fuzz.ratio(qk, ek)) / 100.0
    return s if s >= 0.55 else 0.0


def _score(q: Query, entry: str, entry_keys: str) -> float:
    """The name score of an entry (cached per search: namesakes share their entries)."""
    score = q.scores.get(entry)
    if score is None:
        score = q.scores[entry] = _entry_score(q, entry, entry_keys)
    return score


def _entry_score(q: Query, entry: str, entry_keys: str) -> float:
    """1 plus the mean of the query words' scores, each word paired with its own word of the
    entry (best pairs first): two typed words are not both met by one name ("Berane Berhane"
    is Berhane Berhane before Berhane Tesfay)."""
    cache = q.pairs
    words = entry.split()
    values = []
    for et, ek in zip(words, entry_keys.split()):
        row = cache.get(et)
        if row is None:  # an entry word's key follows from the word
            row = cache[et] = tuple(
                _pair_score(qt, qk, et, ek) for qt, qk in zip(q.name_tokens, q.keys)
            ) + tuple(_joined_pair(joined, et) for joined in q.joined)
            if q.variants:
                row = cache[et] = tuple(
                    max(v, VARIANT * _pair_score(q.variants[i][0], q.variants[i][1], et, ek))
                    if i in q.variants
                    else v
                    for i, v in enumerate(row)
                )
        values.append(row)
    n = len(q.keys)
    if n == 1:
        return 1.0 + max((row[0] for row in values), default=0.0)
    # (score, typed words, first typed word, entry word): two typed words may together be one
    # word of the name (Habib Ullah for Habibullah), if they match it well.
    scored = [
        (value, 2 if i >= n else 1, i - n if i >= n else i, j)
        for j, row in enumerate(values)
        for i, value in enumerate(row)
        if value > 0.0
    ]
    scored.sort(reverse=True)
    used_q: set[int] = set()
    used_e: set[int] = set()
    total = 0.0
    first = 0.0
    for value, width, i, j in scored:
        if j in used_e or i in used_q or (width == 2 and i + 1 in used_q):
            continue
        used_q.update(range(i, i + width))
        used_e.add(j)
        total += value * width
        if i == 0 and j == 0:
            first = value
    score = 1.0 + total / n
    if first >= 0.85:
        score += 0.02  # typed in the entry's order (family name first): the likelier person
    return score


def _joined_pair(joined: str, et: str) -> float:
    """How well two typed words written as one match one word of an entry: by spelling only
    (1 equal, 0.95 a prefix), since keys drop what ends a word ("yousef ah" keys as Yousef)."""
    if et == joined:
        return 1.0
    return 0.95 if et.startswith(joined) else 0.0


# Romanisations disagree most on the first letter's letter, not on its sound: Gordienko /
# Hordiienko (Russian / Ukrainian), Christow / Khristov, Wojcik / Vojcik, Jussuf / Yusuf.
_FIRST_CLASS = str.maketrans(
    {
        **{c: "a" for c in "aeiouyjAIJ"},
        **{c: "B" for c in "bpBP"},
        **{c: "K" for c in "ckqghxKGHC"},
        **{c: "T" for c in "dtDT"},
        **{c: "F" for c in "fvwFV"},
        **{c: "S" for c in "szS"},
        **{c: c.upper() for c in "lmnr"},
    }
)


def _bucket(word: str) -> tuple[str, int]:
    return word[:1].translate(_FIRST_CLASS), len(word)


class Vocabulary:
    """The distinct indexed words (folded spellings and phonetic keys), bucketed by the sound
    class of their first letter and by length.

    Used to correct a word that matches nothing by prefix -- a slip ("Solatni") or a variant the
    key rules do not join ("Othman"/"Osman") -- into the indexed words closest to it, which then
    drive an exact indexed scan. Loaded once per store (the app warms it in the background at
    start), then kept current by the store's writes.

    It also holds how many index rows each word had when it was read, so a search orders its
    words by rarity without counting rows in the store (an estimate: a word added later counts
    one row, and edits do not change the counts).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._buckets: dict[tuple[str, int], list[str]] | None = None
        self._counts: dict[str, int] = {}
        self._sorted: list[str] = []  # the words in index order
        self._cum: list[int] | None = None  # rows up to each word of _sorted (lazily rebuilt)
        # Set while warm() reads the vocabulary in slices: a search meanwhile corrects no slips
        # rather than reading the whole vocabulary itself (hundreds of ms at 100,000 clients).
        self.warming = False

    def load(self, conn: Connection) -> int:
        """Read the vocabulary if not yet loaded; returns its size."""
        with self._lock:
            if self._buckets is None:
                rows = conn.execute(
                    text("SELECT key, count(*) FROM search_key GROUP BY key ORDER BY key")
                ).all()
                self._set([k for k, _n in rows], [n for _k, n in rows])
            return len(self._counts)

    def fill(self, keys: list[str], counts: list[int]) -> int:
        """Set the vocabulary read by :func:`warm` (unless a search loaded it meanwhile):
        *keys* in index order, *counts* their rows."""
        with self._lock:
            if self._buckets is None:
                self._set(keys, counts)
            return len(self._counts)

    def _set(self, keys: list[str], counts: list[int]) -> None:
        buckets: dict[tuple[str, int], list[str]] = {}
        for key in keys:
            buckets.setdefault(_bucket(key), []).append(key)
        self._counts = dict(zip(keys, counts))
        self._sorted = sorted(keys)  # already sorted as read; sorted() keeps it cheap
        self._cum = None
        self._buckets = buckets

    def add(self, keys) -> None:
        with self._lock:
            if self._buckets is None:
                return
            for key in keys:
                if key not in self._counts:
                    self._counts[key] = 1
                    self._buckets.setdefault(_bucket(key), []).append(key)
                    insort(self._sorted, key)
                    self._cum = None

    def rows(self, low: str, high: str | None = None) -> int | None:
        """Index rows of the words from *low* up to *high* (excluded), or of the word *low*
        alone; None while the vocabulary is not loaded."""
        with self._lock:
            if self._buckets is None:
                return None
            if high is None:
                return self._counts.get(low, 0)
            if self._cum is None:
                self._cum = [0, *accumulate(self._counts[k] for k in self._sorted)]
            return (
                self._cum[bisect_left(self._sorted, high)]
                - self._cum[bisect_left(self._sorted, low)]
            )

    def similar(self, conn: Connection, word: str, cutoff: float, limit: int = 20) -> list[str]:
        if self.warming and self._buckets is None:
            return []
        self.load(conn)
        first, n = _bucket(word)
        with self._lock:
            buckets = self._buckets
            if buckets is None:  # load() above has filled it, and nothing empties it again
                raise RuntimeError("the search vocabulary is not loaded")
            choices = [
                w
                for length in range(max(1, n - 2), n + 3)
                for w in buckets.get((first, length), ())
            ]
        found = process.extract(word, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        return [c for c, _score, _i in found if c != word]


WARM_SLICE = 4000  # index rows read per slice while warming (a few milliseconds)
WARM_PAUSE = 0.002  # seconds between slices


def warm(engine, vocab: Vocabulary) -> int:
    """Read the search index (key table, client-id and birth-date indexes) into the page cache
    of *engine*'s connection, collecting the vocabulary on the way; in slices of WARM_SLICE
    rows, each on its own checkout, so a search queues behind one slice at most."""
    vocab.warming = True
    try:
        return _warm(engine, vocab)
    finally:
        vocab.warming = False


def _warm(engine, vocab: Vocabulary) -> int:
    keys: list[str] = []
    counts: list[int] = []
    last: tuple = ("", "", "")
    while True:
        time.sleep(WARM_PAUSE)  # a search waiting for the connection gets it now
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT key, client_id, entry FROM search_key "
                    "WHERE (key, client_id, entry) > (:k, :c, :e) "
                    f"ORDER BY key, client_id, entry LIMIT {WARM_SLICE}"
                ),
                {"k": last[0], "c": last[1], "e": last[2]},
            ).all()
        for key, _c, _e in rows:
            if not keys or keys[-1] != key:
                keys.append(key)
                counts.append(0)
            counts[-1] += 1
        if len(rows) < WARM_SLICE:
            break
        last = tuple(rows[-1])
    for column, index in (
        ("client_id", "ix_search_key_client"),
        ("birth_date", "ix_search_key_birth"),
    ):
        low = ""
        while True:
            time.sleep(WARM_PAUSE)
            with engine.connect() as conn:
                # The WARM_SLICE-th value from *low* on, then every row up to it: whole values.
                high = conn.execute(
                    text(
                        f"SELECT {column} FROM search_key INDEXED BY {index} WHERE {column} > :lo "
                        f"ORDER BY {column} LIMIT 1 OFFSET {WARM_SLICE}"
                    ),
                    {"lo": low},
                ).scalar()
                conn.execute(
                    text(
                        f"SELECT count({column}) FROM search_key INDEXED BY {index} "
                        f"WHERE {column} > :lo AND (:hi IS NULL OR {column} <= :hi)"
                    ),
                    {"lo": low, "hi": high},
                ).scalar()
            if high is None:
                break
            low = high
    return vocab.fill(keys, counts)


def _token_conds(
    alias: str,
    n: int,
    q: Query,
    i: int,
    params: dict,
    exact: list[str] | None = None,
    driver: bool = False,
) -> list[str]:
    """Word *i* matches by phonetic-key or folded-spelling prefix, or one of *exact* words
    (its corrections): the alternatives, each one indexed range or list on the key.

    For the *driver* of a scan (whose alternatives are read one after the other), the
    spelling range leaves out the entries that the key alternative reads already: every word
    of an entry is indexed under its key too, so an entry with a word keyed as typed comes
    from the key range (its ``entry_keys`` tell), and reading it twice would only double the
    rows whose other words are checked (most rows of a finished word's spelling range)."""
    conds = []
    if exact:
        names = []
        for m, word in enumerate(exact):
            params[f"x{n}_{m}"] = word
            names.append(f":x{n}_{m}")
        conds.append(f"{alias}.key IN ({', '.join(names)})")
    params[f"f{n}"], params[f"f{n}e"] = _range(q.name_tokens[i])
    spelling = f"{alias}.key >= :f{n} AND {alias}.key < :f{n}e"
    if i != q.typing:
        # A finished word: its sound must be the same, its spelling may be abbreviated.
        params[f"k{n}"] = q.keys[i]
        if driver:
            params[f"w{n}"] = f" {q.keys[i]} "
            spelling += f" AND instr(' ' || {alias}.entry_keys || ' ', :w{n}) = 0"
        return [f"{alias}.key = :k{n}", f"({spelling})", *conds]
    params[f"k{n}"], params[f"k{n}e"] = _range(q.scan_keys[i])
    if driver:
        params[f"w{n}"] = f" {q.scan_keys[i]}"
        spelling += f" AND instr(' ' || {alias}.entry_keys, :w{n}) = 0"
    return [f"({alias}.key >= :k{n} AND {alias}.key < :k{n}e)", f"({spelling})", *conds]


def _estimate(
    conn: Connection, q: Query, i: int, exact: list[str] | None, vocab: Vocabulary | None
) -> int:
    """How many index rows word *i* matches: from the vocabulary's counts once it is loaded,
    else counted in the index up to a small cap (indexed, but a query's dearest part)."""
    if vocab is not None:
        n = vocab.rows(*_range(q.name_tokens[i]))
        if n is not None:
            if i == q.typing:
                n += vocab.rows(*_range(q.scan_keys[i])) or 0
            else:
                n += vocab.rows(q.keys[i]) or 0
            return n + sum(vocab.rows(w) or 0 for w in exact or ())
    params: dict = {}
    counts = [
        f"(SELECT count(*) FROM (SELECT 1 FROM search_key s WHERE {c} LIMIT {ESTIMATE_CAP}))"
        for c in _token_conds("s", 0, q, i, params, exact)
    ]
    return conn.execute(text("SELECT " + " + ".join(counts)), params).scalar_one()


# How a scan treats a typed birth date: "exact" keeps the rows with that date (or year, or day
# and month), "near" the rows born within NEAR_YEARS of the typed year, "any" every row.
NEAR_YEARS = 2


def _size(conn: Connection, q: Query, i: int, sizes: dict, vocab: Vocabulary | None) -> int:
    """The index rows word *i* matches uncorrected (an estimate, cached in *sizes*)."""
    if (i, ()) not in sizes:
        sizes[(i, ())] = _estimate(conn, q, i, None, vocab)
    return sizes[(i, ())]


def _scan(
    conn: Connection,
    q: Query,
    words: list[int],
    corrected: dict[int, list[str]] | None = None,
    dates: str = "exact",
    sizes: dict | None = None,
    vocab: Vocabulary | None = None,
) -> list[tuple]:
    """Entries in which every word of *words* matches (indexed, bounded).

    The rarest word drives the scan and the others are checked per client, so a common name
    ("Mohammed") next to a rare one costs no more than the rare one alone. A word in
    *corrected* matches one of its corrections exactly. The driving word's alternatives (key
    prefix, spelling prefix) are scanned as separate index ranges joined by UNION ALL: given
    an OR, SQLite's planner may scan the whole table instead (seconds on a large store).
    *sizes* caches the estimates of one search (*vocab*'s counts, if loaded, make them).
    """
    corrected = corrected or {}
    sizes = {} if sizes is None else sizes
    if len(words) > 1:
        for i in words:
            fix = corrected.get(i)
            if (i, tuple(fix or ())) not in sizes:
                sizes[(i, tuple(fix or ()))] = _estimate(conn, q, i, fix, vocab)
        order = sorted(
            words, key=lambda i: (sizes[(i, tuple(corrected.get(i) or ()))], -len(q.name_tokens[i]))
        )
    else:
        order = list(words)
    params: dict = {}
    if dates == "exact":
        date_sql = _date_sql(q, "s", params)
    elif dates == "near":
        year = int((q.birth_date or q.birth_year or "0")[:4])
        params["ny0"], params["ny1"] = f"{year - NEAR_YEARS:04d}", f"{year + NEAR_YEARS + 1:04d}"
        # "+": not by the birth date index (a range of years is thousands of rows)
        date_sql = " AND +s.birth_date >= :ny0 AND +s.birth_date < :ny1"
    else:
        date_sql = ""
    driver = " UNION ALL ".join(
        f"SELECT s.client_id, s.entry, s.entry_keys, s.birth_date FROM search_key s "
        f"WHERE {cond}{date_sql}"
        for cond in _token_conds("s", 0, q, order[0], params, corrected.get(order[0]), True)
    )
    sql = f"SELECT s0.client_id, s0.entry, s0.entry_keys, s0.birth_date FROM ({driver}) s0"
    for n, i in enumerate(order[1:], start=1):
        conds = _token_conds(f"s{n}", n, q, i, params, corrected.get(i))
        sql += (
            f" {'WHERE' if n == 1 else 'AND'} EXISTS (SELECT 1 FROM search_key s{n} "
            f"WHERE s{n}.client_id = s0.client_id AND ({' OR '.join(conds)}))"
        )
    return _rows(conn, sql + f" LIMIT {STRICT_ROWS}", params)


def date_rank(q: Query, birth_date: str | None) -> tuple[int, float]:
    """Where a typed birth date puts a person born on *birth_date*: (tier, penalty).

    Tier 2: the date fits as typed (day, month, year, whichever were typed); tier 1: born
    within NEAR_YEARS of the typed year (another year, or a placeholder such as 01.01. of the
    year); tier 0: anything else. A 01.01. date fitting a typed year alone stays in tier 2 but
    after the real dates of that year (*penalty*). :attr:`Hit.rank` adds the tier's bonus.
    """
    if not (q.birth_date or q.birth_year or q.birth_md):
        return 0, 0.0
    bd = birth_date or ""
    if not bd:
        return 0, 0.0
    if (
        (not q.birth_date or bd == q.birth_date)
        and (not q.birth_year or bd[:4] == q.birth_year)
        and (not q.birth_md or bd[4:] == q.birth_md)
    ):
        year_only = not (q.birth_date or q.birth_md)
        return 2, (PLACEHOLDER_PENALTY if year_only and bd[4:] == "-01-01" else 0.0)
    year = (q.birth_date or q.birth_year or "")[:4]
    if year and abs(int(bd[:4]) - int(year)) <= NEAR_YEARS:
        return 1, 0.0
    return 0, 0.0


def _collect(hits: dict[str, Hit], q: Query, rows, minimum: float = 0.0) -> None:
    scores = q.scores
    dated = bool(q.birth_date or q.birth_year or q.birth_md)
    tier, penalty = 0, 0.0
    for cid, entry, entry_keys, birth_date in rows:
        score = scores.get(entry)
        if score is None:
            score = scores[entry] = _entry_score(q, entry, entry_keys)
        if score < minimum:
            continue
        if dated:
            tier, penalty = date_rank(q, birth_date)
        old = hits.get(cid)
        if old is None or score - penalty + TIER_BONUS[tier] > old.rank:
            hits[cid] = Hit(cid, score, entry, tier, penalty)


def _names(conn: Connection, q: Query, vocab: Vocabulary | None, limit: int) -> dict[str, Hit]:
    """1. every word by prefix; 2. every word by prefix or corrected through the vocabulary
    (a slip or an unjoined variant, in one word or in several); 3. one word left out. A later
    step runs only while the earlier ones found fewer than a screenful, so a well-typed name
    costs one indexed scan, and step 3 only while no strong match (STRONG) was found.

    A typed birth date filters these steps; then the strong name matches born near the typed
    year, and (while fewer than *limit* were found) those born at any other time, are added:
    the date ranks a person, it does not hide one registered with another or a placeholder
    date (see :func:`date_rank`). The first step reads the name's matches born at any time
    once, and takes those born on (or near) the date from them unless there were more than
    one scan returns. With a full date typed, steps 2 and 3 are left to
    :func:`_by_birth_date`, which reads everyone born that day."""
    everything = list(range(len(q.keys)))
    hits: dict[str, Hit] = {}
    sizes: dict = {}
    dated = bool(q.birth_date or q.birth_year or q.birth_md)
    anytime: Sequence[tuple] = ()
    if dated:
        anytime = _scan(conn, q, everything, dates="any", sizes=sizes, vocab=vocab)
    complete = dated and len(anytime) < STRICT_ROWS
    fitting: Sequence[tuple]
    if complete:
        fitting = [r for r in anytime if date_rank(q, r[3])[0] == 2]
    else:
        fitting = _scan(conn, q, everything, sizes=sizes, vocab=vocab)
    _collect(hits, q, fitting)
    fallbacks = not q.birth_date  # a full date: everyone born that day is read instead
    if fallbacks and len(hits) < VISIBLE and vocab is not None:
        # Every word may be corrected at once: a variant spelling often differs in both the
        # family and the given name (Kowalczuk Kristina for Kovalchuk Khrystyna).
        fixes = {}
        for i in everything:
            if len(q.name_tokens[i]) < 3:
                continue  # too short to tell a slip from another name
            other = [q.variants[i][1]] if i in q.variants else []  # Cismaan: Osman
            found = _adding(
                q,
                i,
                vocab.similar(conn, q.name_tokens[i], 75)
                + vocab.similar(conn, q.keys[i], 80)
                + other,
            )
            if found:
                fixes[i] = found
        if fixes:
            _collect(hits, q, _scan(conn, q, everything, fixes, sizes=sizes, vocab=vocab))
    if (
        fallbacks
        and len(hits) < VISIBLE
        and len(q.keys) > 1
        and not any(h.score >= STRONG for h in hits.values())
    ):
        # Leaving a word out, the rest must carry the match: half the words fitting well.
        # Only while nobody fits every typed word well: else those fitting half the name
        # would only push aside the variants and slips found above.
        for i in everything:
            rest = [j for j in everything if j != i]
            if len(rest) == 1 and _size(conn, q, rest[0], sizes, vocab) >= 2 * STRICT_ROWS:
                # One word shared by more people than a scan reads: its first rows in the
                # index are an arbitrary slice of them, which could not pick out the person.
                continue
            _collect(hits, q, _scan(conn, q, rest, sizes=sizes, vocab=vocab), LEAVE_OUT_MINIMUM)
    if q.birth_date or q.birth_year:
        near = (
            [r for r in anytime if date_rank(q, r[3])[0] == 1]
            if complete
            else _scan(conn, q, everything, dates="near", sizes=sizes, vocab=vocab)
        )
        _collect(hits, q, near, STRONG)
    if dated and len(hits) < limit:
        _collect(hits, q, anytime, STRONG)
    return hits


def _adding(q: Query, i: int, corrections: list[str]) -> list[str]:
    """The *corrections* of word *i* that can find entries its own alternatives and the other
    corrections do not: a spelling (lower case) whose key the word's key alternative or a key
    correction matches, or that its spelling prefix matches, finds only entries found anyway
    (every indexed word is indexed under its key too)."""
    keys = {w for w in corrections if not w.islower()}
    out = []
    for w in corrections:
        if w.islower():
            key = names.phonetic_key(w)
            if (
                key in keys
                or w.startswith(q.name_tokens[i])
                or (key.startswith(q.scan_keys[i]) if i == q.typing else key == q.keys[i])
            ):
                continue
        elif i == q.typing and w.startswith(q.scan_keys[i]):
            continue
        out.append(w)
    return out


def _by_birth_date(conn: Connection, q: Query) -> dict[str, Hit]:
    """With a full birth date typed, everyone born that day is a candidate, ranked by name:
    the date is the stronger evidence, so no spelling of the name can hide the person."""
    hits: dict[str, Hit] = {}
    # Only the columns the birth-date index holds: read from it alone, without a look-up of
    # each row in the table (a placeholder date such as 01.01.1990 has thousands of rows).
    # An entry's keys follow from its words, as when it was indexed.
    rows = _rows(
        conn,
        f"SELECT client_id, entry FROM search_key WHERE birth_date = :bd LIMIT {STRICT_ROWS * 10}",
        {"bd": q.birth_date},
    )
    for cid, entry in dict.fromkeys(rows):  # each entry once, in index order
        score = q.scores.get(entry)
        if score is None:
            keys = " ".join(names.phonetic_key(t) for t in entry.split())
            score = _score(q, entry, keys)
        if score >= 1.4:  # at least some of the name must fit
            old = hits.get(cid)
            if old is None or score > old.score:
                hits[cid] = Hit(cid, score, entry, 2)
    return hits


def _by_identifier(conn: Connection, q: Query, limit: int) -> dict[str, Hit]:
    hits: dict[str, Hit] = {}
    for ident in q.identifiers:
        lo, hi = _range(ident)
        for (cid,) in conn.execute(
            text(
                "SELECT client_id FROM client_identifier WHERE value_norm >= :lo "
                "AND value_norm < :hi LIMIT :n"
            ),
            {"lo": lo, "hi": hi, "n": limit},
        ):
            hits[cid] = Hit(cid, 2.5, ident, 3)  # an identifier outranks any name and date
    return hits


def _by_date_only(conn: Connection, q: Query, limit: int) -> dict[str, Hit]:
    params: dict = {}
    sql = (
        "SELECT id FROM client WHERE NOT deleted"
        + _date_sql(q, "client", params)
        + " ORDER BY last_contact_at DESC LIMIT :n"
    )
    params["n"] = limit
    return {cid: Hit(cid, 1.0, "") for (cid,) in conn.execute(text(sql), params)}


def search(
    conn: Connection, query: str, limit: int = 50, vocab: Vocabulary | None = None
) -> list[Hit]:
    """Return up to *limit* hits for a type-ahead query, best first."""
    q = parse(query)
    if q.empty:
        return []
    hits: dict[str, Hit] = {}
    if q.identifiers:
        hits.update(_by_identifier(conn, q, limit))
    if q.keys:
        found = _names(conn, q, vocab, limit)
        if q.birth_date and sum(h.tier == 2 for h in found.values()) < VISIBLE:
            for cid, hit in _by_birth_date(conn, q).items():
                if cid not in found or found[cid].rank < hit.rank:
                    found[cid] = hit
        hits.update({k: v for k, v in found.items() if k not in hits})
    elif not q.identifiers:
        hits.update(_by_date_only(conn, q, limit))
    ranked = sorted(hits.values(), key=lambda h: (-h.rank, h.entry, h.client_id))
    return ranked[:limit]
