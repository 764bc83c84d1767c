"""The contact book: people, companies, how we met, stages, promises, follow-ups, meetings, search and duplicates."""
