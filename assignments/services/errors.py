class AssignmentError(Exception):
    """A rule of the final assignment refused the action; ``str(error)`` is a sentence for
    the user, ``code`` a stable English word for tests and callers."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)
