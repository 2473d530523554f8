"""Developer scripts of the repository; a package so that tests and scripts share
``tools.imports`` (pytest puts the repository root on the path)."""
