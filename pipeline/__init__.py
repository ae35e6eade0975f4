"""warta: mine Indonesian regional news into a SQLite knowledge base."""

__version__ = "0.1.0"
EXTRACTOR_VERSION = f"warta-{__version__}"
