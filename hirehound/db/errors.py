"""Errors that tell a user what is wrong with their database setup and what to do about it."""


class DatabaseSetupError(RuntimeError):
    """The configured PostgreSQL cannot be used; the message says why and what to do."""
