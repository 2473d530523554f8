"""Name pools for demo data: given and family names per origin group, as *variant families*.

A variant family is one name in its usual romanisations, e.g. Mohammed / Muhammad / Mohamad.
The first variant is the spelling a German office most often writes; ``script`` is the spelling
in the original script where the documents carry one (Arabic, Persian, Cyrillic). ``weight`` is
a relative frequency within the list, so that common names are common, as in a real registry.

The pools are data, written in a compact line format parsed at import::

    <weight> <variant>/<variant>/... [= <original script>]

A name is addressed by ``(pool, kind, index)`` where kind is ``"m"``/``"f"`` (given names by
sex) or ``"family"``; :func:`variants` returns all spellings of it, so a benchmark can build
queries with other spellings of a generated name.
"""
from __future__ import annotations

from bisect import bisect
from dataclasses import dataclass, field
from itertools import accumulate


@dataclass(frozen=True)
class NameFamily:
    """One name in its spellings; ``variants[0]`` is the usual German-office spelling."""
    variants: tuple[str, ...]
    script: str = ""
    weight: float = 1.0


def _parse(text: str) -> tuple[NameFamily, ...]:
    out = []
    for line in text.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        weight, _, rest = line.partition(" ")
        names, _, script = rest.partition("=")
        variants = tuple(v.strip() for v in names.split("/") if v.strip())
        out.append(NameFamily(variants, script.strip(), float(weight)))
    return tuple(out)


class _Weighted:
    """A list of name families with cumulative weights for fast weighted draws."""

    def __init__(self, families: tuple[NameFamily, ...]):
        self.families = families
        self.cum = list(accumulate(f.weight for f in families))
        self.total = self.cum[-1]

    def pick(self, rng) -> int:
        return bisect(self.cum, rng.random() * self.total)

    def __len__(self) -> int:
        return len(self.families)


# Family-name forms of women (Ivanov -> Ivanova, Kowalski -> Kowalska); the rules act on the
# last word and keep variant indices aligned, so the variant family stays the same.
_FEMININE_RULES: dict[str, tuple[tuple[str, str], ...]] = {
    "east_slavic": (("ський", "ська"), ("ский", "ская"), ("skyi", "ska"), ("skyj", "ska"),
                    ("skiy", "skaya"), ("skij", "skaja"), ("sky", "ska"), ("ski", "ska"),
                    ("ов", "ова"), ("ев", "ева"), ("ёв", "ёва"), ("ин", "ина"), ("ын", "ына"),
                    ("ov", "ova"), ("ow", "owa"), ("ev", "eva"), ("ew", "ewa"), ("in", "ina")),
    "ukrainian": (("ський", "ська"), ("skyi", "ska"), ("skyj", "ska"), ("sky", "ska"),
                  ("ski", "ska"), ("ов", "ова"), ("ov", "ova"), ("ow", "owa")),
    "polish": (("ski", "ska"), ("sky", "ska"), ("cki", "cka"), ("cky", "cka"), ("zki", "zka"),
               ("dzki", "dzka")),
    "bulgarian": (("ов", "ова"), ("ев", "ева"), ("ov", "ova"), ("ow", "owa"), ("ev", "eva"),
                  ("ew", "ewa")),
}


def feminine_form(rule: str, name: str) -> str:
    """The female form of a family name under *rule* (unchanged where no rule applies)."""
    if not rule or not name:
        return name
    for suffix, repl in _FEMININE_RULES[rule]:
        if name.endswith(suffix):
            return name[: -len(suffix)] + repl
    return name


@dataclass
class Pool:
    """Given names (by sex) and family names of one naming tradition."""
    key: str
    m: _Weighted
    f: _Weighted
    family: _Weighted
    feminine_rule: str = ""
    has_script: bool = False

    def lst(self, kind: str) -> _Weighted:
        return {"m": self.m, "f": self.f, "family": self.family}[kind]


@dataclass(frozen=True)
class Group:
    """An origin subgroup: nationality, naming pools, birth places and family customs.

    ``patronymic`` is the share of people whose family name is their father's given name
    (Eritrea always; in Afghan, Somali and Iraqi registrations often).
    """
    key: str
    origin: str                 # ISO 3166-1 alpha-3 (catalog nationality)
    given_pool: str
    family_pool: str
    weight: float               # share within the origin
    places: _Weighted = field(compare=False)
    patronymic: float = 0.0
    wife_takes_name: bool = False


# --------------------------------------------------------------------------------------------
# Arabic (Syria, Iraq)

ARAB_M = """
40 Mohammed/Muhammad/Mohamad/Mohammad/Muhammed/Mohamed = محمد
18 Ahmad/Ahmed/Achmed/Ahmet = أحمد
16 Ali/Aly = علي
10 Mahmoud/Mahmud/Mahmood/Machmud = محمود
9 Khaled/Khalid/Chalid/Haled = خالد
9 Omar/Umar/Omer/Umer = عمر
8 Hussein/Hussain/Husain/Husein/Hossein = حسين
7 Hassan/Hasan/Hassen = حسن
7 Abdulrahman/Abdul Rahman/Abdelrahman/Abd al-Rahman/Abdurrahman = عبد الرحمن
6 Yusuf/Youssef/Yousef/Jussuf/Yusef = يوسف
6 Ibrahim/Ebrahim/Ibraheem/Brahim = إبراهيم
6 Mustafa/Mostafa/Moustafa/Mustapha = مصطفى
5 Abdullah/Abdallah/Abdulla/Abdellah = عبد الله
5 Khalil/Chalil/Halil/Khaleel = خليل
5 Mohannad/Muhannad/Mohanad = مهند
4 Amer/Aamer/Ammer = عامر
4 Bashar/Baschar/Bachar = بشار
4 Firas/Feras/Ferras = فراس
5 Hamza/Hamzah/Hamsa = حمزة
4 Karim/Kareem/Carim = كريم
4 Samer = سامر
4 Tarek/Tariq/Tarik/Tareq = طارق
4 Walid/Waleed/Oualid = وليد
3 Zaid/Zayd/Zeid = زيد
4 Rami/Ramy = رامي
3 Nour/Noor/Nur = نور
4 Anas/Annas = أنس
4 Osama/Usama/Ousama/Oussama = أسامة
4 Ayman/Aiman/Eiman = أيمن
3 Bilal/Belal = بلال
3 Jamal/Gamal/Djamal/Dschamal = جمال
3 Majd/Madschd = مجد
3 Hadi/Hady = هادي
3 Saleh/Salih/Saleeh = صالح
3 Adnan/Adnaan = عدنان
3 Fadi/Fady = فادي
3 Wael/Wail/Ouael = وائل
3 Yasser/Yaser/Jasser/Yasir = ياسر
3 Hisham/Hischam/Hesham = هشام
3 Abdulkarim/Abdul Karim/Abdelkarim = عبد الكريم
3 Abdulaziz/Abdul Aziz/Abdelaziz = عبد العزيز
3 Nasser/Naser/Nasir = ناصر
2 Ghassan/Gassan/Rassan = غسان
3 Ammar/Amar/Ammaar = عمار
3 Moaz/Muaz/Muath/Moath = معاذ
2 Obada/Ubada/Obadah = عبادة
2 Haitham/Haytham/Heitham = هيثم
2 Qusai/Kusai/Qusay/Kousai = قصي
2 Louay/Luay/Loai = لؤي
2 Taha/Tahaa = طه
2 Jihad/Dschihad/Jehad = جهاد
2 Suleiman/Sulaiman/Soleiman/Sleiman = سليمان
2 Issa/Isa/Eissa = عيسى
2 Mazen/Mazin = مازن
2 Raed/Raid/Ra'ed = رائد
2 Shadi/Schadi/Chadi = شادي
2 Iyad/Eyad/Ijad = إياد
"""

IRAQ_M_EXTRA = """
7 Haider/Haidar/Hayder/Heider = حيدر
6 Abbas/Abas/Abbass = عباس
3 Karrar/Karar = كرار
3 Murtadha/Murtada/Mortada/Murtaza = مرتضى
4 Mahdi/Mehdi/Mahdy = مهدي
3 Jasim/Jassim/Jasem/Dschasim = جاسم
3 Sajjad/Sajad/Sadschad = سجاد
3 Saif/Sayf/Seif = سيف
2 Uday/Odai/Udai/Oday = عدي
3 Kadhim/Kazim/Kazem/Kadhem = كاظم
2 Falah/Fallah = فلاح
2 Muntadhar/Muntazar/Montather = منتظر
3 Alaa/Ala'a = علاء
2 Diyaa/Dhiaa/Diaa/Ziaa = ضياء
2 Amjad/Amdschad = أمجد
2 Raad/Ra'ad = رعد
"""

ARAB_F = """
12 Fatima/Fatma/Fatmeh/Fatimah = فاطمة
8 Aisha/Aischa/Ayesha/Aicha/Aysha = عائشة
8 Maryam/Mariam/Meriam = مريم
6 Nour/Noor/Nur = نور
6 Hiba/Heba/Hibah = هبة
6 Rasha/Rascha/Racha = رشا
6 Amal/Amaal = أمل
6 Huda/Hoda/Houda = هدى
5 Zainab/Zeinab/Zaynab/Sainab = زينب
5 Khadija/Khadidja/Chadidscha/Khadijeh = خديجة
5 Rana/Ranaa = رنا
5 Lina/Leena = لينا
5 Samira/Sameera/Smira = سميرة
5 Yasmin/Jasmin/Yasmine/Yasmeen = ياسمين
4 Rama/Ramah = راما
4 Sara/Sarah = سارة
4 Reem/Rim/Riem = ريم
4 Dima/Deema = ديما
4 Nadia/Nadja/Nadiya = نادية
4 Salma/Selma = سلمى
4 Hanan/Hanaan/Chanan = حنان
3 Lamia/Lamya/Lamiaa = لمياء
4 Asmaa/Asma/Esma = أسماء
3 Ghada/Gada/Rada = غادة
4 Rawan/Raouan = روان
3 Shaimaa/Shaima/Schaima/Chaima = شيماء
3 Manal/Manaal = منال
3 Widad/Wedad/Ouidad = وداد
3 Wafaa/Wafa = وفاء
3 Nisreen/Nisrin/Nesrin/Nesreen = نسرين
3 Suzan/Susan/Souzan = سوزان
3 Layla/Leila/Laila/Leyla = ليلى
3 Rima/Reema = ريما
3 Malak/Malek = ملك
3 Bushra/Buschra/Boushra = بشرى
3 Iman/Eman/Imane = إيمان
3 Sanaa/Sana = سناء
3 Doaa/Duaa/Dua'a/Doa = دعاء
3 Israa/Esraa/Isra = إسراء
3 Marwa/Marwah/Maroua = مروة
3 Shahad/Schahad/Chahad = شهد
2 Rahaf/Rahhaf = رهف
2 Joud/Jud/Dschud = جود
3 Zahraa/Zahra/Sahra = زهراء
2 Batoul/Batul/Betul = بتول
2 Ruqaya/Rukaya/Roqaya = رقية
2 Hawraa/Haura/Hawra = حوراء
2 Aya/Aja/Aiah = آية
"""

