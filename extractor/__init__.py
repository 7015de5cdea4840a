"""policyx: read Chinese government support policies into clause trees and typed records."""

from .models import PIPELINE_VERSION as __version__

__all__ = ["__version__"]
