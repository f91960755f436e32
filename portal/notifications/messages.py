"""What notifications and mails say, in each language the knowledge base is written in.

Each message is a title and a body with `{placeholders}`; the values filled in are what people
typed (titles, reasons), substituted as text and escaped wherever HTML shows them. A language
missing a message falls back to English (a test holds every language to the full set).
"""

from __future__ import annotations

from collections.abc import Mapping

from content.schema import DEFAULT_LANGUAGE, LANGUAGES
from portal.models import User

# message → language → (title, body)
MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "submission_approved": {
        "en": ("Your submission was approved: {title}",
               "{lead} approved it. It is now part of {page}."),
        "ar": ("تمت الموافقة على مساهمتك: {title}",
               "وافق عليها {lead}، وأصبحت الآن جزءًا من {page}."),
        "id": ("Kiriman Anda disetujui: {title}",
               "{lead} menyetujuinya. Sekarang sudah menjadi bagian dari {page}."),
    },
    "submission_edited": {
        "en": ("Your submission was edited and approved: {title}",
               "{lead} edited it, then approved it. It is now part of {page}."),
        "ar": ("تم تعديل مساهمتك ثم الموافقة عليها: {title}",
               "عدّلها {lead} ثم وافق عليها، وأصبحت الآن جزءًا من {page}."),
        "id": ("Kiriman Anda disunting lalu disetujui: {title}",
               "{lead} menyuntingnya, lalu menyetujuinya. Sekarang sudah menjadi bagian dari "
               "{page}."),
    },
    "submission_rejected": {
        "en": ("Your submission was not accepted: {title}",
               "{lead} gave this reason: {reason}"),
        "ar": ("لم تُقبل مساهمتك: {title}",
               "السبب الذي ذكره {lead}: {reason}"),
        "id": ("Kiriman Anda tidak diterima: {title}",
               "Alasan dari {lead}: {reason}"),
    },
    "page_submission": {
        "en": ("New submission on your page {page}",
               "{author} sent: {title}"),
        "ar": ("مساهمة جديدة على صفحتك {page}",
               "أرسل {author}: {title}"),
        "id": ("Kiriman baru di halaman Anda {page}",
               "{author} mengirim: {title}"),
    },
    "page_flag": {
        "en": ("Your page {page} was flagged: {reason}",
               "{author} wrote: {comment}"),
        "ar": ("تم الإبلاغ عن صفحتك {page}: {reason}",
               "كتب {author}: {comment}"),
        "id": ("Halaman Anda {page} ditandai: {reason}",
               "{author} menulis: {comment}"),
    },
    "pages_due": {
        "en": ("{count} of your pages are due for review",
               "These pages you own are due for review, or soon will be:"),
        "ar": ("حان موعد مراجعة {count} من صفحاتك",
               "هذه الصفحات التي تملكها حان موعد مراجعتها أو اقترب:"),
        "id": ("{count} halaman Anda perlu ditinjau",
               "Halaman milik Anda berikut sudah atau hampir jatuh tempo untuk ditinjau:"),
    },
    "onboarding_due": {
        "en": ("Your onboarding: {count} items waiting",
               "These items are due, overdue, or need a re-read:"),
        "ar": ("التهيئة: {count} بنود بانتظارك",
               "هذه البنود مستحقة أو متأخرة أو تحتاج إلى إعادة قراءة:"),
        "id": ("Orientasi Anda: {count} item menunggu",
               "Item berikut sudah jatuh tempo, terlambat, atau perlu dibaca ulang:"),
    },
    "team_onboarding": {
        "en": ("Your people's onboarding: {count} need attention",
               "These people have items overdue or pages to re-read:"),
        "ar": ("تهيئة فريقك: {count} بحاجة إلى متابعة",
               "لدى هؤلاء بنود متأخرة أو صفحات تحتاج إلى إعادة قراءة:"),
        "id": ("Orientasi tim Anda: {count} perlu perhatian",
               "Orang-orang berikut punya item terlambat atau halaman yang perlu dibaca ulang:"),
    },
    "onboarding_assigned": {
        "en": ("Your onboarding: {track}",
               "{lead} assigned you the track {track}, starting {start}. Your checklist shows "
               "what to read and do, day by day."),
        "ar": ("تأهيلك: {track}",
               "عيّن لك {lead} مسار {track} بدءًا من {start}. تعرض قائمتك ما عليك قراءته "
               "وفعله يومًا بيوم."),
        "id": ("Orientasi Anda: {track}",
               "{lead} menugaskan jalur {track} kepada Anda, mulai {start}. Daftar periksa Anda "
               "menunjukkan apa yang perlu dibaca dan dikerjakan, hari demi hari."),
    },
    "reminder": {
        "en": ("A reminder from {lead}", "{message}"),
        "ar": ("تذكير من {lead}", "{message}"),
        "id": ("Pengingat dari {lead}", "{message}"),
    },
    "password_reset": {
        "en": ("Reset your Deskbook password",
               "Someone (we hope you) asked to reset the password of {email}. The link below "
               "works once, for {minutes} minutes. If it was not you, ignore this mail: your "
               "password stays as it is."),
        "ar": ("إعادة تعيين كلمة مرور Deskbook",
               "طلب أحدهم (ونأمل أن تكون أنت) إعادة تعيين كلمة مرور {email}. الرابط أدناه يعمل "
               "مرة واحدة فقط، لمدة {minutes} دقيقة. إن لم تكن أنت، فتجاهل هذه الرسالة: تبقى "
               "كلمة مرورك كما هي."),
        "id": ("Atur ulang kata sandi Deskbook Anda",
               "Seseorang (semoga Anda) meminta pengaturan ulang kata sandi untuk {email}. "
               "Tautan di bawah hanya berlaku sekali, selama {minutes} menit. Jika bukan Anda, "
               "abaikan email ini: kata sandi Anda tidak berubah."),
    },
    "digest": {
        "en": ("Deskbook: updates since yesterday ({count})", "What happened since yesterday:"),
        "ar": ("Deskbook: تحديثات منذ الأمس ({count})", "ما الذي حدث منذ الأمس:"),
        "id": ("Deskbook: kabar sejak kemarin ({count})", "Yang terjadi sejak kemarin:"),
    },
}

