"""The reflection log: each member's private reflections on their intervision group.

A reflection is read by its author only, and by the trainers of the group's cohort once the
author shares that entry with the trainer. Nobody else ever: not groupmates, coordinators,
other trainers or anonymous visitors. Views ask these functions and never repeat the rule.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from course.permissions import trains_cohort
from website.errors import ActionRefused
from website.personal_data import record, section

from ..models import Reflection
from .cases import is_active_member


def may_read_reflection(user, reflection):
    """The author; the cohort's trainers when the author shared it.
    ``reflection.group.cohort`` should be loaded (select_related)."""
    if not user.is_authenticated:
        return False
    if reflection.author_id == user.pk:
        return True
    return reflection.shared_with_trainer and trains_cohort(user, reflection.group.cohort)


def may_keep_reflections(user, group):
    """Active members of a published group keep a reflection log in it."""
    return is_active_member(user, group)


def own_reflections(user, group):
    """``user``'s reflections in ``group``, newest first, with their session loaded."""
    return (
        Reflection.objects.filter(author=user, group=group)
        .select_related("session")
        .order_by("-created_at", "-pk")
    )


def shared_reflections(group):
    """The reflections members of ``group`` shared with the trainer, newest first."""
    return (
        Reflection.objects.filter(group=group, shared_with_trainer=True)
        .select_related("author", "session")
        .order_by("-created_at", "-pk")
    )


def save_reflection(
    author, group, *, body, session=None, shared_with_trainer=False, reflection=None
):
    """Create (or update, when ``reflection`` is given) a reflection of ``author``.

    Raises ``ActionRefused`` "not_allowed" when ``author`` is not an active member of ``group``
    or does not own ``reflection``, and "wrong_session" for a session of another group.
    """
    if reflection is not None and reflection.author_id != author.pk:
        raise ActionRefused(_("You can only change your own reflections."), code="not_allowed")
    if reflection is None and not may_keep_reflections(author, group):
        raise ActionRefused(
            _("Only members of this group can keep reflections in it."), code="not_allowed"
        )
    if session is not None and session.group_id != group.pk:
        raise ActionRefused(_("Choose a session of your own group."), code="wrong_session")
    reflection = reflection or Reflection(author=author, group=group)
    reflection.body = body
    reflection.session = session
    reflection.shared_with_trainer = shared_with_trainer
    reflection.save()
    return reflection


def delete_reflection(author, reflection):
    """Delete ``author``'s own reflection; raises ``ActionRefused`` "not_allowed" otherwise."""
    if reflection.author_id != author.pk:
        raise ActionRefused(_("You can only change your own reflections."), code="not_allowed")
    reflection.delete()


def export_markdown(user, group):
    """``user``'s own reflections in ``group`` as one Markdown document (oldest first)."""
    lines = [
        "# "
        + _("My reflections – %(group)s, %(cohort)s")
        % {"group": group.name, "cohort": group.cohort.title},
        "",
    ]
    for reflection in reversed(list(own_reflections(user, group))):
        written = timezone.localtime(reflection.created_at)
        heading = date_format(written, "DATETIME_FORMAT")
        if reflection.session is not None:
            heading += " – " + _("session of %(date)s") % {
                "date": date_format(reflection.session.date)
            }
        lines += ["## " + heading, "", reflection.body.strip(), ""]
    return "\n".join(lines)


# --- A person's data (AVG; hooks of website.personal_data) ---------------------------------


def export_reflection_data(user):
    """``PERSONAL_DATA_EXPORT``: every reflection the person wrote, oldest first."""
    reflections = (
        Reflection.objects.filter(author=user)
        .select_related("group__cohort", "session")
        .order_by("created_at", "pk")
    )
    yield section(
        _("Intervision reflections"),
        [
            record(
                reflection,
                ["body", "shared_with_trainer", "created_at", "updated_at"],
                **{
                    _("cohort"): reflection.group.cohort.title,
                    _("group"): reflection.group.name,
                    pgettext("intervision", "session"): reflection.session.date
                    if reflection.session
                    else None,
                },
            )
            for reflection in reflections
        ],
    )


def erase_reflection_data(user, *, by):
    """``PERSONAL_DATA_ERASURE``: delete every reflection the person wrote, shared or not
    (they are theirs alone; a trainer only ever had read access)."""
    deleted = Reflection.objects.filter(author=user).delete()[0]
    return {_("intervision reflections deleted"): deleted}
