"""The partner portal: an institution's courses in figures, its staff, and co-hosting requests."""
