"""Finding products for a profile: filters, text search, sorting, the fit rules and the fit score."""
