"""Reading rosters: a pipeline of stages, each in its own folder — load (container checks, the parsing sandbox,
raw sheets), sheets (kind, header rows, column mapping), rows (one draft per data row, then assembly across
files) and values (one cell into a normalised value)."""
