"""Reading catalog files (CSV, XLSX, JSON, Parquet) into a checked `Catalog`.

Also writing catalogs back, and generating synthetic ones.
"""
