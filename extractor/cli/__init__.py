"""The ``wireclaims`` command line; ``extractor.cli.app`` holds the Typer app."""
