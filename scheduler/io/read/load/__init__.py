"""Load: check a file's container, read it in a capped child process, hand over raw sheets of typed cells."""
