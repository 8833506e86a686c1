"""What every command shares: the one way to fail with a message, and to say something on stderr."""

from __future__ import annotations

from typing import NoReturn

import typer


def fail(message: str, code: int = 2) -> NoReturn:
    """``wireclaims: error: MESSAGE`` on stderr, then exit with ``code`` (2: bad usage or input)."""
    typer.echo(f"wireclaims: error: {message}", err=True)
    raise typer.Exit(code)


def say(message: str) -> None:
    typer.echo(f"wireclaims: {message}", err=True)
