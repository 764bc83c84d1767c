"""The command line: `fairmate <command>`, one module per concern."""
