"""Reading rosters (xlsx, xls, ods, csv) into the domain, and writing workbooks and JSON back out."""
