"""A Flask test client for the review app that sends the form token, as a browser that loaded a form does."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

#: A claim page of the test databases: any page with a form gives this browser's token.
FORM_PAGE = "/articles/seed/claims/7a43d381ce1e9c94"
TOKEN = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def page_token(client: FlaskClient, url: str = FORM_PAGE) -> str:
    """The form token found on ``url`` (the client keeps the cookie it belongs to)."""
    found = TOKEN.search(client.get(url).text)
    assert found, f"no form token on {url}"
    return found.group(1)


class TokenClient(FlaskClient):
    """``post`` adds ``csrf_token`` to form data that lacks it."""

    def post(self, *args, **kwargs):
        data = kwargs.get("data")
        if isinstance(data, dict) and "csrf_token" not in data:
            kwargs["data"] = {**data, "csrf_token": page_token(self)}
        return super().post(*args, **kwargs)


def token_client(app) -> TokenClient:
    app.test_client_class = TokenClient
    return app.test_client()


def groups_ready(app):
    """``app`` once its claim groups have been computed (they are computed in the background)."""
    app.config["GROUPS"].wait(60)
    return app
