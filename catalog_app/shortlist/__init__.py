"""Named shortlists: the store that keeps them and their exports."""
