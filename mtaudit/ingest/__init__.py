"""Ingest: read and decode inputs, segment them, identify their language."""
