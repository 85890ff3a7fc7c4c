"""Small data packages built in tests, for exact assertions on queries, exports and diffs."""
