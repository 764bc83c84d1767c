"""Contacts in and out: vCard, CSV, iCalendar and QR, and the import pipeline that previews before it writes."""
