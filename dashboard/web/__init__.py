"""The web app: the page (``layout``, ``components``, ``ids``), its callbacks, the app and its plain
routes (``app``, ``wsgi`` for gunicorn), the About and claim pages, security headers, and the
analyst's review page (``review_app``, served only by ``python -m dashboard review``)."""
