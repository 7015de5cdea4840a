"""policyx: read Chinese government support policies into clause trees and typed records."""

from .version import PIPELINE_VERSION as __version__  # importing the package loads nothing else

__all__ = ["__version__"]
