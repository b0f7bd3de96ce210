"""The certificate as a PDF, drawn with reportlab (pure Python wheels: no system libraries).

Nothing is stored: ``render_certificate`` draws the PDF anew from the ``Certificate`` row on
every download, so a corrected training name or a revocation never leaves a stale file.
The text is in the active language; the QR code holds the public verification URL.
"""

import io

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

ACCENT = colors.HexColor("#1f4e79")
QR_SIZE = 32 * mm


def _date(value):
    return formats.date_format(value, "j F Y") if value else ""


def _draw_centred(pdf, text, font, size, x, y, max_width):
    """Draw ``text`` centred at ``x``, smaller when needed to fit ``max_width`` (long names)."""
    while size > 8 and pdf.stringWidth(text, font, size) > max_width:
        size -= 1
    pdf.setFont(font, size)
    pdf.drawCentredString(x, y, text)


def default_issuer():
    return _("In co-operation with the LBBO, the PO-Raad and the NCOJ")


def render_certificate(certificate, *, verification_url, training=None):
    """The PDF bytes of ``certificate``; ``verification_url`` is the absolute address the QR
    code and the printed line point to, ``training`` the TrainingPage (its name and issuer)."""
    cohort = certificate.cohort
    days = sorted(day.date for day in cohort.days.all())
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(_("Certificate %(code)s") % {"code": certificate.display_code})
    pdf.setAuthor(training.title if training else "")
    pdf.setSubject(_("Certificate"))

    pdf.setStrokeColor(ACCENT)
    pdf.setLineWidth(3)
    pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)

    center = width / 2
    y = height - 45 * mm
    pdf.setFillColor(ACCENT)
    pdf.setFont("Helvetica-Bold", 34)
    pdf.drawCentredString(center, y, _("Certificate"))
    pdf.setFillColor(colors.black)
    y -= 16 * mm
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(center, y, _("This certifies that"))
    y -= 14 * mm
    _draw_centred(pdf, certificate.name, "Helvetica-Bold", 26, center, y, width - 50 * mm)
    y -= 12 * mm
    pdf.setFont("Helvetica", 14)
    pdf.drawCentredString(center, y, _("has completed the training"))
    y -= 11 * mm
    # The page title may be short ("De opleiding"); the SEO title holds the full name.
    title = (training.seo_title or training.title) if training else ""
    _draw_centred(pdf, title, "Helvetica-Bold", 18, center, y, width - 50 * mm)
    y -= 8 * mm
    pdf.setFont("Helvetica", 12)
    issuer = (training.certificate_issuer if training else "") or default_issuer()
    pdf.drawCentredString(center, y, issuer)
    y -= 12 * mm
    pdf.drawCentredString(center, y, _("Cohort: %(cohort)s") % {"cohort": cohort.title})
    y -= 7 * mm
    if days:
        pdf.drawCentredString(
            center,
            y,
            _("Course days from %(first)s to %(last)s")
            % {"first": _date(days[0]), "last": _date(days[-1])},
        )
        y -= 7 * mm
    pdf.drawCentredString(
        center, y, _("Study load: %(hours)s hours") % {"hours": certificate.study_hours}
    )
    y -= 7 * mm
    pdf.drawCentredString(
        center, y, _("Completed on %(date)s") % {"date": _date(certificate.completed_on)}
    )

    # The verification block, bottom left: the QR code and the code in words.
    widget = QrCodeWidget(verification_url, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    scale = [QR_SIZE / (x1 - x0), 0, 0, QR_SIZE / (y1 - y0), 0, 0]
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=scale)
    drawing.add(widget)
    renderPDF.draw(drawing, pdf, 22 * mm, 20 * mm)
    text_x = 22 * mm + QR_SIZE + 6 * mm
    pdf.setFont("Helvetica", 10)
    pdf.drawString(text_x, 42 * mm, _("Verification code"))
    pdf.setFont("Helvetica-Bold", 16)
    pdf.drawString(text_x, 34 * mm, certificate.display_code)
    pdf.setFont("Helvetica", 9)
    pdf.drawString(text_x, 27 * mm, _("Check this certificate at:"))
    pdf.drawString(text_x, 22 * mm, verification_url)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
