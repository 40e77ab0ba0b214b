"""Read-side queries shared by pages and API: they own eager loading and aggregates."""
