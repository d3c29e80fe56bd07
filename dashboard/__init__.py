"""Who stands where on post-war security guarantees for Ukraine: claims pipeline and dashboard."""

__version__ = "0.1.0"
