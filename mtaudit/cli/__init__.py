"""The command line: ``mtaudit check|fix|eval|align|batch|serve|rules``."""
