"""The Procfile's target: ``gunicorn dashboard.wsgi:server``. The only import-time side effect."""

from .app import create_app
from .store import settle

app = create_app()
server = app.server
settle()
