"""The fact-checkers' review app: browse articles and claims, mark each claim, keep corrections.

``create_app(db_path)`` builds the Flask app over an extractor SQLite output; ``wireclaims review``
(``extractor.cli.review``) serves it on 127.0.0.1. Reviews live in the same database, in a
``reviews`` table the extractor never touches, so re-extracting an article keeps them.

Flask is imported only when the app is built, so registering the command costs the CLI nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractor.review.app import create_app

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from extractor.review.app import create_app

        return create_app
    raise AttributeError(f"module 'extractor.review' has no attribute {name!r}")
