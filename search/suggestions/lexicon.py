"""What a customer's message looks like in each language: the words and mail-client lines that
carry no request (function words, greetings, sign-offs, quote headers, phone footers), and the
names of months and currencies that fields are read from.

These describe how people write email and chat in a language, not any knowledge base: a team
that imports its own handbook gets the same lists. Adding a language is one `Lexicon` here.
Every word is compared after `search.analysis.normalize_word` (lowercase, no diacritics, alef
variants folded).
"""

from __future__ import annotations

from dataclasses import dataclass

from search.analysis import STOP_WORDS, normalize_word


def _words(text: str) -> frozenset[str]:
    return frozenset(normalize_word(word) for word in text.split())


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.strip().splitlines() if line.strip())


@dataclass(frozen=True)
class Lexicon:
    # Frequent words only this language uses: they decide the language of Latin-script text.
    markers: frozenset[str]
    # Words that say nothing about the case (greetings, politeness, filler, chat shorthand);
    # with the search's stop words they are left out of the query.
    filler: frozenset[str]
    # A line that is only one of these (and maybe a name) ends the customer's own words.
    sign_offs: tuple[str, ...]
    # Footers mail apps add; the line and everything after it is not the customer's.
    footers: tuple[str, ...]
    # The label words of a forwarded or replied-to mail's header block ("From:", "Sent:").
    header_labels: tuple[str, ...]
    # A reply's attribution line starts with the first word and ends with the second
    # ("On … wrote:"); the line may be wrapped once.
    attribution: tuple[str, str]
    # Lines that introduce a forwarded or original message ("Begin forwarded message:"),
    # with or without a rule of dashes around them.
    forwarded: tuple[str, ...]
    # Words a signature may put before the name ("your brother Mohammed").
    name_prefixes: frozenset[str]
    months: dict[str, int]
    # Words that say which currency an amount is in.
    currencies: dict[str, str]
    # Words before an order number when its shape is not declared ("order #48213").
    order_cues: tuple[str, ...]


ENGLISH = Lexicon(
    markers=_words(
        """
        the and is are was were my you your i i'm im it's its this that have has had not
        please thank can could would will with what when where why how still never dear
        just get received ordered any since ago yet there of to for it me we they be been
        """
    ),
    filler=_words(
        """
        hi hello hey dear team sir madam good morning afternoon evening please pls plz
        thanks thank thx ty regards kind best sincerely cheers hope well lumen co
        customer care service support guys really just also already ok okay yes asap
        im i'm ive i've dont don't didnt didn't cant can't wont won't isnt isn't hasnt
        hasn't havent haven't doesnt doesn't wasnt wasn't its it's youre you're
        would like want need know let tell help wondering wonder writing write
        haven hasn don didn couldn wouldn shouldn isn aren wasn weren won ve re ll
        all up out more most only even very off through after because before both same
        own again further other some such too here there lol haha
        """
    ),
    sign_offs=_lines(
        """
        regards
        best regards
        kind regards
        warm regards
        many thanks
        thanks
        thanks a lot
        thanks in advance
        thank you
        thank you in advance
        thank you very much
        thanks so much
        cheers
        best
        best wishes
        all the best
        sincerely
        yours sincerely
        yours faithfully
        yours truly
        br
        thx
        ty
        """
    ),
    footers=_lines(
        """
        sent from my
        sent from yahoo mail
        sent from mail for windows
        sent from outlook
        sent from gmail
        sent via
        get outlook for
        download outlook for
        """
    ),
    header_labels=("from", "sent", "date", "to", "cc", "subject"),
    attribution=("on", "wrote"),
    forwarded=("forwarded message", "begin forwarded message", "original message", "fwd"),
    name_prefixes=frozenset(),
    months={
        **dict.fromkeys(("january", "jan"), 1),
        **dict.fromkeys(("february", "feb"), 2),
        **dict.fromkeys(("march", "mar"), 3),
        **dict.fromkeys(("april", "apr"), 4),
        "may": 5,
        **dict.fromkeys(("june", "jun"), 6),
        **dict.fromkeys(("july", "jul"), 7),
        **dict.fromkeys(("august", "aug"), 8),
        **dict.fromkeys(("september", "sep", "sept"), 9),
        **dict.fromkeys(("october", "oct"), 10),
        **dict.fromkeys(("november", "nov"), 11),
        **dict.fromkeys(("december", "dec"), 12),
    },
    currencies={
        **dict.fromkeys(("dirham", "dirhams", "dhs", "dh"), "AED"),
        **dict.fromkeys(("riyal", "riyals", "rial", "rials", "sr"), "SAR"),
        **dict.fromkeys(("euro", "euros"), "EUR"),
        **dict.fromkeys(("dollar", "dollars", "bucks"), "USD"),
        **dict.fromkeys(("pound", "pounds", "quid"), "GBP"),
        **dict.fromkeys(("rupiah", "rupiahs"), "IDR"),
        **dict.fromkeys(("le", "egp"), "EGP"),
    },
    order_cues=("order number", "order no", "order nr", "order id", "order ref", "order"),
)

