"""Core: the document model, configuration, errors, results and file I/O."""
