"""Narrative vs table rules (spec §5.5): numbers written in the text against the tables."""