# The words around every mail: language → key → text.
FRAME: dict[str, dict[str, str]] = {
    "en": {"greeting": "Hello,", "open": "Open in Deskbook",
           "why": "You get this mail because of your notification settings:",
           "settings": "change them",
           "due": "due {date}", "overdue": "overdue since {date}",
           "never_reviewed": "never reviewed", "reread": "changed: read it again",
           "team_row": "{overdue} overdue, {rereads} to read again"},
    "ar": {"greeting": "مرحبًا،", "open": "افتح في Deskbook",
           "why": "تصلك هذه الرسالة بحسب إعدادات الإشعارات لديك:",
           "settings": "غيّرها",
           "due": "مستحق في {date}", "overdue": "متأخر منذ {date}",
           "never_reviewed": "لم تُراجع قط", "reread": "تغيّرت: اقرأها مجددًا",
           "team_row": "{overdue} متأخرة، {rereads} لإعادة القراءة"},
    "id": {"greeting": "Halo,", "open": "Buka di Deskbook",
           "why": "Anda menerima email ini sesuai pengaturan notifikasi Anda:",
           "settings": "ubah pengaturan",
           "due": "jatuh tempo {date}", "overdue": "terlambat sejak {date}",
           "never_reviewed": "belum pernah ditinjau", "reread": "berubah: baca ulang",
           "team_row": "{overdue} terlambat, {rereads} perlu dibaca ulang"},
}


def language_of(user: User) -> str:
    """The person's language when they chose one the knowledge base has, else English."""
    chosen = getattr(user, "language", None)
    return chosen if isinstance(chosen, str) and chosen in LANGUAGES else DEFAULT_LANGUAGE


def message(key: str, language: str, values: Mapping[str, object]) -> tuple[str, str]:
    """The title and body of message `key` in `language`, with `values` filled in."""
    texts = MESSAGES[key]
    title, body = texts.get(language, texts[DEFAULT_LANGUAGE])
    filled = {name: str(value) for name, value in values.items()}
    return title.format_map(filled), body.format_map(filled)


def frame(language: str) -> dict[str, str]:
    return FRAME.get(language, FRAME[DEFAULT_LANGUAGE])


def word(language: str, key: str, **values: object) -> str:
    """One of the frame's short texts (an item's note), with `values` filled in."""
    return frame(language)[key].format_map({name: str(v) for name, v in values.items()})
