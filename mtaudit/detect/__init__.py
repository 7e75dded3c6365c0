"""Detect: the MT detector and its features."""
