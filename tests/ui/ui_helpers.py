"""Small helpers the GUI tests share."""

from core.book.contacts import add_contact


def add_person(db, name, **fields):
    """Add a contact with only the fields a test cares about; return its id."""
    return add_contact(db, display_name=name, **fields)


def operations_on(db):
    """The operation runner of an immediate task runner on *db* (one per database), for dialogs under test."""
    from ui.operations import operations_for
    from ui.tasks import ImmediateTaskRunner

    runner = db.__dict__.get("_test_task_runner")
    if runner is None:
        runner = db.__dict__["_test_task_runner"] = ImmediateTaskRunner(db)
    return operations_for(runner)
