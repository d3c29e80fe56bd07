"""Who stands where on post-war security guarantees for Ukraine: claims pipeline and dashboard."""

from .compiled import use_current_compiled

__version__ = "0.1.0"

use_current_compiled()  # before any engine module is imported
