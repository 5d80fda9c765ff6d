"""`python -m backrub` runs the command line."""

from backrub.cli.main import main

main()
