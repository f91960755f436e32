"""Messages kept in the database come back in the reader's language; anything else as kept."""

from __future__ import annotations

from flask import Flask

from content.messages import Message
from portal.i18n.stored import shown, to_store


def test_a_kept_message_is_translated_when_shown_and_other_text_is_shown_as_kept(
    app: Flask,
) -> None:
    kept = to_store(Message("the docs repository is in the middle of %(what)s; finish or abort "
                            "it (in %(folder)s) and approve again",
                            what=Message("a merge"), folder="/srv/docs"))
    assert to_store("plain words") == "plain words"
    with app.test_request_context(headers={"Accept-Language": "ar"}):
        assert shown(kept) == ("مستودع المستندات في منتصف عملية دمج؛ أكملها أو ألغها "
                               "(في /srv/docs) ثم وافق مرة أخرى")
        for as_kept in ("plain words", '{"message": broken', '{"message": "x %(y)s", "params": {"z": 1}}',
                        '{"message": 1, "params": []}'):
            assert shown(as_kept) == as_kept
    with app.test_request_context():
        assert shown(kept).startswith("the docs repository is in the middle of a merge")
