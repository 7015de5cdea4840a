"""`python -m extractor` is the `policyx` command."""

from .cli import main

main()
