"""Uploads are checked by content (issue 10, defect 6): a hostile set through the real
Wagtail admin upload views as a coordinator, and the validator on its own.

Every fixture is built here: images with Pillow, PDFs by hand, Office files with zipfile.
"""

import io
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import UploadedFile

from tests.factories import CoordinatorFactory
from website.uploads import (
    DOCUMENT_KINDS,
    IMAGE_KINDS,
    UploadRefused,
    clean_upload,
    strip_document_metadata,
)

GPS_IFD = 0x8825
ARTIST = 0x013B
ORIENTATION = 0x0112

# --- Fixtures built in code --------------------------------------------------------------


def pdf(catalog_extra=b"", objects=()):
    """A one-page PDF; ``catalog_extra`` goes into the catalog, ``objects`` follow it."""
    stream = b"BT /F1 12 Tf 72 720 Td (Stap 1: signaleren.) Tj ET"
    bodies = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        *objects,
    ]
    out = b"%PDF-1.7\n"
    offsets = []
    for number, body in enumerate(bodies, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(bodies) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(bodies) + 1,
        xref,
    )
    return out


def flate_stream(dictionary, data):
    packed = zlib.compress(data)
    return b"<< %s /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (
        dictionary,
        len(packed),
        packed,
    )


PDF_OPEN_ACTION_JS = pdf(b"/OpenAction << /S /JavaScript /JS (app.alert\\('x'\\)) >>")
PDF_EMBEDDED_FILE = pdf(
    b"/Names << /EmbeddedFiles << /Names [(x.exe) 5 0 R] >> >>",
    objects=[b"<< /Type /Filespec /F (x.exe) /EF << /F 6 0 R >> >>"],
)
# The action hidden in a compressed object stream, its name spelt with #-escapes.
PDF_JS_IN_OBJECT_STREAM = pdf(
    b"/OpenAction 6 0 R",
    objects=[flate_stream(b"/Type /ObjStm /N 1 /First 4", b"6 0 << /S /J#61vaScript /JS 7 0 R >>")],
)


def office_zip(kind="docx", extra=None, content_types_extra=b""):
    main = {
        "docx": ("word/document.xml", b"wordprocessingml.document.main+xml"),
        "xlsx": ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
    }[kind]
    content_types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Override PartName="/' + main[0].encode() + b'" ContentType="'
        b"application/vnd.openxmlformats-officedocument."
        + main[1]
        + b'"/>'
        + content_types_extra
        + b"</Types>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", b"<Relationships/>")
        archive.writestr(main[0], b"<document><body>Plan van aanpak</body></document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return buffer.getvalue()


def picture(fmt="PNG", size=(64, 48), **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt, **save_options)
    return buffer.getvalue()


def jpeg_with_gps_and_author(orientation=1):
    exif = Image.Exif()
    exif[ARTIST] = "Jan de Vries"
    exif[ORIENTATION] = orientation
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (52.0, 5.0, 30.0), 3: "E", 4: (4.0, 53.0, 0.0)})
    return picture("JPEG", size=(80, 40), exif=exif.tobytes())


def bomb_png(width=100_000, height=100_000):
    """A valid-looking PNG header that claims 10 billion pixels, with almost no data."""
    import struct

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


PHP_TAIL = b"<?php system($_GET['c']); ?><script>alert(1)</script>"


def upload(name, content):
    return SimpleUploadedFile(name, content)


# --- The validator ------------------------------------------------------------------------


def refused_code(name, content, kinds=DOCUMENT_KINDS):
    with pytest.raises(UploadRefused) as refused:
        clean_upload(upload(name, content), kinds)
    return refused.value.code


def test_a_legitimate_pdf_is_kept_byte_for_byte_under_a_neutral_name():
    stored = clean_upload(upload("Checklist privacy <overleg>.PDF", pdf()), DOCUMENT_KINDS)
    assert stored.read() == pdf()
    assert stored.name.startswith("checklist-privacy-overleg-")
    assert stored.name.endswith(".pdf")


def test_an_html_page_renamed_pdf_is_refused_with_the_allowed_types_named():
    with pytest.raises(UploadRefused) as refused:
        clean_upload(upload("rooster.pdf", b"<html><script>x</script></html>"), DOCUMENT_KINDS)
    assert refused.value.code == "type_not_allowed"
    assert refused.value.message == _(
        "This type of file is not allowed. Allowed types: %(types)s."
    ) % {"types": "PDF, DOCX, XLSX, PPTX, ODT, TXT, CSV"}


