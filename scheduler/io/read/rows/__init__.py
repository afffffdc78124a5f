"""Rows: one draft record per data row, then every sheet's drafts assembled into one problem."""
