"""Sheets: what kind of table a sheet holds, where its header is and which column is which field."""
