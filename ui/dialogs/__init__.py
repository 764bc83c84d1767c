"""Dialogs: contact forms, import and export, duplicates and merge, QR, dossiers, preferences, file choosers."""
