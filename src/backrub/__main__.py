"""`python -m backrub` runs the command line."""

from backrub.entry import main

main()
