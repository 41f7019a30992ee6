"""The finder's panes: profile, filters, results and details."""
