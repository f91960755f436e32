"""Support-KB word and phrase banks for the synthetic corpus, in English, Arabic and Indonesian.

Sentences are built as opener + subject + verb + object + qualifier, with objects drawn half
from the page's topic, so sections are on-topic and BM25 sees realistic term statistics.
Arabic deliberately carries the spellings search must normalise: definite article and
prefixes (ال، بال، وال، لل), hamza on alef (أ، إ) and alef maqsura (ى).
"""

from __future__ import annotations

from dataclasses import dataclass


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _terms(text: str) -> tuple[str, ...]:
    """Whitespace-separated terms in a stable order; `_` joins the words of one term."""
    return tuple(term.replace("_", " ") for term in text.split())


@dataclass(frozen=True)
class Topic:
    key: str  # English key, used for tags and file names
    name: str  # in the page's language, used in titles and headings
    nouns: tuple[str, ...]  # in the page's language


@dataclass(frozen=True)
class Language:
    code: str
    openers: tuple[str, ...]
    subjects: tuple[str, ...]
    verbs: tuple[str, ...]
    objects: tuple[str, ...]
    qualifiers: tuple[str, ...]
    title_patterns: tuple[str, ...]  # {topic}, {region}, {channel}
    heading_patterns: tuple[str, ...]  # {topic}, {noun}, {region}, {channel}
    question_patterns: tuple[str, ...]  # {noun}, {topic}
    regions: tuple[str, ...]
    channels: tuple[str, ...]
    topics: tuple[Topic, ...]
    bullets: tuple[str, ...]
    example: str  # one sentence with {order}, {product}, {region}, {amount}, {days}
    detail: str  # one sentence with {detail}, {other}, {product}, {city}, {person}
    details: tuple[str, ...]  # long tail of domain terms, drawn Zipf-like
    stop_words: frozenset[str]


