"""Watching agency websites (issue 16, spec ``supervision.md`` §5): find each agency's report in its 年报
column, fetch it through the batch intake, and watch it after publication (changed, gone, late)."""
