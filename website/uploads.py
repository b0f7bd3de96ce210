"""Every uploaded file passes through here: one allow-list, checked by content.

``clean_upload(uploaded, kinds)`` is the single entry point. It reads the file, detects
its type from its first bytes (never from the name or the browser's content type),
requires the extension to agree, refuses active or oversized content and returns a
``ContentFile`` under a neutral stored name: images re-encoded without metadata, other
files byte for byte. Wagtail's image and document forms call it through the form bases
below (settings ``WAGTAILIMAGES_IMAGE_FORM_BASE`` and ``WAGTAILDOCS_DOCUMENT_FORM_BASE``);
any later upload field calls ``clean_upload`` in its form's ``clean_<field>``.

The signatures are checked by hand rather than with a library: the allow-list is eight
formats, and an Office file needs its zip *contents* checked anyway, which no magic-byte
library does (``filetype`` calls any zip with a ``word/`` entry a DOCX; python-magic needs
the system's libmagic). PDFs are scanned for active content without a PDF parser: names
are matched in the raw bytes and in every decodable stream, including object streams.
"""

import binascii
import io
import os
import re
import uuid
import warnings
import zipfile
import zlib
from base64 import a85decode
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm


@dataclass(frozen=True)
class FileKind:
    """One allowed type: the extensions that may carry it and the one it is stored under."""

    label: str
    extensions: tuple
    mime_type: str

    @property
    def canonical_extension(self):
        return self.extensions[0]


