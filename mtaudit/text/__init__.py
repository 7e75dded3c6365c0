"""Shared French resources: lexicons, knowledge base, the spaCy worker."""
