"""The main window's pages: Today, Contacts, Phrasebooks, Etiquette, Dossiers, Sync."""
