"""watch and serve: rebuild when inputs change, keep the last good site, and live-reload the browser."""
