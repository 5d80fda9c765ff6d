"""The search page, `/search?q=`: guides and approved tips, best first."""