INDONESIAN = Lexicon(
    markers=_words(
        """
        saya aku sy gue gw kamu anda kak kakak gan agan min mimin sis bang pak bu ibu bapak
        yang yg dan dgn dengan tidak tdk gak ga gk nggak ngga enggak belum blm blom sudah
        udah udh sdh dah ini itu kok sih dong deh ya yaa nih tuh aja saja juga jg tapi tp
        mohon tolong minta terima kasih makasih trims tks halo selamat pagi siang sore malam
        kenapa gimana bagaimana kapan apakah bisa dikirim sampai sampe barang pesanan paket
        """
    ),
    filler=_words(
        """
        halo hai hallo selamat pagi siang sore malam kak kakak gan agan min mimin sis bang
        pak bu ibu bapak mas mbak mohon tolong minta bantu bantuannya dibantu terima kasih
        makasih trims tks thx ya yaa yah nih tuh dong deh sih kok aja saja juga jg tapi tp
        lumen co cs customer service admin sy saya aku gue gw kamu anda kita kami
        yg dgn tdk gak ga gk nggak ngga enggak blm blom udah udh sdh dah lagi lg masih
        skrg sekarang sudah belum mau ingin pengen gimana tanya nanya info infonya
        sama terus pas buat td tadi kalo kalau brp berapa dr loh lho krn karena bgt banget
        padahal katanya situ soalnya jadi jd
        """
    ),
    sign_offs=_lines(
        """
        salam
        salam hangat
        hormat saya
        hormat kami
        terima kasih
        terimakasih
        terima kasih banyak
        terima kasih sebelumnya
        makasih
        makasih ya
        makasih kak
        trims
        tks
        wassalam
        wassalamualaikum
        """
    ),
    footers=_lines(
        """
        dikirim dari
        kirim dari
        terkirim dari
        """
    ),
    header_labels=("dari", "dikirim", "terkirim", "tanggal", "kepada", "cc", "subjek", "perihal"),
    attribution=("pada", "menulis"),
    forwarded=("pesan yang diteruskan", "pesan terusan", "pesan asli", "diteruskan"),
    name_prefixes=_words("bapak bpk ibu bu pak"),
    months={
        **dict.fromkeys(("januari", "jan"), 1),
        **dict.fromkeys(("februari", "feb", "pebruari"), 2),
        **dict.fromkeys(("maret", "mar"), 3),
        **dict.fromkeys(("april", "apr"), 4),
        "mei": 5,
        **dict.fromkeys(("juni", "jun"), 6),
        **dict.fromkeys(("juli", "jul"), 7),
        **dict.fromkeys(("agustus", "agu", "agt", "ags", "agus"), 8),
        **dict.fromkeys(("september", "sep", "sept"), 9),
        **dict.fromkeys(("oktober", "okt"), 10),
        **dict.fromkeys(("november", "nov", "nop", "nopember"), 11),
        **dict.fromkeys(("desember", "des"), 12),
    },
    currencies={"rp": "IDR", "rupiah": "IDR"},
    order_cues=("nomor pesanan", "no pesanan", "no. pesanan", "nomer pesanan", "pesanan", "order"),
)

