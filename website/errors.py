"""The one error for a user action that a rule refuses (STYLE §3, §12; PX ``CheckInError``)."""


class ActionRefused(Exception):
    """A rule refused what the person asked for.

    ``message`` is a translated sentence for the user, ending in a full stop; ``code`` is a
    stable English word that tests and callers branch on ("full", "closed", "limit", ...),
    so the wording can change without breaking them. ``str(error)`` is the message, so a
    view shows it with ``messages.error(request, str(error))``.

        raise ActionRefused(_("This cohort is full."), code="full")
    """

    def __init__(self, message, *, code):
        super().__init__(message)
        self.message = message
        self.code = code

    def __str__(self):
        return str(self.message)

    def __repr__(self):
        return f"{type(self).__name__}({str(self.message)!r}, code={self.code!r})"
