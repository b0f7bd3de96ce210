"""A person's data (AVG): one export of everything the site holds about a person, and the
erasure a coordinator carries out on their request.

Every app contributes its own part through two extension points, registered in the app's
``wagtail_hooks.py``. They are declared here, in the project package, because the account
itself lives here and ``website`` must not import a feature app; ``course/hooks.py`` points
to them beside the other extension points::

    from wagtail import hooks
    from website.personal_data import PERSONAL_DATA_ERASURE, PERSONAL_DATA_EXPORT

    @hooks.register(PERSONAL_DATA_EXPORT)
    def export_my_app(user):
        yield section(_("Intervision groups"), [record(m, ["group", "role"]) for m in ...])

    @hooks.register(PERSONAL_DATA_ERASURE)
    def erase_my_app(user, *, by):
        deleted, _ = Membership.objects.filter(person=user).delete()
        return {_("intervision memberships removed"): deleted}

Course, practice day, intervision (groups, roles, cases, notes, reflections) and
assignments (plans, versions, reviews received and written, extensions) implement both;
each app's module docstring says what its erasure deletes, keeps or anonymises and why.

What erasure keeps, and why (the coordinator's expectation, README "A person's data"):
the account row stays, anonymised and deactivated (``User.erased_at``), so that rows that
must survive keep a target: prices and the registration log (invoices, price history),
attendance (cohort statistics) and other people's records. Everything that names or
reaches the person goes: name, email addresses, school link, function, sessions, the
Wagtail profile, and in each app the free text they typed, their membership number and
their calendar link. A place they hold in a cohort or visit that has not ended is
cancelled through the apps' own services, so it goes to the next person waiting.
"""

import datetime
import re
from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, PageLogEntry

from .errors import ActionRefused
from .models import User

#: Each app's part of a person's export. ``fn(user) -> iterable of sections``, each made
#: with ``section(title, records)``: a translated title and a list of records, each a dict
#: of translated field label -> plain value (str, int, bool or None; ``record`` builds one
#: from model fields). The same structure renders the readable page and the JSON download,
#: so return only the person's own data: never another person's name, not even the trainer
#: who recorded something.
PERSONAL_DATA_EXPORT = "personal_data_export"

#: Each app's part of carrying out a deletion request. ``fn(user, *, by) -> summary``: a
#: dict of translated description -> count ("registrations anonymised": 2). Runs inside the
#: one transaction of ``erase_personal_data``, before the account itself is anonymised, so
#: ``user`` still carries the name and email address to match on. ``by`` is the coordinator.
#: Remove or anonymise what names or reaches the person; keep amounts and counts that
#: others rely on; free places through the app's own services so the waiting list moves.
PERSONAL_DATA_ERASURE = "personal_data_erasure"

# RFC 2606: the .invalid domain never resolves, so mail to an erased account goes nowhere
# (website.mail.send_plain_mail also drops it before sending).
ERASED_EMAIL_DOMAIN = "erased.invalid"


def section(title, records):
    """One part of the export: a translated title and its records (label -> value dicts)."""
    return {"title": str(title), "records": list(records)}


def plain_value(value):
    """``value`` as plain JSON data a person can read: text, number, yes/no or empty."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.time):
        return value.isoformat(timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)  # a Decimal, a model instance or a lazy translation


def record(instance, field_names, **extra):
    """A dict of translated label -> plain value for ``field_names`` of ``instance``.

    Choice fields give their label, relations their ``str``; ``extra`` adds computed
    entries under their (translated) keys.
    """
    values = {}
    for name in field_names:
        field = instance._meta.get_field(name)
        value = instance._get_FIELD_display(field) if field.choices else getattr(instance, name)
        values[str(capfirst(field.verbose_name))] = plain_value(value)
    for label, value in extra.items():
        values[str(capfirst(label))] = plain_value(value)
    return values


def export_personal_data(user):
    """Everything the site holds about ``user``: the account first, then each app's part."""
    sections = [_account_section(user)]
    for fn in hooks.get_hooks(PERSONAL_DATA_EXPORT):
        sections.extend(fn(user))
    return sections


