"""Service functions of the watch (every state change goes through them):

- :mod:`.fetching`: the polite client configured from settings, its requests written to :class:`FetchLog`;
- :mod:`.crawl`: a batch fetching each agency's report of a year from its 年报 column, and the hooks the
  batch processing calls (fetch an item's URL, check the report's own name against the register's agency,
  record what was filed: watched pages, late and page-vs-attachment findings);
- :mod:`.watching`: re-fetch every watched page (scheduled): changed → a new version and a finding, gone → a
  finding with the date last seen, a column that changed → look for the year's report again.
"""
