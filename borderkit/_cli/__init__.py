"""The parts of the ``borderkit`` command; :mod:`borderkit.cli` is its entry point."""