def _account_section(user):
    account = record(
        user, ["full_name", "email", "function", "school", "date_joined", "last_login"]
    )
    account[str(capfirst(_("roles")))] = ", ".join(sorted(user.role_names))
    addresses = [
        record(address, ["email", "verified", "primary"])
        for address in EmailAddress.objects.filter(user=user).order_by("email")
    ]
    return section(_("Your account"), [account, *addresses])


def erase_personal_data(user, *, by):
    """Carry out ``user``'s deletion request on behalf of the coordinator ``by``.

    In one transaction: every app's ``PERSONAL_DATA_ERASURE`` part, then the account is
    anonymised and deactivated, labels in Wagtail's history that name the person are
    neutralised, and the erasure is logged (who, when, which account id; never the erased
    data). Returns the summary, a dict of translated description -> count. Raises
    ``ActionRefused`` ("not_allowed", "self", "superuser", "already_erased").
    """
    if not by.has_perm("website.erase_user"):
        raise ActionRefused(_("You may not erase a person's data."), code="not_allowed")
    if user.pk == by.pk:
        raise ActionRefused(_("You cannot erase your own account here."), code="self")
    if user.is_superuser and not by.is_superuser:
        raise ActionRefused(
            _("Only an administrator can erase an administrator's account."), code="superuser"
        )
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.erased_at:
            raise ActionRefused(
                _("This person's data has already been erased."), code="already_erased"
            )
        summary = {}
        for fn in hooks.get_hooks(PERSONAL_DATA_ERASURE):
            for label, count in fn(user, by=by).items():
                summary[str(label)] = summary.get(str(label), 0) + count
        summary.update({str(label): count for label, count in _erase_account(user).items()})
        log(
            instance=user,
            action="website.erase_personal_data",
            user=by,
            data={"summary": summary},
        )
    return summary


def _erase_account(user):
    name, email, school = user.full_name, user.email, user.school
    addresses = list(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    summary = {
        _("email addresses removed"): EmailAddress.objects.filter(user=user).delete()[0],
        _("sessions ended"): _end_sessions(user),
    }
    _remove_wagtail_profile(user)
    user.erased_at = timezone.now()
    user.full_name = ""
    user.email = f"person-{user.pk}@{ERASED_EMAIL_DOMAIN}"
    user.function = User.Function.OTHER
    user.school = None
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    if school is not None and not _is_referenced(school):
        # A school only this person named is theirs to take along; a shared one stays.
        school.delete()
    summary[_("history entries neutralised")] = _neutralise_history(user, [name, email, *addresses])
    return summary


def _end_sessions(user):
    """Delete the person's database sessions (a changed password ends the rest)."""
    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            # Through the session engine: cached_db also forgets its cached copy.
            store(session.session_key).delete()
            ended += 1
    return ended


def _remove_wagtail_profile(user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.objects.filter(user=user).first()
    if profile is not None:
        if profile.avatar:
            profile.avatar.delete(save=False)
        profile.delete()


def _is_referenced(instance):
    """True when any row still points at ``instance`` (a generic check of its relations)."""
    for relation in instance._meta.related_objects:
        if relation.many_to_many or relation.one_to_many or relation.one_to_one:
            related = relation.related_model._default_manager.filter(
                **{relation.field.name: instance}
            )
            if related.exists():
                return True
    return False


def _neutralise_history(user, values):
    """Replace ``values`` (name, addresses) in Wagtail's history labels; return the count.

    Wagtail stores an object's title with each log entry ("Jan Jansen – Groep Utrecht",
    or the account's own name). The entries stay: they are the coordinators' record of
    what happened, now without the person's name.
    """
    values = sorted({value for value in values if value}, key=len, reverse=True)
    if not values:
        return 0
    pattern = re.compile("|".join(re.escape(value) for value in values), re.IGNORECASE)
    mentions = Q(pk__in=[])
    for value in values:
        mentions |= Q(label__icontains=value)
    changed = 0
    for model in (ModelLogEntry, PageLogEntry):
        for entry in model.objects.filter(mentions):
            entry.label = pattern.sub(str(user), entry.label)
            entry.save(update_fields=["label"])
            changed += 1
    return changed
