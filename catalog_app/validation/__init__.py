"""Checking a raw catalog table into typed columns, with a report of every problem by row and column."""
