"""Pictures for the demo, drawn with Pillow: nothing can be downloaded, and no real person
is shown. A portrait is a friendly illustrated person; a building is a school or office in
the street. Each drawing follows from its name, so a second seed draws the same picture.

``demo_image(title, alt, draw)`` stores a drawing as a Wagtail image once (by title) and
returns it; the course's testimonials and the practice day's host visits use it.
"""

import hashlib
import io

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model

SKIN = [(241, 205, 178), (224, 172, 135), (198, 134, 94), (141, 85, 56), (92, 56, 38)]
HAIR = [(40, 28, 20), (92, 60, 34), (176, 128, 66), (222, 190, 120), (120, 120, 120)]
SHIRT = [(11, 83, 148), (30, 107, 52), (181, 68, 11), (112, 48, 160), (0, 110, 120)]


def _choices(name, count):
    """``count`` small numbers that follow from ``name`` (the same on every run)."""
    digest = hashlib.sha256(name.encode()).digest()
    return list(digest[:count])


def draw_portrait(name, background, size=640):
    """A head-and-shoulders illustration of an invented person on ``background``."""
    skin, hair, shirt, style, glasses = _choices(name, 5)
    skin, hair, shirt = SKIN[skin % 5], HAIR[hair % 5], SHIRT[shirt % 5]
    picture = PillowImage.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(picture)
    unit = size / 640

    def box(x0, y0, x1, y1):
        return [x0 * unit, y0 * unit, x1 * unit, y1 * unit]

    # A soft light circle behind the person.
    lighter = tuple(min(255, c + 60) for c in background)
    draw.ellipse(box(60, 60, 580, 580), fill=lighter)
    # Shoulders and neck.
    draw.ellipse(box(110, 450, 530, 800), fill=shirt)
    draw.rectangle(box(280, 380, 360, 480), fill=skin)
    # Long hair falls behind the head.
    if style % 3 == 0:
        draw.rounded_rectangle(box(180, 170, 460, 470), radius=90 * unit, fill=hair)
    # Head, ears, eyes, smile.
    draw.ellipse(box(200, 150, 440, 420), fill=skin)
    draw.ellipse(box(185, 270, 225, 330), fill=skin)
    draw.ellipse(box(415, 270, 455, 330), fill=skin)
    draw.ellipse(box(262, 275, 282, 297), fill=(40, 40, 40))
    draw.ellipse(box(358, 275, 378, 297), fill=(40, 40, 40))
    line = max(1, int(6 * unit))
    draw.arc(box(270, 300, 370, 375), start=20, end=160, fill=(120, 40, 40), width=line)
    if glasses % 3 == 0:
        draw.ellipse(box(242, 258, 302, 314), outline=(30, 30, 30), width=line)
        draw.ellipse(box(338, 258, 398, 314), outline=(30, 30, 30), width=line)
        draw.line(box(302, 284, 338, 284), fill=(30, 30, 30), width=line)
    # Hair on top: a fringe, a short cut or a bun.
    draw.chord(box(195, 135, 445, 330), start=180, end=360, fill=hair)
    if style % 3 == 1:
        draw.ellipse(box(270, 95, 370, 185), fill=hair)
    return picture


def draw_building(name, background, size=(960, 600)):
    """A street scene with a school or office building of two or three floors."""
    floors, colour, tree = _choices(name, 3)
    floors = 2 + floors % 2
    wall = [(196, 92, 62), (222, 184, 135), (170, 170, 160), (150, 70, 60)][colour % 4]
    width, height = size
    picture = PillowImage.new("RGB", size, background)
    draw = ImageDraw.Draw(picture)
    ground = int(height * 0.8)
    draw.rectangle([0, ground, width, height], fill=(96, 150, 72))
    draw.ellipse([width - 170, 40, width - 70, 140], fill=(255, 214, 90))
    left, right = int(width * 0.2), int(width * 0.78)
    floor_height = int(height * 0.18)
    top = ground - floors * floor_height
    draw.rectangle([left, top, right, ground], fill=wall)
    draw.polygon(
        [(left - 20, top), ((left + right) // 2, top - 90), (right + 20, top)], fill=(90, 50, 40)
    )
    for floor in range(floors):
        y = top + floor * floor_height + 25
        for x in range(left + 30, right - 60, 90):
            draw.rectangle(
                [x, y, x + 55, y + floor_height - 50],
                fill=(200, 228, 245),
                outline=(255, 255, 255),
                width=4,
            )
    door = (left + right) // 2
    draw.rectangle([door - 40, ground - 120, door + 40, ground], fill=(60, 90, 130))
    trunk = 80 + tree % 40
    draw.rectangle([trunk - 12, ground - 120, trunk + 12, ground], fill=(110, 75, 45))
    draw.ellipse([trunk - 70, ground - 250, trunk + 70, ground - 100], fill=(58, 120, 60))
    return picture


def demo_image(title, alt, picture, filename):
    """The Wagtail image called ``title``, stored from ``picture`` (a Pillow image) the first
    time; later runs return the stored one."""
    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is not None:
        return image
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    image = Image(title=title, description=alt, file=ImageFile(buffer, name=filename))
    image._set_image_file_metadata()
    image.save()
    return image
