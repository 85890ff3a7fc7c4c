"""The release this source tree describes: one place for the version of code and data."""

VERSION = "0.1.0"
"""Version of the package and of the data it ships (the descriptor's ``version``)."""

CREATED = "2026-12-02T00:00:00Z"
"""When this data release was cut (RFC 3339), written to the descriptor's ``created``."""
