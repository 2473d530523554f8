"""Type-ahead search over the local store: transliterations, partial typing, dates, identifiers."""

import datetime as dt

import pytest

from casefile.records import Alias, BirthDatePrecision, Client, Identifier
from desktop.store.search import parse


@pytest.fixture
def people(store):
    data = {
        "olena": Client(
            "Schewtschenko",
            "Olena",
            dt.date(1985, 3, 12),
            sex="f",
            nationalities=["UKR"],
            identifiers=[Identifier("azr_number", "123456789012")],
        ),
        "oleg": Client("Shevchuk", "Oleh", dt.date(1979, 6, 2), sex="m", nationalities=["UKR"]),
        "mohammed": Client(
            "Al-Hassan",
            "Mohammed",
            dt.date(1990, 1, 1),
            BirthDatePrecision.YEAR,
            "m",
            nationalities=["SYR"],
            aliases=[Alias("الحسن", "محمد", "passport")],
        ),
        "ahmad": Client(
            "Mahmoud",
            "Ahmad",
            dt.date(1992, 7, 4),
            sex="m",
            nationalities=["SYR"],
            identifiers=[Identifier("abh_file_number", "ABH-2024-012345")],
        ),
        "guel": Client("Öztürk", "Gül", dt.date(1970, 11, 30), sex="f", nationalities=["TUR"]),
        "yusuf": Client(
            "Rahimi", "Yusuf", None, BirthDatePrecision.UNKNOWN, "m", nationalities=["AFG"]
        ),
        "tesfaye": Client(
            "Ghebremedhin",
            "Tesfaye",
            dt.date(1998, 2, 14),
            sex="m",
            nationalities=["ERI"],
            aliases=[Alias("Tesfaye", "Ghebremedhin", "swapped")],
        ),
    }
    for c in data.values():
        store.create_client(c)
    return data


def first(store, query):
    hits = store.search(query)
    return hits[0].id if hits else None


@pytest.mark.parametrize(
    "query,who",
    [
        ("schewtschenko", "olena"),
        ("shevchenko", "olena"),
        ("Ševčenko Olena", "olena"),
        ("Шевченко", "olena"),
        ("schewt", "olena"),  # partly typed
        ("olena schew", "olena"),  # given name first
        ("jelena shevchenko", "olena"),  # Russian form of the given name
        ("muhammad alhasan", "mohammed"),
        ("mohamed al hassan", "mohammed"),
        ("محمد الحسن", "mohammed"),
        ("oeztuerk", "guel"),
        ("ozturk gul", "guel"),
        ("jussuf rahimi", "yusuf"),
        ("youssef", "yusuf"),
        ("gebremedhin tesfay", "tesfaye"),
        ("schewtshenko", "olena"),  # typo: s for sch
        ("schewtschneko", "olena"),  # transposed letters (fuzzy pass)
    ],
)
def test_names_in_other_spellings_find_the_person(store, people, query, who):
    assert first(store, query) == people[who].id


def test_birth_date_and_identifier_queries(store, people):
    assert first(store, "12.03.1985") == people["olena"].id
    assert first(store, "sch 12.03.1985") == people["olena"].id
    assert first(store, "1234 5678 9012") == people["olena"].id
    assert first(store, "ABH-2024-0123") == people["ahmad"].id
    # The year ranks, it does not filter: Oleh (1979) first, Olena (1985) still found after.
    assert [h.id for h in store.search("shev 1979")] == [people["oleg"].id, people["olena"].id]


def test_ranking_prefers_exact_spelling(store, people):
    hits = store.search("shevch")
    assert hits[0].id == people["oleg"].id or hits[0].id == people["olena"].id
    hits = store.search("shevchuk")
    assert hits[0].id == people["oleg"].id


def test_unrelated_query_finds_nothing_and_empty_query_is_empty(store, people):
    assert store.search("zzyzx") == []
    assert store.search("   ") == []


def test_edits_and_aliases_are_indexed(store, people):
    c = store.get_client(people["yusuf"].id)
    c.aliases.append(Alias("Rahimy", "Yousef", "spelling"))
    store.update_client(c)
    assert first(store, "rahimy") == c.id
    c.aliases = []
    store.update_client(c)
    assert [h.matched for h in store.search("rahimi")] == ["rahimi yusuf"]


def test_parse_separates_dates_identifiers_and_names():
    q = parse("Olena 12.03.1985 123456789012 1985 3.4.")
    assert q.name_tokens == ["olena"]
    assert q.birth_date == "1985-03-12" and q.birth_year == "1985" and q.birth_md == "-04-03"
    assert q.identifiers == ["123456789012"]
    assert parse("31.02.1990").birth_date is None


