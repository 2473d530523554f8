"""Name folding and transliteration-tolerant keys for finding and matching clients.

The same person reaches the agency as Шевченко, Ševčenko, Shevchenko and Schewtschenko, or as
محمد, Muhammad, Mohammed and Mohamed. General phonetic codes (Kölner Phonetik, Metaphone) give
those different codes because they model *one* language's spelling; here the variation comes
from *romanisation systems* (Cyrillic passport/ICAO, German Duden, English, scholarly ISO 9;
Arabic/Persian in English, French and German spelling). So names are compared in three steps:

``fold`` -- text to lowercase ASCII words
    NFKC; German umlauts as ae/oe/ue and ß as ss (the German registry convention, so
    "Öztürk" and "Oeztuerk" agree); háček and cedilla letters as the digraphs other systems
    write (Ševčenko -> shevchenko); other Latin diacritics stripped (Łukasz -> lukasz);
    Turkish ı -> i. Cyrillic through our own passport-style table (ш sh, ж zh, х kh, ц ts, ч ch, щ shch, й/ы y, ю yu, я ya); a text containing і, ї, є or ґ is read
    as Ukrainian (г h, и y, ї yi, є ye), because Russian and Ukrainian share most letters but
    romanise г and и differently. Arabic and Persian through our own table; Arabic script omits
    short vowels, so ~65 very common names (محمد, أحمد, حسين, ...) come from a small lexicon
    in a standard spelling, the article ال is split off and the Persian -i suffix (محمدی)
    is recognised; other words become a consonant skeleton with long vowels. Greek, Ge'ez,
    Armenian, Georgian, CJK, ... go through anyascii (ISC; unidecode is GPL and stays out).
    Apostrophes vanish inside words (O'Brien, Ja'far, Мар'яна); other punctuation, hyphens
    included, separates words.

``tokens`` -- folded words, with particles *glued* to the next word
    "Al-Hassan", "al Hassan", "Alhassan" and "El Hasan" must compare equal, and registries
    write particles both apart and fused (Abu Bakr/Abubakar, Abdul Rahman/Abdulrahman, dos
    Santos/Dossantos). Gluing is the only rule that makes both forms agree without guessing
    whether the "Al" of "Albert" is an article. The bare form ("Hassan") is reached through
    ``search_keys`` and ``name_similarity``, which also try the word without a leading al/el.
    Vietnamese Van/Le and Chinese Da/Di/Du are real name parts, so they are not particles.

``phonetic_key`` -- one token to a skeleton that collapses romanisation families
    * Sibilants are one class S: s, ss, z, sh, sch, zh, ts, tz (German s = English z,
      German z = English ts, German sch = English sh and zh; š and ž lose their háček).
    * Affricate ч is one class C: ch, tsch, tch, and c before e/i/y or a consonant (č, ç).
      German "ch" also writes Arabic خ/ح and Russian х (Chalid, Machmud, Michail), so "ch"
      counts as ч only before e/i/y or after a consonant (Chernenko, Shevchenko), else as H;
      kh and h are H too. Initial chr/chl is K (Christina = Kristina).
    * J is one class for English j, German/French dsch/dj/dzh and a y/j/i before a vowel at
      the start (Yusuf = Jussuf, Iurii = Yuri, Jamal = Dschamal); a j after a vowel that ends
      a syllable is a vowel (Sergej = Sergei, Jurij = Yuri). Initial je/ye/ie is Cyrillic Е,
      read as a vowel (Jelena = Yelena = Elena).
    * v/w -> V, ph -> F, k/q/ck/hard c -> K, x -> KS, gh -> G, dh -> D, th -> T.
    * Vowels: the quality of a vowel is what romanisations disagree on most (Mohammed/
      Muhammad, Khalid/Khaled, Yusuf/Youssef), so a leading vowel run becomes A and any other
      run a placeholder ".". The placeholder keeps the syllable shape, which is what tells
      Mahmoud (M.HM.T) from Mohammed (M.H.M.T). A run that holds i/y is I if it is a diphthong
      or glide (ai, ei, ia, iy: Hussein vs Hassan, Mariia = Maria) or ends the word (Ali,
      Yuri, Sergei); a final run without i is dropped (German/French -e, Persian -eh:
      Fatima = Fatemeh).
    * A placeholder between a stop and r/l/m/n is dropped: Slavic and Ge'ez clusters get an
      epenthetic vowel in German/English (Aleksandr/Alexander, Petr/Peter, Medhn/Medhin).
    * Doubled letters collapse, a final h after a vowel goes (Abdullah = Abdulla), a final
      d/b/g is devoiced (Ahmet = Ahmed, Zeynep = Zainab, Tarig = Tariq).
    Keys use A (leading vowel), I, "." and the upper-case consonant classes, e.g.
    Shevchenko -> S.VC.NK. They are deliberately lossy (Olena = Alina = Elena, Omar = Amir,
    Maria = Mario): a key selects candidates, and ranking also compares folded spellings.

Keys are computed for every token of every client when a store is built and on every
keystroke of a search, so the key is a handful of precompiled regexes and translate tables
behind a cache.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

__all__ = ["fold", "name_similarity", "phonetic_key", "search_keys", "tokens"]

# --- fold -----------------------------------------------------------------------------------

# Passport/English romanisation ("-" = not written): the spelling most documents carry.
_CYRILLIC = {
    letter: latin.strip("-")
    for letter, latin in zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch - y - e yu ya".split(),
    )
}
_UKRAINIAN = {**_CYRILLIC, "г": "h", "ґ": "g", "и": "y", "і": "i", "ї": "yi", "є": "ye"}
_UKRAINIAN_LETTERS = re.compile("[іїєґ]")

_COMMON = {
    "ä": "ae",
    "ö": "oe",
    "ü": "ue",
    "ß": "ss",
    "ı": "i",
    # Háček and cedilla letters are the affricate that other systems write ch/tsch (Ševčenko,
    # Poliščuk, Çelik); stripping the mark to a bare c would read it as a hard k before a/o/u.
    "č": "ch",
    "ć": "ch",
    "ç": "ch",
    "š": "sh",
    "ž": "zh",
    # Apostrophes and ʿ/ʾ mark glottal stops or elision, not word boundaries.
    "'": "",
    "’": "",
    "‘": "",
    "ʼ": "",
    "ʻ": "",
    "ʿ": "",
    "ʾ": "",
    "`": "",
    "´": "",
    "′": "",
    "\u00ad": "",
    "\u200c": "",
    "\u200d": "",  # soft hyphen, (non-)joiners
}
_RUSSIAN_TABLE = str.maketrans({**_CYRILLIC, **_COMMON})
_UKRAINIAN_TABLE = str.maketrans({**_UKRAINIAN, **_COMMON})

# Arabic and Persian letters, one Latin value each; ع is written as a vowel because Latin
# spellings of names render it as one (Ali, Omar, Saad).
_AR_LETTERS = {
    letter: latin.strip("-")
    for letter, latin in zip(
        "ا أ إ آ ٱ ء ؤ ئ ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه ة و ى ي "
        "پ چ ژ گ ک ی ۀ ە ہ ے ٹ ڈ ڑ ں ڤ".split(),
        "a a i a a - u i b t th j h kh d dh r z s sh s d t z a gh f q k l m n h a u a i "
        "p ch zh g k i e e h e t d r n v".split(),
    )
}
# Vowel signs are rare in names but exact where present; tanwin, shadda and sukun add nothing.
_AR_LETTERS.update(
    {
        "ـ": "",
        "\u064e": "a",
        "\u064f": "u",
        "\u0650": "i",
        "\u0670": "a",
        "\u064b": "",
        "\u064c": "",
        "\u064d": "",
        "\u0651": "",
        "\u0652": "",
    }
)
_AR_TABLE = str.maketrans(_AR_LETTERS)
# Lexicon keys ignore vowel signs and the spelling variants of alif, yeh, kaf and ta marbuta.
_AR_NORM = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
        "ة": "ه",
        "ـ": None,
        **{chr(c): None for c in range(0x064B, 0x0653)},
        "\u0670": None,
    }
)
_AR_NAMES = {
    arabic.translate(_AR_NORM): latin
    for arabic, latin in (
        pair.split("=")
        for pair in """
    محمد=muhammad محمود=mahmud أحمد=ahmad حامد=hamid حسن=hasan حسين=husain علي=ali عمر=umar
    عثمان=uthman خالد=khalid مصطفى=mustafa فاطمة=fatima عائشة=aisha زينب=zainab يوسف=yusuf
    إبراهيم=ibrahim إسماعيل=ismail يعقوب=yaqub موسى=musa عيسى=isa يحيى=yahya يونس=yunus
    سليمان=sulaiman داود=dawud مريم=maryam خديجة=khadija سارة=sara نور=nur ليلى=laila
    أمينة=amina أمين=amin كريم=karim رحمن=rahman رحيم=rahim عزيز=aziz جمال=jamal رشيد=rashid
    سعيد=said صالح=salih طارق=tariq وليد=walid ياسين=yasin الله=allah عبد=abd مهدي=mahdi
    رضا=reza زهرا=zahra زهراء=zahra جعفر=jafar عباس=abbas حمزة=hamza بلال=bilal نادية=nadia
    هدى=huda سلمى=salma منى=muna أسماء=asma حليمة=halima جميلة=jamila سمير=samir نبيل=nabil
    عادل=adil ماهر=mahir قاسم=qasim هاشم=hashim ناصر=nasir منصور=mansur""".split()
    )
}
_AR_WORD = re.compile("[\u0621-\u065f\u0670-\u06d3]+")  # letters and vowel signs
# و and ي are consonants (w, y) at the start of a word and after alif, long vowels elsewhere.
_AR_GLIDE = re.compile("^[وي]|(?<=[اآ])[وي]")


def _arabic_to_latin(word: str) -> str:
    key = word.translate(_AR_NORM)
    if key in _AR_NAMES:
        return _AR_NAMES[key]
    if key.endswith("ي") and key[:-1] in _AR_NAMES:  # Persian/Arabic -i: Mohammadi, Hosseini
        return _AR_NAMES[key[:-1]] + "i"
    for prefix, latin in (("ال", "al"), ("عبد", "abd")):
        if key.startswith(prefix) and len(key) > len(prefix) + 1:
            return latin + " " + _arabic_to_latin(key[len(prefix) :])
    return _AR_GLIDE.sub(lambda m: "w" if m[0] == "و" else "y", word).translate(_AR_TABLE)


_NOT_ALNUM = re.compile("[^a-z0-9]+")


def fold(text: str) -> str:
    """Return *text* as lowercase ASCII words separated by single spaces (see module doc)."""
    text = unicodedata.normalize("NFKC", text).lower()
    if not text.isascii():
        if _AR_WORD.search(text):
            text = _AR_WORD.sub(lambda m: _arabic_to_latin(m[0]), text)
        table = _UKRAINIAN_TABLE if _UKRAINIAN_LETTERS.search(text) else _RUSSIAN_TABLE
        text = text.translate(table)
        if not text.isascii():
            text = "".join(
                c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)
            )
            # anyascii reads Greek ου letter by letter ("oy"); every romanisation writes "ou".
            text = anyascii(text.replace("ου", "ou")).lower()
    text = text.replace("'", "").replace("`", "")
    return _NOT_ALNUM.sub(" ", text).strip()


# --- tokens ---------------------------------------------------------------------------------

_PARTICLES = frozenset(
    """
    al el ul il ad ud abu abou bou bin ben ibn bint abd abdul abdel abdal abdoul abdou
    von vom zu ter ten der den de del della dos das""".split()
)
_ARTICLE = re.compile("^(?:al|el|ul)(?=[^aeiou].{3})")


def tokens(name: str) -> list[str]:
    """Folded words of *name*, each particle glued to the word after it ([] for no name)."""
    out: list[str] = []
    pending = ""
    for word in fold(name).split():
        if word in _PARTICLES:
            pending += word
        else:
            out.append(pending + word)
            pending = ""
    if pending:  # a trailing particle ("Abdul" alone) is the name itself
        out.append(pending)
    return out


def without_article(token: str) -> str:
    """*token* without a fused Arabic article (alhassan -> hassan); unchanged otherwise."""
    return _ARTICLE.sub("", token)


# --- phonetic_key ---------------------------------------------------------------------------

_TRAILING_H = re.compile("(?<=[aeiouy])h+$")
_DIGRAPHS = {
    "tsch": "C",
    "dsch": "J",
    "shch": "SC",
    "sch": "S",
    "dzh": "J",
    "tch": "C",
    "sh": "S",
    "zh": "S",
    "kh": "H",
    "gh": "G",
    "ph": "F",
    "th": "T",
    "dh": "D",
    "ck": "K",
    "ts": "S",
    "tz": "S",
    "dj": "J",
    "dz": "J",
    "x": "KS",
    "q": "K",
}
_DIGRAPH = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
_CH_AS_C = re.compile("ch(?=[eiy])|(?<=[^aeiouy])ch")
_C_HARD = re.compile("c(?=[aoulr])")
_J_GLIDE = re.compile("(?<=[aeiouy])j(?![aeiouyj])")  # not in jj: Hajj is Hadsch
_LETTER_CLASS = str.maketrans("bcdfghjklmnprstvwyz", "BCDFGHJKLMNPRSTVViS")
_VOWELS = re.compile("[aeiou]+")
_EPENTHESIS = re.compile(r"(?<=[BPDTGK])\.(?=[RLMN])")
_DOUBLE = re.compile(r"(.)\1+")
_DEVOICE = {"D": "T", "B": "P", "G": "K"}


def _vowel_class(m: re.Match[str]) -> str:
    run, at_end = m[0], m.end() == len(m.string)
    if m.start() == 0:
        return "A"
    if "i" in run and (at_end or len(run) > 1):
        return "I"
    return "" if at_end else "."


@lru_cache(maxsize=1 << 16)
def phonetic_key(token: str) -> str:
    """Skeleton of one folded token that is equal across romanisations (see module doc).

    Unfolded input is folded first (spaces dropped), so ``phonetic_key("Шевченко")`` works.
    """
    if not (token.isascii() and token.isalpha() and token.islower()):
        token = "".join(c for c in fold(token) if c.isalpha())
    if (m := _ARTICLE.match(token)) is not None:
        # A fused article is keyed apart: its "l" must not make the next word's "ch" read as
        # after a consonant (Al-Chalil is Al-Khalil, not Al-Tschalil).
        return "AL" + phonetic_key(token[m.end() :])
    t = _TRAILING_H.sub("", token)
    if len(t) > 1 and t[0] in "jyi":
        if t[1] == "e":
            t = t[1:]  # Cyrillic Е: Jelena, Yelena, Ielena, Elena
        elif t[1] in "aou" or (t[1] == "i" and t[0] != "i"):
            t = "J" + t[1:]
    t = _DIGRAPH.sub(lambda m: _DIGRAPHS[m[0]], t)
    if "ch" in t:
        if t.startswith(("chr", "chl")):
            t = "K" + t[2:]
        t = _CH_AS_C.sub("C", t).replace("ch", "H")
    if "c" in t:
        t = _C_HARD.sub("K", t)
    if "j" in t:
        t = _J_GLIDE.sub("i", t)
    t = _VOWELS.sub(_vowel_class, t.translate(_LETTER_CLASS))
    t = _DOUBLE.sub(r"\1", _EPENTHESIS.sub("", t))
    if t and t[-1] in _DEVOICE:
        t = t[:-1] + _DEVOICE[t[-1]]
    return t


# --- search and similarity ------------------------------------------------------------------


def search_keys(family_name: str, given_names: str) -> list[str]:
    """Distinct phonetic keys of all name tokens, to index a client for search.

    A token with a fused article is indexed under its bare form too, so that "Hassan" finds
    "Al-Hassan"; a spurious extra key ("Albert" under "bert") only widens the candidate list.
    """
    keys: dict[str, None] = {}
    for token in tokens(family_name) + tokens(given_names):
        for form in (token, without_article(token)):
            key = phonetic_key(form)
            if key:
                keys[key] = None
    return list(keys)


_MAX_TOKENS = 12  # real names have fewer; bounds the pairwise comparison on junk input


def token_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    ka, kb = phonetic_key(a), phonetic_key(b)
    if ka and ka == kb:
        return 1.0
    # One key symbol stands for a whole sound class, so a key edit costs two letter edits:
    # otherwise Mohammed/Mahmoud (M.H.M.T/M.HM.T) would score like a typo.
    key_score = 1.0 - 2.0 * Levenshtein.distance(ka, kb) / max(len(ka), len(kb), 1)
    return max(fuzz.ratio(a, b) / 100.0, key_score)


def name_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two full names, independent of word order.

    Tokens are paired greedily by their best score; a token score is 1.0 when folded forms or
    phonetic keys agree, else the better of the rapidfuzz ratio of the folded forms and a
    key similarity in which each key edit counts double.
    A fused article costs 5 % (Al-Hassan vs Hassan). Unpaired tokens count as 0, so the sum is
    divided by the mean token count: a missing middle name lowers the score without zeroing it.
    No name on either side gives 0.0: absence is not evidence of identity. Equal keys score
    1.0 even where the key is lossy (Omar/Amir), so use this as one piece of evidence.
    """
    ta, tb = tokens(a)[:_MAX_TOKENS], tokens(b)[:_MAX_TOKENS]
    if not ta or not tb:
        return 0.0
    return min(1.0, 2.0 * pair_greedily(ta, tb, article_tolerant_similarity) / (len(ta) + len(tb)))


def article_tolerant_similarity(x: str, y: str) -> float:
    """:func:`token_similarity`, where a fused article costs 5 % instead of a mismatch."""
    score = token_similarity(x, y)
    if score < 1.0:
        bx, by = without_article(x), without_article(y)
        if (bx, by) != (x, y):
            score = max(score, 0.95 * token_similarity(bx, by))
    return score


def pair_greedily(
    ta: Sequence[str], tb: Sequence[str], score: Callable[[str, str], float]
) -> float:
    """Pair the tokens of two names by their best *score* (each token used once, order
    free) and return the sum of the pairs' scores."""
    scored = sorted(
        ((score(x, y), i, j) for i, x in enumerate(ta) for j, y in enumerate(tb)), reverse=True
    )
    used_a: set[int] = set()
    used_b: set[int] = set()
    total = 0.0
    for value, i, j in scored:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            total += value
    return total
