"""``wireclaims review DB``: serve the review app on 127.0.0.1 (register with ``app.command()(review)``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from extractor.cli.claims import REVIEW_URL_ENV
from extractor.cli.common import fail

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def review(
    db: Annotated[Path, typer.Argument(
        metavar="DB", show_default=False,
        help="The SQLite output of `wireclaims extract` (reviews are stored in it, in a `reviews` table).")],
    host: Annotated[str, typer.Option(
        help="Address to listen on. Keep 127.0.0.1: the app has no login.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(
        min=0, max=65535, help="Port to listen on; 0 picks a free one.")] = 8000,
    allow_host: Annotated[list[str] | None, typer.Option(
        "--allow-host", metavar="NAME",
        help="Another host name browsers may use to reach the app (repeatable); requests naming any "
             "other host are refused.")] = None,
    review_url: Annotated[str | None, typer.Option(
        metavar="URL", envvar=REVIEW_URL_ENV, show_envvar=True,
        help="The page that publishes your reviews: the ClaimReview export's url (+ #claim id). "
             "Without it the app's own address is used.")] = None,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Do not log each request on stderr.")] = False,
) -> None:
    """Start the fact-checkers' review web app over DB and print its URL."""
    try:
        from extractor.review.app import create_app
    except ImportError as err:
        fail(f"the review app needs Flask ({err}): pip install flask")
    from extractor.review.security import allowed_hosts_for
    from extractor.review.store import NotAWireclaimsDb

    try:
        app = create_app(db, allowed_hosts=allowed_hosts_for(host, [*_wildcard_names(host), *(allow_host or [])]),
                         review_url=review_url)
    except (FileNotFoundError, NotAWireclaimsDb) as err:
        fail(str(err))
    server = _server(app, host, port, quiet)
    if host not in LOCAL_HOSTS:
        typer.echo(f"wireclaims: warning: listening on {host}: anyone who can reach it can change reviews",
                   err=True)
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"wireclaims: reviewing {db} at http://{shown}:{server.server_port}/ (Ctrl+C to stop)", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _wildcard_names(host: str) -> list[str]:
    """On 0.0.0.0 or ::, this machine's own names (and the loopback ones) are the hosts served."""
    if host not in ("0.0.0.0", "::", ""):
        return []
    import socket

    return [socket.gethostname(), socket.getfqdn(), "127.0.0.1", "localhost", "::1"]


def _server(app, host: str, port: int, quiet: bool):
    import logging

    from werkzeug.serving import make_server

    if quiet:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
    try:
        return make_server(host, port, app, threaded=True)
    except (OSError, SystemExit) as err:  # werkzeug exits when the port is taken
        fail(f"cannot listen on {host}:{port}: {err}")