ENGLISH = Language(
    code="en",
    openers=("", "", "", "Always", "Before you reply,", "If in doubt,", "On weekends,",
             "For marketplace orders,", "During peak season,", "When the customer insists,",
             "After the first reply,", "As a rule,", "In most cases,", "Within core hours,"),
    subjects=("the agent", "you", "the customer", "your lead", "the warehouse team",
              "the triage owner", "the senior agent", "the buyer", "the carrier",
              "the on-call lead", "a new hire", "the page owner", "the head of support",
              "the marketplace", "the courier", "whoever takes the ticket"),
    verbs=("must check", "should confirm", "can refund", "may approve", "escalates",
           "tags", "records", "answers", "verifies", "assigns", "reopens", "closes",
           "forwards", "documents", "tracks", "reviews", "flags", "replaces", "cancels",
           "hands over", "sends", "schedules", "explains", "updates", "resolves",
           "prioritises", "follows up on", "acknowledges", "offers", "declines"),
    objects=("the ticket", "the order", "the refund request", "the return label",
             "the tracking link", "the shared inbox", "the helpdesk macro", "the damaged parcel",
             "the chargeback", "the A-to-z claim", "the first response", "the handover note",
             "the delivery address", "the invoice", "the store credit", "the goodwill voucher",
             "the escalation form", "the customer's photos", "the partial refund",
             "the replacement", "the pickup", "the order history", "the payment method",
             "the CSAT survey", "the priority level", "the weekend rota", "the canned reply",
             "the identity check", "the data request", "the courier claim"),
    qualifiers=("within 24 hours", "before the end of the shift", "in the helpdesk",
                "on the same day", "within 2 business days", "with a lead's approval",
                "in Seller Central", "before dispatch", "after delivery", "in the ticket notes",
                "without asking the customer twice", "using the secure form",
                "within 30 days of delivery", "for orders above EUR 100", "by live chat",
                "in the task board", "in #support-team", "before 15:00 UTC",
                "as soon as tracking updates", "once the warehouse confirms", ""),
    title_patterns=("{topic} in {region}", "{topic}: {channel} orders", "{topic} for {channel}",
                    "Handling {topic} ({region})", "{topic} checklist for {channel}",
                    "{topic} after the holidays", "{topic} for new agents",
                    "Escalating {topic} in {region}"),
    heading_patterns=("Who pays for {noun}", "When to escalate {noun}", "{noun} on {channel}",
                      "Steps: handle {noun}", "Common mistakes with {noun}",
                      "{noun} deadlines", "Example: {noun} in {region}",
                      "Approval limits for {noun}",
                      "What to tell the customer about {noun}", "Checking {noun}",
                      "{noun} and fraud signals", "Before you start: {noun}",
                      "Related pages on {topic}", "Exceptions for {region}",
                      "Templates for {noun}", "Timing and targets for {noun}"),
    question_patterns=("how long does a customer have for {noun}", "who approves {noun}",
                       "what do i do when {noun} is late", "can i refund {noun}",
                       "how fast must we answer about {noun}", "where do i find {noun}",
                       "what is the policy on {topic}", "when do i escalate {noun}"),
    regions=("Egypt", "Jordan", "Indonesia", "Portugal", "the Philippines", "the Gulf",
             "Saudi Arabia", "the EU", "the UK", "Malaysia", "Morocco", "Germany"),
    channels=("Amazon", "eBay", "Noon", "web shop", "live chat", "email", "Tokopedia",
              "Shopee", "phone", "WhatsApp"),
    topics=(
        Topic("refunds", "Refunds", ("refund", "refunds", "partial refund", "store credit",
                                     "bank transfer", "refund approval", "refund timing")),
        Topic("returns", "Returns", ("return window", "return label", "returned item",
                                     "return shipping", "restocking", "return request")),
        Topic("shipping", "Shipping", ("dispatch", "courier", "carrier", "delivery estimate",
                                       "express shipping", "cut-off time", "shipment")),
        Topic("lost-parcels", "Lost parcels", ("lost parcel", "tracking gap", "courier claim",
                                               "missing delivery", "proof of delivery")),
        Topic("damaged-items", "Damaged items", ("damaged item", "broken glass", "photos",
                                                 "replacement", "hidden damage", "packaging")),
        Topic("marketplaces", "Marketplace messages", ("Buy Box", "A-to-z claim",
                                                       "Seller Central", "buyer message",
                                                       "marketplace rating", "listing")),
        Topic("sla", "Response-time targets", ("first response", "response time", "SLA breach",
                                               "business hours", "P1 ticket", "backlog")),
        Topic("escalation", "Escalation", ("escalation", "legal threat", "safety issue",
                                           "VIP customer", "decision time", "tier 2")),
        Topic("privacy", "Customer data", ("personal data", "identity check", "data request",
                                           "deletion request", "data breach", "screenshot")),
        Topic("remote-work", "Remote work", ("core hours", "shift swap", "sick day",
                                             "home office", "internet outage", "break")),
        Topic("tools", "Tools", ("helpdesk", "password manager", "VPN", "task board",
                                 "team chat", "macro", "two-factor sign-in")),
        Topic("kpis", "KPIs", ("CSAT", "NPS", "first contact resolution", "ticket volume",
                               "resolution rate", "one-on-one", "quality review")),
        Topic("cancellations", "Cancellations", ("cancellation", "address change",
                                                 "order edit", "payment hold", "duplicate order")),
        Topic("fraud", "Fraud checks", ("fraud check", "chargeback", "empty box claim",
                                        "different card", "high-value order")),
        Topic("pre-sales", "Pre-sales questions", ("product question", "stock level",
                                                   "delivery date", "bundle discount",
                                                   "size guide")),
        Topic("handover", "Handovers", ("handover note", "end of shift", "weekend rota",
                                        "open ticket", "follow-up date", "time zone")),
    ),
    bullets=("Tag the ticket before you reply.", "Never ask for card numbers in a ticket.",
             "Write the order number in the internal note.", "Check tracking first.",
             "Copy the lead into the thread.", "Use the canned reply and adapt the greeting.",
             "Set a follow-up date.", "Attach the photos to the courier claim."),
    example="Example: order {order} ({product}) to {region}, EUR {amount},"
            " answered after {days} days.",
    detail="Note the {detail} and the {other} when {person} in {city} asks about the {product}.",
    details=_terms("""invoice receipt warranty guarantee voucher coupon barcode SKU pallet parcel
        customs duty tariff surcharge deposit instalment subscription wishlist basket checkout
        postcode doorstep locker pickup-point signature waybill manifest consignment backorder
        preorder restock clearance markdown bundle gift-wrap engraving assembly instructions
        manual screws hinges upholstery stain fading shrinkage mould splinter scratch dent crack
        leak odour allergy recall batch serial defect inspection audit sample swatch fabric
        thread stitching zipper button handle lid spout wick bulb socket plug adapter voltage
        charger cable remote battery timer thermostat sensor hotline callback voicemail transcript
        survey rating review complaint compliment apology goodwill gesture loyalty points tier
        membership referral newsletter unsubscribe consent cookie password login lockout
        two-factor token session outage latency maintenance downtime backlog queue rota roster
        overtime payroll allowance reimbursement expense timesheet holiday bank-holiday ramadan
        christmas blackfriday cybermonday singles-day harbolnas payday"""),
    stop_words=_words("the a an to of in on for and or with is are be do i we you does "
                      "what who when where how can must should about it at by as"),
)

