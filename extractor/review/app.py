"""The review web app (Flask + Jinja2 templates; pages work without JavaScript, a small static
script adds the keyboard shortcuts).

Pages: ``/articles`` (search and filters), ``/articles/<id>`` (text with mentions highlighted,
each quantity linked to its claim), ``/claims`` (sortable, filterable, searchable table with bulk
marking and exports), ``/articles/<id>/claims/<claim>`` (the machine's record beside the review
form and the claim's review history), ``/groups`` (claim groups and conflicts). One SQLite
connection per request; every list is one page of a SQL query.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, abort, current_app, g, render_template, request, url_for
from flask import redirect as _redirect
from werkzeug.wrappers import Response

from extractor.analysis.render import exact_number
from extractor.review import export_view, forms, listing, security, store
from extractor.review.claim_view import FIELDS, claim_context
from extractor.review.groups_view import GroupCache, Groups, load_groups
from extractor.review.highlight import article_html, quantity_anchor, sentence_html

#: Groups listed on one page of /groups (the list is computed in memory by extractor.analysis.groups).
GROUPS_SHOWN = 500
#: The cookie that remembers the reviewer's name (asked once), for a year.
REVIEWER_COOKIE = "wc_reviewer"
REVIEWER_MAX_AGE = 365 * 24 * 3600


def _utc_now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def create_app(db_path: Path | str, *, groups_loader: Any = load_groups,
               allowed_hosts: Iterable[str] = security.LOOPBACK_NAMES, groups_gap: float = 5.0,
               review_url: str | None = None, clock: Callable[[], str] = _utc_now) -> Flask:
    """The app over an extractor SQLite output (read only: nothing is written until a review).

    Requests naming a host outside ``allowed_hosts`` are refused (see ``extractor.review.security``);
    claim groups are recomputed in the background, at most once per ``groups_gap`` seconds;
    ``review_url`` is the ClaimReview export's ``url`` base (else the app's own claims page);
    ``clock`` gives each review's ``reviewed_at``.
    """
    path = Path(db_path)
    store.prepare(path)
    app = Flask(__name__)
    app.config.update(DB_PATH=path, GROUPS=GroupCache(path, groups_loader, min_gap=groups_gap),
                      REVIEW_URL=review_url, CLOCK=clock, FTS=_has_fts(path))
    app.jinja_env.globals.update(query=_query, statuses=store.STATUSES, bounds=forms.BOUNDS,
                                 source_kinds=forms.SOURCE_KINDS, fields=FIELDS, anchor=quantity_anchor)
    app.jinja_env.filters.update(num=_num, sentence=_sentence)
    app.teardown_appcontext(_close_db)
    security.install(app, allowed_hosts)
    app.register_error_handler(forms.InvalidInput, _invalid)
    for code in (400, 403, 404):
        app.register_error_handler(code, _http_error)
    _routes(app)
    app.config["GROUPS"].start()
    return app


def _has_fts(path: Path) -> bool:
    conn = store.connect(path)
    try:
        return store.has_fts(conn)
    finally:
        conn.close()


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
    """A normalized value with every digit it has (``24,731.58``), never rounded."""
    return "–" if value is None else exact_number(value)


def _sentence(row: Any) -> Any:
    """A claims-table row's sentence with its quantity marked."""
    return sentence_html(row["sentence"] or "", row["q_start"], row["q_end"], row["s_start"])


def _routes(app: Flask) -> None:
    app.add_url_rule("/", "home", lambda: _redirect(url_for("articles")))
    app.add_url_rule("/articles", "articles", articles_page)
    app.add_url_rule("/articles/<path:article_id>", "article", article_page)
    app.add_url_rule("/claims", "claims", claims_page)
    app.add_url_rule("/claims/review", "bulk_review", bulk_review, methods=["POST"])
    app.add_url_rule("/claims/export.csv", "export_csv",
                     lambda: export_view.csv_response(_db(), _config("DB_PATH"), _config("FTS")))
    app.add_url_rule("/claims/claimreview.json", "export_claimreview",
                     lambda: export_view.claimreview_response(_db(), _config("DB_PATH"), _config("FTS")))
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
    claim_url = lambda claim_id: url_for("claim", article_id=article_id, claim_id=claim_id)  # noqa: E731
    return render_template("article.html", article=row, result=result, quantities=quantities,
                           html=article_html(row["text"], result, claim_url),
                           reviews=store.reviews_of_article(_db(), article_id))


def claims_page() -> str:
    filters = forms.parse_claim_filters(request.args)
    page = listing.list_claims(_db(), filters, fts=_config("FTS"))
    facets = listing.facets(_db())
    return render_template("claims.html", page=page, f=filters, countries=listing.claim_countries(facets),
                           exports=export_view.export_links(request.args), list_query=forms.list_query(request.args),
                           review_url=export_view.review_url(), reviewer=_reviewer(),
                           marked=request.args.get("marked", ""))