PDF = FileKind("PDF", ("pdf",), "application/pdf")
DOCX = FileKind(
    "DOCX",
    ("docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
XLSX = FileKind(
    "XLSX", ("xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
PPTX = FileKind(
    "PPTX",
    ("pptx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
)
ODT = FileKind("ODT", ("odt",), "application/vnd.oasis.opendocument.text")
TXT = FileKind("TXT", ("txt",), "text/plain")
CSV = FileKind("CSV", ("csv",), "text/csv")
JPEG = FileKind("JPEG", ("jpg", "jpeg"), "image/jpeg")
PNG = FileKind("PNG", ("png",), "image/png")
GIF = FileKind("GIF", ("gif",), "image/gif")
WEBP = FileKind("WebP", ("webp",), "image/webp")

DOCUMENT_KINDS = (PDF, DOCX, XLSX, PPTX, ODT, TXT, CSV)
IMAGE_KINDS = (JPEG, PNG, GIF, WEBP)
# Keep settings.WAGTAILDOCS_EXTENSIONS / WAGTAILIMAGES_EXTENSIONS in step with these.

# An Office file: the part that makes it that kind, and the content type that must name it.
_OFFICE_MAIN_PARTS = {
    DOCX: ("word/document.xml", b"wordprocessingml.document.main+xml"),
    XLSX: ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
    PPTX: ("ppt/presentation.xml", b"presentationml.presentation.main+xml"),
}
_PILLOW_FORMATS = {"JPEG": JPEG, "PNG": PNG, "GIF": GIF, "WEBP": WEBP}

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ZIP_MAX_ENTRIES = 2_000
ZIP_MAX_UNCOMPRESSED = 100 * 1024 * 1024
ZIP_MAX_RATIO = 200
PDF_MAX_DECODED = 50 * 1024 * 1024
TITLE_MAX_LENGTH = 255  # Wagtail's title field on images and documents

# PDF names that run code, act on their own or carry other files. /OpenAction alone
# (e.g. "open at page 1, fit width") is harmless; with JavaScript it is caught by /JS.
_PDF_FORBIDDEN_NAMES = {
    b"JS": "javascript",
    b"JavaScript": "javascript",
    b"AA": "javascript",
    b"Launch": "launch",
    b"RichMedia": "launch",
    b"XFA": "javascript",
    b"EmbeddedFile": "embedded_file",
    b"EmbeddedFiles": "embedded_file",
    b"Encrypt": "encrypted",
}
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]+)")
_PDF_HEX_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_HTML_START = re.compile(rb"\s*<(?:!doctype|html|head|body|script|svg|\?xml|iframe)", re.I)


class UploadRefused(ValidationError):
    """A file that may not be stored; ``message`` is a Dutch sentence, ``code`` stable."""


def clean_upload(uploaded, kinds):
    """Return a clean ``ContentFile`` for ``uploaded`` if its content is one of ``kinds``.

    Raises ``UploadRefused`` with a sentence for the user otherwise. Images come back
    re-encoded (orientation applied, no EXIF, GPS, XMP, comments or trailing bytes);
    documents byte for byte. The returned file's name is neutral: a slug of the original
    name, a random part and the type's canonical extension.
    """
    content = _read(uploaded)
    extension = os.path.splitext(uploaded.name or "")[1].lower().lstrip(".")
    kind = _detect(content, extension)
    if kind is None or kind not in kinds:
        raise _not_allowed(kinds, code="type_not_allowed")
    if extension not in kind.extensions:
        raise UploadRefused(
            _(
                "This file is a %(detected)s file but its name ends in “.%(extension)s”. "
                "Rename it to “.%(expected)s” and try again."
            )
            % {
                "detected": kind.label,
                "extension": extension[:10],
                "expected": kind.canonical_extension,
            },
            code="extension_mismatch",
        )
    if kind is PDF:
        _check_pdf(content)
    elif kind in _OFFICE_MAIN_PARTS or kind is ODT:
        _check_zip(content, kind)
    elif kind in (TXT, CSV):
        _check_text(content)
    if kind in IMAGE_KINDS:
        content = _reencode_image(content, kind)
    return ContentFile(content, name=stored_name(uploaded.name, kind))


def stored_name(original_name, kind):
    """A neutral file name: ASCII slug of the original stem, a random part, the extension."""
    stem = slugify(os.path.splitext(os.path.basename(original_name or ""))[0])[:40].strip("-_")
    random_part = uuid.uuid4().hex[:12]
    name = f"{stem}-{random_part}" if stem else random_part
    return f"{name}.{kind.canonical_extension}"


def _truncate(text):
    if len(text) <= TITLE_MAX_LENGTH:
        return text
    return text[: TITLE_MAX_LENGTH - 1].rstrip() + "…"


def _read(uploaded):
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _too_large()
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    content = uploaded.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise _too_large()
    if hasattr(uploaded, "seek"):
        uploaded.seek(0)
    if not content:
        raise UploadRefused(_("This file is empty."), code="empty")
    return content


def _too_large():
    return UploadRefused(
        _("This file is larger than %(size)s MB.") % {"size": MAX_UPLOAD_BYTES // (1024 * 1024)},
        code="too_large",
    )


def _not_allowed(kinds, code):
    return UploadRefused(
        _("This type of file is not allowed. Allowed types: %(types)s.")
        % {"types": ", ".join(kind.label for kind in kinds)},
        code=code,
    )


def _detect(content, extension):
    """The allowed kind ``content`` is, judged by its bytes; None if none of them."""
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return WEBP
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"PK\x03\x04"):
        return _detect_zip(content)
    if extension in ("txt", "csv") and _looks_like_text(content):
        return CSV if extension == "csv" else TXT
    return None


def _detect_zip(content):
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.mime_type.encode():
                return ODT
            if "[Content_Types].xml" not in names:
                return None
            content_types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError):
        return None
    except RuntimeError:  # encrypted entry
        return None
    for kind, (main_part, content_type) in _OFFICE_MAIN_PARTS.items():
        if main_part in names and content_type in content_types:
            return kind
    return None


def _looks_like_text(content):
    if b"\x00" in content:
        return False
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            return False
    return all(char.isprintable() or char in "\t\r\n\f" for char in text)


def _check_text(content):
    # Served as an attachment with nosniff anyway; refusing markup keeps a renamed web
    # page out of the library altogether.
    if _HTML_START.match(content):
        raise UploadRefused(
            _("This file contains a web page (HTML or SVG), which is not allowed."),
            code="markup",
        )


# --- PDF -----------------------------------------------------------------------------


def _check_pdf(content):
    """Refuse a PDF whose raw bytes or decoded streams name scripts, actions or files."""
    _check_pdf_names(content)
    budget = PDF_MAX_DECODED
    for dictionary, data in _pdf_streams(content):
        if b"/Image" in dictionary:
            continue
        decoded, complete = _decode_pdf_stream(dictionary, data, budget)
        if decoded is None:
            continue
        budget -= len(decoded)
        if not complete or budget < 0:
            raise UploadRefused(
                _("This PDF is too large to check once unpacked, so it cannot be stored."),
                code="pdf_too_large",
            )
        _check_pdf_names(decoded)


def _check_pdf_names(data):
    for match in _PDF_NAME.finditer(data):
        name = _PDF_HEX_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), match.group(1))
        reason = _PDF_FORBIDDEN_NAMES.get(name)
        if reason == "embedded_file":
            raise UploadRefused(
                _("This PDF contains embedded files, which are not allowed."),
                code="pdf_embedded_file",
            )
        if reason == "encrypted":
            raise UploadRefused(
                _(
                    "This PDF is protected or encrypted and cannot be checked. "
                    "Save it without protection and try again."
                ),
                code="pdf_encrypted",
            )
        if reason is not None:
            raise UploadRefused(
                _("This PDF contains JavaScript or automatic actions, which are not allowed."),
                code="pdf_active_content",
            )