ARABIC = Language(
    code="ar",
    openers=("", "", "", "دائمًا", "قبل الرد،", "عند الشك،", "في عطلة نهاية الأسبوع،",
             "لطلبات المتاجر الإلكترونية،", "في موسم الذروة،", "إذا أصرّ العميل،",
             "بعد الرد الأول،", "كقاعدة عامة،", "في معظم الحالات،"),
    subjects=("الوكيل", "أنت", "العميل", "قائد الفريق", "فريق المستودع", "مسؤول الفرز",
              "الوكيل الأول", "المشتري", "شركة الشحن", "الموظف الجديد", "مالك الصفحة",
              "رئيس الدعم", "مندوب التوصيل"),
    verbs=("يجب أن يتحقق من", "يؤكد", "يسترد", "يوافق على", "يصعّد", "يسجل", "يرد على",
           "يتحقق من", "يسند", "يعيد فتح", "يغلق", "يحوّل", "يوثق", "يتتبع", "يراجع",
           "يستبدل", "يلغي", "يسلّم", "يرسل", "يشرح", "يحدّث", "يحل", "يتابع", "يقدم",
           "يرفض", "أرسل", "إسترداد"),
    objects=("التذكرة", "الطلب", "طلب الاسترداد", "ملصق الإرجاع", "رابط التتبع",
             "صندوق الوارد المشترك", "الرد الجاهز", "الطرد التالف", "المطالبة", "الرد الأول",
             "ملاحظة التسليم", "عنوان التوصيل", "الفاتورة", "رصيد المتجر", "قسيمة المجاملة",
             "نموذج التصعيد", "صور العميل", "الاسترداد الجزئي", "البديل", "سجل الطلبات",
             "طريقة الدفع", "استبيان الرضا", "مستوى الأولوية", "جدول المناوبة",
             "التحقق من الهوية", "طلب البيانات", "إلغاء الطلب", "المنتج المعيب"),
    qualifiers=("خلال 24 ساعة", "قبل نهاية المناوبة", "في نظام التذاكر", "في اليوم نفسه",
                "خلال يومي عمل", "بموافقة قائد الفريق", "في Seller Central", "قبل الشحن",
                "بعد التسليم", "في ملاحظات التذكرة", "عبر النموذج الآمن",
                "خلال 30 يومًا من التسليم", "للطلبات التي تزيد على 100 يورو",
                "عبر الدردشة المباشرة", "على لوحة المهام", "قبل الساعة 15:00 بالتوقيت العالمي",
                "على مستوى دعم العملاء عن بُعد", "مع ذكر رقم الطلب", "حتى يتم التأكيد", ""),
    title_patterns=("{topic} في {region}", "{topic}: طلبات {channel}", "{topic} لـ {channel}",
                    "التعامل مع {topic} ({region})", "قائمة {topic} لـ {channel}",
                    "{topic} للموظفين الجدد", "تصعيد {topic} في {region}"),
    heading_patterns=("من يدفع تكلفة {noun}", "متى يجب تصعيد {noun}", "{noun} على {channel}",
                      "الخطوات: التعامل مع {noun}", "أخطاء شائعة في {noun}", "مواعيد {noun}",
                      "مثال: {noun} في {region}", "حدود الموافقة على {noun}",
                      "ماذا نقول للعميل عن {noun}", "التحقق من {noun}", "استثناءات {region}",
                      "قبل أن تبدأ: {noun}", "صفحات ذات صلة عن {topic}", "أهداف وقت {noun}"),
    question_patterns=("كم يوما لدى العميل من أجل {noun}", "من يوافق على {noun}",
                       "ماذا أفعل عند تأخر {noun}", "هل يمكنني استرداد {noun}",
                       "ما هي سياسة {topic}", "متى أصعّد {noun}"),
    regions=("مصر", "الأردن", "إندونيسيا", "البرتغال", "الفلبين", "الخليج", "السعودية",
             "الاتحاد الأوروبي", "المغرب", "ألمانيا"),
    channels=("Amazon", "eBay", "Noon", "المتجر الإلكتروني", "الدردشة المباشرة",
              "البريد الإلكتروني", "الهاتف", "واتساب"),
    topics=(
        Topic("refunds", "الاسترداد", ("استرداد المبلغ", "الاسترداد الجزئي", "رصيد المتجر",
                                       "التحويل البنكي", "موافقة الاسترداد", "مدة الاسترداد")),
        Topic("returns", "الإرجاع", ("فترة الإرجاع", "ملصق الإرجاع", "المنتج المرتجع",
                                     "شحن الإرجاع", "طلب الإرجاع", "إعادة المنتج")),
        Topic("shipping", "الشحن والتوصيل", ("شركة الشحن", "مندوب التوصيل", "موعد التسليم",
                                             "الشحن السريع", "موعد الإرسال", "الشحنة")),
        Topic("lost-parcels", "الطرود المفقودة", ("الطرد المفقود", "توقف التتبع",
                                                  "مطالبة شركة الشحن", "إثبات التسليم")),
        Topic("damaged-items", "المنتجات التالفة", ("المنتج التالف", "الزجاج المكسور",
                                                    "الصور", "منتج بديل", "التغليف")),
        Topic("marketplaces", "رسائل المتاجر الإلكترونية", ("صندوق الشراء", "مطالبة A-to-z",
                                                            "رسالة المشتري", "تقييم البائع")),
        Topic("sla", "أوقات الاستجابة", ("الرد الأول", "وقت الاستجابة", "ساعات العمل",
                                         "تذكرة عاجلة", "التذاكر المتراكمة")),
        Topic("escalation", "التصعيد", ("التصعيد", "التهديد القانوني", "مشكلة السلامة",
                                         "عميل مهم", "وقت القرار")),
        Topic("privacy", "بيانات العملاء", ("البيانات الشخصية", "التحقق من الهوية",
                                            "طلب الحذف", "تسرب البيانات", "لقطة الشاشة")),
        Topic("remote-work", "العمل عن بعد", ("ساعات العمل الأساسية", "تبديل المناوبة",
                                              "الإجازة المرضية", "انقطاع الإنترنت", "الاستراحة")),
        Topic("tools", "الأدوات", ("نظام التذاكر", "مدير كلمات المرور", "الشبكة الافتراضية",
                                   "لوحة المهام", "الدردشة", "التحقق بخطوتين")),
        Topic("kpis", "مؤشرات الأداء الرئيسية", ("رضا العملاء", "معدل الحل من أول تواصل",
                                                 "حجم التذاكر", "معدل الحل", "الاجتماع الفردي")),
        Topic("handover", "التسليم بين المناوبات", ("ملاحظة التسليم", "نهاية المناوبة",
                                                   "التذاكر المفتوحة", "المنطقة الزمنية")),
    ),
    bullets=("ضع وسمًا على التذكرة قبل الرد.", "لا تطلب أرقام البطاقات في التذكرة أبدًا.",
             "اكتب رقم الطلب في الملاحظة الداخلية.", "تحقق من التتبع أولًا.",
             "استخدم الرد الجاهز وعدّل التحية.", "حدد موعدًا للمتابعة."),
    example="مثال: الطلب {order} ({product}) إلى {region} بقيمة {amount} يورو،"
            " وتم الرد بعد {days} أيام.",
    detail="سجّل {detail} و{other} عندما يسأل {person} من {city} عن {product}.",
    details=_terms("""الفاتورة الإيصال الضمان القسيمة الخصم الباركود المنصة الجمارك الرسوم
        الضريبة العربون القسط الاشتراك السلة الدفع الرمز_البريدي الخزانة نقطة_الاستلام التوقيع
        بوليصة_الشحن الطلب_المسبق إعادة_التخزين التصفية التغليف_الهدية النقش التركيب الدليل
        البراغي المفصلات البقعة البهتان الانكماش العفن الخدش الانبعاج الشرخ التسرب الرائحة
        الحساسية الاستدعاء الدفعة الرقم_التسلسلي العيب الفحص التدقيق العينة القماش الخيط
        السحاب الزر المقبض الغطاء المصباح المقبس الشاحن الكابل البطارية المؤقت الحساس
        الخط_الساخن معاودة_الاتصال البريد_الصوتي الاستبيان التقييم المراجعة الشكوى الاعتذار
        نقاط_الولاء العضوية الإحالة النشرة الموافقة كلمة_المرور تسجيل_الدخول الجلسة الانقطاع
        الصيانة التأخير الطابور جدول_المناوبات العمل_الإضافي الرواتب البدل المصروفات رمضان
        العيد الجمعة_البيضاء"""),
    stop_words=_words("في من على إلى عن مع هل ما ماذا متى كم أن لدى لـ"),
)

