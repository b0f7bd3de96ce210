"""Cases and session notes: who may read and write them, and the pupil-privacy guard flow.

Views ask these functions and never repeat the rules. What counts as personal data, the
suggested replacements and the fingerprints are the guard's business (``website.privacy``);
this module only applies its answers to a case and logs the author's choices, never the text.

Visibility (also the rule for session notes): a draft only to its author; a shared case to
the group's active members (once the group is published) and the cohort's trainers. Nobody
else (coordinators, other groups, other cohorts, anonymous visitors) learns it exists.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from course.permissions import trains_cohort
from website import privacy
from website.errors import ActionRefused
from website.personal_data import record, section

from ..models import Case, IntervisionSession, PrivacyDecision, SessionNote, SessionRole
from . import groups

# --- Who may do what ------------------------------------------------------------------------


def is_active_member(user, group):
    """True when ``user`` is in ``group`` (and has not left) and the group is published."""
    return group.is_published and groups.is_active_member(user, group)


def may_read_session_records(user, session, *, is_member=None, listed=None):
    """The group's active members and the cohort's trainers read a session's shared case
    and its note. ``session.group.cohort`` should be loaded (select_related);
    ``is_member``: ``is_active_member(user, session.group)`` when the caller already asked;
    ``listed``: whether ``user`` is among the cohort's trainers, likewise (then the cohort
    is not read)."""
    group = session.group
    if is_member is None:
        is_member = is_active_member(user, group)
    if is_member:
        return True
    return trains_cohort(user, group.cohort if listed is None else None, listed=listed)


def may_read_case(user, case, *, is_member=None, listed=None):
    """The author always; the group and its trainers once the case is shared.
    ``is_member``, ``listed``: as for ``may_read_session_records``."""
    if not user.is_authenticated:
        return False
    if case.author_id == user.pk:
        return True
    return case.is_shared and may_read_session_records(
        user, case.session, is_member=is_member, listed=listed
    )


def has_role(user, session, role):
    return (
        user.is_authenticated
        and SessionRole.objects.filter(session=session, participant=user, role=role).exists()
    )


def may_write_case(user, session, case=None):
    """The author edits their case; a new case is written by the session's case presenter."""
    if case is not None:
        return user.is_authenticated and case.author_id == user.pk
    return has_role(user, session, SessionRole.Role.CASE_PRESENTER) and is_active_member(
        user, session.group
    )


def may_write_note(user, session):
    """The session's scribe, while a member of the group."""
    return has_role(user, session, SessionRole.Role.SCRIBE) and is_active_member(
        user, session.group
    )


# --- The case template ------------------------------------------------------------------


def case_template():
    """The starting text of a new case: question, background, what was tried (in Markdown)."""
    return "\n\n".join(
        [
            "## " + _("Question"),
            _("What do you want the group to think about with you?"),
            "## " + _("Background"),
            _(
                "What does the group need to know? Leave out names and other details "
                "that make a pupil, parent or colleague recognisable."
            ),
            "## " + _("What has been tried"),
            _("What have you and others already done, and what happened?"),
        ]
    )


# --- The privacy guard ---------------------------------------------------------------------


def marked_name_list(case):
    """The names the author asked the guard to look for, one per line in ``marked_names``."""
    return privacy.marked_name_list(case.marked_names)


def dismissed_fingerprints(case):
    """Fingerprints of findings the author marked as not personal data."""
    return set(
        case.privacy_decisions.filter(decision=PrivacyDecision.Decision.NOT_PERSONAL).values_list(
            "fingerprint", flat=True
        )
    )


def _findings(case, field, dismissed):
    return privacy.find_personal_data(
        getattr(case, field), marked_names=marked_name_list(case), dismissed=dismissed
    )


def open_findings(case):
    """Everything the guard still finds in the title and body, minus dismissed findings."""
    return privacy.open_findings(
        {"title": case.title, "body": case.body},
        marked_names=marked_name_list(case),
        dismissed=dismissed_fingerprints(case),
    )


def _locked(case):
    return Case.objects.select_for_update().get(pk=case.pk)


def _log(case, finding, decision, by):
    PrivacyDecision.objects.create(
        case=case,
        kind=finding.kind,
        fingerprint=privacy.fingerprint(finding),
        decision=decision,
        decided_by=by,
    )


