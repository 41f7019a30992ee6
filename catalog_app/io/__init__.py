"""Reading catalog files (CSV, XLSX, JSON, Parquet) into a checked `Catalog`, writing catalogs back, and generating synthetic ones."""