INDONESIAN = Language(
    code="id",
    openers=("", "", "", "Selalu", "Sebelum membalas,", "Jika ragu,", "Pada akhir pekan,",
             "Untuk pesanan marketplace,", "Selama musim ramai,", "Jika pelanggan bersikeras,",
             "Setelah balasan pertama,", "Sebagai aturan,", "Dalam banyak kasus,"),
    subjects=("agen", "Anda", "pelanggan", "ketua tim", "tim gudang", "petugas triase",
              "agen senior", "pembeli", "kurir", "karyawan baru", "pemilik halaman",
              "kepala dukungan", "jasa pengiriman"),
    verbs=("harus memeriksa", "mengonfirmasi", "mengembalikan dana", "menyetujui",
           "mengeskalasi", "mencatat", "menjawab", "memverifikasi", "menugaskan",
           "membuka kembali", "menutup", "meneruskan", "mendokumentasikan", "melacak",
           "meninjau", "mengganti", "membatalkan", "menyerahkan", "mengirim", "menjelaskan",
           "memperbarui", "menyelesaikan", "menindaklanjuti", "menawarkan", "menolak",
           "dikembalikan", "diproses"),
    objects=("tiket", "pesanan", "permintaan pengembalian dana", "label retur", "tautan pelacakan",
             "kotak masuk bersama", "balasan siap pakai", "paket rusak", "klaim", "balasan pertama",
             "catatan serah terima", "alamat pengiriman", "faktur", "kredit toko",
             "voucher kompensasi", "formulir eskalasi", "foto pelanggan", "pengembalian sebagian",
             "barang pengganti", "riwayat pesanan", "metode pembayaran", "survei kepuasan",
             "tingkat prioritas", "jadwal piket", "verifikasi identitas", "permintaan data"),
    qualifiers=("dalam 24 jam", "sebelum akhir shift", "di helpdesk", "pada hari yang sama",
                "dalam 2 hari kerja", "dengan persetujuan ketua tim", "di Seller Central",
                "sebelum pengiriman", "setelah barang diterima", "di catatan tiket",
                "melalui formulir aman", "dalam 30 hari setelah pengiriman",
                "untuk pesanan di atas Rp 1.500.000", "lewat live chat", "di papan tugas",
                "sebelum pukul 15.00 UTC", "untuk dukungan pelanggan jarak jauh", ""),
    title_patterns=("{topic} di {region}", "{topic}: pesanan {channel}", "{topic} untuk {channel}",
                    "Menangani {topic} ({region})", "Daftar periksa {topic} untuk {channel}",
                    "{topic} untuk agen baru", "Eskalasi {topic} di {region}"),
    heading_patterns=("Siapa yang membayar {noun}", "Kapan mengeskalasi {noun}",
                      "{noun} di {channel}", "Langkah: menangani {noun}",
                      "Kesalahan umum soal {noun}", "Tenggat {noun}", "Contoh: {noun} di {region}",
                      "Batas persetujuan {noun}", "Yang perlu disampaikan tentang {noun}",
                      "Memeriksa {noun}", "Pengecualian untuk {region}", "Sebelum mulai: {noun}",
                      "Halaman terkait {topic}", "Target waktu {noun}"),
    question_patterns=("berapa lama pelanggan punya waktu untuk {noun}",
                       "siapa yang menyetujui {noun}",
                       "apa yang harus dilakukan jika {noun} terlambat",
                       "bisakah saya mengembalikan dana {noun}", "apa kebijakan {topic}",
                       "kapan saya mengeskalasi {noun}"),
    regions=("Mesir", "Yordania", "Indonesia", "Portugal", "Filipina", "Teluk", "Arab Saudi",
             "Uni Eropa", "Malaysia", "Jakarta", "Surabaya"),
    channels=("Amazon", "eBay", "Noon", "Tokopedia", "Shopee", "toko web", "live chat", "email",
              "telepon", "WhatsApp"),
    topics=(
        Topic("refunds", "Pengembalian dana", ("pengembalian dana", "pengembalian sebagian",
                                               "kredit toko", "transfer bank",
                                               "persetujuan refund")),
        Topic("returns", "Retur barang", ("batas waktu retur", "label retur", "barang retur",
                                          "ongkos kirim retur", "permintaan retur")),
        Topic("shipping", "Pengiriman", ("kurir", "jasa pengiriman", "estimasi tiba",
                                         "pengiriman ekspres", "batas waktu kirim", "paket")),
        Topic("lost-parcels", "Paket hilang", ("paket hilang", "pelacakan berhenti",
                                               "klaim kurir", "bukti pengiriman")),
        Topic("damaged-items", "Barang rusak", ("barang rusak", "kaca pecah", "foto barang",
                                                "barang pengganti", "kemasan")),
        Topic("marketplaces", "Pesan marketplace", ("Buy Box", "klaim A-to-z", "pesan pembeli",
                                                     "rating penjual", "daftar produk")),
        Topic("sla", "Target waktu respons", ("waktu respons", "balasan pertama", "jam kerja",
                                              "tiket P1", "antrean tiket")),
        Topic("escalation", "Eskalasi", ("eskalasi", "ancaman hukum", "masalah keselamatan",
                                         "pelanggan VIP", "waktu keputusan")),
        Topic("privacy", "Data pelanggan", ("data pribadi", "verifikasi identitas",
                                            "permintaan penghapusan", "kebocoran data")),
        Topic("remote-work", "Kerja jarak jauh", ("jam inti", "tukar shift", "izin sakit",
                                                  "internet mati", "istirahat")),
        Topic("tools", "Alat kerja", ("helpdesk", "pengelola kata sandi", "VPN", "papan tugas",
                                      "obrolan tim", "verifikasi dua langkah")),
        Topic("kpis", "Indikator kinerja utama", ("kepuasan pelanggan",
                                                   "tingkat resolusi kontak pertama",
                                                   "volume tiket", "tingkat resolusi",
                                                   "rapat empat mata")),
        Topic("handover", "Serah terima shift", ("catatan serah terima", "akhir shift",
                                                 "tiket terbuka", "zona waktu")),
    ),
    bullets=("Beri tag pada tiket sebelum membalas.", "Jangan pernah meminta nomor kartu di tiket.",
             "Tulis nomor pesanan di catatan internal.", "Periksa pelacakan dulu.",
             "Gunakan balasan siap pakai dan sesuaikan salamnya.",
             "Tetapkan tanggal tindak lanjut."),
    example="Contoh: pesanan {order} ({product}) ke {region}, EUR {amount},"
            " dijawab setelah {days} hari.",
    detail="Catat {detail} dan {other} saat {person} dari {city} bertanya tentang {product}.",
    details=_terms("""faktur kuitansi garansi jaminan voucher kupon barcode SKU palet paket bea
        cukai tarif biaya_tambahan deposit cicilan langganan keranjang checkout kode_pos loker
        titik_ambil tanda_tangan resi manifes pre-order restok obral diskon bundel bungkus_kado
        ukiran perakitan petunjuk buku_manual sekrup engsel pelapis noda pudar menyusut jamur
        goresan penyok retak bocor bau alergi penarikan_produk batch nomor_seri cacat inspeksi
        audit contoh bahan benang jahitan ritsleting kancing pegangan tutup lampu stopkontak
        pengisi_daya kabel baterai pengatur_waktu sensor hotline panggilan_balik pesan_suara
        survei penilaian ulasan keluhan pujian permintaan_maaf poin_loyalitas keanggotaan
        referensi buletin persetujuan kata_sandi login sesi gangguan pemeliharaan antrean
        lembur penggajian tunjangan penggantian_biaya Ramadan Lebaran Harbolnas gajian"""),
    stop_words=_words("di ke dari yang dan untuk dengan apa siapa kapan bisakah saya "
                      "berapa jika harus punya adalah"),
)

