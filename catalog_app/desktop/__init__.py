"""Fitting the app into a desktop: its icon, and a freedesktop menu entry in the user's XDG folders."""
