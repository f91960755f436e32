"""A small knowledge base of another business, written for the held-out message set: the help
desk of Plotwise, a project-planning SaaS. It has its own policies, FAQ, canned replies (a few
translated), `based_on` links and invoice numbers declared as `INV-####-#####`, so suggest()
can be measured on pages it was not tuned to (tests/search/suggestions/heldout.yml)."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.helpers import write_page

OWNER = "support-lead@plotwise.example"


_HEADINGS = {  # the template headings, per language: "When to use", "Reply"
    "en": ("When to use", "Reply"),
    "id": ("Kapan digunakan", "Balasan"),
    "ar": ("متى تستخدمه", "الرد"),
}


def _template(
    title: str,
    lang: str,
    summary: str,
    based_on: list[str],
    reply: str,
    *,
    when: str | None = None,
    translation_of: str | None = None,
) -> tuple[dict[str, object], str]:
    """A canned-reply page: front matter, then the reply in a ```text block."""
    front: dict[str, object] = {
        "title": title,
        "type": "template",
        "owner": OWNER,
        "lang": lang,
        "summary": summary,
        "based_on": based_on,
    }
    if translation_of:
        front["translation_of"] = translation_of
    when_heading, reply_heading = _HEADINGS[lang]
    usage = f"## {when_heading}\n\n{when}\n\n" if when else ""
    text = textwrap.dedent(reply).strip()
    return front, f"# {title}\n\n{usage}## {reply_heading}\n\n```text\n{text}\n```\n"


PAGES: dict[str, tuple[dict[str, object], str]] = {
    "policies/billing.md": (
        {
            "title": "Billing",
            "type": "policy",
            "owner": OWNER,
            "tags": ["billing", "plans", "invoices"],
            "summary": "Plans, seats, plan changes, refunds, failed card payments and invoices.",
            "order_numbers": [
                {"name": "Invoice", "shape": "INV-####-#####", "placeholder": "invoice_number"}
            ],
        },
        """
        # Billing

        Plotwise is billed per seat, monthly or yearly, by card or by bank transfer on the
        Business plan.

        ## Plans and seats

        Starter is free for up to 3 members. Team costs USD 8 per seat per month, Business
        USD 14. A seat is any member who can edit; guests who only view are free.

        ## Upgrades and downgrades

        An upgrade or added seats apply at once and the difference is prorated to the day.
        Removing seats or moving to a smaller plan takes effect at the next renewal; nothing
        is refunded for the current period. Owners change this under Settings → Billing.

        ## Refunds

        Yearly plans can be refunded in full within 14 days of the charge, including an
        automatic renewal nobody meant to keep. Monthly plans are not refunded, but the
        subscription can be cancelled so it does not renew. Refunds go back to the card that
        paid and show after 5–10 business days.

        ## Failed payments

        When a card is declined we retry on days 1, 3 and 7 and email the workspace owners.
        After 7 days without payment the workspace becomes read-only: nothing is deleted, and
        it unlocks as soon as a payment goes through.

        ## Invoices and VAT

        Every charge has an invoice numbered INV-year-number, e.g. INV-2026-00412, under
        Settings → Billing → Invoices. A company VAT ID added there appears on all later
        invoices; support can reissue an earlier invoice with it.
        """,
    ),
    "policies/account-security.md": (
        {
            "title": "Account security",
            "type": "policy",
            "owner": OWNER,
            "tags": ["security", "login", "privacy"],
            "summary": "Password resets, two-factor sign-in, and closing an account with its data.",
        },
        """
        # Account security

        We never change a sign-in for someone we have not verified.

        ## Password resets

        The reset link is sent to the account's email address and works for 30 minutes. If it
        does not arrive, the address may be misspelt, filtered as spam, or blocked by the
        company's mail server: ask the customer's IT to allow mail from plotwise.example.

        ## Two-factor authentication lockout

        A member who lost the phone with the authenticator app signs in with one of the
        recovery codes. Without them, a workspace owner can reset the member's two-factor
        sign-in; for an owner, support verifies identity with a video call before resetting.

        ## Account deletion and data export

        An owner can export every project as CSV and attachments as a ZIP before closing the
        workspace. A closed workspace is deleted for good after 30 days; until then support
        can restore it.
        """,
    ),
    "policies/service-status.md": (
        {
            "title": "Service status",
            "type": "policy",
            "owner": OWNER,
            "tags": ["incidents", "bugs"],
            "summary": "What we do during outages, what we owe under the SLA, and how bugs are reported.",
        },
        """
        # Service status

        ## Outages and incidents

        When boards do not load or saving fails for many customers, the on-call engineer opens
        an incident on the status page within 15 minutes. Business customers get a service
        credit when monthly uptime falls below 99.9%.

        ## Bug reports

        A bug is something that behaves wrongly for one customer while the service is up. Ask
        for the steps to reproduce it, the browser and its version, and a screenshot, then
        file it for the product team with the workspace name.
        """,
    ),
    "faq/billing.md": (
        {
            "title": "FAQ: Billing",
            "type": "faq",
            "owner": OWNER,
            "summary": "Quick answers on charges, renewals and invoices.",
        },
        """
        # FAQ: Billing

        ## Why was a customer charged twice?

        Usually one charge is a card check that the bank releases within 3 days. If both
        charges settled, refund the duplicate at once; it needs no approval.

        ## Can a renewal be refunded?

        A yearly renewal, yes, within 14 days. A monthly one, no, but cancel it so the next
        month is not charged.
        """,
    ),
    "templates/password-reset-help.md": _template(
        "Password reset help",
        "en",
        "Canned reply when the password reset email does not arrive.",
        ["policies/account-security.md#password-resets"],
        """
        Hi {customer_name},

        Sorry you're stuck outside your workspace. I've sent a fresh reset link to {email_address}; it works for 30 minutes.

        If it doesn't arrive within a few minutes, please check your spam folder, and ask your IT team to allow mail from plotwise.example.

        Best,
        {agent_name}
        """,
        when="A member asks for help because the reset email did not come or the link expired.",
    ),
    "templates/password-reset-help.id.md": _template(
        "Bantuan reset kata sandi",
        "id",
        "Balasan templat jika email reset kata sandi tidak masuk.",
        ["policies/account-security.md#password-resets"],
        """
        Halo {customer_name},

        Maaf Anda tidak bisa masuk ke workspace. Saya sudah mengirim tautan reset baru ke {email_address}; tautan itu berlaku 30 menit.

        Jika emailnya belum masuk dalam beberapa menit, silakan cek folder spam, dan minta tim IT Anda mengizinkan email dari plotwise.example.

        Salam,
        {agent_name}
        """,
        when="Anggota meminta bantuan karena email reset tidak masuk atau tautannya kedaluwarsa.",
        translation_of="templates/password-reset-help.md",
    ),
    "templates/two-factor-lockout.md": _template(
        "Two-factor lockout",
        "en",
        "Canned reply for a member who lost the phone with their authenticator app.",
        ["policies/account-security.md#two-factor-authentication-lockout"],
        """
        Hi {customer_name},

        You can still get in with one of the recovery codes you saved when you turned on two-factor sign-in. If you don't have them, your workspace owner can reset your two-factor sign-in under Members.

        Best,
        {agent_name}
        """,
    ),
    "templates/refund-annual-plan.md": _template(
        "Refund of a yearly plan",
        "en",
        "Canned reply confirming the refund of a yearly plan charged in the last 14 days.",
        ["policies/billing.md#refunds"],
        """
        Hi {customer_name},

        I've refunded {refund_amount} for invoice {invoice_number} to the card that paid it. It should show on your statement within 5–10 business days.

        Your workspace stays on the free Starter plan, with all your projects.

        Best,
        {agent_name}
        """,
    ),
    "templates/refund-annual-plan.ar.md": _template(
        "استرداد مبلغ الاشتراك السنوي",
        "ar",
        "رد جاهز يؤكد استرداد مبلغ اشتراك سنوي خلال 14 يومًا من الدفع.",
        ["policies/billing.md#refunds"],
        """
        مرحبًا {customer_name}،

        أعدت مبلغ {refund_amount} الخاص بالفاتورة {invoice_number} إلى البطاقة التي دُفع بها، وسيظهر في كشف حسابكم خلال 5 إلى 10 أيام عمل.

        تبقى مساحة العمل على الخطة المجانية مع جميع مشاريعكم.

        مع التحية،
        {agent_name}
        """,
        translation_of="templates/refund-annual-plan.md",
    ),
    "templates/failed-payment.md": _template(
        "Failed card payment",
        "en",
        "Canned reply when a workspace's card payment was declined.",
        ["policies/billing.md#failed-payments"],
        """
        Hi {customer_name},

        Your card was declined for invoice {invoice_number}. Nothing is lost: we'll retry over the next 7 days, and you can update the card under Settings → Billing at any time.

        If no payment goes through by {grace_end_date}, the workspace becomes read-only until it does.

        Best,
        {agent_name}
        """,
    ),
    "templates/downgrade-confirmation.md": _template(
        "Downgrade confirmation",
        "en",
        "Canned reply confirming fewer seats or a smaller plan from the next renewal.",
        ["policies/billing.md#upgrades-and-downgrades"],
        """
        Hi {customer_name},

        Done: from your next renewal on {renewal_date}, {workspace_name} will have {seat_count} seats. Until then nothing changes, and the current period isn't refunded.

        Best,
        {agent_name}
        """,
    ),
    "templates/invoice-copy.md": _template(
        "Invoice copy with VAT ID",
        "en",
        "Canned reply sending a reissued invoice with the company's VAT ID.",
        ["policies/billing.md#invoices-and-vat"],
        """
        Hi {customer_name},

        Here is invoice {invoice_number} again, now with your VAT ID {vat_id}. Later invoices will show it too.

        Best,
        {agent_name}
        """,
    ),
    "templates/outage-acknowledgement.md": _template(
        "Outage acknowledgement",
        "en",
        "Canned reply while an incident is open on the status page.",
        ["policies/service-status.md#outages-and-incidents"],
        """
        Hi {customer_name},

        You're right, and I'm sorry: boards are loading slowly or not at all for many teams right now. Our engineers are on it, and you can follow every update on {status_page_link}.

        Best,
        {agent_name}
        """,
    ),
    "templates/outage-acknowledgement.ar.md": _template(
        "إشعار بالعطل",
        "ar",
        "رد جاهز أثناء وجود عطل معلن في صفحة حالة الخدمة.",
        ["policies/service-status.md#outages-and-incidents"],
        """
        مرحبًا {customer_name}،

        معكم حق ونعتذر: اللوحات لا تفتح أو تفتح ببطء لدى كثير من الفرق الآن. مهندسونا يعملون على إصلاح العطل، ويمكنكم متابعة كل جديد على {status_page_link}.

        مع التحية،
        {agent_name}
        """,
        translation_of="templates/outage-acknowledgement.md",
    ),
    "templates/bug-report-thanks.md": _template(
        "Bug report thanks",
        "en",
        "Canned reply asking for the details the product team needs to fix a bug.",
        ["policies/service-status.md#bug-reports"],
        """
        Hi {customer_name},

        Thanks for spotting this. So our product team can reproduce it, could you send the steps you took, your browser and its version, and a screenshot?

        Best,
        {agent_name}
        """,
    ),
    "templates/data-export-and-deletion.md": _template(
        "Data export and deletion",
        "en",
        "Canned reply for an owner who wants their data and then the workspace closed.",
        ["policies/account-security.md#account-deletion-and-data-export"],
        """
        Hi {customer_name},

        Before closing {workspace_name}, you can export every project as CSV and all attachments as a ZIP under Settings → Export. Once you close it, we keep it for 30 days in case you change your mind, then delete it for good.

        Best,
        {agent_name}
        """,
    ),
}


def write_heldout_kb(docs: Path) -> Path:
    """Write the Plotwise pages into `docs` (created) and return it."""
    docs.mkdir(parents=True, exist_ok=True)
    for relative, (front, body) in PAGES.items():
        write_page(docs, relative, body, **front)
    return docs
