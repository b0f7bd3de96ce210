from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.images import get_image_model
from wagtail.search import index

from website.images import alt_text_field, check_alt_text, image_field

# Rendition sizes the training page asks for; prefetched together so the list stays flat.
# If these change, also update templates/course/includes/testimonial.html.
PORTRAIT_FILTERS = ("fill-160x160", "fill-320x320")


class TestimonialQuerySet(models.QuerySet):
    def for_display(self):
        """Testimonials with their photo and its portrait renditions, in fixed query count."""
        rendition_model = get_image_model().get_rendition_model()
        return self.select_related("photo").prefetch_related(
            Prefetch(
                "photo__renditions",
                queryset=rendition_model.objects.filter(filter_spec__in=PORTRAIT_FILTERS),
            )
        )


class Testimonial(index.Indexed, models.Model):
    """A participant's own words about the training ("deelnemers aan het woord")."""

    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=150, blank=True)
    school = models.CharField(_("school"), max_length=200, blank=True)
    photo = image_field()
    photo_alt = alt_text_field(
        _("alternative text for the photo"),
        _("Describe the photo for people who cannot see it. Required with a photo."),
    )
    why_this_training = models.TextField(_("why this training?"))
    view_on_new_role = models.TextField(_("what do you think of the new role?"), blank=True)
    biggest_challenge = models.TextField(_("what is the biggest challenge?"), blank=True)
    sort_order = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Lower numbers are shown first.")
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("function")]),
        FieldPanel("school"),
        MultiFieldPanel([FieldPanel("photo"), FieldPanel("photo_alt")], heading=_("Photo")),
        FieldPanel("why_this_training"),
        FieldPanel("view_on_new_role"),
        FieldPanel("biggest_challenge"),
        FieldPanel("sort_order"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("school"),
    ]

    objects = TestimonialQuerySet.as_manager()

    class Meta:
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        check_alt_text(self, "photo", "photo_alt")
