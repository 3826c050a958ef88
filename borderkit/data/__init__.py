"""Bundled data files; see manifest.json for the source and licence of each."""
