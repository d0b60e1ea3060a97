"""Cross-year rules: this year's report against last year's (``--previous``)."""
