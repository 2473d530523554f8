"""Data files shipped with MiA Desk: catalogs, translations, icons, styles."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def path(*parts: str) -> Path:
    """Return the path of a resource file below this package."""
    return ROOT.joinpath(*parts)