def test_a_pdf_named_docx_is_refused_because_the_extension_disagrees():
    assert refused_code("plan.docx", pdf()) == "extension_mismatch"


def test_an_svg_is_refused_as_image_and_as_document():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    assert refused_code("logo.svg", svg, IMAGE_KINDS) == "type_not_allowed"
    assert refused_code("logo.svg", svg) == "type_not_allowed"


def test_an_html_page_renamed_txt_is_refused():
    assert refused_code("notities.txt", b"<!DOCTYPE html><script>x</script>") == "markup"


def test_a_plain_csv_is_accepted():
    csv = "naam;functie\nAnne;Coördinator\n".encode()
    stored = clean_upload(upload("ledenlijst.csv", csv), DOCUMENT_KINDS)
    assert stored.name.endswith(".csv")


def test_a_pdf_with_an_open_action_script_is_refused():
    assert refused_code("flyer.pdf", PDF_OPEN_ACTION_JS) == "pdf_active_content"


def test_a_pdf_with_a_script_hidden_in_a_compressed_object_stream_is_refused():
    assert refused_code("flyer.pdf", PDF_JS_IN_OBJECT_STREAM) == "pdf_active_content"


def test_a_pdf_with_an_embedded_file_is_refused():
    assert refused_code("flyer.pdf", PDF_EMBEDDED_FILE) == "pdf_embedded_file"


def test_a_pdf_with_a_launch_action_on_a_page_is_refused():
    launch = pdf(objects=[b"<< /Type /Annot /A << /S /Launch /F (cmd.exe) >> >>"])
    assert refused_code("flyer.pdf", launch) == "pdf_active_content"


def test_a_legitimate_docx_and_xlsx_are_accepted():
    assert clean_upload(upload("plan.docx", office_zip()), DOCUMENT_KINDS).name.endswith(".docx")
    assert clean_upload(upload("lijst.xlsx", office_zip("xlsx")), DOCUMENT_KINDS).name.endswith(
        ".xlsx"
    )