def _pdf_streams(content):
    """Yield (dictionary bytes, raw stream bytes) for every stream in the file."""
    position = 0
    while match := _PDF_STREAM.search(content, position):
        start = match.end()
        end = content.find(b"endstream", start)
        if end < 0:
            end = len(content)
        dictionary_start = content.rfind(b"obj", max(0, match.start() - 4096), match.start())
        yield content[max(dictionary_start, 0) : match.start()], content[start:end]
        position = end + len(b"endstream")


def _decode_pdf_stream(dictionary, data, budget):
    """Apply the stream's Flate, ASCIIHex and ASCII85 filters within ``budget`` bytes.

    Returns (decoded, complete); decoded is None when the filters cannot be applied here
    (then the bytes are images or fonts that cannot hold PDF names, or the stream is
    damaged, and the raw scan already covered them).
    """
    filters = re.findall(rb"/(FlateDecode|Fl|ASCIIHexDecode|AHx|ASCII85Decode|A85)\b", dictionary)
    if not filters:
        return None, True
    try:
        for name in filters:
            if name in (b"FlateDecode", b"Fl"):
                decompressor = zlib.decompressobj()
                data = decompressor.decompress(data, max(budget, 0) + 1)
                if len(data) > budget:
                    return data, False
            elif name in (b"ASCIIHexDecode", b"AHx"):
                hex_digits = re.sub(rb"\s", b"", data.split(b">")[0])
                data = binascii.unhexlify(hex_digits + b"0" * (len(hex_digits) % 2))
            else:
                data = a85decode(data.strip().split(b"~>")[0], adobe=False)
    except (zlib.error, ValueError, binascii.Error):
        return None, True
    return data, True


# --- Office zips ---------------------------------------------------------------------


def _check_zip(content, kind):
    """Refuse a zip bomb, an encrypted entry or a macro; reads every entry within caps."""
    bomb = UploadRefused(
        _("This %(type)s file unpacks to far more data than it holds and cannot be stored.")
        % {"type": kind.label},
        code="zip_bomb",
    )
    macro = UploadRefused(
        _(
            "This %(type)s file contains macros, which are not allowed. "
            "Save it without macros and try again."
        )
        % {"type": kind.label},
        code="macro",
    )
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        entries = archive.infolist()
        if len(entries) > ZIP_MAX_ENTRIES:
            raise bomb
        declared = sum(entry.file_size for entry in entries)
        if declared > ZIP_MAX_UNCOMPRESSED or declared > ZIP_MAX_RATIO * len(content):
            raise bomb
        for entry in entries:
            if _is_macro(entry.filename):
                raise macro
            if entry.flag_bits & 0x1:
                raise UploadRefused(
                    _("This %(type)s file is protected with a password and cannot be checked.")
                    % {"type": kind.label},
                    code="encrypted",
                )
        try:
            if b"macroEnabled" in archive.read("[Content_Types].xml"):
                raise macro
        except KeyError:
            pass  # ODT has no content-types part
        # Declared sizes can lie: read every entry (zipfile stops at the declared size
        # and then checks the CRC), so a bomb cannot hide behind a small header.
        unpacked = 0
        try:
            for entry in entries:
                with archive.open(entry) as member:
                    while chunk := member.read(1024 * 1024):
                        unpacked += len(chunk)
                        if unpacked > ZIP_MAX_UNCOMPRESSED:
                            raise bomb
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError):
            raise UploadRefused(
                _("This %(type)s file is damaged and cannot be stored.") % {"type": kind.label},
                code="damaged",
            ) from None


def _is_macro(name):
    lowered = name.lower()
    return (
        lowered.endswith("vbaproject.bin")
        or lowered.endswith("vbadata.xml")
        or "/activex/" in lowered
        or lowered.startswith(("basic/", "scripts/"))  # ODT macros
    )


# --- Images --------------------------------------------------------------------------