def _reviewer() -> str:
    return request.cookies.get(REVIEWER_COOKIE, "")


def claim_page(article_id: str, claim_id: str) -> str:
    return _render_claim(article_id, claim_id)[0]


def _render_claim(article_id: str, claim_id: str, *, error: str = "",
                  form: Any = None) -> tuple[str, int]:
    row = store.claim_row(_db(), article_id, claim_id)
    if row is None:
        abort(404, description=f"no claim {claim_id!r} in article {article_id!r}")
    groups, unavailable = _config("GROUPS").of_claim(_db(), article_id, claim_id)
    list_query, filters = _came_from()
    context = claim_context(_db(), row, form=form, reviewer=_reviewer(), filters=filters, list_query=list_query,
                            fts=_config("FTS"))
    html = render_template("claim.html", **context, error=error, groups=groups,
                           groups_unavailable=unavailable, saved=_saved_claim())
    return html, 400 if error else 200


def _came_from() -> tuple[str, forms.ClaimFilters | None]:
    """The claims list the claim page was opened from (``list``: its filters' query string), if any."""
    query = request.values.get("list", "")
    if not query:
        return "", None
    filters = forms.list_filters(query)
    return forms.list_query(forms.query_args(query)), filters


def _saved_claim() -> tuple[str, str] | None:
    """The claim whose review was just saved (``?saved=ARTICLE_ID/CLAIM_ID``), or ``None``."""
    article_id, _, claim_id = request.args.get("saved", "").rpartition("/")
    return (article_id, claim_id) if article_id and claim_id else None


def save_review(article_id: str, claim_id: str) -> Response | tuple[str, int]:
    if store.claim_row(_db(), article_id, claim_id) is None:
        abort(404, description=f"no claim {claim_id!r} in article {article_id!r}")
    try:
        review = forms.parse_review(request.form, article_id, claim_id, reviewer=_reviewer(),
                                    reviewed_at=_config("CLOCK")())
    except forms.InvalidInput as err:
        return _render_claim(article_id, claim_id, error=str(err), form=request.form)
    store.save_review(_db(), review)
    list_query, filters = _came_from()
    _, _, todo = listing.neighbours(_db(), article_id, claim_id, filters, fts=_config("FTS"))
    target = todo or (article_id, claim_id)  # every claim reviewed: back to this one
    url = url_for("claim", article_id=target[0], claim_id=target[1], saved=f"{article_id}/{claim_id}",
                  list=list_query or None)
    return _remember(_redirect(url, code=303), review.reviewer)


def bulk_review() -> Response:
    reviews = forms.parse_bulk(request.form, request.form.getlist("claim"), reviewer=_reviewer(),
                               reviewed_at=_config("CLOCK")())
    known = [r for r in reviews if store.claim_row(_db(), r.article_id, r.claim_id) is not None]
    if len(known) != len(reviews):
        abort(404, description="a selected claim is not in the database (re-extracted?): reload the page")
    store.save_reviews(_db(), known)
    back = forms.list_filters(request.form.get("back", ""))  # validated, then rebuilt
    args = {"marked": f"{len(known)} {known[0].status}", **_filter_args(back)}
    return _remember(_redirect(url_for("claims", **args), code=303), known[0].reviewer)


def _filter_args(f: forms.ClaimFilters) -> dict[str, object]:
    """The claims table's query parameters that give ``f``."""
    yes_no = {True: "yes", False: "no", None: None}
    args = {"q": f.q, "hedged": yes_no[f.hedged], "kind": f.source_kind, "country": f.country,
            "from": f.period_from, "to": f.period_to, "status": f.status,
            "sort": None if f.sort == "article" else f.sort, "dir": "desc" if f.desc else None,
            "page": f.page if f.page > 1 else None}
    return {k: v for k, v in args.items() if v}


def _remember(response: Response, reviewer: str) -> Response:
    """Keep the reviewer's name in this browser (asked once)."""
    if reviewer and request.cookies.get(REVIEWER_COOKIE) != reviewer:
        response.set_cookie(REVIEWER_COOKIE, reviewer, max_age=REVIEWER_MAX_AGE, httponly=True,
                            samesite="Strict", path="/")
    return response


def groups_page() -> str:
    groups: Groups = _config("GROUPS").get()
    show = request.args.get("show", "conflicts")
    shown = [grp for grp in groups.groups if grp.conflict or show == "all"]
    return render_template("groups.html", groups=groups, shown=shown[:GROUPS_SHOWN], total=len(shown),
                           show=show)
