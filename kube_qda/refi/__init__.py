"""REFI-QDA interchange: codebooks (.qdc) and projects (.qdpx)."""
