"""Loading a catalog in the background, its progress and its validation report."""
