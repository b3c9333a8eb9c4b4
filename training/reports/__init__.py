"""Reports: people enrolled, completed and certified by CAI objective, country, sector and month."""
