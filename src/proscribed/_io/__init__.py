"""Reading and writing package files: the guard against hostile input, CSV, and the canonical form (fmt)."""
