"""Pages of the measurement cycle, by group (urls.py names each page's module). Thin: reads
come from selectors, writes go to services."""
