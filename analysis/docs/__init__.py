"""The documents' generated parts: figures computed from the data and command output run for real.

Above the command line, since it runs the commands as a user would."""
