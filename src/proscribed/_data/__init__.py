"""Data services over a loaded package.

The dataset and its queries, status on a date, whole lists, evidence, exports, diffs and releases.
"""
