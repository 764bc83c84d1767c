"""Demo data: a believable book to try the app with."""
