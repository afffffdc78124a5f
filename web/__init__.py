"""The Flask web UI: a thin shell over `scheduler`."""
