"""The site says "u", never "je/jij" (GLOSSARY, issue 15): one check for pages and emails.

``informal_words(text)`` finds the informal forms; ``assert_formal(text, where)`` fails on
any. Wired in automatically:

- every email a test sends (``mail.outbox``) is checked at teardown (tests/conftest.py);
- every page a browser journey loads in the Dutch interface is checked after it loaded
  (tests/browser/conftest.py).
"""

import re

# Word-boundary match; "jullie" and the possessives too. The apostrophe forms ("zo'n") do
# not matter here; "je" inside a word ("jeugd", "bijeenkomst") does not match.
INFORMAL = re.compile(r"(?<![\w-])(je|jij|jou|jouw|jouwe|jullie)(?![\w-])", re.IGNORECASE)


def informal_words(text):
    """Each informal word in ``text`` with a bit of context around it."""
    found = []
    for match in INFORMAL.finditer(text or ""):
        start, end = max(match.start() - 40, 0), match.end() + 40
        found.append(" ".join(text[start:end].split()))
    return found


def assert_formal(text, where):
    found = informal_words(text)
    assert not found, f'{where} addresses the reader as "je/jij", the site says "u":\n' + "\n".join(
        f"  … {snippet} …" for snippet in found
    )


def assert_outbox_formal(outbox):
    """Every sent email, subject and body, says "u"."""
    for message in outbox:
        assert_formal(f"{message.subject}\n{message.body}", f"The email {message.subject!r}")
