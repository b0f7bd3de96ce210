from django import template

from course.money import format_euro

register = template.Library()


@register.filter
def euro(amount):
    """``{{ cohort.price|euro }}`` → ``€ 2.495,00``; empty for a missing amount."""
    if amount is None or amount == "":
        return ""
    try:
        return format_euro(amount)
    except ValueError:
        return ""


@register.inclusion_tag("components/training_overview.html", takes_context=True)
def training_overview(context, cohorts=3, testimonials=3):
    """``{% training_overview %}`` on the home page: the next cohorts with places left (with
    an "Aanmelden" link each), the seven course days and the testimonials of the live
    training page. The home page lives in ``website``, which may not import the course, so
    the course brings its part through this tag. Nothing when there is no live training."""
    from course.models import Testimonial, TrainingPage

    training = TrainingPage.objects.live().first()
    if training is None:
        return {"training": None}
    return {
        "request": context.get("request"),
        "training": training,
        "cohorts": training.get_next_cohorts_with_places(cohorts),
        "course_days": training.get_course_days(),
        "testimonials": Testimonial.objects.for_display()[:testimonials],
    }
