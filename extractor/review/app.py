"""The review web app (Flask + Jinja2 templates, no JavaScript).

Pages: ``/articles`` (search and filters), ``/articles/<id>`` (text with mentions highlighted,
its claims), ``/claims`` (sortable, filterable table), ``/articles/<id>/claims/<claim>`` (the
machine's record beside the review form), ``/groups`` (claim groups and
conflicts). One SQLite connection per request; every list is one page of a SQL query.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, abort, current_app, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from extractor.analysis.render import readable_number
from extractor.review import forms, listing, security, store
from extractor.review.groups_view import GroupCache, Groups, load_groups
from extractor.review.highlight import article_html
from models import Claim

#: The corrected fields, in form order, with the machine's value for each (from a claim row).
FIELDS = (("value", "value", "q_value"), ("bound", "bound", "q_bound"), ("source", "source", "source_text"),
          ("period_begin", "period begin", "time_begin"), ("period_end", "period end", "time_end"))


#: Groups listed on one page of /groups (the list is computed in memory by extractor.analysis.groups).
GROUPS_SHOWN = 500


def create_app(db_path: Path | str, *, groups_loader: Any = load_groups,
               allowed_hosts: Iterable[str] = security.LOOPBACK_NAMES, groups_gap: float = 5.0) -> Flask:
    """The app over an extractor SQLite output; creates ``reviews`` and missing indexes first.

    Requests naming a host outside ``allowed_hosts`` are refused (see ``extractor.review.security``);
    claim groups are recomputed in the background, at most once per ``groups_gap`` seconds.
    """
    path = Path(db_path)
    store.prepare(path)
    app = Flask(__name__)
    app.config.update(DB_PATH=path, GROUPS=GroupCache(path, groups_loader, min_gap=groups_gap))
    app.jinja_env.globals.update(query=_query, statuses=store.STATUSES, bounds=forms.BOUNDS,
                                 source_kinds=forms.SOURCE_KINDS, fields=FIELDS)
    app.jinja_env.filters["num"] = _num
    app.teardown_appcontext(_close_db)
    security.install(app, allowed_hosts)
    app.register_error_handler(forms.InvalidInput, _invalid)
    for code in (400, 403, 404):
        app.register_error_handler(code, _http_error)
    _routes(app)
    app.config["GROUPS"].start()
    return app


def _db() -> sqlite3.Connection:
    if "db" not in g:
        g.db = store.connect(_config("DB_PATH"))
    return g.db


def _config(name: str) -> Any:
    return current_app.config[name]


def _close_db(_exc: BaseException | None) -> None:
    conn = g.pop("db", None)
    if conn is not None:
        conn.close()


def _invalid(err: forms.InvalidInput) -> tuple[str, int]:
    return render_template("error.html", code=400, message=str(err)), 400


def _http_error(err: Any) -> tuple[str, int]:
    code = getattr(err, "code", 500) or 500
    message = getattr(err, "description", "") or "not found"
    return render_template("error.html", code=code, message=message), code


def _query(**changes: object) -> str:
    """The current query string with some parameters changed (``None`` removes one)."""
    args: dict[str, object] = {k: v for k, v in request.args.items() if v}
    args.update(changes)
    return "?" + urlencode({k: v for k, v in args.items() if v is not None and v != ""})


def _num(value: float | None) -> str:
    if value is None:
        return "–"
    return readable_number(value)


def _routes(app: Flask) -> None:
    app.add_url_rule("/", "home", lambda: redirect(url_for("articles")))
    app.add_url_rule("/articles", "articles", articles_page)
    app.add_url_rule("/articles/<path:article_id>", "article", article_page)
    app.add_url_rule("/claims", "claims", claims_page)
    app.add_url_rule("/articles/<path:article_id>/claims/<claim_id>", "claim", claim_page)
    app.add_url_rule("/articles/<path:article_id>/claims/<claim_id>/review", "save_review", save_review,
                     methods=["POST"])
    app.add_url_rule("/groups", "groups", groups_page)


def articles_page() -> str:
    filters = forms.parse_article_filters(request.args)
    page = listing.list_articles(_db(), filters)
    return render_template("articles.html", page=page, f=filters, facets=listing.facets(_db()))


def article_page(article_id: str) -> str:
    row = store.article_row(_db(), article_id)
    if row is None:
        abort(404, description=f"no article {article_id!r}")
    result = store.article_result(row)
    quantities = {i: q for i, q in enumerate(result.quantities)}
    return render_template("article.html", article=row, result=result, quantities=quantities,
                           html=article_html(row["text"], result),
                           reviews=store.reviews_of_article(_db(), article_id))


def claims_page() -> str:
    filters = forms.parse_claim_filters(request.args)
    page = listing.list_claims(_db(), filters)
    return render_template("claims.html", page=page, f=filters, facets=listing.facets(_db()))


def claim_page(article_id: str, claim_id: str) -> str:
    return _render_claim(article_id, claim_id)[0]


def _render_claim(article_id: str, claim_id: str, *, error: str = "",
                  form: Mapping[str, str] | None = None) -> tuple[str, int]:
    row = store.claim_row(_db(), article_id, claim_id)
    if row is None:
        abort(404, description=f"no claim {claim_id!r} in article {article_id!r}")
    review = store.get_review(_db(), article_id, claim_id)
    groups, unavailable = _config("GROUPS").of_claim(_db(), article_id, claim_id)
    html = render_template("claim.html", claim=row, record=Claim.model_validate_json(row["record"]),
                           review=review, form=form if form is not None else _form_of(review),
                           error=error, groups=groups, groups_unavailable=unavailable)
    return html, 400 if error else 200


def _form_of(review: store.Review | None) -> dict[str, str]:
    if review is None:
        return {}
    values = {name: "" if review.corrected.get(name) is None else _str(review.corrected[name])
              for name, _, _ in FIELDS}
    return {"status": review.status, "note": review.note, **values}


def _str(value: object) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def save_review(article_id: str, claim_id: str) -> Response | tuple[str, int]:
    if store.claim_row(_db(), article_id, claim_id) is None:
        abort(404, description=f"no claim {claim_id!r} in article {article_id!r}")
    try:
        review = forms.parse_review(request.form, article_id, claim_id)
    except forms.InvalidInput as err:
        return _render_claim(article_id, claim_id, error=str(err), form=request.form)
    store.save_review(_db(), review)
    return redirect(url_for("claim", article_id=article_id, claim_id=claim_id, saved=1), code=303)


def groups_page() -> str:
    groups: Groups = _config("GROUPS").get()
    show = request.args.get("show", "conflicts")
    shown = [grp for grp in groups.groups if grp.conflict or show == "all"]
    return render_template("groups.html", groups=groups, shown=shown[:GROUPS_SHOWN], total=len(shown),
                           show=show)
