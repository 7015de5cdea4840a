"""Extractors: values read from a clause's text, each with the span it came from."""