SYR_FAMILY = """
12 Al-Hassan/Alhassan/Al Hasan/El-Hassan/Al-Hasan = الحسن
8 Al-Ahmad/Alahmad/Al Ahmed/El-Ahmad = الأحمد
8 Al-Ali/Alali/Al Ali/El-Ali = العلي
8 Al-Mohammad/Almohammad/Al Mohamad/Al-Muhammad = المحمد
6 Al-Hussein/Alhussein/Al Hussain/El-Hussein = الحسين
5 Al-Khalil/Alkhalil/Al Chalil/El-Khalil = الخليل
5 Hamdan/Hamdaan = حمدان
4 Al-Saleh/Alsaleh/Al Salih/As-Saleh = الصالح
4 Al-Omar/Alomar/Al Omar/El-Omar = العمر
4 Al-Abdullah/Alabdullah/Al Abdallah/El-Abdallah = العبدالله
4 Al-Khatib/Alkhatib/Al Chatib/El-Khatib/Al-Khateeb = الخطيب
4 Haddad/Hadad/Al-Haddad = حداد
4 Al-Sheikh/Alsheikh/Al Shaikh/El-Cheikh/Asch-Scheich = الشيخ
4 Al-Masri/Almasri/Al Masry/El-Masri = المصري
4 Kurdi/Al-Kurdi/Alkurdi/El-Kurdi = الكردي
4 Al-Halabi/Alhalabi/Al Halaby/El-Halabi = الحلبي
3 Al-Homsi/Alhomsi/El-Homsi = الحمصي
3 Khalaf/Chalaf/Khalef = خلف
3 Darwish/Darwisch/Derwisch/Darouich = درويش
3 Al-Jasem/Aljasem/Al Jassem/Al-Jasim = الجاسم
3 Mansour/Mansur/Mansoor = منصور
3 Al-Hamoud/Alhamoud/Al Hamud/Al-Hammoud = الحمود
3 Haj Ali/Hajj Ali/Hadsch Ali/Al-Hajj Ali = حاج علي
3 Sulaiman/Suleiman/Sleiman/Soliman = سليمان
3 Al-Zoubi/Alzoubi/Al Zoubi/Al-Zubi/Zoubi = الزعبي
3 Al-Rifai/Alrifai/Al Refai/Al-Rifaee = الرفاعي
3 Qasem/Kasem/Kassem/Qassem/Qasim = قاسم
3 Haidar/Haider/Hayder = حيدر
3 Othman/Osman/Uthman/Otman = عثمان
3 Al-Ibrahim/Alibrahim/Al Ebrahim/El-Ibrahim = الإبراهيم
3 Al-Issa/Alissa/Al Eissa/El-Issa = العيسى
3 Nasser/Naser/Nasir = ناصر
3 Yousef/Youssef/Yusuf/Jussuf = يوسف
3 Al-Nasser/Alnasser/An-Nasser/Al Naser = الناصر
2 Mahmoud/Mahmud/Machmud = محمود
2 Rahal/Rahhal/Rachal = رحال
2 Bakour/Bakkour/Bakur = بكور
2 Hallak/Hallaq/Al-Hallak = حلاق
2 Kanaan/Kanan/Canaan = كنعان
2 Shaaban/Schaaban/Chaabane/Shaban = شعبان
2 Al-Shami/Alshami/Al Chami/Esch-Schami = الشامي
2 Dakhil/Dachil/Dakheel = دخيل
2 Ismail/Ismael/Esmail/Ismajil = إسماعيل
2 Abdo/Abdou/Abdu = عبدو
2 Al-Hamwi/Hamwi/Hamoui/Al Hamawi = الحموي
2 Al-Mousa/Almousa/Al Musa/El-Moussa = الموسى
"""

IRQ_FAMILY = """
6 Al-Jubouri/Aljubouri/Al Jaburi/Al-Juburi/Al-Jabouri = الجبوري
5 Al-Dulaimi/Aldulaimi/Al Dulaymi/Al-Duleimi = الدليمي
5 Al-Obaidi/Alobaidi/Al Ubaidi/Al-Obeidi = العبيدي
5 Al-Tamimi/Altamimi/Al Tamimi/At-Tamimi = التميمي
5 Al-Shammari/Alshammari/Al Shamari/Asch-Schammari = الشمري
4 Al-Saadi/Alsaadi/Al Saady/Al-Sa'adi = الساعدي
4 Al-Azzawi/Alazzawi/Al Azawi/Al-Azawi = العزاوي
4 Al-Khafaji/Alkhafaji/Al Chafadschi/Al-Khafaje = الخفاجي
4 Al-Maliki/Almaliki/Al Malki/Al-Malky = المالكي
4 Al-Rubaie/Alrubaie/Al Rubai/Al-Rubaye = الربيعي
4 Al-Zubaidi/Alzubaidi/Al Zubeidi/Al-Zobaidi = الزبيدي
4 Al-Hashimi/Alhashimi/Al Hashemi/El-Haschimi = الهاشمي
4 Al-Mosawi/Almosawi/Al Musawi/Al-Moussawi = الموسوي
3 Al-Ani/Alani/Al Aani/Al-Aani = العاني
3 Al-Bayati/Albayati/Al Bayaty = البياتي
3 Al-Janabi/Aljanabi/Al Dschanabi/Al-Jenabi = الجنابي
3 Al-Hamdani/Alhamdani/Al Hamadani = الحمداني
3 Al-Kubaisi/Alkubaisi/Al Kubaysi/Al-Qubaisi = الكبيسي
3 Al-Mashhadani/Almashhadani/Al Maschhadani = المشهداني
3 Al-Nuaimi/Alnuaimi/Al Naimi/An-Nuaimi = النعيمي
3 Abbas/Abas/Abbass = عباس
3 Hussein/Hussain/Husain = حسين
3 Jasim/Jassim/Jasem/Dschasim = جاسم
3 Kadhim/Kazim/Kazem/Kadhem = كاظم
3 Salman/Selman/Salmaan = سلمان
2 Mahdi/Mehdi/Mahdy = مهدي
2 Ali/Aly = علي
2 Hassan/Hasan = حسن
2 Khalaf/Chalaf = خلف
2 Mohammed/Muhammad/Mohamad = محمد
2 Al-Sudani/Alsudani/Al Soudani = السوداني
2 Al-Khazraji/Alkhazraji/Al Chasradschi = الخزرجي
2 Al-Tikriti/Altikriti/Al Tekreti = التكريتي
2 Sabah/Sabbah = صباح
2 Al-Kaabi/Alkaabi/Al Kabi/Al-Ka'bi = الكعبي
2 Al-Lami/Allami/Al Laami = اللامي
"""

# --------------------------------------------------------------------------------------------
# Kurdish (Syria, Iraq, Turkey) -- Latin (Kurmanji/Sorani romanisations), no script kept

KURD_M = """
8 Mohammed/Muhammad/Mihemed/Mohamad
6 Ahmed/Ahmad/Ehmed
4 Azad/Azat
4 Rebwar/Rebuar/Rêbwar
4 Karwan/Carwan/Karvan
4 Şivan/Shivan/Schiwan/Sivan
4 Dilshad/Dilschad/Dilşad
3 Hawkar/Haukar/Hawker
4 Baran
3 Hemin/Hêmin/Heimin
3 Dler/Dilêr/Diler
3 Zana
3 Aram
3 Sherzad/Scherzad/Şêrzad/Shirzad
3 Diyar/Dijar/Diar
3 Bakhtiyar/Bachtiar/Baxtiyar/Bakhtiar
3 Kawa/Kave/Kaweh
3 Sirwan/Serwan/Sirvan
3 Hoshyar/Hoschiar/Hoşyar/Hoshiar
3 Barzan/Barsan
3 Rizgar/Rezgar
3 Bryar/Biryar/Briar
3 Rojhat/Roshat/Rojhad
3 Welat/Velat/Walat
3 Hogir/Hoger/Hogîr
3 Mazlum/Mazloum/Masloum
3 Ciwan/Jiwan/Dschiwan/Cîwan
3 Serhat/Serhad
3 Berzan/Bersan
4 Hussein/Hisên/Husein/Hussain
3 Xalid/Khalid/Khaled/Chalid
3 Salah/Selah/Salahaddin
3 Omer/Omar/Umar
3 Delil/Delîl/Dalil
2 Nechirvan/Nêçirvan/Netschirwan/Nechirwan
2 Kamal/Kemal/Kamaal
2 Idris/Idriss/Edris
2 Jamal/Cemal/Dschamal
2 Shvan/Şvan/Schwan
2 Ari/Arî
"""

KURD_F = """
5 Rojda/Roschda/Rojdah
5 Berivan/Beriwan/Bêrîvan
5 Dilan
4 Jiyan/Zhiyan/Schiyan/Jian
4 Nalin/Nalîn
4 Hevi/Hêvî/Hewi
4 Ronahi/Ronahî/Ronahie
4 Zozan/Sozan/Zosan
4 Shirin/Şirin/Schirin/Shireen
4 Gulistan/Golestan/Gulestan
4 Nesrin/Nasrin/Nisrin/Nesreen
4 Avin/Awin/Avîn
4 Rojin/Roschin/Rojîn
3 Delal
3 Leyla/Layla/Leila
3 Evin/Ewin/Evîn
4 Helin/Hêlîn/Hellin
3 Sozdar/Sosdar
3 Viyan/Wiyan/Vian
3 Rewshen/Rewşen/Rewschen
3 Hana/Hanna
3 Narin/Nareen/Narîn
3 Gulan/Golan
3 Shilan/Şîlan/Schilan
3 Kajal/Kazhal/Kashal
3 Sara/Sarah
5 Fatma/Fatima/Fatme
3 Zeynep/Zainab/Zaynab
3 Xezal/Khazal/Ghazal/Chasal
3 Ronak/Roonak
3 Bahar/Behar
3 Dilvin/Dilwin/Dilvîn
4 Amina/Emine/Amine
3 Nazdar/Nasdar
3 Payman/Paiman/Peyman
3 Tavga/Tavge/Tawga
"""

KURD_FAMILY = """
6 Mohammed/Muhammad/Mihemed/Mohamad
5 Ahmed/Ahmad/Ehmed
4 Ali/Elî/Aly
4 Hussein/Husein/Hisên
4 Omar/Omer/Umar
4 Ibrahim/Ibrahîm/Brahim
3 Osman/Othman/Usman
3 Mustafa/Mistefa/Mostafa
3 Rashid/Raschid/Reşîd/Rashed
3 Khalil/Xelîl/Chalil/Halil
3 Hasan/Hassan/Hesen
3 Mahmoud/Mahmud/Mehmûd
3 Abdullah/Ebdullah/Abdulla
3 Qadir/Kadir/Qader/Kader
3 Salih/Saleh
3 Aziz/Asis/Ezîz
3 Hamid/Hemîd/Hameed
2 Barzani/Barsani/Barzanî
2 Mizuri/Mzuri/Mesouri
2 Zebari/Sebari/Zêbarî
2 Doski/Duski/Doskî
2 Herki/Harki/Herkî
2 Sindi/Sendi/Sindî
2 Jaff/Jaf/Dschaf
2 Talabani/Talebani/Talabanî
2 Hawrami/Horami/Hewramî
2 Mamand/Mamend
2 Hamad/Hemed/Hammad
3 Rasul/Rasool/Resûl
3 Karim/Kerim/Kareem
3 Sheikho/Sheikhu/Scheicho/Şêxo
2 Hemo/Hamo/Hammo
2 Ibo/Ibbo
2 Bakr/Bakir/Bekir
3 Haji/Hajji/Hadschi/Hecî
2 Sido/Siddo/Sîdo
2 Khalaf/Xelef/Chalaf
"""

# --------------------------------------------------------------------------------------------
# Afghanistan, Iran (Persian script)