LANGUAGES: dict[str, Language] = {lang.code: lang for lang in (ENGLISH, ARABIC, INDONESIAN)}

OWNERS = (
    "amira.haddad@lumen.example",
    "dewi.santoso@lumen.example",
    "joao.pereira@lumen.example",
    "marta.kowalska@lumen.example",
    "ravi.menon@lumen.example",
)

# Page kinds: docs folder, page type, weight in the corpus.
FOLDERS = (
    ("policies", "policy", 2),
    ("howtos", "howto", 3),
    ("faq", "faq", 2),
    ("case-studies", "case-study", 1),
    ("templates", "template", 2),
)

# Catalogue names stay in English in every language, as product names do in real replies.
MATERIALS = _terms("""oak walnut teak bamboo rattan linen cotton wool velvet jute ceramic
    stoneware porcelain glass brass copper marble terrazzo cast-iron enamel""")
ITEMS = _terms("""side-table coffee-table bookshelf wardrobe dresser nightstand bench stool
    armchair sofa ottoman desk chair headboard mirror rug runner curtain blind duvet pillow
    throw cushion towel bathrobe vase bowl platter carafe tumbler mug teapot kettle pan skillet
    lamp lantern pendant sconce candle planter basket hamper clock""")
COLOURS = _terms("""sage ivory charcoal terracotta ochre navy blush sand olive slate""")
PRODUCTS = tuple(sorted(f"{c} {m} {i}" for c in COLOURS for m in MATERIALS for i in ITEMS))
CITIES = _terms("""Cairo Alexandria Giza Amman Irbid Zarqa Jakarta Surabaya Bandung Medan
    Semarang Makassar Denpasar Lisbon Porto Braga Manila Cebu Davao Dubai Sharjah Riyadh Jeddah
    Doha Kuwait Muscat Casablanca Rabat Berlin Hamburg Munich Madrid Valencia London Leeds""")
PEOPLE = _terms("""Ahmed Fatima Omar Layla Youssef Nour Hana Karim Salma Tarek Budi Siti Agus
    Dewi Putri Rizky Wulan Joko Ana Miguel Sofia Tiago Ines Rui Maria Jose Andrea Paolo Grace
    Mark Liza Ramon Aisha Bilal Rania Samir""")
