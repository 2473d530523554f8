"""The supervised ceiling of the typo-noise duplicate benchmark (issue 17): research scripts, not
product code. They need scikit-learn and LightGBM, which the project does not depend on:
``python -m pip install --target /tmp/ceilpkgs scikit-learn lightgbm`` and
``PYTHONPATH=.:/tmp/ceilpkgs``; see ceiling.py."""
