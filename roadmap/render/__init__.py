"""Results turned into output: Plotly figures, SVG, report HTML, PDF, CSV and JSON. Never touches the database.

Nothing here imports roadmap.models, roadmap.db or a SQLAlchemy session (tests/test_layers.py): the services read
and store, this package only shapes what it is handed.
"""