def test_a_zip_bomb_docx_is_refused():
    bomb = office_zip(extra={"word/media/filler.bin": b"\x00" * (20 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    assert refused_code("plan.docx", bomb) == "zip_bomb"


def test_a_docx_with_a_macro_is_refused():
    macro = office_zip(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro"})
    assert refused_code("plan.docx", macro) == "macro"


def test_a_zip_that_is_no_office_file_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", b"<x/>")
    assert refused_code("plan.docx", buffer.getvalue()) == "type_not_allowed"


def test_a_jpeg_loses_its_gps_position_and_author_but_keeps_its_orientation():
    stored = clean_upload(upload("foto.jpg", jpeg_with_gps_and_author(orientation=6)), IMAGE_KINDS)
    with Image.open(stored) as image:
        assert not image.getexif()
        assert image.size == (40, 80)  # rotated as the camera meant it
    assert b"Jan de Vries" not in stored.read()


def test_a_png_loses_its_text_chunks_and_a_php_tail():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Jan de Vries")
    dirty = picture("PNG", pnginfo=info) + PHP_TAIL
    stored = clean_upload(upload("schema.png", dirty), IMAGE_KINDS).read()
    assert b"<?php" not in stored
    assert b"Jan de Vries" not in stored
    assert stored.endswith(b"IEND\xaeB`\x82")


def test_a_decompression_bomb_png_is_refused_with_a_dutch_message():
    with pytest.raises(UploadRefused) as refused:
        clean_upload(upload("bom.png", bomb_png()), IMAGE_KINDS)
    assert refused.value.code == "too_many_pixels"
    assert refused.value.message == _(
        "This image has too many pixels (at most %(pixels)s million) and cannot be stored."
    ) % {"pixels": 40}


def test_a_png_named_jpg_is_refused():
    assert refused_code("foto.jpg", picture("PNG"), IMAGE_KINDS) == "extension_mismatch"


def test_a_thousand_character_file_name_gets_a_short_stored_name():
    stored = clean_upload(upload("a" * 996 + ".png", picture("PNG")), IMAGE_KINDS)
    assert len(stored.name) < 60


# --- Through the Wagtail admin, as a coordinator ------------------------------------------


@pytest.fixture
def admin_client(client, db):
    client.force_login(CoordinatorFactory())
    return client


def add_multiple(client, app, name, content, **extra):
    response = client.post(
        reverse(f"{app}:add_multiple"), {"files[]": upload(name, content), "title": name, **extra}
    )
    assert response.status_code == 200
    return response.json()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("rooster.pdf", b"<html><body><script>alert(1)</script></body></html>"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("flyer.pdf", PDF_OPEN_ACTION_JS),
        ("flyer.pdf", PDF_EMBEDDED_FILE),
        ("plan.docx", office_zip(extra={"word/media/x.bin": b"\x00" * (20 * 1024 * 1024)})),
        ("plan.docx", office_zip(extra={"word/vbaProject.bin": b"macro"})),
    ],
    ids=["html-as-pdf", "svg", "pdf-openaction", "pdf-embedded", "docx-bomb", "docx-macro"],
)
def test_hostile_documents_get_a_message_and_nothing_is_stored(admin_client, name, content):
    result = add_multiple(admin_client, "wagtaildocs", name, content)
    assert result["success"] is False
    assert result["error_message"]
    assert not get_document_model().objects.exists()
    assert not UploadedFile.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
        ("bom.png", bomb_png()),
        ("foto.png", b"<html><script>alert(1)</script></html>"),
    ],
    ids=["svg", "bomb-png", "html-as-png"],
)
def test_hostile_images_get_a_message_and_nothing_is_stored(admin_client, name, content):
    result = add_multiple(admin_client, "wagtailimages", name, content)
    assert result["success"] is False
    assert result["error_message"]
    assert not get_image_model().objects.exists()


def test_the_single_document_form_shows_the_dutch_refusal(admin_client):
    response = admin_client.post(
        reverse("wagtaildocs:add"),
        {"title": "Rooster", "file": upload("rooster.pdf", b"<html></html>"), "collection": 1},
    )
    assert response.status_code == 200
    assert (
        _("This type of file is not allowed. Allowed types: %(types)s.")
        % {"types": "PDF, DOCX, XLSX, PPTX, ODT, TXT, CSV"}
        in response.content.decode()
    )
    assert not get_document_model().objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [("handout.pdf", pdf()), ("plan.docx", office_zip())],
)
def test_legitimate_documents_are_stored_under_a_neutral_name_with_their_title(
    admin_client, name, content
):
    result = add_multiple(admin_client, "wagtaildocs", name, content)
    assert result["success"] is True
    document = get_document_model().objects.get()
    assert document.title == name
    assert document.file.name != f"documents/{name}"
    assert document.file.read() == content