def _replace(case, fingerprints, *, by):
    """Replace the findings whose fingerprint is in ``fingerprints`` (None: all open ones)."""
    with transaction.atomic():
        locked = _locked(case)
        dismissed = dismissed_fingerprints(locked)
        replaced = 0
        for field in ("title", "body"):
            findings = [
                finding
                for finding in _findings(locked, field, dismissed)
                if fingerprints is None or privacy.fingerprint(finding) in fingerprints
            ]
            if not findings:
                continue
            setattr(locked, field, privacy.replace(getattr(locked, field), findings))
            for finding in findings:
                _log(locked, finding, PrivacyDecision.Decision.REPLACED, by)
            replaced += len(findings)
        if replaced:
            locked.save(update_fields=["title", "body", "updated_at"])
    _copy(locked, case)
    return replaced


def _copy(source, target):
    for field in ("title", "body", "marked_names", "shared_at", "updated_at"):
        setattr(target, field, getattr(source, field))


def replace_finding(case, fingerprint, *, by):
    """Replace one finding (every occurrence of it) by its suggestion and log the choice.

    Raises ``ActionRefused`` "gone" when the text no longer holds that finding.
    """
    if not _replace(case, {fingerprint}, by=by):
        raise ActionRefused(_("This finding is no longer in the text."), code="gone")


def replace_all_suggested(case, *, by):
    """Replace every open finding by its suggestion; returns how many were replaced."""
    return _replace(case, None, by=by)


def dismiss_finding(case, fingerprint, *, by):
    """Log that a finding is not personal data, so the guard no longer reports it.

    Stores the kind and the fingerprint only. Raises ``ActionRefused`` "gone" when the text no
    longer holds that finding.
    """
    with transaction.atomic():
        locked = _locked(case)
        dismissed = dismissed_fingerprints(locked)
        for field in ("title", "body"):
            for finding in _findings(locked, field, dismissed):
                if privacy.fingerprint(finding) == fingerprint:
                    _log(locked, finding, PrivacyDecision.Decision.NOT_PERSONAL, by)
                    return
    raise ActionRefused(_("This finding is no longer in the text."), code="gone")


def add_marked_names(case, names, *, by):
    """Add names (one per line) for the guard to look for; a shared case with a new finding
    goes back to draft."""
    with transaction.atomic():
        locked = _locked(case)
        known = marked_name_list(locked)
        new = [name.strip() for name in names.splitlines() if name.strip()]
        locked.marked_names = "\n".join(dict.fromkeys(known + new))
        locked.save(update_fields=["marked_names", "updated_at"])
        _unshare_if_flagged(locked)
    _copy(locked, case)


def _unshare_if_flagged(case):
    if case.shared_at is not None and open_findings(case):
        case.shared_at = None
        case.save(update_fields=["shared_at", "updated_at"])


def save_case(session, author, *, title, body, marked_names, case=None):
    """Create or update the case of ``session`` as a draft by ``author``.

    A shared case stays shared when the guard finds nothing new in the edited text, and
    goes back to draft otherwise. Raises ``ActionRefused`` "not_allowed" when ``author``
    may not write it, "exists" when a new case is saved for a session that has one.
    Returns the case.
    """
    if not may_write_case(author, session, case):
        raise ActionRefused(
            _("Only the case presenter of this session can write its case."), code="not_allowed"
        )
    with transaction.atomic():
        if case is None:
            # Lock the session, so two first saves (a double click) make one case.
            IntervisionSession.objects.select_for_update().get(pk=session.pk)
            if Case.objects.filter(session=session).exists():
                raise ActionRefused(
                    _("This session already has a case; open it to make changes."),
                    code="exists",
                )
            case = Case(session=session, author=author)
        else:
            case = _locked(case)
        case.title = title
        case.body = body
        case.marked_names = marked_names
        case.save()
        _unshare_if_flagged(case)
    return case


def share_case(case, *, by):
    """Share the case with the group; raises ``ActionRefused`` "findings" while the guard still
    reports something the author has not replaced or dismissed."""
    with transaction.atomic():
        locked = _locked(case)
        if open_findings(locked):
            raise ActionRefused(
                _("Replace or dismiss every finding before you share the case."),
                code="findings",
            )
        if locked.shared_at is None:
            locked.shared_at = timezone.now()
            locked.save(update_fields=["shared_at", "updated_at"])
    _copy(locked, case)


def unshare_case(case, *, by):
    """Take the case back to draft: only its author sees it."""
    case.shared_at = None
    # Saved (not ``update()``): the group's cached pages watch cases (intervision/apps.py).
    case.save(update_fields=["shared_at", "updated_at"])


