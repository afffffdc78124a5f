"""Files in and out. `read/` turns roster files into the domain in stages (load → sheets → rows → values, each in
its own folder); `write/` turns a schedule into workbooks, JSON, calendars and notification lists."""
