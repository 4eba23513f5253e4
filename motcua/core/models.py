"""core keeps no models. This module is here because Django sends `post_migrate` only to apps with
a models module, and core installs the reference-generation triggers on it (core/reference.py)."""
