"""The Procfile's target: ``gunicorn dashboard.web.wsgi:server``. The only import-time side effect."""

from dashboard.read.store import settle
from dashboard.web.app import create_app

app = create_app()
server = app.server
settle()
