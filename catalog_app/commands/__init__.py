"""One module per `insole-catalog` subcommand; each is a thin shell over core functions."""
