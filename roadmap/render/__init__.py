"""Rendering: results and tables to figures, report HTML, PDF and files; never touches the database."""