@pytest.fixture
def namesakes(store):
    """One person registered three times: the true date, a placeholder date, another year;
    and a namesake with an unrelated date."""
    data = {
        "exact": Client("Kovalenko", "Iryna", dt.date(1985, 3, 12), sex="f"),
        "placeholder": Client("Kovalenko", "Iryna", dt.date(1985, 1, 1), sex="f"),
        "year_before": Client("Kovalenko", "Iryna", dt.date(1984, 3, 12), sex="f"),
        "far": Client("Kovalenko", "Iryna", dt.date(1961, 7, 30), sex="f"),
        "other_name": Client("Bondarenko", "Iryna", dt.date(1985, 3, 12), sex="f"),
    }
    for c in data.values():
        store.create_client(c)
    return {k: c.id for k, c in data.items()}


@pytest.mark.parametrize("typed", ["12.03.1985", "1985", "1985-03-12"])
def test_a_typed_date_ranks_strong_name_matches_and_hides_none(store, namesakes, typed):
    ids = [h.id for h in store.search(f"Kovalenko Iryna {typed}")]
    assert ids[0] == namesakes["exact"]
    near = {namesakes["placeholder"], namesakes["year_before"]}
    assert set(ids[1:3]) == near  # a placeholder date and the year before: next
    assert ids[3] == namesakes["far"]  # a strong name match born at another time: still there
    assert namesakes["other_name"] not in ids[:4]  # the date alone does not outrank the name


@pytest.mark.parametrize("typed", ["12.03.1985", "1985"])
def test_a_typed_date_ranks_the_same_when_the_name_has_more_matches_than_one_scan_reads(
    store, namesakes, monkeypatch, typed
):
    # More name matches than a scan returns (four namesakes, two index rows each by sound and
    # by spelling): those born on and near the date are read by scans of their own.
    from desktop.store import search

    monkeypatch.setattr(search, "STRICT_ROWS", 5)
    ids = [h.id for h in store.search(f"Kovalenko Iryna {typed}")]
    assert ids[0] == namesakes["exact"]
    assert set(ids[1:3]) == {namesakes["placeholder"], namesakes["year_before"]}


def test_a_typed_year_puts_a_placeholder_of_that_year_after_the_real_date(store, namesakes):
    ids = [h.id for h in store.search("kovalenko iryna 1985")]
    assert ids.index(namesakes["exact"]) < ids.index(namesakes["placeholder"])
    assert ids.index(namesakes["placeholder"]) < ids.index(namesakes["far"])


def test_a_typed_date_still_filters_weak_name_matches(store, namesakes, people):
    # "Shevchuk Oleh" shares no word with the query: a date never brings in unrelated names.
    ids = {h.id for h in store.search("Kovalenko 02.06.1979")}
    assert people["oleg"].id not in ids
    assert namesakes["far"] in ids


def test_typing_the_year_keeps_the_name_only_results(store, namesakes):
    without = {h.id for h in store.search("Kovalenko Iryna")}
    assert without <= {h.id for h in store.search("Kovalenko Iryna 1985")}
    assert without <= {h.id for h in store.search("Kovalenko Iryna 12.03.1985")}


def test_a_variant_spelled_otherwise_in_every_word_is_found(store, people):
    # Both words differ from the stored ones in their sound keys: each is corrected at once.
    target = store.create_client(Client("Kovalchuk", "Khrystyna", dt.date(2001, 1, 1), sex="f"))
    assert first(store, "Kowalczuk Kristina") == target
    assert first(store, "Kowalczuk Kristina 2001") == target
    assert first(store, "Kowalczuk Kristina 01.01.2001") == target  # read by the date


def test_two_typed_words_are_not_both_met_by_one_name_word(store):
    # "Berane" (a slip) and "Berhane" must meet two words of the name, not both "Berhane".
    twice = store.create_client(Client("Berhane", "Berhane", dt.date(2016, 9, 20), sex="m"))
    for given in ("Abraham", "Aman", "Amanuel"):
        store.create_client(Client("Berhane", given, dt.date(1990, 1, 1), sex="m"))
    assert first(store, "Berane Berhane") == twice


def test_the_vocabulary_counts_the_index_rows_of_each_word_and_prefix(store, people):
    from sqlalchemy import text

    from desktop.store.search import Vocabulary

    assert store.vocab.rows("S.VCNK") is None  # not loaded yet: the search counts in the index
    store.warm_search()
    loaded = Vocabulary()
    with store.search_engine.connect() as conn:
        rows = conn.execute(text("SELECT key, count(*) FROM search_key GROUP BY key"))
        counts = {key: n for key, n in rows}
        loaded.load(conn)
    for vocab in (store.vocab, loaded):
        assert {k: vocab.rows(k) for k in counts} == counts
        in_range = sum(n for k, n in counts.items() if k.startswith("sch"))
        assert in_range > 0 and vocab.rows("sch", "sch\uffff") == in_range
    store.vocab.add(["zzyzx"])
    assert store.vocab.rows("zzyzx") == 1 and store.vocab.rows("zz", "zz\uffff") == 1


