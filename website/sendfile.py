"""``SENDFILE_BACKEND`` for Wagtail's document view: the stored bytes, with no transfer encoding.

Wagtail's ``sendfile()`` (wagtail/utils/sendfile.py) ends with
``response["Content-Encoding"] = encoding or guessed_encoding``; ``mimetypes`` guesses no
encoding for an ordinary file, so every document went out with the header
``Content-Encoding: None``. For a file whose name ends in ``.gz`` the guess would be worse:
browsers would unpack a download that should stay packed. Documents are always sent as
stored, so the responses built here ignore any Content-Encoding written onto them.
Apart from that this is Wagtail's own streaming backend (``If-Modified-Since``, FileResponse).
"""

import os

from django.http import FileResponse, HttpResponseNotModified
from django.utils.http import http_date
from wagtail.utils.sendfile_streaming_backend import was_modified_since


class _StoredBytesMixin:
    def __setitem__(self, header, value):
        if header.lower() == "content-encoding":
            return
        super().__setitem__(header, value)


class StoredFileResponse(_StoredBytesMixin, FileResponse):
    pass


class StoredFileNotModified(_StoredBytesMixin, HttpResponseNotModified):
    pass


def sendfile(request, filename, **kwargs):
    modified = os.stat(filename).st_mtime
    if not was_modified_since(request.headers.get("if-modified-since"), modified):
        return StoredFileNotModified()
    response = StoredFileResponse(open(filename, "rb"))  # FileResponse closes it
    response["Last-Modified"] = http_date(modified)
    return response
