"""Authorities cited by more than one rule family (each rule's ``authority``)."""

#: Typography, punctuation and capitalization: the French typographic references.
TYPOGRAPHY = "Imprimerie nationale, Lexique des règles typographiques; OQLF, BDL"