ARABIC = Lexicon(
    markers=frozenset(),  # Arabic is told by its script
    filler=_words(
        """
        السلام عليكم ورحمة الله وبركاته مرحبا مرحبًا اهلا أهلا هلا هلا والله يا لو سمحت
        سمحتوا من فضلك فضلكم الرجاء ارجو أرجو رجاء شكرا شكرًا جزيلا مشكور مشكورين يعطيكم
        العافية تحية طيبة وبعد عزيزي الأعزاء السادة فريق خدمة العملاء الدعم أخي اختي يا
        ابغى ابي أبي ابغي عايز عاوز اريد أريد بدي ممكن انا أنا احنا إحنا الحين دلوقتي
        لسه لسا لين ولين لحد حتى الآن للحين بس لكن طيب ok اللي عندكم لكم منكم عليكم
        فيها معلش ازيكم بتاعي بتاعتي عليا وين فين حد ومحد شي شيء خالص كده كذا
        """
    ),
    sign_offs=_lines(
        """
        شكرا
        شكرًا
        شكرا لكم
        شكرًا لكم
        وشكرا
        وشكرًا
        مع الشكر
        مع الشكر والتقدير
        مع خالص الشكر
        مع التحية
        مع تحياتي
        تحياتي
        مع خالص التحيات
        مع أطيب التحيات
        تقبلوا تحياتي
        شاكر لكم
        شاكرة لكم
        ولكم جزيل الشكر
        والسلام
        والسلام عليكم
        """
    ),
    footers=_lines(
        """
        أرسلت من
        ارسلت من
        أُرسلت من
        مرسل من
        تم الإرسال من
        """
    ),
    header_labels=(
        "من", "أرسل", "أرسلت", "تاريخ الإرسال", "التاريخ", "إلى", "الى", "نسخة", "الموضوع"
    ),
    attribution=("في", "كتب"),
    forwarded=("الرسالة الأصلية", "الرسالة المعاد توجيهها", "رسالة معاد توجيهها", "رسالة محولة"),
    name_prefixes=_words("أخوكم أختكم أخوك أختك اخوكم اختكم العميل العميلة المرسل"),
    months={
        "يناير": 1, "كانون الثاني": 1,
        "فبراير": 2, "شباط": 2,
        "مارس": 3, "آذار": 3,
        "أبريل": 4, "ابريل": 4, "إبريل": 4, "نيسان": 4,
        "مايو": 5, "أيار": 5,
        "يونيو": 6, "يونيه": 6, "حزيران": 6,
        "يوليو": 7, "يوليه": 7, "تموز": 7,
        "أغسطس": 8, "اغسطس": 8, "آب": 8,
        "سبتمبر": 9, "أيلول": 9,
        "أكتوبر": 10, "اكتوبر": 10, "تشرين الأول": 10,
        "نوفمبر": 11, "تشرين الثاني": 11,
        "ديسمبر": 12, "كانون الأول": 12,
    },
    currencies={
        **dict.fromkeys(("درهم", "دراهم", "د.إ", "دإ"), "AED"),
        **dict.fromkeys(("ريال", "ريالات", "ر.س", "رس"), "SAR"),
        **dict.fromkeys(("جنيه", "جنيها", "جنيهات", "ج.م", "جم"), "EGP"),
        **dict.fromkeys(("دولار", "دولارات"), "USD"),
        **dict.fromkeys(("يورو",), "EUR"),
        **dict.fromkeys(("روبية",), "IDR"),
    },
    order_cues=(
        "رقم الطلب", "رقم الطلبية", "الطلب رقم", "طلب رقم", "رقم الأوردر", "الأوردر", "الاوردر"
    ),
)

LEXICONS: dict[str, Lexicon] = {"en": ENGLISH, "ar": ARABIC, "id": INDONESIAN}

# Currency symbols and ISO codes are the same in every language.
CURRENCY_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP", "us$": "USD"}
CURRENCY_CODES = (
    "AED", "SAR", "IDR", "USD", "EUR", "EGP", "GBP", "JOD", "KWD", "QAR", "OMR", "BHD"
)

# Words that leave a query whatever the language: the search's stop words and every
# language's filler (a customer mixes languages, "thanks kak").
NOT_KEY_WORDS: frozenset[str] = frozenset().union(
    *STOP_WORDS.values(), *(lexicon.filler for lexicon in LEXICONS.values())
)
