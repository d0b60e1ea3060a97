"""Supervision: a supervising office collects, reads and checks the annual reports of the agencies of its
region (batch intake on a task queue, the assignment queue, collected reports by agency and year).

See ``docs/supervision.md``."""