def _reencode_image(content, kind):
    """Decode and encode again with Pillow: only pixels, orientation and animation survive."""
    max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", None) or 40_000_000
    bomb = UploadRefused(
        _("This image has too many pixels (at most %(pixels)s million) and cannot be stored.")
        % {"pixels": max_pixels // 1_000_000},
        code="too_many_pixels",
    )
    damaged = UploadRefused(
        _("This image is damaged or not a real %(type)s file.") % {"type": kind.label},
        code="damaged",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if _PILLOW_FORMATS.get(image.format) is not kind:
                    raise damaged
                frames = getattr(image, "n_frames", 1)
                if image.width * image.height * frames > max_pixels:
                    raise bomb
                return _encode(image, kind, frames)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise bomb from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise damaged from None


def _encode(image, kind, frames):
    output = io.BytesIO()
    kept_keys = ("transparency", "duration", "loop")  # what drawing and animation need
    keep = {key: image.info[key] for key in kept_keys if key in image.info}
    if frames > 1:
        sequence = [_bare(frame) for frame in ImageSequence.Iterator(image)]
        sequence[0].save(
            output, format=image.format, save_all=True, append_images=sequence[1:], **keep
        )
        return output.getvalue()
    clean = _bare(ImageOps.exif_transpose(image))
    options = {"quality": 90} if kind in (JPEG, WEBP) else {}
    if kind is JPEG and clean.mode not in ("RGB", "L", "CMYK"):
        clean = clean.convert("RGB")
    clean.save(output, format=image.format, **options, **keep)
    return output.getvalue()


def _bare(frame):
    """A copy of ``frame`` with its pixels and palette only: info (EXIF, XMP, text) dropped."""
    copy = frame.copy()
    copy.info = {}
    if hasattr(copy, "_exif"):
        copy._exif = None
    return copy


# --- Author metadata ----------------------------------------------------------------


def strip_document_metadata(clean_file):
    """A copy of a checked PDF or DOCX (a ``clean_upload`` result) without author metadata.

    DOCX: ``docProps/core.xml`` creator and last-modified-by, ``docProps/app.xml`` company
    and manager, and the author names on comments and tracked changes are emptied; the zip
    is written anew. PDF: the values of /Author, /Creator and /Producer in the document
    information and the creator and producer fields of XMP metadata are blanked with
    spaces of the same length, so every byte offset in the file stays valid. Any other
    kind comes back unchanged.
    """
    name = clean_file.name
    clean_file.seek(0)
    content = clean_file.read()
    if name.endswith(".docx"):
        content = _strip_docx(content)
    elif name.endswith(".pdf"):
        content = _strip_pdf(content)
    return ContentFile(content, name=name)


_DOCX_EMPTIED = {
    "docProps/core.xml": (b"dc:creator", b"cp:lastModifiedBy"),
    "docProps/app.xml": (b"Company", b"Manager"),
}
_WORD_AUTHOR = re.compile(rb'(w:(?:author|initials))="[^"]*"')


def _empty_elements(xml, tags):
    for tag in tags:
        name = re.escape(tag)
        pattern = re.compile(rb"(<" + name + rb"(?:\s[^>]*)?>).*?(</" + name + rb">)", re.S)
        xml = pattern.sub(rb"\1\2", xml)
    return xml


def _strip_docx(content):
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename in _DOCX_EMPTIED:
                data = _empty_elements(data, _DOCX_EMPTIED[entry.filename])
            elif entry.filename.startswith("word/") and entry.filename.endswith(".xml"):
                data = _WORD_AUTHOR.sub(rb'\1=""', data)
            target.writestr(entry, data)
    return output.getvalue()


_PDF_INFO_KEY = re.compile(rb"/(?:Author|Creator|Producer)\s*(?=[(<])")
_XMP_ELEMENT = re.compile(
    rb"<(dc:creator|pdf:Producer|pdf:Author|xmp:CreatorTool)\b[^>]*>(.*?)</\1>", re.S
)
_XMP_ATTRIBUTE = re.compile(rb'\b(?:dc:creator|pdf:Producer|pdf:Author|xmp:CreatorTool)="([^"]*)"')
_XMP_TEXT = re.compile(rb">([^<]*)<")


def _blank(data, start, end):
    return data[:start] + b" " * (end - start) + data[end:]


def _pdf_string_end(data, start):
    """The index just past the PDF string starting at ``start`` (``(...)`` or ``<...>``)."""
    if data[start : start + 1] == b"<":
        end = data.find(b">", start)
        return len(data) if end < 0 else end + 1
    depth, position = 0, start
    while position < len(data):
        byte = data[position : position + 1]
        if byte == b"\\":
            position += 2
            continue
        if byte == b"(":
            depth += 1
        elif byte == b")":
            depth -= 1
            if depth == 0:
                return position + 1
        position += 1
    return len(data)


def _strip_pdf_info(data):
    for match in list(_PDF_INFO_KEY.finditer(data)):
        start = match.end()
        end = _pdf_string_end(data, start)
        width = end - start - 2  # inside the delimiters
        if data[start : start + 1] == b"<":
            blank = b"20" * (width // 2) + b"2" * (width % 2)  # hex for spaces
        else:
            blank = b" " * width
        data = data[: start + 1] + blank + data[end - 1 :]
    return data


def _strip_xmp(data):
    for match in list(_XMP_ELEMENT.finditer(data)):
        inner_start, inner_end = match.span(2)
        inner = _XMP_TEXT.sub(
            lambda m: b">" + b" " * len(m.group(1)) + b"<", data[inner_start:inner_end]
        )
        if b"<" not in inner:
            inner = b" " * len(inner)
        data = data[:inner_start] + inner + data[inner_end:]
    for match in list(_XMP_ATTRIBUTE.finditer(data)):
        data = _blank(data, *match.span(1))
    return data


def _strip_pdf(content):
    content = _strip_xmp(_strip_pdf_info(content))
    # A compressed XMP stream: blank it decompressed, compress it again and pad it to the
    # old length (a reader stops at the end of the deflate data).
    for dictionary, data in list(_pdf_streams(content)):
        if b"/Metadata" not in dictionary or not re.search(rb"/(FlateDecode|Fl)\b", dictionary):
            continue
        try:
            plain = zlib.decompress(data)
        except zlib.error:
            continue
        packed = zlib.compress(_strip_xmp(plain))
        if len(packed) > len(data):
            packed = zlib.compress(b"")
        start = content.find(data)
        padding = b"\n" * (len(data) - len(packed))
        content = content[:start] + packed + padding + content[start + len(data) :]
    return content


# --- Wagtail form bases --------------------------------------------------------------


class CleanUploadMixin:
    """Runs the form's new ``file`` through ``clean_upload``; set ``upload_kinds``."""

    upload_kinds = ()

    def __init__(self, data=None, *args, **kwargs):
        # The multiple uploader posts the raw file name as title: cut it to fit the field,
        # so a long name never sends the file down Wagtail's "complete the metadata" path
        # (an UploadedFile stored before any check) instead of being checked here.
        if data is not None and len(data.get("title") or "") > TITLE_MAX_LENGTH:
            data = data.copy()
            data["title"] = _truncate(data["title"])
        super().__init__(data, *args, **kwargs)

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if not isinstance(uploaded, UploadedFile):
            return uploaded  # unchanged on an edit form
        return clean_upload(uploaded, self.upload_kinds)

    def _post_clean(self):
        # A refused file leaves the instance without one; the model's own extension check
        # would then add a second, confusing message ("extension '' not allowed").
        if self.has_error("file"):
            return
        super()._post_clean()

    def save(self, commit=True):
        # Wagtail's "complete the metadata" path (CreateFromUploadView) attaches the file
        # outside the form, just before this save: check and rename it here as well.
        if "file" not in self.fields and self.instance.pk is None and self.instance.file:
            raw = self.instance.file
            self.instance.file = clean_upload(raw, self.upload_kinds)
            raw.storage.delete(raw.name)
            self.set_file_metadata()
        return super().save(commit=commit)


class SafeDocumentForm(CleanUploadMixin, BaseDocumentForm):
    """settings.WAGTAILDOCS_DOCUMENT_FORM_BASE: every Wagtail document upload."""

    upload_kinds = DOCUMENT_KINDS

    def set_file_metadata(self):
        self.instance._set_document_file_metadata()

    class Meta(BaseDocumentForm.Meta):
        pass


class SafeImageForm(CleanUploadMixin, BaseImageForm):
    """settings.WAGTAILIMAGES_IMAGE_FORM_BASE: every Wagtail image upload."""

    upload_kinds = IMAGE_KINDS

    def set_file_metadata(self):
        self.instance._set_image_file_metadata()

    class Meta(BaseImageForm.Meta):
        pass
