"""Type-ahead client search over the local store.

Every name entry of a client (the name itself, the birth name, each alias) is folded and split
into tokens by :mod:`casefile.names`; each token's phonetic key goes into ``search_key`` so that
other transliterations ("Schewtschenko" for "Shevchenko") and partial typing find the same person.

A query is split into name tokens, date tokens (``12.03.1990``, ``12.03.``, ``1990``) and
identifier tokens (anything else with digits). Name tokens are matched by key prefix with an
indexed range scan, driven by the most selective token; the others must match the same client.
If that strict pass finds too little (a typo that changes the key), a fuzzy pass ranks the
clients sharing the first key letters by edit distance. All queries are bounded, so a keystroke
costs a few milliseconds at 100,000 clients.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import Connection, text

from casefile import names

STRICT_ROWS = 400
FUZZY_ROWS = 3000
DATE_FULL = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
DATE_DAY_MONTH = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
YEAR = re.compile(r"^(19|20)\d{2}$")


@dataclass
class Query:
    """A parsed search text."""
    name_tokens: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    scan_keys: list[str] = field(default_factory=list)   # keys used for the prefix scan
    birth_date: str | None = None      # "YYYY-MM-DD"
    birth_md: str | None = None        # "-MM-DD"
    birth_year: str | None = None
    identifiers: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.name_tokens or self.birth_date or self.birth_md or self.birth_year
                    or self.identifiers)


@dataclass
class Hit:
    client_id: str
    score: float
    entry: str          # the folded name entry that matched (may be an alias)


def normalise_identifier(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", value.upper())


def _valid_date(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


def parse(query: str) -> Query:
    q = Query()
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
        for tok in names.tokens(raw):
            key = names.phonetic_key(tok)
            if key:
                q.name_tokens.append(tok)
                q.keys.append(key)
    q.scan_keys = list(q.keys)
    if q.scan_keys and not query[-1:].isspace() and len(q.scan_keys[-1]) > 1:
        # The word being typed is unfinished, and rules at a word's end (devoicing, final
        # vowels) make its key differ from the full word's key in the last symbol only.
        q.scan_keys[-1] = q.scan_keys[-1][:-1]
    return q


# --- index maintenance ------------------------------------------------------------------

def entry_rows(client_id: str, birth_date: str | None, entries) -> list[dict]:
    """Index rows for one client; *entries* are (family_name, given_names) pairs."""
    rows: dict[tuple[str, str], dict] = {}
    for family, given in entries:
        toks = names.tokens(family or "") + names.tokens(given or "")
        if not toks:
            continue
        keys = [names.phonetic_key(t) for t in toks]
        entry = " ".join(toks)
        entry_keys = " ".join(keys)
        # Phonetic keys (upper case) find other spellings; folded tokens (lower case) find a
        # partly typed word whose key is not yet a prefix of the full key ("schewt").
        for key in set(keys) | set(toks):
            if key:
                rows[(key, entry)] = {"key": key, "client_id": client_id, "entry": entry,
                                      "entry_keys": entry_keys, "birth_date": birth_date}
    return list(rows.values())


INSERT_SQL = text("INSERT OR IGNORE INTO search_key (key, client_id, entry, entry_keys, birth_date) "
                  "VALUES (:key, :client_id, :entry, :entry_keys, :birth_date)")


def index_client(conn: Connection, client_id: str) -> None:
    """(Re)build the index rows of one client from its stored names."""
    conn.execute(text("DELETE FROM search_key WHERE client_id = :c"), {"c": client_id})
    row = conn.execute(text("SELECT family_name, given_names, birth_name, birth_date, deleted "
                            "FROM client WHERE id = :c"), {"c": client_id}).one_or_none()
    if row is None or row.deleted:
        return
    entries = [(row.family_name, row.given_names)]
    if row.birth_name:
        entries.append((row.birth_name, row.given_names))
    entries += conn.execute(text("SELECT family_name, given_names FROM client_alias "
                                 "WHERE client_id = :c"), {"c": client_id}).all()
    rows = entry_rows(client_id, row.birth_date, entries)
    if rows:
        conn.execute(INSERT_SQL, rows)


def rebuild_index(conn: Connection) -> int:
    """Rebuild the whole index (used by migration 0002 and after bulk loads)."""
    conn.execute(text("DELETE FROM search_key"))
    aliases: dict[str, list[tuple[str, str]]] = {}
    for cid, fam, giv in conn.execute(text("SELECT client_id, family_name, given_names FROM client_alias")):
        aliases.setdefault(cid, []).append((fam, giv))
    batch: list[dict] = []
    count = 0
    for r in conn.execute(text("SELECT id, family_name, given_names, birth_name, birth_date "
                               "FROM client WHERE NOT deleted")):
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


def _token_score(qt: str, qk: str, toks: list[str], keys: list[str]) -> float:
    best = 0.0
    for et, ek in zip(toks, keys):
        if et == qt:
            return 1.0
        if et.startswith(qt):
            s = 0.95
        elif ek == qk:
            s = 0.9
        elif ek.startswith(qk):
            s = 0.85
        else:
            continue
        best = max(best, s)
    return best


def _token_clause(alias: str, n: int, q: Query, i: int, params: dict) -> str:
    """Token *i* matches by phonetic-key prefix or by folded-spelling prefix."""
    params[f"k{n}"], params[f"k{n}e"] = _range(q.scan_keys[i])
    params[f"f{n}"], params[f"f{n}e"] = _range(q.name_tokens[i])
    return (f"(({alias}.key >= :k{n} AND {alias}.key < :k{n}e) OR "
            f"({alias}.key >= :f{n} AND {alias}.key < :f{n}e))")


def _strict(conn: Connection, q: Query) -> dict[str, Hit]:
    # The longest token drives the scan (most selective); the others must match the same client.
    order = sorted(range(len(q.keys)), key=lambda i: (-len(q.name_tokens[i]), -len(q.keys[i])))
    driver, others = order[0], order[1:]
    params: dict = {}
    sql = ("SELECT s0.client_id, s0.entry, s0.entry_keys FROM search_key s0 WHERE "
           + _token_clause("s0", 0, q, driver, params))
    for n, i in enumerate(others, start=1):
        sql += (f" AND EXISTS (SELECT 1 FROM search_key s{n} WHERE s{n}.client_id = s0.client_id"
                f" AND {_token_clause(f's{n}', n, q, i, params)})")
    sql += _date_sql(q, "s0", params) + f" LIMIT {STRICT_ROWS}"
    hits: dict[str, Hit] = {}
    for cid, entry, entry_keys in conn.execute(text(sql), params):
        toks, keys = entry.split(), entry_keys.split()
        score = sum(_token_score(qt, qk, toks, keys) for qt, qk in zip(q.name_tokens, q.keys))
        score = 1.0 + score / len(q.keys)
        old = hits.get(cid)
        if old is None or score > old.score:
            hits[cid] = Hit(cid, score, entry)
    return hits


def _fuzzy(conn: Connection, q: Query, exclude: set[str], limit: int) -> dict[str, Hit]:
    """Typo-tolerant pass: clients sharing the first key letters, ranked by edit distance."""
    prefixes = sorted({k[:3] for k in q.keys if len(k) >= 4}, key=len, reverse=True)
    if not prefixes:
        return {}
    params: dict = {}
    clauses = []
    for n, p in enumerate(prefixes):
        params[f"p{n}"], params[f"p{n}e"] = _range(p)
        clauses.append(f"(key >= :p{n} AND key < :p{n}e)")
    sql = (f"SELECT client_id, entry, entry_keys FROM search_key WHERE ({' OR '.join(clauses)})"
           + _date_sql(q, "search_key", params) + f" LIMIT {FUZZY_ROWS}")
    rows = [r for r in conn.execute(text(sql), params) if r[0] not in exclude]
    if not rows:
        return {}
    # Compare both the spelling and the phonetic keys; the better of the two counts, so a typo
    # in a transliterated name is judged on the sounds it keeps.
    best: dict[int, float] = {}
    for choices, query in (([r[1] for r in rows], " ".join(q.name_tokens)),
                           ([r[2] for r in rows], " ".join(q.keys))):
        for _c, score, idx in process.extract(query, choices, scorer=fuzz.token_set_ratio,
                                              limit=limit * 4, score_cutoff=75):
            best[idx] = max(best.get(idx, 0.0), score / 100.0)
    hits: dict[str, Hit] = {}
    for idx, s in best.items():
        cid, entry, _keys = rows[idx]
        if cid not in hits or hits[cid].score < s:
            hits[cid] = Hit(cid, s, entry)
    return hits


def _by_identifier(conn: Connection, q: Query, limit: int) -> dict[str, Hit]:
    hits: dict[str, Hit] = {}
    for ident in q.identifiers:
        lo, hi = _range(ident)
        for (cid,) in conn.execute(text("SELECT client_id FROM client_identifier WHERE value_norm >= :lo "
                                        "AND value_norm < :hi LIMIT :n"), {"lo": lo, "hi": hi, "n": limit}):
            hits[cid] = Hit(cid, 2.5, ident)
    return hits


def _by_date_only(conn: Connection, q: Query, limit: int) -> dict[str, Hit]:
    params: dict = {}
    sql = ("SELECT id FROM client WHERE NOT deleted" + _date_sql(q, "client", params)
           + " ORDER BY last_contact_at DESC LIMIT :n")
    params["n"] = limit
    return {cid: Hit(cid, 1.0, "") for (cid,) in conn.execute(text(sql), params)}


def search(conn: Connection, query: str, limit: int = 50) -> list[Hit]:
    """Return up to *limit* hits for a type-ahead query, best first."""
    q = parse(query)
    if q.empty:
        return []
    hits: dict[str, Hit] = {}
    if q.identifiers:
        hits.update(_by_identifier(conn, q, limit))
    if q.keys:
        strict = _strict(conn, q)
        hits.update({k: v for k, v in strict.items() if k not in hits})
        if len(strict) < limit:
            hits.update(_fuzzy(conn, q, set(hits), limit))
    elif not q.identifiers:
        hits.update(_by_date_only(conn, q, limit))
    ranked = sorted(hits.values(), key=lambda h: (-h.score, h.entry, h.client_id))
    return ranked[:limit]