AFG_M = """
14 Mohammad/Mohammed/Muhammad/Mohamad/Mahammad = محمد
8 Ahmad/Ahmed/Achmad = احمد
7 Ali/Aly = علی
5 Hamid/Hameed/Hamed = حمید
5 Mustafa/Mostafa/Mostapha = مصطفی
5 Hussain/Hussein/Hossain/Husain/Hosein = حسین
5 Rahim/Raheem/Rachim = رحیم
5 Sayed/Said/Sayyed/Seyed/Sajed = سید
5 Jawad/Javad/Dschawad = جواد
4 Ahmad Shah/Ahmadshah/Ahmed Shah/Achmad Schah = احمدشاه
4 Reza/Resa/Riza = رضا
4 Nasir/Naser/Nassir/Nasser = ناصر
4 Farid/Fareed = فرید
4 Wahid/Waheed/Vahid = وحید
4 Khalid/Khaled/Chalid = خالد
4 Omid/Umid/Omeed = امید
4 Bashir/Baschir/Basheer/Bachir = بشیر
4 Najib/Najeeb/Nadschib/Nadjib = نجیب
3 Sohrab/Suhrab = سهراب
4 Rahmatullah/Rahmatulla/Rachmatullah/Rahmat Ullah = رحمت الله
3 Naqibullah/Naqeebullah/Nakibullah = نقیب الله
4 Habibullah/Habibulla/Habib Ullah = حبیب الله
3 Ezatullah/Izzatullah/Esatullah = عزت الله
3 Samiullah/Sami Ullah/Samiulla = سمیع الله
3 Zabihullah/Zabiullah/Sabiullah = ذبیح الله
3 Shafiq/Schafiq/Shafik = شفیق
3 Jamshid/Jamsheed/Dschamschid = جمشید
3 Hekmat/Hikmat = حکمت
3 Ismail/Esmail/Ismael/Ismajil = اسماعیل
2 Yama/Jama = یما
3 Mansoor/Mansur/Mansour = منصور
3 Qasim/Kasim/Qassem/Ghasem = قاسم
3 Sharif/Scharif/Shareef = شریف
3 Noorullah/Nurullah/Noor Ullah = نورالله
3 Ibrahim/Ebrahim/Ibrahem = ابراهیم
3 Murtaza/Mortaza/Morteza/Murtasa = مرتضی
3 Sultan/Soltan/Sultaan = سلطان
3 Elyas/Ilyas/Ilias/Eljas = الیاس
3 Milad = میلاد
3 Abdul Ghafar/Abdulghafar/Abdul Ghaffar/Abdul Gafar = عبدالغفار
3 Abdul Rahim/Abdulrahim/Abdurrahim = عبدالرحیم
3 Abdul Wahab/Abdulwahab/Abdul Wahhab = عبدالوهاب
3 Abdul Qadir/Abdulqadir/Abdul Kader/Abdul Qader = عبدالقادر
2 Farhad/Farhod = فرهاد
2 Javid/Jawid/Dschawid/Javed = جاوید
2 Masood/Masoud/Masud/Massud = مسعود
2 Bilal/Belal = بلال
2 Idris/Edris/Idriss = ادریس
2 Zakir/Zaker/Sakir = ذاکر
2 Aziz/Asis/Azeez = عزیز
2 Nabi/Nabie/Naby = نبی
2 Gul Mohammad/Gulmohammad/Gul Mohamad = گل محمد
"""

AFG_F = """
8 Fatima/Fatema/Fatemeh/Fatma = فاطمه
6 Maryam/Mariam/Marjam = مریم
5 Zahra/Sahra/Zahraa = زهرا
5 Masooma/Masuma/Masoumeh/Massuma = معصومه
5 Sakina/Sakineh/Sakeena = سکینه
5 Shabnam/Schabnam = شبنم
5 Farzana/Farsana/Farzaneh = فرزانه
4 Nargis/Narges/Nargiz = نرگس
4 Zainab/Zeinab/Zaynab = زینب
4 Parwana/Parvaneh/Parwane = پروانه
4 Laila/Leila/Layla/Leyla = لیلا
4 Nazanin/Nasanin/Nazaneen = نازنین
4 Freshta/Fereshta/Fereshteh/Frishta = فرشته
4 Mursal/Morsal = مرسل
4 Khadija/Khadijah/Chadidscha = خدیجه
4 Roya/Roja/Rojah = رویا
4 Marzia/Marziya/Marzieh = مرضیه
4 Nilofar/Nilufar/Niloofar/Nilufer = نیلوفر
3 Setara/Sitara/Setareh = ستاره
3 Mahbooba/Mahbuba/Mahboubeh = محبوبه
3 Habiba/Habibeh/Habeeba = حبیبه
3 Malalai/Malalay/Malalei = ملالی
3 Homa/Huma = هما
3 Shukria/Shukriya/Schukria = شکریه
3 Sabira/Sabera/Saberah = صابره
3 Tahmina/Tahmineh/Tahmena = تهمینه
3 Hadia/Hadiya/Hadieh = هدیه
3 Nazia/Naziya/Nasia = نازیه
3 Arezo/Arezoo/Arzu/Aresu = آرزو
3 Mina/Meena = مینا
3 Samira/Sameera/Samireh = سمیره
3 Sima/Seema = سیما
3 Zakia/Zakiya/Sakia = ذکیه
2 Hamida/Hameeda/Hamideh = حمیده
2 Najiba/Nadschiba/Najeeba = نجیبه
2 Latifa/Latifeh/Lateefa = لطیفه
2 Gulnaz/Golnaz/Gulnas = گلناز
2 Bibi Gul/Bibigul/Bibi Gol = بی بی گل
2 Sadia/Sadiya/Saadia = سعدیه
2 Wahida/Vahideh/Waheeda = وحیده
"""

AFG_FAMILY = """
8 Mohammadi/Mohamadi/Muhammadi/Mohammedi = محمدی
6 Ahmadi/Ahmedi/Achmadi = احمدی
6 Hussaini/Hosseini/Husseini/Hosaini/Hossaini = حسینی
5 Rahimi/Rahimy/Rachimi = رحیمی
5 Hakimi/Hakimy/Hakeemi = حکیمی
5 Sultani/Soltani/Sultany = سلطانی
5 Karimi/Kareemi/Karimy = کریمی
5 Rezaei/Rezai/Resai/Rezayi = رضایی
4 Noori/Nuri/Noory = نوری
4 Amiri/Amiry/Ameeri = امیری
4 Jafari/Jafary/Dschafari/Jaafari = جعفری
4 Sadat/Sadaat = سادات
4 Haidari/Haideri/Heidari/Haydari = حیدری
4 Nazari/Nasari/Nazary = نظری
4 Sharifi/Scharifi/Shareefi = شریفی
4 Azizi/Asisi/Azizy = عزیزی
4 Rasuli/Rasooli/Rassouli = رسولی
4 Stanikzai/Stanekzai/Stanikzay = ستانکزی
4 Ahmadzai/Ahmadzay/Achmadsai = احمدزی
3 Popal/Popel = پوپل
3 Safi/Saafi = صافی
3 Wardak/Wardag = وردک
3 Niazi/Niyazi/Nijasi = نیازی
3 Habibi/Habiby = حبیبی
3 Sahak/Sahaak = ساهک
3 Barakzai/Barakzay/Barakzei = بارکزی
3 Yousufzai/Yusufzai/Yousafzai/Jussufsai = یوسفزی
3 Rahmani/Rahmany/Rachmani = رحمانی
3 Qaderi/Kaderi/Qadiri/Ghaderi = قادری
3 Faizi/Faisi/Feizi = فیضی
3 Alizada/Alizadeh/Alisada/Alizade = علیزاده
3 Hashimi/Hashemi/Haschimi = هاشمی
3 Mirzaei/Mirzai/Mirsai = میرزایی
3 Naseri/Nasiri/Nasery = ناصری
3 Samadi/Samady = صمدی
3 Omari/Umari/Omary = عمری
3 Akbari/Akbary = اکبری
2 Wahidi/Vahidi/Waheedi = وحیدی
2 Hotak/Hotaki = هوتک
2 Mangal/Mangel = منگل
2 Ghafoori/Ghafuri/Gafuri = غفوری
2 Jalali/Dschalali/Jalaly = جلالی
2 Durrani/Durani/Dorrani = درانی
"""

IRN_M = """
10 Mohammad/Mohammed/Mohamad/Muhammad = محمد
7 Ali/Aly = علی
6 Reza/Resa/Riza = رضا
5 Hossein/Hussein/Hosein/Hosseyn = حسین
5 Mehdi/Mahdi/Mehdy = مهدی
5 Amir/Ameer/Emir = امیر
4 Hamid/Hameed = حمید
4 Saeed/Said/Saied/Sa'id = سعید
4 Amir Hossein/Amirhossein/Amirhosein = امیرحسین
4 Mohammad Reza/Mohammadreza/Mohamad Resa = محمدرضا
3 Mehran = مهران
3 Behnam = بهنام
3 Babak = بابک
3 Dariush/Daryush/Dariusch = داریوش
3 Farhad = فرهاد
3 Kourosh/Kurosh/Kurusch/Kourosch = کوروش
3 Arash/Arasch = آرش
3 Omid/Omeed/Umid = امید
3 Navid/Nawid = نوید
3 Payam/Pajam/Paiam = پیام
3 Pouya/Puya/Pooya = پویا
3 Siavash/Siavasch/Siyavash = سیاوش
3 Majid/Madschid/Majeed = مجید
3 Morteza/Murtaza/Mortesa = مرتضی
3 Hassan/Hasan = حسن
3 Javad/Jawad/Dschawad = جواد
3 Mostafa/Mustafa/Mostapha = مصطفی
3 Ehsan/Ehssan = احسان
3 Milad = میلاد
3 Vahid/Wahid/Vaheed = وحید
2 Saman/Saaman = سامان
2 Kaveh/Kawe/Kave = کاوه
2 Peyman/Payman/Pejman = پیمان
2 Shahin/Schahin/Shaheen = شاهین
2 Bijan/Bidschan/Bizhan = بیژن
2 Ebrahim/Ibrahim/Ebrahem = ابراهیم
2 Yousef/Yusuf/Jussuf = یوسف
2 Sina/Seena = سینا
2 Abbas/Abas = عباس
2 Ahmad/Ahmed = احمد
2 Rouzbeh/Ruzbeh/Roozbeh = روزبه
2 Farzad/Farsad = فرزاد
2 Masoud/Massud/Masood = مسعود
"""

IRN_F = """
7 Fatemeh/Fatima/Fateme/Fatemah = فاطمه
6 Zahra/Sahra/Zahraa = زهرا
6 Maryam/Mariam/Marjam = مریم
4 Sara/Sarah = سارا
4 Narges/Nargis = نرگس
4 Fereshteh/Freshta/Fereshte = فرشته
4 Leila/Leyla/Laila = لیلا
4 Mina/Meena = مینا
4 Shirin/Schirin/Shireen = شیرین
3 Neda/Nedah = ندا
3 Parisa/Parissa = پریسا
3 Nazanin/Nasanin = نازنین
4 Mahsa/Mahssa = مهسا
3 Niloufar/Nilufar/Niloofar = نیلوفر
3 Samaneh/Samane/Samana = سمانه
3 Elham = الهام
3 Azadeh/Asadeh/Azade = آزاده
3 Somayeh/Somaye/Sumaya = سمیه
3 Mahnaz/Mahnas = مهناز
3 Roya/Roja = رویا
3 Atefeh/Atefe/Atifa = عاطفه
3 Golnaz/Gulnaz = گلناز
2 Parvaneh/Parwane/Parvane = پروانه
2 Mehri/Mehry = مهری
2 Shahla/Schahla = شهلا
2 Ziba/Siba = زیبا
3 Sepideh/Sepide = سپیده
3 Negin/Negeen = نگین
3 Yasaman/Jasaman/Yasamin = یاسمن
2 Hoda/Huda = هدی
2 Masoumeh/Masuma/Massumeh = معصومه
2 Tahereh/Tahere/Tahira = طاهره
2 Afsaneh/Afsane/Afsana = افسانه
3 Zeinab/Zainab/Zeynab = زینب
2 Shiva/Schiwa = شیوا
"""

