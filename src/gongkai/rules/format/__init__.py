"""Template and structure rules (need what the reader saw in the document)."""