def test_a_scan_reads_an_entry_once_though_its_key_and_spelling_both_match(store, people):
    # "shevchenko" matches Olena's entry by key and by spelling prefix: the driving word's
    # spelling range leaves out what its key range reads, so one scan returns it once.
    from desktop.store import search

    q = search.parse("shevchenko ")
    with store.search_engine.connect() as conn:
        rows = search._scan(conn, q, [0])
    assert [r[0] for r in rows] == [people["olena"].id]
    q = search.parse("schewtsch")  # typing: the key range and the spelling prefix, still once
    with store.search_engine.connect() as conn:
        rows = search._scan(conn, q, [0])
    assert [r[0] for r in rows].count(people["olena"].id) == 1


def test_corrections_that_add_no_entries_are_dropped():
    from desktop.store import search

    q = search.parse("mahmud ")
    # "mahmoud" sounds as typed (its key is the word's), "mahmudi" is read by the spelling
    # prefix, "mohamed" by the key correction M.H.M.T: only what adds entries stays.
    corrections = ["mahmoud", "mahmudi", "mohamed", "M.H.M.T", "hamid", "M.HM.TI"]
    assert search._adding(q, 0, corrections) == ["M.H.M.T", "hamid", "M.HM.TI"]
    q = search.parse("mahmu")  # being typed: what its key prefix M.H reads is dropped too
    assert search._adding(q, 0, ["M.HM.S", "mahmoud", "hamid", "M.H.M.T"]) == ["hamid"]


def test_leaving_out_a_word_reads_no_arbitrary_slice_of_a_common_name(store, monkeypatch):
    # "Kovalenko Zzyzxq": the second word matches nobody. With fewer namesakes than a scan
    # reads, leaving it out shows them; with more, their first rows in the index would be an
    # arbitrary few of them, so that step is skipped.
    from desktop.store import search

    for given in ("Iryna", "Olha", "Petro", "Taras", "Vasyl"):
        store.create_client(Client("Kovalenko", given, dt.date(1980, 1, 2), sex="f"))
    assert len(store.search("Kovalenko Zzyzxq")) == 5
    monkeypatch.setattr(search, "STRICT_ROWS", 2)
    assert store.search("Kovalenko Zzyzxq") == []
    assert len(store.search("Kovalenko Iryna")) >= 1  # the name itself is still found


def test_two_typed_words_may_be_one_word_of_the_name(store):
    # "Habib Ullah" typed apart, "Habibullah" registered as one word: both typed words are met
    # by it, so she comes before the people who share only the typed words' spelling.
    laila = store.create_client(Client("Habibullah", "Laila", dt.date(2000, 8, 13), sex="f"))
    for given in ("Ali", "Asis", "Elyas"):
        store.create_client(Client("Habib Ullah", given, dt.date(1990, 1, 1), sex="m"))
    assert first(store, "Habib Ullah Layla") == laila
    assert first(store, "Habib Ullah Lay") == laila  # while typing
    # Only by spelling: "Yousef Ah" is not "Yousefah", though keys drop a final -ah.
    from desktop.store.search import _entry_score, parse

    q = parse("yousef ah")
    assert _entry_score(q, "yusuf", "J.S.F") < _entry_score(q, "yusuf ahmad", "J.S.F AHM.T")


def test_a_somali_c_is_also_read_as_the_ayn_it_writes(store):
    # Somali Cismaan Cabdullaahi is Osman Abdullahi; Carmen stays Carmen before Armen.
    osman = store.create_client(Client("Osman", "Abdullahi", dt.date(1984, 1, 1), sex="m"))
    assert first(store, "Cismaan Cabdullaahi") == osman
    karmen = store.create_client(Client("Popescu", "Karmen", dt.date(1990, 2, 2), sex="f"))
    armen = store.create_client(Client("Popescu", "Armen", dt.date(1991, 3, 3), sex="m"))
    ids = [h.id for h in store.search("Carmen Popescu")]
    assert ids.index(karmen) < ids.index(armen)


def test_a_word_is_left_out_only_while_nobody_fits_every_typed_word_well(store):
    # Half the name (Kovalenko, any given name) fills the list only while no strong match was
    # found: else it would push aside the variants and slips found before.
    iryna = store.create_client(Client("Kovalenko", "Iryna", dt.date(1985, 3, 12), sex="f"))
    for given in ("Olha", "Petro", "Taras"):
        store.create_client(Client("Kovalenko", given, dt.date(1980, 1, 2), sex="f"))
    assert [h.id for h in store.search("Kovalenko Iryna")] == [iryna]
    assert len(store.search("Kovalenko Zzyzxq")) == 4  # nobody fits: the family name alone