IRN_FAMILY = """
6 Mohammadi/Mohamadi/Muhammadi = محمدی
5 Ahmadi/Ahmedi/Achmadi = احمدی
5 Hosseini/Husseini/Hoseini/Hossaini = حسینی
5 Rezaei/Rezai/Resai = رضایی
4 Karimi/Karimy = کریمی
4 Moradi/Morady/Muradi = مرادی
4 Jafari/Dschafari/Jaafari = جعفری
4 Rahimi/Rachimi = رحیمی
4 Heidari/Haidari/Heydari = حیدری
4 Ghasemi/Qasemi/Kasemi = قاسمی
3 Hashemi/Haschemi/Hashimi = هاشمی
3 Kazemi/Kasemi/Kadhemi = کاظمی
4 Mousavi/Musavi/Moussawi/Musawi = موسوی
3 Rostami/Rustami = رستمی
3 Sadeghi/Sadeqi/Sadegi = صادقی
3 Ebrahimi/Ibrahimi = ابراهیمی
3 Hosseinzadeh/Hoseinzadeh/Husseinzade = حسینزاده
3 Salehi/Salehy = صالحی
3 Akbari/Akbary = اکبری
3 Bagheri/Baqeri/Bageri = باقری
3 Najafi/Nadschafi = نجفی
3 Abbasi/Abasi = عباسی
3 Nouri/Nuri/Noori = نوری
2 Shirazi/Schirasi = شیرازی
2 Tehrani/Teherani = تهرانی
2 Esfahani/Isfahani = اصفهانی
2 Farahani/Farahany = فراهانی
2 Ansari/Ansary = انصاری
3 Khosravi/Chosrawi/Khosrawi = خسروی
3 Zarei/Zare/Sarei = زارعی
2 Mirzaei/Mirzai = میرزایی
2 Soltani/Sultani = سلطانی
2 Sharifi/Scharifi = شریفی
3 Amini/Ameeni = امینی
2 Azizi/Asisi = عزیزی
2 Shahbazi/Schahbasi = شهبازی
2 Yazdani/Jasdani = یزدانی
2 Kiani/Kiyani = کیانی
2 Nazari/Nasari = نظری
2 Jalali/Dschalali = جلالی
2 Tavakoli/Tawakoli = توکلی
"""

# --------------------------------------------------------------------------------------------
# Eritrea (Tigrinya; the family name is the father's given name) and Somalia

ERI_M = """
6 Tesfay/Tesfai/Tesfaye/Tesfaj
5 Yonas/Jonas/Yonnas
5 Yohannes/Yohanes/Johannes/Yohanis
5 Tekle/Tecle/Teklé
5 Mehari/Mehary/Meharie
5 Berhane/Berhani/Birhane
5 Ghebremedhin/Gebremedhin/Ghebre Medhin/Gebre-Medhin
5 Tesfamariam/Tesfa Mariam/Tesfamaryam
5 Kidane/Kiddane/Kidané
4 Habte/Habtay/Habteh
4 Haile/Hailé/Hayle
4 Ghirmay/Girmay/Ghirmai/Girmai
4 Tewelde/Tewolde/Tevelde
4 Andom/Andum
4 Mebrahtu/Mebrahtom/Mebratu
4 Okbay/Okbai/Ogbay
4 Semere/Semre/Semeré
4 Amanuel/Emanuel/Amanual/Emmanuel
4 Filmon/Filimon/Philemon
4 Solomon/Salomon/Selomon
4 Dawit/David/Dawitt
4 Robel/Robiel
4 Mussie/Musie/Mose
3 Samuel/Samwel/Samiel
3 Bereket/Berekhet/Bereked
3 Biniam/Biniyam/Binyam/Beniam
3 Efrem/Ephrem/Efrim
3 Goitom/Goytom/Gojtom
3 Mulugeta/Mulugheta/Mulu Geta
3 Zerai/Zeray/Seray
3 Tsegay/Tsegai/Zegay/Tsegaye
3 Asmerom/Asmarom/Asmerum
3 Weldu/Woldu/Weldo
3 Hagos/Hagoss/Hagus
3 Negasi/Negassi/Negash
3 Kibrom/Kiprom/Kibrum
3 Fitsum/Fitsom/Fizum
2 Simon
3 Abraham/Abrham/Abreham
3 Daniel
2 Isaias/Isayas/Esayas
2 Medhanie/Medhane/Medhanye
2 Yemane/Yemané/Jemane
2 Weldemichael/Welde Michael/Woldemichael/Woldemikael
2 Ghebreyesus/Gebreyesus/Ghebre Yesus/Gebre-Jesus
2 Nahom/Nahum/Nahome
2 Henok/Henock/Enoch
2 Sium/Siyum
"""

ERI_F = """
5 Helen/Hellen/Helena
5 Senait/Senayt/Sennait
5 Selam/Sellam/Salam
5 Luwam/Luam/Louam
5 Yordanos/Jordanos/Yordanus
4 Saba/Sabah
4 Hiwet/Hiwot/Hewet
4 Rahel/Rachel/Rahiel
4 Winta
4 Meron
4 Tsega/Zega/Tsegga
4 Abrehet/Abrhet/Abreheit
4 Freweini/Frewoini/Frewini
4 Eden
4 Mebrat/Mebrhat
4 Ruta/Rutha
4 Semhar/Semhare/Samhar
4 Hanna/Hana/Hannah
4 Nebiat/Nebiyat/Nebyat
4 Ariam/Aryam/Ariyam
3 Selamawit/Selamauit/Selamawiet
3 Tsehaye/Tsehay/Zehaye
3 Almaz/Almas/Almaaz
3 Lemlem/Lemlim
3 Mihret/Mehret/Mihrit
3 Yohana/Johanna/Yohanna
3 Elsa
3 Feven/Fiven/Feben
3 Kisanet/Kissanet/Kisanat
3 Letekidan/Lete Kidan/Letikidan
3 Milen
3 Bisrat/Bisrate/Bisirat
3 Abeba
3 Mahlet/Mahlete/Mahlat
3 Sara/Sarah
2 Tirhas/Terhas/Tirhass
2 Akberet/Akbret/Aqberet
2 Zewdi/Zewdie/Sewdi
2 Azieb/Aziyeb/Asieb
2 Ghenet/Genet/Gennet
2 Mizan/Misan/Mizane
"""

SOM_M = """
12 Mohamed/Maxamed/Mohammed/Muhammad
6 Abdi/Cabdi/Abdiy
5 Ahmed/Axmed/Ahmad
5 Ali/Cali
5 Hassan/Xasan/Hasan
5 Hussein/Xuseen/Husein/Hussain
5 Abdullahi/Cabdullaahi/Abdullah/Abdilahi
5 Abdirahman/Cabdiraxmaan/Abdurahman/Abdirahmaan
5 Mohamud/Maxamuud/Mahmoud/Mohamoud
4 Omar/Cumar/Umar
4 Yusuf/Yuusuf/Yousuf
4 Ibrahim/Ibraahim/Ebrahim
4 Osman/Cismaan/Othman/Usman
4 Abdirizak/Cabdirisaaq/Abdirazak/Abdirisak
4 Abdikadir/Cabdiqaadir/Abdiqadir/Abdulkadir
4 Ismail/Ismaaciil/Ismael
4 Farah/Faarax/Farax
4 Aden/Aadan/Adan
4 Said/Saciid/Saeed
4 Nur/Nuur/Noor
3 Warsame/Warsama/Warsamé
3 Jama/Jaamac/Jamac
3 Mustafe/Mustafa/Mustaf
3 Liban/Libaan
3 Abdiweli/Cabdiwali/Abdiwali
3 Hamza/Xamza/Hamsa
3 Bashir/Bashiir/Baschir
3 Guled/Guuleed/Guleed
3 Yasin/Yaasiin/Yassin
3 Dahir/Daahir/Daher
3 Mahad/Maxad/Mahat
3 Sharmarke/Sharmaarke
3 Hirsi/Xirsi/Hersi
3 Elmi/Cilmi/Ilmi
3 Abdiaziz/Cabdicasiis/Abdulaziz
2 Shire/Shiire/Schire
2 Mukhtar/Mukhtaar/Muktar
2 Galad/Galaad
2 Khalif/Khaliif/Halif
2 Keynan/Kaynaan/Kenan
"""

SOM_F = """
8 Fadumo/Faduma/Fatuma/Fatima
6 Halima/Xaliimo/Halimo/Xalimo
6 Amina/Aamina/Amino/Aminah
5 Hodan/Hodon
5 Asha/Caasha/Aisha
5 Khadija/Khadiijo/Hadija/Khadijo
5 Sahra/Saxra/Sahro/Zahra
5 Ayan/Ayaan/Ajan
4 Fartun/Fartuun
4 Hibo/Hiba
4 Deqa/Deeqa/Deka
4 Nasra/Nasro/Nasrah
4 Maryan/Maryam/Mariam
4 Sagal/Sagaal
4 Hamdi/Xamdi
4 Ifrah/Ifrax
4 Istahil/Istaahil
4 Nimo/Nimco/Nimaco
4 Ubah/Ubax
4 Ladan/Laadan
3 Suad/Sucad/Su'ad
3 Filsan/Filsaan
3 Ruqiya/Ruqiyo/Rukiya
3 Safiya/Safiyo/Safia
3 Hawa/Xaawo/Hawo
3 Anab/Canab
3 Shukri/Shukrii/Schukri
3 Idil/Iidil
3 Najma/Najmo
3 Leyla/Leila/Layla
3 Samira/Samiira
3 Muna/Mona
3 Farhiya/Farxiyo/Farhia
2 Zamzam/Samsam
2 Kaltun/Kaltuun/Kaltuma
"""

# --------------------------------------------------------------------------------------------
# Ukraine, Russia, Bulgaria (Cyrillic)

UKR_M = """
8 Oleksandr/Oleksander/Olexandr/Alexander/Aleksandr = Олександр
6 Serhii/Serhij/Serhiy/Sergii/Sergej = Сергій
6 Andrii/Andrij/Andriy/Andrej = Андрій
6 Dmytro/Dmitri/Dmytrij/Dmitrij = Дмитро
5 Volodymyr/Wolodymyr/Vladimir/Wladimir = Володимир
5 Oleksii/Oleksij/Oleksiy/Alexej/Aleksei = Олексій
5 Mykola/Mikola/Nikolai/Nikolaj = Микола
5 Ivan/Iwan = Іван
5 Yurii/Jurij/Yuriy/Juri/Yuri = Юрій
5 Vitalii/Vitalij/Witalij/Vitaliy = Віталій
4 Maksym/Maxym/Maksim/Maxim = Максим
4 Artem/Artjom/Artyom = Артем
4 Viktor/Wiktor/Victor = Віктор
4 Mykhailo/Mychajlo/Mykhaylo/Michail/Mikhail = Михайло
4 Vasyl/Wassyl/Wassili/Vasily = Василь
4 Roman = Роман
4 Taras = Тарас
4 Bohdan/Bogdan = Богдан
4 Denys/Denis = Денис
4 Pavlo/Pawlo/Pavel/Pawel = Павло
4 Yevhen/Jewhen/Yevgen/Evgenij/Jewgeni = Євген
3 Ihor/Igor = Ігор
3 Vadym/Wadym/Vadim/Wadim = Вадим
3 Anatolii/Anatolij/Anatoli/Anatoliy = Анатолій
3 Petro/Petr/Pjotr = Петро
3 Stepan/Stephan = Степан
3 Hryhorii/Hryhorij/Hryhoriy/Grigori = Григорій
3 Vladyslav/Wladyslaw/Vladislav/Wladislaw = Владислав
3 Kyrylo/Kirill/Kyrill = Кирило
3 Nazar/Nasar = Назар
3 Danylo/Danilo/Danila = Данило
3 Matvii/Matwij/Matvei/Matwej = Матвій
3 Illia/Illja/Ilja/Ilya = Ілля
3 Ruslan/Russlan = Руслан
3 Yaroslav/Jaroslaw/Jaroslav = Ярослав
3 Valentyn/Walentyn/Valentin = Валентин
2 Leonid = Леонід
2 Ostap = Остап
2 Sviatoslav/Swjatoslaw/Svyatoslav = Святослав
2 Tymofii/Tymofij/Timofei/Timofej = Тимофій
2 Rostyslav/Rostyslaw/Rostislav = Ростислав
"""

