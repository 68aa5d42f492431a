"""The store's one error type: a message of one line for the user, never a traceback."""


class StoreError(Exception):
    """Input or a store the command cannot use; scripts print it and exit with status 2."""
