"""User-visible strings are wrapped for gettext and extractable with babel."""

from pathlib import Path

from babel.messages.extract import extract_from_dir

ROOT = Path(__file__).resolve().parent.parent


def extracted_messages() -> set[str]:
    messages = set()
    for folder in ("core", "ui"):
        for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")]):
            messages.update([message] if isinstance(message, str) else message)
    return messages


def test_babel_extracts_the_strings_users_see():
    messages = extracted_messages()
    for expected in ("Contacts", "Today", "a contact needs a name", "Trial order",
                     "{value!r} is not a valid phone number"):
        assert expected in messages
    assert len(messages) > 200


def test_no_formatted_string_is_passed_to_gettext():
    # _(f"...") would be looked up after formatting and never be translated.
    offenders = [f"{path.relative_to(ROOT)}:{number}"
                 for folder in ("core", "ui") for path in (ROOT / folder).rglob("*.py")
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if '_(f"' in line or "_(f'" in line]
    assert offenders == []
