"""The `insole-catalog` command line.

`main` parses the arguments; one module per subcommand does the work through core functions.
"""
