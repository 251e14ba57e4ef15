"""The static site: page generation, explorer, map and assets."""
