"""Writing: the schedule workbook and JSON, calendars, notification lists, the template and marked copies."""
