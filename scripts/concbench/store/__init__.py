"""The results store: every run kept, on SQLite by default or on a PostgreSQL a team shares.

identity.py states what makes two runs one machine, one run, or a changed setup.
"""
