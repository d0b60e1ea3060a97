"""整改 (corrections): the problems a supervising office finds in the reports it collected, the notices and
通报 that order them corrected, the corrected reports the agencies send back, and each problem's life cycle
(:mod:`.transitions`)."""
