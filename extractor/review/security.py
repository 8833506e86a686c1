"""What keeps other web pages from driving the review app: host names, origins, a form token, headers.

The app has no login, so any page a fact-checker opens in the same browser could try to use it:

- **Host check** (against DNS rebinding: a hostile name that resolves to 127.0.0.1 makes the
  browser treat the app as that site): every request must name one of the hosts the app was started
  for (``allowed_hosts``), else 400.
- **Origin check on writes**: a POST whose ``Origin`` is another site or ``null`` (sandboxed frames,
  ``data:`` pages), or whose ``Sec-Fetch-Site`` is ``cross-site``/``same-site``, gets 403.
- **Form token** (CSRF): every form carries a token derived from a key drawn when the app starts
  and the browser's ``wc_csrf`` cookie (``SameSite=Strict``); a POST without a matching pair gets 403.
- **Headers**: a Content-Security-Policy that allows only the app's own script, style sheet and forms and
  no framing, ``X-Frame-Options: DENY``, ``X-Content-Type-Options: nosniff``, ``Referrer-Policy``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from flask import Flask, abort, g, request
from werkzeug.wrappers import Response

#: Host names the app answers to when started on a loopback address.
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
TOKEN_FIELD = "csrf_token"
COOKIE = "wc_csrf"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
HEADERS = {"Content-Security-Policy": CSP, "X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff",
           "Referrer-Policy": "same-origin", "Cross-Origin-Opener-Policy": "same-origin"}


def allowed_hosts_for(host: str, extra: Iterable[str] = ()) -> list[str]:
    """The host names to accept for an app listening on ``host`` (loopback names for a loopback one)."""
    names = [host.strip("[]"), *extra]
    if host in LOOPBACK_NAMES or host.startswith("127."):
        names += LOOPBACK_NAMES
    return list(dict.fromkeys(name.lower() for name in names if name))


def install(app: Flask, allowed_hosts: Iterable[str]) -> None:
    """Add the checks and headers above to ``app``."""
    app.config.update(ALLOWED_HOSTS=list(allowed_hosts), CSRF_KEY=secrets.token_bytes(32))
    app.before_request(_check_request)
    app.after_request(_secure_response)
    app.jinja_env.globals.update(csrf_token=form_token, csrf_field=TOKEN_FIELD)


def _check_request() -> None:
    if host_name(request.host) not in _config("ALLOWED_HOSTS"):
        abort(400, description=f"host {request.host!r} is not one this app was started for")
    if request.method == "POST":
        _check_origin()
        _check_token()


def host_name(host: str) -> str:
    """The name in a ``Host`` header, without its port: ``[::1]:8000`` -> ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _check_origin() -> None:
    origin = request.headers.get("Origin")
    if origin is not None and (origin == "null" or urlsplit(origin).netloc != request.host):
        abort(403, description=f"form posted from another site ({origin}) refused")
    if request.headers.get("Sec-Fetch-Site") in ("cross-site", "same-site"):
        abort(403, description="form posted from another site refused")


def _check_token() -> None:
    cookie = request.cookies.get(COOKIE, "")
    sent = request.form.get(TOKEN_FIELD, "")
    if not cookie or not sent or not hmac.compare_digest(sent, _token(cookie)):
        abort(403, description="the form's token is missing or stale: reload the page and submit again")


def form_token() -> str:
    """The token for this browser's forms (draws its cookie value on first use)."""
    if "csrf_cookie" not in g:
        g.csrf_cookie = request.cookies.get(COOKIE) or secrets.token_urlsafe(24)
    return _token(g.csrf_cookie)


def _token(cookie: str) -> str:
    return hmac.new(_config("CSRF_KEY"), cookie.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


def _secure_response(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    cookie = g.get("csrf_cookie")
    if cookie and request.cookies.get(COOKIE) != cookie:
        response.set_cookie(COOKIE, cookie, httponly=True, samesite="Strict", path="/")
    return response


def _config(name: str):
    from flask import current_app

    return current_app.config[name]
