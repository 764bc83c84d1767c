"""Qt item models over core's lists: contacts and phrases."""
