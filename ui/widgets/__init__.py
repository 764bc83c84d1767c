"""Widgets shared by pages and dialogs: the contact pane, form fields, delegates, charts."""
