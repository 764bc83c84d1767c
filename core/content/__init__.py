"""Shipped content: phrasebooks (search, checks, favourites) and etiquette cards."""