@pytest.fixture
def files_on_disk(settings, tmp_path):
    """Wagtail serves documents from a local path, which the in-memory test storage lacks."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }


def test_a_document_is_served_as_a_download_with_nosniff(admin_client, files_on_disk):
    add_multiple(admin_client, "wagtaildocs", "handout.pdf", pdf())
    response = admin_client.get(get_document_model().objects.get().url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_uploaded_jpeg_is_stored_without_gps_or_author(admin_client):
    result = add_multiple(admin_client, "wagtailimages", "foto.jpg", jpeg_with_gps_and_author())
    assert result["success"] is True
    image = get_image_model().objects.get()
    with image.file.open() as stored, Image.open(stored) as reopened:
        assert not reopened.getexif()
    assert image.title == "foto.jpg"


def test_an_uploaded_png_is_stored_without_its_tail(admin_client):
    result = add_multiple(admin_client, "wagtailimages", "schema.png", picture("PNG") + PHP_TAIL)
    assert result["success"] is True
    with get_image_model().objects.get().file.open() as stored:
        assert b"<?php" not in stored.read()


def test_legitimate_images_are_accepted(admin_client):
    assert add_multiple(admin_client, "wagtailimages", "foto.jpg", picture("JPEG"))["success"]
    assert add_multiple(admin_client, "wagtailimages", "schema.png", picture("PNG"))["success"]
    assert get_image_model().objects.count() == 2


def test_a_thousand_character_file_name_is_stored_with_a_truncated_title(admin_client):
    name = "verslag-" * 124 + "x.png"
    assert len(name) > 990
    result = add_multiple(admin_client, "wagtailimages", name, picture("PNG"))
    assert result["success"] is True
    image = get_image_model().objects.get()
    assert len(image.title) == 255
    assert image.title.startswith("verslag-verslag-")
    assert len(image.file.name) < 100


def test_the_image_chooser_upload_cleans_the_file_too(admin_client):
    response = admin_client.post(
        reverse("wagtailimages_chooser:create"),
        {
            "image-chooser-upload-title": "Foto",
            "image-chooser-upload-file": upload("foto.jpg", jpeg_with_gps_and_author()),
            "image-chooser-upload-collection": 1,
        },
    )
    assert response.status_code == 200
    image = get_image_model().objects.get()
    with image.file.open() as stored, Image.open(stored) as reopened:
        assert not reopened.getexif()


def test_the_complete_the_metadata_path_cleans_the_file_too(admin_client):
    # An empty title sends the file to Wagtail's "complete the details" step, which
    # attaches the file outside the upload form.
    result = add_multiple(
        admin_client, "wagtailimages", "foto.jpg", jpeg_with_gps_and_author(), title=""
    )
    upload_id = result["uploaded_file_id"]
    response = admin_client.post(
        reverse("wagtailimages:create_multiple_from_uploaded_image", args=(upload_id,)),
        {f"uploaded-image-{upload_id}-title": "Foto", f"uploaded-image-{upload_id}-collection": 1},
    )
    assert response.json()["success"] is True
    image = get_image_model().objects.get()
    assert "foto.jpg" not in image.file.name
    with image.file.open() as stored, Image.open(stored) as reopened:
        assert not reopened.getexif()


# --- Author metadata (plan attachments, issue 13) ------------------------------------------

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description xmp:CreatorTool="Word '
    b'van Joke Smit" pdf:Producer="Acrobat"><dc:creator><rdf:Seq><rdf:li>Joke Smit</rdf:li>'
    b"</rdf:Seq></dc:creator><pdf:Author>Joke Smit</pdf:Author></rdf:Description></rdf:RDF>"
    b"</x:xmpmeta>"
)


def pdf_with_author():
    info = b"<< /Title (Plan) /Author (Joke \\(J.\\) Smit) /Creator <4A6F6B65> /Producer (Acme) >>"
    metadata = b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream" % (
        len(XMP),
        XMP,
    )
    compressed = flate_stream(b"/Type /Metadata /Subtype /XML", XMP)
    content = pdf(objects=[info, metadata, compressed])
    return content.replace(b"/Root 1 0 R", b"/Root 1 0 R /Info 5 0 R")


def test_strip_document_metadata_blanks_pdf_author_fields_and_keeps_every_offset():
    original = pdf_with_author()
    checked = clean_upload(upload("plan.pdf", original), DOCUMENT_KINDS)
    stripped = strip_document_metadata(checked).read()
    assert b"Joke" not in stripped and b"4A6F6B65" not in stripped and b"Acme" not in stripped
    packed = stripped[stripped.index(b"stream\n", stripped.index(b"/FlateDecode")) + 7 :]
    assert b"Joke" not in zlib.decompressobj().decompress(packed)
    assert len(stripped) == len(original)
    assert b"/Title (Plan)" in stripped
    assert stripped.index(b"xref") == original.index(b"xref")


def test_strip_document_metadata_empties_docx_author_company_and_comment_authors():
    original = office_zip(
        extra={
            "docProps/core.xml": b"<cp:coreProperties><dc:creator>Joke Smit</dc:creator>"
            b"<cp:lastModifiedBy>Joke Smit</cp:lastModifiedBy><dc:title>Plan</dc:title>"
            b"</cp:coreProperties>",
            "docProps/app.xml": b"<Properties><Company>OBS De Linde</Company>"
            b"<Manager>P. Jansen</Manager></Properties>",
            "word/comments.xml": b'<w:comments><w:comment w:author="Joke Smit" w:initials="JS">'
            b"<w:p>Klopt dit?</w:p></w:comment></w:comments>",
        }
    )
    checked = clean_upload(upload("plan.docx", original), DOCUMENT_KINDS)
    stripped = strip_document_metadata(checked)
    with zipfile.ZipFile(io.BytesIO(stripped.read())) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist())
        assert b"<dc:title>Plan</dc:title>" in archive.read("docProps/core.xml")
        assert b"Klopt dit?" in archive.read("word/comments.xml")
    for name in (b"Joke", b"Smit", b"De Linde", b"Jansen", b'"JS"'):
        assert name not in everything
    stripped.seek(0)
    assert clean_upload(upload("plan.docx", stripped.read()), DOCUMENT_KINDS)
