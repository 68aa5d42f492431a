"""The results store: every run kept, on SQLite by default or on a PostgreSQL a team shares.

identity.py states what makes two runs one machine, one run, or a changed setup; schema.py the
tables and versions; connection.py where the store is and how it is opened.
"""

from .connection import Store, default_location, has_password, masked, open_store
from .documents import check_document, read_document, write_document
from .errors import StoreError
