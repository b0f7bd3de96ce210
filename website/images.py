"""A photo with its alternative text: the model fields and the rule, in one place.

Every model that shows a photo (testimonials, host visits) declares the pair with these
helpers and checks it in ``clean()`` with ``check_alt_text``, so a photo never reaches a
page without a description for people who cannot see it.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, gettext_lazy

ALT_TEXT_MAX_LENGTH = 250


def image_field():
    """An optional Wagtail image; deleting the image leaves the object without a photo."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=gettext_lazy("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def alt_text_field(verbose_name, help_text):
    """The alternative text for an ``image_field``; required with a photo (check_alt_text)."""
    return models.CharField(
        verbose_name, max_length=ALT_TEXT_MAX_LENGTH, blank=True, help_text=help_text
    )


def check_alt_text(instance, image_name, alt_name):
    """For ``Model.clean()``: strip the alternative text and refuse a photo without one.

    Raises a ``ValidationError`` keyed by ``alt_name``.
    """
    alt = (getattr(instance, alt_name) or "").strip()
    setattr(instance, alt_name, alt)
    if getattr(instance, f"{image_name}_id") and not alt:
        raise ValidationError(
            {
                alt_name: gettext(
                    "Give the photo an alternative text, so everyone knows what it shows."
                )
            }
        )
