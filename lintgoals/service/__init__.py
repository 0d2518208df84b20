"""`lintgoals serve`: a web page for departments and an HTTP API for the bureau.

app.py       the routes: the page, POST /api/v1/check, the rules, /healthz, /docs
pool.py      the worker processes that check, with their limits
checking.py  what a worker does with a request's tables
page.py      the page (HTML built here; its script and style in assets/)
"""
