"""`python -m backrub` runs the command line."""

from backrub.cli import main

main()
