"""Indonesian text handling shared by the linter and the matcher: profile, normaliser, stemmer."""
