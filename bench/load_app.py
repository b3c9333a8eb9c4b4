"""The load benchmark's WSGI app: the production app plus two trivial routes, for ``gunicorn bench.load_app:app``.

The trivial routes exist only in this app instance (never in ``training``): ``bench.load`` measures every page
against them in the same gunicorn, in the same run. The POST goes through the app's CSRF check like any form.
"""

from training import create_app

app = create_app()


@app.get("/_bench/trivial")
def trivial_get():
    return "ok"


@app.post("/_bench/trivial")
def trivial_post():
    return "ok"