UKR_F = """
7 Olena/Jelena/Elena/Yelena = Олена
6 Tetiana/Tetjana/Tetyana/Tatjana/Tatiana = Тетяна
6 Nataliia/Natalija/Nataliya/Natalia/Natalja = Наталія
6 Iryna/Irina = Ірина
5 Oksana/Oxana = Оксана
5 Svitlana/Switlana/Swetlana/Svetlana = Світлана
5 Yuliia/Julija/Yuliya/Julia = Юлія
5 Olha/Olga = Ольга
5 Anastasiia/Anastasija/Anastasiya/Anastasia = Анастасія
5 Kateryna/Katerina/Jekaterina/Ekaterina = Катерина
4 Liudmyla/Ljudmyla/Lyudmyla/Ljudmila/Ludmila = Людмила
4 Halyna/Galina/Halina = Галина
4 Mariia/Marija/Mariya/Maria = Марія
4 Viktoriia/Wiktorija/Viktoriya/Viktoria = Вікторія
4 Valentyna/Walentyna/Valentina/Walentina = Валентина
4 Larysa/Larissa/Larisa = Лариса
4 Nadiia/Nadija/Nadiya/Nadja = Надія
4 Alina/Alyna = Аліна
4 Inna/Ina = Інна
4 Dariia/Darija/Daria/Darja = Дарія
4 Sofiia/Sofija/Sofiya/Sofia = Софія
3 Valeriia/Walerija/Valeriya/Valeria = Валерія
3 Khrystyna/Chrystyna/Khristina/Kristina = Христина
3 Zoriana/Zorjana/Sorjana = Зоряна
3 Liliia/Lilija/Liliya/Lilia = Лілія
3 Hanna/Ganna/Anna = Ганна
3 Vira/Wira/Vera/Wera = Віра
3 Lesia/Lesja/Lesya/Lessja = Леся
3 Uliana/Uljana/Ulyana = Уляна
3 Yana/Jana/Iana = Яна
3 Diana/Dijana = Діана
3 Kseniia/Ksenija/Kseniya/Xenia = Ксенія
3 Maryna/Marina = Марина
3 Ivanna/Iwanna = Іванна
3 Polina/Polyna = Поліна
2 Zhanna/Shanna/Zanna = Жанна
2 Raisa/Raissa = Раїса
2 Liubov/Ljubow/Lyubov/Lubov = Любов
2 Vladyslava/Wladyslawa/Vladislava = Владислава
"""

UKR_FAMILY = """
6 Shevchenko/Schewtschenko/Ševčenko/Shewchenko/Shevtchenko = Шевченко
6 Kovalenko/Kowalenko/Kovalenco = Коваленко
6 Bondarenko/Bondarenco = Бондаренко
5 Tkachenko/Tkatschenko/Tkačenko/Tkachenco = Ткаченко
5 Kravchenko/Krawtschenko/Kravčenko = Кравченко
5 Boiko/Bojko/Boyko = Бойко
5 Kovalchuk/Kowaltschuk/Kovalčuk/Kowalczuk = Ковальчук
5 Oliinyk/Olijnyk/Oliynyk/Oleinik/Olejnik = Олійник
5 Shevchuk/Schewtschuk/Ševčuk = Шевчук
4 Polishchuk/Polischtschuk/Poliščuk = Поліщук
4 Lysenko/Lyssenko/Lisenko = Лисенко
4 Moroz/Moros = Мороз
4 Marchenko/Martschenko/Marčenko = Марченко
4 Savchenko/Sawtschenko/Savčenko = Савченко
4 Rudenko/Rudenco = Руденко
4 Melnyk/Melnik/Mel'nyk = Мельник
4 Kravets/Krawez/Kravec = Кравець
4 Koval/Kowal/Koval' = Коваль
4 Ponomarenko/Ponomarenco = Пономаренко
4 Tkachuk/Tkatschuk/Tkačuk = Ткачук
4 Kozak/Kosak = Козак
4 Levchenko/Lewtschenko/Levčenko = Левченко
4 Pavlenko/Pawlenko = Павленко
4 Klymenko/Klimenko/Klymenco = Клименко
4 Vasylenko/Wassylenko/Vasilenko = Василенко
3 Kharchenko/Chartschenko/Charčenko = Харченко
3 Sydorenko/Sidorenko/Sydorenco = Сидоренко
3 Zinchenko/Sintschenko/Zinčenko = Зінченко
3 Hrytsenko/Hryzenko/Gritsenko/Hrycenko = Гриценко
3 Romanenko/Romanenco = Романенко
3 Karpenko/Karpenco = Карпенко
3 Yakovenko/Jakowenko/Jakovenko = Яковенко
3 Kucher/Kutscher/Kučer = Кучер
3 Mazur/Masur = Мазур
3 Kovalskyi/Kowalskyj/Kovalsky/Kowalski = Ковальський
3 Ivanenko/Iwanenko = Іваненко
3 Hnatiuk/Hnatjuk/Hnatyuk/Gnatiuk = Гнатюк
3 Dovzhenko/Dowshenko/Dovženko = Довженко
3 Horbunov/Horbunow/Gorbunov/Gorbunow = Горбунов
3 Vlasenko/Wlassenko/Vlasenco = Власенко
3 Hordiienko/Hordijenko/Hordiyenko/Gordienko = Гордієнко
3 Semeniuk/Semenjuk/Semenyuk = Семенюк
3 Prykhodko/Prychodko/Prikhodko = Приходько
3 Demchenko/Demtschenko/Demčenko = Демченко
2 Symonenko/Simonenko/Symonenco = Симоненко
2 Yurchenko/Jurtschenko/Jurčenko = Юрченко
2 Fedorenko/Fedorenco = Федоренко
"""

RUS_M = """
8 Aleksandr/Alexander/Alexandr/Aleksander = Александр
6 Sergei/Sergej/Sergey = Сергей
6 Dmitrii/Dmitri/Dmitrij/Dmitry = Дмитрий
5 Andrei/Andrej/Andrey = Андрей
5 Aleksei/Alexej/Alexei/Aleksey = Алексей
5 Vladimir/Wladimir = Владимир
5 Maksim/Maxim/Maksym = Максим
5 Ivan/Iwan = Иван
4 Mikhail/Michail/Mihail = Михаил
4 Nikolai/Nikolaj/Nikolay = Николай
4 Evgenii/Jewgeni/Evgeny/Jewgenij/Yevgeny = Евгений
4 Pavel/Pawel = Павел
4 Artem/Artjom/Artyom = Артём
4 Denis/Dennis = Денис
4 Igor/Ihor = Игорь
4 Roman = Роман
3 Ilia/Ilja/Ilya = Илья
3 Kirill/Kyrill = Кирилл
3 Anton = Антон
3 Iurii/Juri/Yuri/Jurij = Юрий
3 Oleg = Олег
3 Viktor/Wiktor = Виктор
3 Vadim/Wadim = Вадим
3 Konstantin/Konstantyn = Константин
3 Vitalii/Witali/Vitaly/Vitalij = Виталий
3 Nikita = Никита
3 Stanislav/Stanislaw = Станислав
3 Timur/Timour = Тимур
3 Ruslan/Russlan = Руслан
3 Egor/Jegor/Yegor = Егор
2 Arsenii/Arseni/Arseny/Arsenij = Арсений
2 Gleb = Глеб
3 Anatolii/Anatoli/Anatoly/Anatolij = Анатолий
2 Vasilii/Wassili/Vasily/Wassilij = Василий
2 Grigorii/Grigori/Grigory/Grigorij = Григорий
2 Leonid = Леонид
2 Valerii/Waleri/Valery/Walerij = Валерий
2 Boris/Borys = Борис
2 Fedor/Fjodor/Fyodor = Фёдор
2 Semen/Semjon/Semyon = Семён
3 Magomed/Mahomed/Magomet = Магомед
2 Ramzan/Ramsan = Рамзан
"""

RUS_F = """
7 Elena/Jelena/Yelena = Елена
6 Tatiana/Tatjana/Tatyana = Татьяна
6 Olga/Olha = Ольга
6 Natalia/Natalja/Natalya = Наталья
6 Irina = Ирина
5 Svetlana/Swetlana = Светлана
5 Anna/Ana = Анна
5 Ekaterina/Jekaterina/Yekaterina = Екатерина
5 Mariia/Marija/Maria = Мария
5 Anastasiia/Anastasija/Anastasia = Анастасия
4 Iuliia/Julija/Julia/Yulia = Юлия
4 Liudmila/Ljudmila/Lyudmila/Ludmila = Людмила
4 Galina/Halina = Галина
4 Valentina/Walentina = Валентина
4 Nadezhda/Nadeschda/Nadezda = Надежда
4 Larisa/Larissa = Лариса
4 Oksana/Oxana = Оксана
4 Marina/Maryna = Марина
4 Daria/Darja/Darya = Дарья
4 Viktoriia/Viktorija/Victoria/Viktoria = Виктория
3 Kseniia/Ksenija/Ksenia/Xenia = Ксения
3 Alena/Aljona/Alyona = Алёна
3 Polina/Polyna = Полина
3 Sofiia/Sofija/Sofia/Sofya = София
3 Evgeniia/Jewgenija/Evgenia/Yevgenia = Евгения
3 Alina/Alyna = Алина
3 Kristina/Christina = Кристина
3 Vera/Wera = Вера
3 Liubov/Ljubow/Lyubov = Любовь
3 Valeriia/Walerija/Valeria = Валерия
3 Inna/Ina = Инна
2 Zhanna/Shanna = Жанна
3 Elizaveta/Jelisaweta/Yelizaveta = Елизавета
2 Raisa/Raissa = Раиса
2 Nina = Нина
2 Lidiia/Lidija/Lidia = Лидия
2 Tamara = Тамара
2 Zoia/Soja/Zoya = Зоя
2 Khava/Chawa/Hava = Хава
"""

RUS_FAMILY = """
6 Ivanov/Iwanow/Ivanow = Иванов
5 Smirnov/Smirnow = Смирнов
5 Kuznetsov/Kusnezow/Kuznecov/Kuznetzov = Кузнецов
5 Popov/Popow = Попов
4 Vasilev/Wassiljew/Vasiliev/Vasilyev = Васильев
4 Petrov/Petrow = Петров
4 Sokolov/Sokolow = Соколов
4 Mikhailov/Michailow/Mikhaylov = Михайлов
4 Novikov/Nowikow = Новиков
4 Fedorov/Fjodorow/Fyodorov = Фёдоров
4 Morozov/Morosow = Морозов
4 Volkov/Wolkow = Волков
4 Alekseev/Alexejew/Alekseyev = Алексеев
4 Lebedev/Lebedew = Лебедев
4 Semenov/Semjonow/Semyonov = Семёнов
4 Egorov/Jegorow/Yegorov = Егоров
4 Pavlov/Pawlow = Павлов
4 Kozlov/Koslow = Козлов
4 Stepanov/Stepanow = Степанов
4 Nikolaev/Nikolajew/Nikolayev = Николаев
3 Orlov/Orlow = Орлов
3 Andreev/Andrejew/Andreyev = Андреев
3 Makarov/Makarow = Макаров
3 Nikitin = Никитин
3 Zakharov/Sacharow/Zaharov = Захаров
3 Zaitsev/Saizew/Zaytsev/Zajcev = Зайцев
3 Solovev/Solowjow/Solovyov = Соловьёв
3 Borisov/Borissow = Борисов
3 Iakovlev/Jakowlew/Yakovlev = Яковлев
3 Grigorev/Grigorjew/Grigoryev = Григорьев
3 Romanov/Romanow = Романов
3 Vorobev/Worobjow/Vorobyov = Воробьёв
3 Sergeev/Sergejew/Sergeyev = Сергеев
3 Kuzmin/Kusmin = Кузьмин
3 Frolov/Frolow = Фролов
3 Belov/Below = Белов
3 Medvedev/Medwedew = Медведев
3 Tarasov/Tarassow = Тарасов
2 Kiselev/Kisseljow/Kiselyov = Киселёв
2 Gusev/Gussew = Гусев
2 Titov/Titow = Титов
2 Kovalev/Kowaljow/Kovalyov = Ковалёв
2 Ilin/Iljin/Ilyin = Ильин
2 Kadyrov/Kadyrow/Kadirov = Кадыров
2 Magomedov/Magomedow/Mahomedov = Магомедов
"""

