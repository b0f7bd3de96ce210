class IntervisionError(Exception):
    """An intervision rule refused the action; ``str(error)`` is a sentence for the user."""

    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)
