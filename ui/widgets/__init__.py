"""Small widgets the panes share."""
