"""Use cases. Each takes an explicit database session and commits its own unit of work."""
