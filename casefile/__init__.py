"""The one-roof client file: record kinds, validation, catalogs, name normalisation.

Pure Python: this package imports neither Qt nor any HTTP library (a test enforces it),
so that the desktop client and the sync server share one definition of the data.
"""
