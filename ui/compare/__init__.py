"""The comparison window, its table model and charts."""