BGR_M = """
6 Georgi/Georgy/Georgij/Gueorgui = Георги
6 Ivan/Iwan = Иван
5 Dimitar/Dimitr/Dimitri/Dimityr = Димитър
5 Nikolay/Nikolai/Nikolaj = Николай
4 Hristo/Christo/Khristo = Христо
4 Petar/Peter/Petyr = Петър
4 Stoyan/Stojan/Stoian = Стоян
4 Todor = Тодор
3 Angel = Ангел
4 Aleksandar/Alexander/Aleksandur = Александър
3 Vasil/Wasil = Васил
3 Yordan/Jordan/Iordan = Йордан
3 Kiril/Kyrill/Kirill = Кирил
3 Stefan/Stephan = Стефан
3 Plamen = Пламен
3 Atanas/Atanass = Атанас
3 Krasimir/Krassimir = Красимир
2 Svetoslav/Swetoslaw = Светослав
3 Martin = Мартин
3 Daniel = Даниел
2 Emil = Емил
2 Asen/Assen = Асен
2 Valentin/Walentin = Валентин
2 Lyubomir/Ljubomir/Liubomir = Любомир
4 Mehmed/Mehmet = Мехмед
3 Ahmed/Ahmet = Ахмед
3 Ismail/Ismajil = Исмаил
2 Yusein/Jusein/Hüseyin/Huseyin = Юсеин
2 Salih/Saleh = Салих
2 Ventsislav/Wenzislaw/Ventzislav = Венцислав
2 Borislav/Borislaw = Борислав
"""

BGR_F = """
6 Maria/Mariya/Marija = Мария
4 Ivanka/Iwanka = Иванка
5 Elena/Jelena = Елена
3 Yordanka/Jordanka = Йорданка
3 Penka = Пенка
3 Rositsa/Rossiza/Rositza = Росица
4 Desislava/Dessislawa/Desislawa = Десислава
3 Nadezhda/Nadeshda/Nadezda = Надежда
3 Galina = Галина
3 Svetla/Swetla = Светла
3 Daniela/Daniella = Даниела
3 Gergana = Гергана
3 Tsvetelina/Zwetelina/Cvetelina = Цветелина
3 Teodora/Theodora = Теодора
3 Milena = Милена
3 Silvia = Силвия
2 Kremena = Кремена
3 Nikol/Nicole = Никол
3 Viktoria/Wiktoria/Victoria = Виктория
3 Petya/Petja/Petia = Петя
2 Stefka = Стефка
4 Emine/Emina = Емине
3 Aysel/Ajsel = Айсел
3 Fatme/Fatma/Fatima = Фатме
2 Zlatka/Slatka = Златка
2 Radka = Радка
3 Hristina/Christina/Khristina = Христина
2 Snezhana/Sneschana/Snejana = Снежана
2 Veselina/Wesselina = Веселина
2 Boryana/Borjana/Boriana = Боряна
"""

BGR_FAMILY = """
6 Ivanov/Iwanow = Иванов
5 Georgiev/Georgiew/Gueorguiev = Георгиев
5 Dimitrov/Dimitrow = Димитров
4 Petrov/Petrow = Петров
4 Nikolov/Nikolow = Николов
4 Hristov/Christow/Khristov = Христов
4 Stoyanov/Stojanow/Stoianov = Стоянов
4 Todorov/Todorow = Тодоров
3 Iliev/Iliew/Ilijew = Илиев
3 Vasilev/Wassilew/Vassilev = Василев
3 Atanasov/Atanassow = Атанасов
3 Petkov/Petkow = Петков
3 Angelov/Angelow = Ангелов
3 Kolev/Kolew = Колев
3 Yordanov/Jordanow = Йорданов
3 Marinov/Marinow = Маринов
3 Stefanov/Stefanow = Стефанов
3 Popov/Popow = Попов
3 Mihaylov/Michailow/Mihailov = Михайлов
3 Kostov/Kostow = Костов
3 Krastev/Krastew/Krystev = Кръстев
4 Ahmedov/Achmedow/Ahmedow = Ахмедов
3 Mehmedov/Mehmedow = Мехмедов
3 Hasanov/Hassanow = Хасанов
3 Aliev/Aliew/Alijew = Алиев
2 Asenov/Assenow = Асенов
2 Mitev/Mitew = Митев
2 Slavov/Slawow = Славов
2 Pavlov/Pawlow = Павлов
2 Yankov/Jankow = Янков
"""

# --------------------------------------------------------------------------------------------
# Turkey

TUR_M = """
9 Mehmet/Mehmed/Muhammet
6 Mustafa/Moustafa/Mustapha
6 Ahmet/Ahmed/Achmet
5 Ali/Aly
5 Hüseyin/Hueseyin/Huseyin/Hüsseyin
5 Hasan/Hassan
5 Ibrahim/İbrahim/Ibrahım
5 Ismail/İsmail/Ismajil
5 Murat/Murad
4 Osman/Othman
4 Yusuf/Jusuf/Yussuf
4 Ömer/Oemer/Omer
4 Ramazan/Ramasan/Ramadan
4 Halil/Chalil/Khalil
4 Süleyman/Sueleyman/Suleyman
4 Emre
4 Burak
4 Serkan
4 Kemal/Kamal
4 Abdullah/Abdulla
4 Fatih/Fatich
3 Emin/Amin
3 Recep/Redzep/Receb
3 Orhan/Orchan
3 Hakan/Hakkan
3 Erkan
3 Volkan/Wolkan
3 Yasin/Jasin/Yassin
3 Enes/Enis
3 Furkan/Furkhan
3 Ercan/Erdschan
3 Mahmut/Mahmud/Mahmoud
3 Cengiz/Dschengis/Cengis
3 Kadir/Kader/Qadir
3 Sükrü/Şükrü/Suekrue/Sukru
2 Tuncay/Tundschai/Tuncai
2 Selahattin/Salahaddin/Selahaddin
2 Zeki
2 Bülent/Buelent/Bulent
2 Cem/Dschem
2 Oguz/Oğuz/Ouz
"""

TUR_F = """
6 Fatma/Fatima/Fatme
5 Ayse/Ayşe/Aysche/Aische
5 Emine/Emina/Amina
5 Hatice/Hatidsche/Hatize/Khadija
5 Zeynep/Zeinep/Zainab
4 Elif/Elife
4 Meryem/Merjem/Maryam
4 Serife/Şerife/Scherife
4 Zehra/Sehra/Zahra
4 Hülya/Huelya/Hulya
3 Sultan/Sultane
3 Hanife/Hanifa
4 Özlem/Oezlem/Ozlem
4 Esra/Esraa
4 Büsra/Büşra/Buesra/Busra
4 Derya/Deria
3 Gülsüm/Guelsuem/Gulsum
3 Songül/Songuel/Songul
3 Melek/Malak
3 Gül/Guel/Gul
3 Sevgi/Sewgi
3 Yasemin/Jasemin/Yasmin
3 Nurcan/Nurdschan
3 Leyla/Leila/Layla
3 Dilek/Dilec
3 Filiz/Filis
3 Kübra/Kuebra/Kubra
3 Sibel
3 Merve/Merwe
3 Tugba/Tuğba/Tuba
3 Gamze/Gamse
3 Aynur/Ajnur
3 Rabia/Rabiya
3 Cemile/Dschemile/Jamila
2 Nermin
2 Seyma/Şeyma/Scheima/Shaima
2 Gönül/Goenuel/Gonul
2 Hacer/Hadscher/Hajar
"""

TUR_FAMILY = """
6 Yilmaz/Yılmaz/Jilmas/Yilmas
5 Kaya/Kaja
5 Demir
5 Sahin/Şahin/Schahin
5 Celik/Çelik/Tschelik
5 Yildiz/Yıldız/Jildis/Yildis
5 Yildirim/Yıldırım/Jildirim
5 Öztürk/Oeztuerk/Ozturk
5 Aydin/Aydın/Ajdin
4 Özdemir/Oezdemir/Ozdemir
4 Arslan/Aslan
4 Dogan/Doğan/Doan
4 Kilic/Kılıç/Kilitsch
4 Cetin/Çetin/Tschetin
4 Kara
4 Koc/Koç/Kotsch
4 Kurt
4 Özkan/Oezkan/Ozkan
4 Simsek/Şimşek/Schimschek
4 Polat/Pollat
4 Korkmaz/Korkmas
4 Erdogan/Erdoğan/Erdoan
4 Günes/Güneş/Guenes/Gunes
3 Aktas/Aktaş/Aktasch
3 Bulut/Bulud
3 Keskin
3 Ünal/Uenal/Unal
3 Tekin
3 Özer/Oezer/Ozer
3 Acar/Adschar
3 Güler/Gueler/Guler
3 Avci/Avcı/Awdschi
3 Ucar/Uçar/Utschar
3 Tuncer/Tundscher
3 Sari/Sarı/Sary
3 Duman
3 Altun/Altın/Altin
3 Yavuz/Jawus/Yavus
3 Ekinci/Ekindschi
3 Bozkurt/Boskurt
2 Temel
2 Karatas/Karataş/Karatasch
2 Demirci/Demirdschi
"""

# --------------------------------------------------------------------------------------------
# EU: Poland, Romania, Italy

POL_M = """
5 Piotr/Pjotr
5 Krzysztof/Krzystof/Kschischtof
5 Andrzej/Andrzei/Andrej
5 Tomasz/Tomas/Tomasch
5 Paweł/Pawel
5 Michał/Michal
4 Marcin/Marzin
4 Jakub/Jakob
4 Adam
4 Łukasz/Lukasz/Lukas
4 Marek
4 Grzegorz/Grzegors
4 Mateusz/Mateus/Mateusch
4 Wojciech/Wojciek/Woitech
4 Mariusz/Marius/Mariusch
4 Dariusz/Darius/Dariusch
3 Zbigniew/Zbignew
3 Jan
3 Rafał/Rafal
3 Kamil
3 Sebastian/Sebastjan
3 Robert
3 Janusz/Janus/Janusch
3 Jerzy/Jerzi
3 Ryszard/Rysard
3 Szymon/Symon/Simon
2 Przemysław/Przemyslaw/Premyslaw
3 Damian/Damjan
3 Dawid/David
3 Bartosz/Bartos/Bartosch
2 Stanisław/Stanislaw
2 Kacper/Kasper
2 Sławomir/Slawomir
"""

POL_F = """
6 Anna/Ana
5 Katarzyna/Katarzina/Kataschyna
5 Małgorzata/Malgorzata/Malgorsata
5 Agnieszka/Agnieschka/Agnieska
4 Barbara
4 Ewa/Eva
4 Krystyna/Krystina
4 Magdalena/Magdalene
4 Elżbieta/Elzbieta/Elsbieta
4 Joanna/Johanna
4 Aleksandra/Alexandra
4 Monika/Monica
3 Zofia/Sofia
3 Teresa/Theresa
3 Danuta
3 Natalia/Natalja
3 Karolina/Carolina
3 Marta/Martha
3 Beata/Beate
3 Dorota
3 Jadwiga/Jadwica
3 Halina
3 Janina
3 Irena/Irene
3 Justyna/Justina
3 Paulina/Pauline
3 Grażyna/Grazyna
3 Agata/Agatha
3 Patrycja/Patricia/Patrycia
3 Weronika/Veronika
3 Wiktoria/Viktoria
3 Izabela/Isabela/Izabella
"""

