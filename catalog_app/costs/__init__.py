"""What products cost over time and how they compare side by side."""
