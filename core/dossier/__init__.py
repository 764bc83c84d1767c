"""Partner dossiers as PDF: the data gathered for a meeting, fonts per script, text direction and the layout."""