# --- Session notes -------------------------------------------------------------------------


def save_note(session, author, *, body):
    """Create or update the scribe's note of ``session``. Raises ``ActionRefused``
    "not_allowed" for anyone but the session's scribe."""
    if not may_write_note(author, session):
        raise ActionRefused(
            _("Only the scribe of this session can write its notes."), code="not_allowed"
        )
    note, _created = SessionNote.objects.update_or_create(
        session=session, defaults={"author": author, "body": body}
    )
    return note


# --- A person's data (AVG; hooks of website.personal_data) ---------------------------------


def export_case_data(user):
    """``PERSONAL_DATA_EXPORT``: the cases the person wrote (drafts and shared) and the
    session notes they wrote as scribe; the other members are not named."""
    cases = (
        Case.objects.filter(author=user).select_related("session").order_by("session__starts_at")
    )
    yield section(
        _("Intervision cases"),
        [
            record(
                case,
                ["title", "body", "marked_names", "shared_at", "updated_at"],
                **{pgettext("intervision", "session"): case.session.date},
            )
            for case in cases
        ],
    )
    notes = SessionNote.objects.filter(author=user).select_related("session")
    yield section(
        _("Intervision session notes"),
        [
            record(
                note,
                ["body", "updated_at"],
                **{pgettext("intervision", "session"): note.session.date},
            )
            for note in notes.order_by("session__starts_at")
        ],
    )


def erase_case_data(user, *, by):
    """``PERSONAL_DATA_ERASURE``: delete every case the person wrote, drafts and shared
    ones, and every session note they wrote (their privacy decisions go with the case).

    A shared case and a note are also part of the group's record, but they are about pupils
    and the retention rule (services/retention.py) deletes them once the cohort ends anyway,
    so the group loses them a little earlier rather than keeping text without its author.
    The session itself, with its roles, stays.
    """
    _total, cases = Case.objects.filter(author=user).delete()
    notes = SessionNote.objects.filter(author=user).delete()[0]
    return {
        _("intervision cases deleted"): cases.get(Case._meta.label, 0),
        _("intervision session notes deleted"): notes,
    }


# --- Demo data -----------------------------------------------------------------------------

DEMO_CASE_TITLE = "Een leerling die steeds vaker thuisblijft"
DEMO_CASE_BODY = """## Vraag

Hoe krijg ik de ouders weer aan tafel, nu de leerling steeds vaker thuisblijft?

## Achtergrond

Leerling A zit in groep 6. Sinds de herfstvakantie mist zij gemiddeld een dag per week.
De leerkracht ziet een stil kind dat in de klas weinig zegt. Moeder belde twee keer af
met "buikpijn"; een gesprek op school is al twee keer verzet.

## Wat is al geprobeerd

- Een gesprek met de leerkracht over wat zij in de klas ziet.
- Een uitnodiging voor een gesprek met de ouders, twee keer verzet.
- Overleg met de jeugdverpleegkundige van de GGD, die nog geen contact had met het gezin.
"""
DEMO_NOTE_BODY = """## Adviezen uit de groep

- Bel moeder zelf en vraag wat zij nodig heeft om naar school te komen.
- Spreek de volgende afspraak thuis of op een neutrale plek af.
- Betrek de leerplichtambtenaar pas na dat gesprek, en zeg dat eerlijk tegen de ouders.

## Wat de inbrenger meeneemt

Eerst het contact herstellen, dan pas de regels.
"""


def create_demo_case(session):
    """Give ``session`` a shared case by its case presenter and a note by its scribe.

    For the demo data (``intervision/demo.py``); goes through the same services as a real
    case, so the privacy guard checks the demo text too. Returns the case, or None when the
    session has no case presenter.
    """
    roles = {role.role: role.participant for role in session.roles.select_related("participant")}
    presenter = roles.get(SessionRole.Role.CASE_PRESENTER)
    if presenter is None:
        return None
    case = Case.objects.create(
        session=session, author=presenter, title=DEMO_CASE_TITLE, body=DEMO_CASE_BODY
    )
    replace_all_suggested(case, by=presenter)
    share_case(case, by=presenter)
    scribe = roles.get(SessionRole.Role.SCRIBE)
    if scribe is not None:
        SessionNote.objects.create(session=session, author=scribe, body=DEMO_NOTE_BODY)
    return case
