"""The contact book: people, companies, how we met, stages, promises, follow-ups, meetings, search and duplicates."""

# Registers the book's derived-data hooks with the store, so an undo or a sync
# that writes contacts rebuilds their sort keys and indexes wherever the book is used.
from core.book import derived as _derived  # noqa: F401,E402
