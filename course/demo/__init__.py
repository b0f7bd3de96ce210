"""The course's demo data, run by ``manage.py seed_demo`` (course/hooks.py ``DEMO_MODULE``):
the content (content.py) first, then the registrations (registrations.py), then a finished
cohort with a certificate (certificates.py)."""

from website.models import HomePage

from .certificates import seed_certificate
from .content import seed_course_content
from .registrations import seed_registrations


def seed(stdout=None):
    """Create or update the training under the home page and its demo registrations."""
    seed_course_content(HomePage.objects.first())
    seed_registrations(stdout)
    seed_certificate(stdout)
