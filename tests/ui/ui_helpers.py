"""Small helpers the GUI tests share."""

from core.book.contacts import add_contact


def add_person(db, name, **fields):
    """Add a contact with only the fields a test cares about; return its id."""
    return add_contact(db, display_name=name, **fields)