POL_FAMILY = """
6 Nowak/Novak
5 Kowalski/Kowalsky
5 Wiśniewski/Wisniewski/Wischnewski
5 Wójcik/Wojcik/Wojzik
5 Kowalczyk/Kowalczik/Kowaltschyk
5 Kamiński/Kaminski/Kaminsky
4 Lewandowski/Lewandowsky
4 Zieliński/Zielinski/Zielinsky
4 Szymański/Szymanski/Schymanski
4 Woźniak/Wozniak/Wosniak
4 Dąbrowski/Dabrowski/Dombrowski
4 Kozłowski/Kozlowski/Koslowski
3 Jankowski/Jankowsky
3 Mazur/Masur
3 Wojciechowski/Wojciechowsky
3 Kwiatkowski/Kwiatkowsky
3 Krawczyk/Krawczik/Krawtschik
3 Kaczmarek/Katschmarek/Kaczmarec
3 Piotrowski/Piotrowsky
3 Grabowski/Grabowsky
3 Zając/Zajac/Sajontz
3 Pawłowski/Pawlowski
3 Michalski/Michalsky
3 Król/Krol
3 Wieczorek/Wietschorek
3 Jabłoński/Jablonski/Jablonsky
3 Wróbel/Wrobel
3 Nowakowski/Nowakowsky
3 Majewski/Majewsky
3 Olszewski/Olschewski/Olszewsky
3 Stępień/Stepien
3 Malinowski/Malinowsky
3 Jaworski/Jaworsky
3 Adamczyk/Adamczik/Adamtschyk
3 Dudek
3 Nowicki/Nowitzki/Nowicky
3 Pawlak/Pavlak
3 Górski/Gorski/Gorsky
3 Witkowski/Witkowsky
3 Walczak/Waltschak
3 Sikora
"""

ROU_M = """
5 Ion/Ioan
5 Gheorghe/Georghe/Gheorge
5 Vasile/Wasile
4 Constantin/Konstantin
4 Nicolae/Nicolai/Nikolae
5 Mihai/Mihail/Michai
5 Alexandru/Alexander
5 Andrei/Andrej
4 Florin
4 Marian/Marjan
4 Adrian
4 Daniel
4 Ionuț/Ionut/Ionutz
4 Cristian/Kristian
4 Gabriel
4 Ștefan/Stefan/Schtefan
4 Dumitru/Dimitru/Dumitri
3 Petru/Petre
3 Costel/Kostel
3 Cătălin/Catalin/Katalin
3 Dorin
3 Bogdan
3 Lucian/Luzian
3 Sorin
3 Claudiu/Claudio
3 Viorel/Wiorel
3 Emil
3 Răzvan/Razvan
3 Marius
3 Ciprian/Cyprian
3 Valentin/Walentin
3 Iulian/Julian
2 Octavian/Oktavian
"""

ROU_F = """
6 Maria/Marija
5 Elena/Jelena
5 Ioana/Joana
4 Ana/Anna
4 Mihaela/Michaela
4 Andreea/Andrea
4 Cristina/Kristina
4 Daniela/Daniella
4 Gabriela/Gabriella
4 Alexandra/Aleksandra
3 Florentina
3 Mariana/Marianna
3 Georgeta/Georgetta
3 Nicoleta/Nicoletta
3 Adriana
3 Ramona
3 Carmen/Karmen
3 Simona
3 Roxana/Roksana
3 Alina
3 Irina
3 Diana/Dijana
3 Oana
3 Anca/Anka
3 Raluca/Raluka
3 Larisa/Larissa
3 Monica/Monika
3 Camelia/Kamelia
3 Luminița/Luminita/Luminitza
2 Violeta/Violetta
2 Rodica/Rodika
2 Lenuța/Lenuta
"""

ROU_FAMILY = """
6 Popescu/Popesku
5 Ionescu/Ionesku
5 Popa
5 Pop/Popp
4 Radu
4 Dumitru/Dimitru
4 Stan
4 Stoica/Stoika
4 Gheorghe/Georghe
3 Matei/Matej
3 Ciobanu/Tschobanu/Cioban
3 Rusu/Russu
3 Munteanu
3 Constantin/Konstantin
3 Moldovan/Moldowan
3 Mihai/Mihail
3 Lungu
3 Marin
3 Ene
3 Tudor
3 Florea
3 Dinu
3 Stanciu/Stantschu
3 Ilie/Ilije
3 Neagu
3 Dobre
3 Barbu
3 Nistor
3 Oprea
3 Sandu
3 Toma
3 Dumitrescu/Dumitresku
3 Georgescu/Georgesku
2 Nedelcu/Nedelku
2 Bălan/Balan
2 Lazăr/Lazar/Lasar
2 Vasile/Wasile
2 Zamfir/Samfir
2 Iordache/Jordache
3 Căldăraru/Caldararu/Kaldararu
2 Mocanu/Mokanu
"""

ITA_M = """
6 Giuseppe/Guiseppe
5 Giovanni/Giovani
5 Antonio
4 Mario
4 Francesco
4 Luigi
4 Salvatore
4 Vincenzo/Vinzenzo
4 Marco/Marko
4 Alessandro
4 Andrea
4 Luca
3 Stefano
3 Roberto
3 Giorgio/Georgio
3 Paolo
3 Angelo
3 Domenico/Dominico
3 Michele
3 Pietro
3 Carmine
3 Nicola
3 Raffaele/Rafaele
3 Gaetano
3 Matteo/Mateo
3 Davide
3 Simone
3 Lorenzo
3 Fabio
3 Massimo
"""

ITA_F = """
6 Maria/Marija
5 Anna/Ana
4 Giuseppina/Guiseppina
4 Rosa
4 Angela
3 Giovanna/Giovana
3 Teresa/Theresa
3 Lucia
3 Carmela
3 Francesca
3 Antonietta/Antonieta
3 Giulia
3 Chiara/Kiara
3 Sara/Sarah
3 Martina
3 Valentina
3 Federica
3 Elena
3 Alessandra
3 Silvia
3 Laura
3 Paola
3 Roberta
3 Simona
3 Rita
3 Concetta
2 Assunta
2 Filomena/Philomena
2 Immacolata/Imacolata
2 Grazia
"""

ITA_FAMILY = """
6 Rossi
5 Russo
5 Ferrari
5 Esposito
4 Bianchi
4 Romano
4 Colombo
4 Ricci
4 Marino
4 Greco
4 Bruno
4 Gallo
4 Conti
4 De Luca/DeLuca/Deluca
3 Mancini
3 Costa
3 Giordano
3 Rizzo
3 Lombardi
3 Moretti
3 Barbieri
3 Fontana
3 Santoro
3 Mariani
3 Rinaldi
3 Caruso
3 Ferrara
3 Galli
3 Martini
3 Leone
3 Longo
3 D'Angelo/DAngelo/D Angelo/Dangelo
3 Di Stefano/Distefano/DiStefano
3 La Rosa/Larosa/LaRosa
3 Lo Russo/Lorusso/LoRusso
"""

# --------------------------------------------------------------------------------------------
# Birth places (variant families too: Kiew / Kyjiw / Kyiv)

PLACES = {
    "SYR_AR": """
12 Aleppo/Halab/Haleb = حلب
9 Damaskus/Damascus/Dimashq = دمشق
8 Homs/Hims = حمص
6 Hama/Hamah = حماة
7 Idlib/Idleb = إدلب
4 Latakia/Lattakia/Al-Ladhiqiyah = اللاذقية
6 Deir ez-Zor/Deir Ezzor/Dair az-Zaur/Deir al-Zour = دير الزور
5 Raqqa/Rakka/Ar-Raqqa = الرقة
6 Daraa/Deraa/Dar'a = درعا
3 Tartus/Tartous/Tartuss = طرطوس
3 Manbidsch/Manbij/Menbij = منبج
3 Al-Bab/Al Bab/Bab = الباب
3 Douma/Duma = دوما
2 Palmyra/Tadmur/Tadmor = تدمر
2 As-Suwaida/Suwayda/Sweida = السويداء
2 Jarabulus/Dscharabulus/Jarablus = جرابلس
""",
    "SYR_KU": """
8 Qamischli/Qamishli/Kamischli/Al-Qamishli = القامشلي
6 Afrin/Efrin/Afreen = عفرين
5 Kobane/Kobani/Ain al-Arab = كوباني
5 Al-Hasaka/Hasaka/Al-Hasakah/Hassake = الحسكة
4 Aleppo/Halab/Haleb = حلب
2 Amuda/Amude = عامودا
2 Derik/Al-Malikiya/Malikiyah = المالكية
""",
    "IRQ_AR": """
10 Bagdad/Baghdad = بغداد
7 Mossul/Mosul/Al-Mawsil = الموصل
6 Basra/Al-Basra/Basrah = البصرة
3 Nadschaf/Najaf/An-Najaf = النجف
3 Kerbela/Karbala = كربلاء
3 Falludscha/Fallujah/Faludja = الفلوجة
3 Ramadi/Ar-Ramadi = الرمادي
3 Tikrit/Tekrit = تكريت
3 Hilla/Al-Hilla/Hillah = الحلة
3 Nasiriya/Nasiriyah/An-Nasiriyya = الناصرية
2 Samarra/Samara = سامراء
2 Baquba/Baqubah/Bakuba = بعقوبة
3 Kirkuk/Kerkuk = كركوك
""",
    "IRQ_KU": """
8 Erbil/Arbil/Hawler/Hewlêr = أربيل
7 Dohuk/Duhok/Dahuk = دهوك
7 Sulaimaniyya/Sulaymaniyah/Slemani/Suleimaniya = السليمانية
5 Sindschar/Sinjar/Shingal/Schingal = سنجار
4 Zakho/Sacho/Zaxo = زاخو
4 Kirkuk/Kerkuk = كركوك
3 Mossul/Mosul/Al-Mawsil = الموصل
2 Halabdscha/Halabja/Helebce = حلبجة
""",
    "AFG": """
12 Kabul/Kabol = کابل
8 Herat/Harat = هرات
7 Masar-e Scharif/Mazar-e Sharif/Mazar-i-Sharif/Mazar i Sharif = مزار شریف
5 Kandahar/Qandahar = قندهار
5 Dschalalabad/Jalalabad/Jalal Abad = جلال آباد
5 Kundus/Kunduz/Qunduz = کندز
5 Ghazni/Gasni/Ghazna = غزنی
3 Baghlan/Baglan = بغلان
3 Bamiyan/Bamyan/Bamian = بامیان
3 Laghman/Lagman = لغمان
3 Pul-e Khumri/Pol-e Chomri/Puli Khumri = پل خمری
3 Faryab/Fariab = فاریاب
3 Laschkar Gah/Lashkar Gah = لشکرگاه
3 Khost/Chost/Khowst = خوست
3 Maidan Wardak/Maydan Wardak/Wardak = میدان وردک
3 Parwan/Parvan = پروان
2 Taloqan/Talukan/Taluqan = تالقان
2 Badachschan/Badakhshan = بدخشان
2 Logar/Lowgar = لوگر
5 Teheran/Tehran = تهران
4 Maschhad/Mashhad/Meshed = مشهد
""",
    "IRN": """
12 Teheran/Tehran = تهران
6 Maschhad/Mashhad/Meshed = مشهد
6 Isfahan/Esfahan = اصفهان
5 Schiras/Shiraz = شیراز
5 Täbris/Tabriz/Täbriz = تبریز
5 Karadsch/Karaj = کرج
4 Ahvaz/Ahwaz = اهواز
3 Ghom/Qom = قم
3 Kermanschah/Kermanshah = کرمانشاه
3 Urmia/Orumiyeh/Urmiyeh = ارومیه
3 Rascht/Rasht = رشت
3 Sanandadsch/Sanandaj = سنندج
2 Hamadan/Hamedan = همدان
2 Kerman = کرمان
2 Yazd/Jasd = یزد
2 Zahedan/Sahedan = زاهدان
""",
    "ERI": """
14 Asmara/Asmera
6 Keren/Kären
4 Massawa/Massaua/Mitsiwa
4 Mendefera/Mendefra
3 Dekemhare/Dekamhare
3 Adi Keyh/Adi Keih/Adikeyh
3 Barentu/Barentou
3 Teseney/Tessenei/Tesseney
2 Assab/Asab
2 Senafe/Senafé
2 Adi Quala/Adi Kwala/Adiquala
2 Ghinda/Ginda
2 Agordat/Akordat
2 Segeneiti/Segeneyti
3 Khartum/Khartoum
2 Addis Abeba/Addis Ababa
""",
    "SOM": """
14 Mogadischu/Mogadishu/Muqdisho
5 Hargeysa/Hargeisa
5 Kismayo/Kismaayo/Kismaju
4 Baidoa/Baydhabo
4 Beledweyne/Beledweyn/Beled Weyne
3 Galkayo/Gaalkacyo
3 Bosaso/Boosaaso/Bossaso
3 Burao/Burco
2 Berbera
2 Marka/Merca
2 Jowhar/Jawhar
2 Garowe/Garoowe
2 Afgooye/Afgoye
3 Nairobi
2 Dadaab
""",
    "UKR": """
12 Kyjiw/Kiew/Kyiv/Kiev = Київ
9 Charkiw/Kharkiv/Charkow/Kharkov = Харків
6 Odessa/Odesa = Одеса
6 Dnipro/Dnipropetrowsk/Dnepropetrovsk = Дніпро
5 Saporischschja/Zaporizhzhia/Saporoschje/Zaporozhye = Запоріжжя
4 Lwiw/Lviv/Lemberg/Lwow = Львів
4 Mykolajiw/Mykolaiv/Nikolajew = Миколаїв
4 Cherson/Kherson = Херсон
5 Mariupol/Marjupol = Маріуполь
4 Donezk/Donetsk = Донецьк
3 Luhansk/Lugansk = Луганськ
3 Poltawa/Poltava = Полтава
3 Winnyzja/Vinnytsia/Winniza = Вінниця
3 Tschernihiw/Chernihiv/Tschernigow = Чернігів
3 Sumy/Sumi = Суми
3 Krywyj Rih/Kryvyi Rih/Kriwoi Rog = Кривий Ріг
3 Schytomyr/Zhytomyr/Shitomir = Житомир
3 Kramatorsk = Краматорськ
2 Tscherkassy/Cherkasy/Tscherkasy = Черкаси
2 Bachmut/Bakhmut/Artemiwsk = Бахмут
""",
    "RUS": """
10 Moskau/Moscow/Moskva = Москва
6 Sankt Petersburg/Saint Petersburg/St. Petersburg/Leningrad = Санкт-Петербург
3 Nowosibirsk/Novosibirsk = Новосибирск
3 Jekaterinburg/Yekaterinburg/Ekaterinburg = Екатеринбург
3 Kasan/Kazan = Казань
3 Nischni Nowgorod/Nizhny Novgorod = Нижний Новгород
3 Samara = Самара
2 Omsk = Омск
3 Rostow am Don/Rostov-on-Don/Rostov-na-Donu = Ростов-на-Дону
2 Ufa/Oufa = Уфа
2 Krasnojarsk/Krasnoyarsk = Красноярск
3 Wolgograd/Volgograd = Волгоград
2 Perm/Perm' = Пермь
2 Woronesch/Voronezh = Воронеж
2 Saratow/Saratov = Саратов
6 Grosny/Grozny = Грозный
4 Machatschkala/Makhachkala = Махачкала
2 Kaliningrad = Калининград
2 Tscheljabinsk/Chelyabinsk = Челябинск
2 Krasnodar = Краснодар
""",
    "TUR": """
8 Istanbul/İstanbul
5 Ankara
4 Izmir/İzmir
5 Gaziantep/Antep
3 Konya/Konja
4 Adana
3 Kayseri
3 Malatya/Malatia
3 Erzurum/Ersurum
3 Kahramanmaras/Kahramanmaraş/Maras
3 Hatay/Antakya
3 Mersin/Içel
3 Bursa/Brussa
""",
    "TUR_KU": """
8 Diyarbakir/Diyarbakır/Amed
5 Sanliurfa/Şanlıurfa/Urfa
4 Mardin/Merdin
4 Van/Wan
4 Batman/Elih
3 Siirt/Sêrt
3 Agri/Ağrı
3 Mus/Muş
3 Istanbul/İstanbul
2 Hakkari/Colemêrg
""",
    "POL": """
8 Warschau/Warszawa/Warsaw
5 Krakau/Kraków/Krakow
5 Breslau/Wrocław/Wroclaw
5 Posen/Poznań/Poznan
4 Danzig/Gdańsk/Gdansk
4 Stettin/Szczecin
4 Lodz/Łódź/Lodsch
4 Kattowitz/Katowice
3 Lublin
3 Bromberg/Bydgoszcz
3 Oppeln/Opole
3 Gleiwitz/Gliwice
2 Tarnów/Tarnow
2 Rzeszów/Rzeszow
2 Białystok/Bialystok
2 Grünberg/Zielona Góra/Zielona Gora
""",
    "ROU": """
8 Bukarest/București/Bucuresti/Bucharest
5 Klausenburg/Cluj-Napoca/Cluj
4 Temeswar/Timișoara/Timisoara
5 Jassy/Iași/Iasi
4 Konstanza/Constanța/Constanta
4 Craiova/Krajowa
4 Kronstadt/Brașov/Brasov
3 Galatz/Galați/Galati
3 Ploiești/Ploiesti
3 Arad
3 Bacău/Bacau
3 Suceava/Sutschawa
3 Botoșani/Botosani
2 Satu Mare/Sathmar
2 Buzău/Buzau
2 Pitești/Pitesti
2 Călărași/Calarasi
""",
    "BGR": """
8 Sofia/Sofija/Sofiya = София
5 Plowdiw/Plovdiv = Пловдив
5 Warna/Varna = Варна
4 Burgas = Бургас
3 Russe/Ruse/Rousse = Русе
3 Stara Sagora/Stara Zagora = Стара Загора
3 Plewen/Pleven = Плевен
3 Sliwen/Sliven = Сливен
3 Dobritsch/Dobrich = Добрич
3 Schumen/Shumen = Шумен
3 Haskowo/Haskovo/Chaskowo = Хасково
3 Pasardschik/Pazardzhik = Пазарджик
4 Kardschali/Kardzhali/Kardjali = Кърджали
2 Jambol/Yambol = Ямбол
2 Montana = Монтана
2 Widin/Vidin = Видин
""",
    "ITA": """
6 Neapel/Napoli/Naples
5 Rom/Roma/Rome
4 Palermo
3 Mailand/Milano/Milan
3 Turin/Torino
4 Catania
3 Bari
2 Florenz/Firenze
2 Genua/Genova
3 Reggio Calabria/Reggio di Calabria
2 Messina
2 Foggia
2 Salerno
3 Cosenza
2 Caserta
2 Lecce
""",
}

# Towns in Germany for children born here (also used for addresses by the generator).
GERMAN_BIRTH_PLACES = _parse("""
8 Naumburg (Saale)/Naumburg
8 Weißenfels/Weissenfels
8 Zeitz/Zeiz
6 Halle (Saale)/Halle
6 Leipzig/Leipzig
3 Merseburg/Merseburg
2 Jena/Jena
""")

# --------------------------------------------------------------------------------------------
# Pools, groups, origin mix

def _pool(key, m, f, family, rule="", extra_m="", has_script=False) -> Pool:
    return Pool(key, _Weighted(_parse(m + extra_m)), _Weighted(_parse(f)), _Weighted(_parse(family)),
                rule, has_script)


POOLS: dict[str, Pool] = {p.key: p for p in (
    _pool("SYR", ARAB_M, ARAB_F, SYR_FAMILY, has_script=True),
    _pool("IRQ", ARAB_M, ARAB_F, IRQ_FAMILY, extra_m=IRAQ_M_EXTRA, has_script=True),
    _pool("KUR", KURD_M, KURD_F, KURD_FAMILY),
    _pool("AFG", AFG_M, AFG_F, AFG_FAMILY, has_script=True),
    _pool("IRN", IRN_M, IRN_F, IRN_FAMILY, has_script=True),
    _pool("ERI", ERI_M, ERI_F, ERI_M),
    _pool("SOM", SOM_M, SOM_F, SOM_M),
    _pool("UKR", UKR_M, UKR_F, UKR_FAMILY, "ukrainian", has_script=True),
    _pool("RUS", RUS_M, RUS_F, RUS_FAMILY, "east_slavic", has_script=True),
    _pool("BGR", BGR_M, BGR_F, BGR_FAMILY, "bulgarian", has_script=True),
    _pool("TUR", TUR_M, TUR_F, TUR_FAMILY),
    _pool("POL", POL_M, POL_F, POL_FAMILY, "polish"),
    _pool("ROU", ROU_M, ROU_F, ROU_FAMILY),
    _pool("ITA", ITA_M, ITA_F, ITA_FAMILY),
)}


def _group(key, origin, given, family, weight, places, patronymic=0.0, wife_takes_name=False):
    return Group(key, origin, given, family, weight, _Weighted(_parse(PLACES[places])),
                 patronymic, wife_takes_name)


# Within an origin the groups' weights add up to 1. Wives keep their own family name in the
# Arab, Persian, Kurdish, Eritrean, Somali and Italian traditions; Eritrean family names are
# always the father's given name (``ERI`` uses the male given list as family list).
GROUPS: tuple[Group, ...] = (
    _group("SYR_AR", "SYR", "SYR", "SYR", 0.80, "SYR_AR"),
    _group("SYR_KU", "SYR", "KUR", "KUR", 0.20, "SYR_KU"),
    _group("IRQ_AR", "IRQ", "IRQ", "IRQ", 0.50, "IRQ_AR", patronymic=0.15),
    _group("IRQ_KU", "IRQ", "KUR", "KUR", 0.50, "IRQ_KU", patronymic=0.25),
    _group("AFG", "AFG", "AFG", "AFG", 1.0, "AFG", patronymic=0.25),
    _group("IRN", "IRN", "IRN", "IRN", 1.0, "IRN"),
    _group("ERI", "ERI", "ERI", "ERI", 1.0, "ERI", patronymic=1.0),
    _group("SOM", "SOM", "SOM", "SOM", 1.0, "SOM", patronymic=1.0),
    _group("UKR", "UKR", "UKR", "UKR", 1.0, "UKR", wife_takes_name=True),
    _group("RUS", "RUS", "RUS", "RUS", 1.0, "RUS", wife_takes_name=True),
    _group("TUR", "TUR", "TUR", "TUR", 0.60, "TUR", wife_takes_name=True),
    _group("TUR_KU", "TUR", "KUR", "TUR", 0.40, "TUR_KU", wife_takes_name=True),
    _group("POL", "POL", "POL", "POL", 1.0, "POL", wife_takes_name=True),
    _group("ROU", "ROU", "ROU", "ROU", 1.0, "ROU", wife_takes_name=True),
    _group("BGR", "BGR", "BGR", "BGR", 1.0, "BGR", wife_takes_name=True),
    _group("ITA", "ITA", "ITA", "ITA", 1.0, "ITA"),
)

# Share of clients by nationality, for a county in Saxony-Anhalt: Ukraine and Syria largest.
ORIGIN_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("UKR", 0.26), ("SYR", 0.20), ("AFG", 0.10), ("TUR", 0.07), ("ROU", 0.07), ("POL", 0.06),
    ("IRQ", 0.06), ("ERI", 0.04), ("RUS", 0.04), ("IRN", 0.03), ("SOM", 0.025), ("BGR", 0.025),
    ("ITA", 0.01),
)

EU_ORIGINS = frozenset({"POL", "ROU", "BGR", "ITA"})


def variants(pool: str, kind: str, index: int, feminine: bool = False) -> tuple[str, ...]:
    """All spellings of one name; *kind* is ``"m"``, ``"f"`` or ``"family"``."""
    p = POOLS[pool]
    vs = p.lst(kind).families[index].variants
    if feminine and kind == "family" and p.feminine_rule:
        return tuple(feminine_form(p.feminine_rule, v) for v in vs)
    return vs


def script(pool: str, kind: str, index: int, feminine: bool = False) -> str:
    """The original-script spelling of one name, or ``""``."""
    p = POOLS[pool]
    s = p.lst(kind).families[index].script
    if feminine and kind == "family" and p.feminine_rule:
        return feminine_form(p.feminine_rule, s)
    return s


def group(key: str) -> Group:
    for g in GROUPS:
        if g.key == key:
            return g
    raise KeyError(key)
