"""Registration for a cohort: places, waiting list, offers, cancellation, LBBO discount.

Every change that touches more than one row, needs the cohort lock or sends mail lives
here (STYLE §5). Views, forms, admin hooks and management commands call these functions
and never repeat the rules.

Places are never oversold: each function that gives or frees a place locks the cohort's
row with ``select_for_update()`` inside ``transaction.atomic()`` and recounts under the
lock. Mail goes out after commit, in the recipient's language.
"""

import csv
import datetime
import io
import secrets
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from website import page_cache
from website.errors import ActionRefused
from website.links import public_url
from website.mail import send_templated_mail
from website.models import SiteConfig, User
from website.services import find_or_create_board, find_or_create_school

from ..membership import (
    canonical_membership_number,
    is_on_member_list,
    normalise_membership_number,
    validate_membership_number,
)
from ..models import (
    CohortPage,
    DuoInvitation,
    InCompanyRequest,
    LbboMember,
    Registration,
    RegistrationLog,
    RegistrationSettings,
    TrainingPage,
)
from ..pricing import PriceBreakdown, calculate_price, no_price

Status = Registration.Status
MembershipStatus = Registration.MembershipStatus

MAX_MEMBER_LIST_BYTES = 5 * 1024 * 1024


@dataclass
class RegistrationDetails:
    """What the registration form collects, already normalised by the form."""

    function: str = ""
    school_name: str = ""
    school_place: str = ""
    board_name: str = ""
    payer: str = Registration.Payer.SELF
    invoice_address: str = ""
    invoice_reference: str = ""
    is_lbbo_member: bool = False
    membership_number: str = ""
    terms_accepted: bool = False
    invitation_code: str = ""


def price_for(cohort, details, registration_settings=None):
    """The breakdown a registrant with ``details`` pays for ``cohort``.

    The LBBO discount is only for individual registrations: never in a closed (in-company)
    cohort, whose participants see no price at all.
    """
    if cohort.is_closed:
        return no_price()
    registration_settings = registration_settings or RegistrationSettings.load()
    member = details.is_lbbo_member and bool(details.membership_number)
    return calculate_price(
        cohort.price,
        lbbo_discount=member,
        percent=registration_settings.lbbo_discount_percent,
        provisional=member and not is_on_member_list(details.membership_number),
    )


MEMBERSHIP_NOT_TICKED = gettext_lazy(
    "You entered an LBBO membership number but did not tick that you are a member. Tick "
    "“I am a member of the LBBO” to get the discount, or clear the number."
)
MEMBERSHIP_NUMBER_USED = gettext_lazy(
    "This membership number has already been used for a discount in this cohort. Each "
    "membership number gives the discount once per cohort."
)


def membership_number_used(cohort, number):
    """True when ``number`` (canonical) already earned the discount in ``cohort``.

    ``register`` asks this again under the cohort lock; the preview asks it without, so
    the registrant hears it before confirming.
    """
    return bool(number) and (
        Registration.objects.filter(cohort=cohort)
        .active()
        .filter(membership_number=number, discount__gt=0)
        .exists()
    )


def places_in_same_training(participant, cohort):
    """``participant``'s place-holding registrations in other cohorts of ``cohort``'s
    training. One person takes one place per training unless a coordinator decides
    otherwise, so a registration while this is non-empty awaits that decision."""
    if participant is None or not participant.is_authenticated:
        return []
    return list(
        Registration.objects.for_participant(participant)
        .in_other_cohorts_of(cohort)
        .select_related("cohort")
    )


def preview_registration(participant, cohort, details, *, today=None):
    """What the preview shows before anything is stored: ``(price, other_places)``.

    Runs the same checks as ``register`` (without the lock), so a problem is a form error
    on the preview rather than a refusal at the final step: raises ``ActionRefused``
    like ``register``. ``other_places`` lists the registrant's places in other cohorts of
    the same training, for the warning that a coordinator will decide.
    """
    registration_settings = RegistrationSettings.load()
    check_registration_details(
        cohort, details, today=today, registration_settings=registration_settings
    )
    if membership_number_used(cohort, details.membership_number):
        raise ActionRefused(MEMBERSHIP_NUMBER_USED, code="membership_number_used")
    return (
        price_for(cohort, details, registration_settings),
        places_in_same_training(participant, cohort),
    )


def check_registration_details(cohort, details, *, today=None, registration_settings=None):
    """The cheap checks, without locking: raise ``ActionRefused`` on the first problem.

    Replaces ``details.membership_number`` with its canonical form in place.
    """
    if not cohort.live:
        raise ActionRefused(_("This cohort cannot be found."), code="not_found")
    if not cohort.is_open_for_registration(today):
        raise ActionRefused(_("Registration for this cohort is not open."), code="closed")
    if cohort.is_closed and not cohort.accepts_invitation_code(details.invitation_code):
        raise ActionRefused(
            _("This cohort is only open to people with a valid invitation code."),
            code="invitation_code",
        )
    if not details.terms_accepted:
        raise ActionRefused(
            _("You can only register if you agree to the terms and conditions."), code="terms"
        )
    if cohort.is_closed:
        details.is_lbbo_member = False
        details.membership_number = ""
    details.membership_number = normalise_membership_number(details.membership_number)
    if details.membership_number and not details.is_lbbo_member:
        # Never drop a typed number silently: the registrant meant something by it.
        raise ActionRefused(MEMBERSHIP_NOT_TICKED, code="membership_not_ticked")
    if details.is_lbbo_member:
        try:
            validate_membership_number(
                details.membership_number,
                registration_settings or RegistrationSettings.load(),
            )
        except ValidationError as error:
            raise ActionRefused(error.messages[0], code=error.code) from error
        details.membership_number = canonical_membership_number(details.membership_number)
    else:
        details.membership_number = ""


def _email_is_verified(user):
    return EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()


def _lock_cohort(cohort):
    # Locks only ever happen inside atomic() (STYLE §5); select_for_update enforces it.
    return CohortPage.objects.select_for_update().get(pk=cohort.pk)


def _log_status(registration, old_status, reason, by=None, now=None):
    RegistrationLog.objects.create(
        registration=registration,
        kind=RegistrationLog.Kind.STATUS,
        changed_by=by if by and by.is_authenticated else None,
        changed_at=now or timezone.now(),
        old_status=old_status,
        new_status=registration.status,
        reason=reason,
    )


def _mail_after_commit(registration, kind):
    transaction.on_commit(lambda: send_registration_mail(registration.pk, kind))


def register(participant, cohort, details, *, today=None, now=None):
    """Register ``participant`` for ``cohort``; return the new ``Registration``.

    The registration takes a free place (confirmed, or awaiting email confirmation while
    the account's address is unverified) or, when the cohort is full, joins the waiting
    list. With a place in another cohort of the same training it holds the place but
    awaits a coordinator's decision (``NEEDS_DECISION``, the reason in its log). Raises
    ``ActionRefused`` with code "not_found", "closed", "invitation_code", "terms",
    "membership_not_ticked", a membership-number code, "already_registered" or
    "membership_number_used"; nothing is stored then. Mails the registrant after commit.
    """
    registration_settings = RegistrationSettings.load()
    check_registration_details(
        cohort, details, today=today, registration_settings=registration_settings
    )
    price = price_for(cohort, details, registration_settings)
    now = now or timezone.now()
    with transaction.atomic():
        cohort = _lock_cohort(cohort)
        # Registering oneself while a colleague holds a place for one takes that place.
        held = (
            DuoInvitation.objects.select_for_update()
            .pending()
            .filter(cohort=cohort, email__iexact=participant.email)
            .first()
        )
        if held is not None:
            held.status = DuoInvitation.Status.ACCEPTED
            held.answered_at = now
            held.save(update_fields=["status", "answered_at"])
        registration = _create_registration(
            participant,
            cohort,
            details,
            price,
            now=now,
            has_place=held is not None or cohort.places_left > 0,
        )
        if held is not None:
            held.registration = registration
            held.save(update_fields=["registration"])
    _mail_after_commit(registration, registration.status)
    return registration


def _create_registration(participant, cohort, details, price, *, now, has_place):
    """Write one registration with its log; the caller holds the lock of ``cohort``.

    ``has_place``: a place is free for it (counted under the lock, or held for it);
    otherwise it joins the waiting list. With a place in another cohort of the same
    training it holds the place but awaits a coordinator (``NEEDS_DECISION``). Re-checks
    what a parallel registration can change and raises ``ActionRefused``
    ("already_registered", "membership_number_used").
    """
    number = details.membership_number
    registrations = Registration.objects.filter(cohort=cohort).active()
    if registrations.filter(participant=participant).exists():
        raise ActionRefused(
            _("You are already registered for this cohort."), code="already_registered"
        )
    if membership_number_used(cohort, number):
        raise ActionRefused(MEMBERSHIP_NUMBER_USED, code="membership_number_used")
    other_places = places_in_same_training(participant, cohort)
    if not has_place:
        status = Status.WAITING_LIST
    elif other_places:
        status = Status.NEEDS_DECISION
    else:
        verified = _email_is_verified(participant)
        status = Status.CONFIRMED if verified else Status.AWAITING_CONFIRMATION
    if not number:
        membership_status = MembershipStatus.NONE
    elif LbboMember.objects.filter(number=number).exists():
        membership_status = MembershipStatus.VERIFIED
    else:
        membership_status = MembershipStatus.UNCHECKED
    try:
        # A savepoint, so the outer transaction survives a constraint violation.
        with transaction.atomic():
            registration = Registration.objects.create(
                cohort=cohort,
                participant=participant,
                status=status,
                function=details.function,
                school_name=details.school_name,
                school_place=details.school_place,
                board_name=details.board_name,
                payer=details.payer,
                invoice_address=details.invoice_address,
                invoice_reference=details.invoice_reference,
                is_lbbo_member=bool(number),
                membership_number=number,
                membership_status=membership_status,
                course_fee=price.course_fee,
                discount=price.discount,
                total=price.total,
                terms_accepted_at=now,
            )
    except IntegrityError as error:
        # Only reachable if a row was written without taking the cohort lock.
        raise ActionRefused(
            _("You are already registered for this cohort."), code="already_registered"
        ) from error
    _log_status(registration, "", gettext_lazy("registered"), by=participant, now=now)
    if status == Status.NEEDS_DECISION:
        _log_status(
            registration, Status.NEEDS_DECISION, _needs_decision_reason(other_places), now=now
        )
    _complete_account(participant, details)
    RegistrationLog.objects.create(
        registration=registration,
        kind=RegistrationLog.Kind.PRICE,
        changed_by=participant,
        changed_at=now,
        new_discount=price.discount,
        new_total=price.total,
        reason=gettext_lazy("price at registration"),
    )
    return registration


# --- Register together (a director and their own ib'er) ---------------------------------

DUO_SIGNING_SALT = "course.duo-invitation"


def duo_invitation_token(invitation):
    """The secret in the colleague's link: the invitation's id, signed and timestamped."""
    return signing.dumps(invitation.pk, salt=DUO_SIGNING_SALT)


def duo_invitation_from_token(token):
    """The invitation a link's token names, or None for a forged or damaged token.

    The link's age is checked against the invitation's own ``expires_at`` (``is_open``),
    so a coordinator changing the offer period never revives or kills links already sent.
    """
    try:
        pk = signing.loads(token, salt=DUO_SIGNING_SALT)
    except signing.BadSignature:
        return None
    return (
        DuoInvitation.objects.select_related("cohort", "invited_with__participant")
        .filter(pk=pk)
        .first()
    )


def register_together(
    participant, cohort, details, *, colleague_name, colleague_email, today=None, now=None
):
    """Register ``participant`` and hold a second place for a colleague (register together).

    Both places or neither: under the cohort lock, two free places are needed, else
    ``ActionRefused`` "duo_no_places" and nothing is stored (a duo follows the module
    together, so a second person on the waiting list would split them; each may still
    register on their own). The colleague gets a ``DuoInvitation`` with an expiring link
    to confirm their own place and details, mailed after commit. Also raises the codes of
    ``register`` and "duo_self", "duo_already_registered".
    """
    if cohort.is_closed:
        raise ActionRefused(
            _("In an in-company cohort everyone registers with the invitation code."),
            code="duo_closed",
        )
    colleague_email = (colleague_email or "").strip()
    if colleague_email.casefold() == participant.email.casefold():
        raise ActionRefused(
            _("Enter your colleague's own email address, not yours."), code="duo_self"
        )
    registration_settings = RegistrationSettings.load()
    check_registration_details(
        cohort, details, today=today, registration_settings=registration_settings
    )
    price = price_for(cohort, details, registration_settings)
    now = now or timezone.now()
    with transaction.atomic():
        cohort = _lock_cohort(cohort)
        if cohort.places_left < 2:  # counted now, under the lock
            raise ActionRefused(
                _(
                    "There are not two places left in this cohort, so you cannot register "
                    "together. Each of you can still register separately; whoever finds "
                    "no place goes on the waiting list."
                ),
                code="duo_no_places",
            )
        taken = (
            Registration.objects.filter(cohort=cohort, participant__email__iexact=colleague_email)
            .active()
            .exists()
            or DuoInvitation.objects.pending()
            .filter(cohort=cohort, email__iexact=colleague_email)
            .exists()
        )
        if taken:
            raise ActionRefused(
                _("Your colleague is already registered or invited for this cohort."),
                code="duo_already_registered",
            )
        registration = _create_registration(
            participant, cohort, details, price, now=now, has_place=True
        )
        invitation = DuoInvitation.objects.create(
            cohort=cohort,
            invited_with=registration,
            full_name=colleague_name.strip(),
            email=colleague_email,
            expires_at=now + datetime.timedelta(days=registration_settings.offer_valid_days),
        )
    _mail_after_commit(registration, registration.status)
    transaction.on_commit(lambda: send_duo_invitation_mail(invitation.pk))
    return registration, invitation


def _lock_open_invitation(invitation, user, now):
    """Lock ``invitation`` (inside atomic) and check ``user`` may still answer it."""
    invitation = DuoInvitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_for(user):
        raise ActionRefused(
            _(
                "This invitation was sent to another email address. Sign in with the "
                "address the invitation was sent to."
            ),
            code="not_invited",
        )
    if invitation.status != DuoInvitation.Status.PENDING:
        raise ActionRefused(_("This invitation has already been answered."), code="answered")
    if not invitation.is_open(now):
        raise ActionRefused(
            _("This invitation has expired. Register yourself for a cohort."), code="expired"
        )
    return invitation


def accept_duo_invitation(invitation, user, details, *, now=None):
    """The colleague confirms the place held for them, with their own details and price.

    The held place becomes ``user``'s own registration (confirmed, or awaiting email
    confirmation) in the same transaction, so the count of places never moves. The
    registration window may have closed meanwhile: the place was held before it did.
    Raises ``ActionRefused`` ("not_invited", "answered", "expired", "terms", a
    membership-number code, "already_registered", "membership_number_used").
    """
    now = now or timezone.now()
    cohort = invitation.cohort
    if not details.terms_accepted:
        raise ActionRefused(
            _("You can only register if you agree to the terms and conditions."), code="terms"
        )
    registration_settings = RegistrationSettings.load()
    # The window check is skipped on purpose (held place); the rest is the one check.
    check_registration_details(
        cohort,
        details,
        today=cohort.registration_opens,
        registration_settings=registration_settings,
    )
    price = price_for(cohort, details, registration_settings)
    with transaction.atomic():
        cohort = _lock_cohort(cohort)
        invitation = _lock_open_invitation(invitation, user, now)
        # Answered first, so the held place is free for the registration that takes it.
        invitation.status = DuoInvitation.Status.ACCEPTED
        invitation.answered_at = now
        registration = _create_registration(user, cohort, details, price, now=now, has_place=True)
        invitation.registration = registration
        invitation.save(update_fields=["status", "answered_at", "registration"])
    _mail_after_commit(registration, registration.status)
    return registration


def decline_duo_invitation(invitation, user, *, now=None):
    """The colleague declines: the held place goes to the first person waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        cohort = _lock_cohort(invitation.cohort)
        invitation = _lock_open_invitation(invitation, user, now)
        invitation.status = DuoInvitation.Status.DECLINED
        invitation.answered_at = now
        invitation.save(update_fields=["status", "answered_at"])
        offer_free_places(cohort, now=now, by=user)
    return invitation


def send_duo_invitation_mail(invitation_pk):
    """Mail the colleague their link (in the site language: they may have no account)."""
    invitation = (
        DuoInvitation.objects.select_related("cohort", "invited_with__participant")
        .filter(pk=invitation_pk)
        .first()
    )
    if invitation is None:
        return
    context = {
        "invitation": invitation,
        "inviter": invitation.invited_with.participant,
        "cohort": invitation.cohort,
        "link": public_url(reverse("registration:duo", args=[duo_invitation_token(invitation)])),
    }
    send_templated_mail(
        invitation.email,
        "course/email/duo_invitation.txt",
        context,
        lambda: (
            _("%(name)s registered you for %(cohort)s: please confirm your place")
            % {
                "name": invitation.invited_with.participant.full_name,
                "cohort": invitation.cohort.title,
            }
        ),
    )


def _needs_decision_reason(other_places):
    # Stored text (the log keeps it), so in the site language, naming the other cohorts.
    with translation.override(settings.LANGUAGE_CODE):
        return _(
            "already has a place in %(cohorts)s of the same training: the coordinator "
            "decides whether this second place is confirmed"
        ) % {"cohorts": ", ".join(r.cohort.title for r in other_places)}


def decide_registration(registration, by, *, approve, reason="", now=None):
    """The coordinator's decision on a registration that awaits it (``NEEDS_DECISION``).

    Approving confirms the place (or waits for the email address, when unverified);
    refusing cancels it through ``cancel_registration``, so the place goes to the next
    person waiting. Mails the participant after commit. Raises ``ActionRefused``
    ("not_allowed", "no_decision").
    """
    if not (by.is_authenticated and by.is_coordinator):
        raise ActionRefused(_("Only a coordinator can decide on this."), code="not_allowed")
    if registration.status != Status.NEEDS_DECISION:
        raise ActionRefused(_("This registration does not await a decision."), code="no_decision")
    if not approve:
        return cancel_registration(
            registration,
            by,
            reason=reason or gettext_lazy("a second place in the same training was not approved"),
            now=now,
        )
    with transaction.atomic():
        _lock_cohort(registration.cohort)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.NEEDS_DECISION:
            raise ActionRefused(
                _("This registration does not await a decision."), code="no_decision"
            )
        registration.status = (
            Status.CONFIRMED
            if _email_is_verified(registration.participant)
            else Status.AWAITING_CONFIRMATION
        )
        registration.save(update_fields=["status", "updated_at"])
        _log_status(
            registration,
            Status.NEEDS_DECISION,
            reason or gettext_lazy("second place approved by the coordinator"),
            by=by,
            now=now,
        )
        _mail_after_commit(registration, registration.status)
    return registration


def _complete_account(user, details):
    """Fill the account's missing school and function from what the registrant typed."""
    changed = []
    if user.school_id is None and details.school_name and details.school_place:
        board = (
            find_or_create_board(details.board_name, details.school_place)
            if details.board_name
            else None
        )
        user.school = find_or_create_school(details.school_name, details.school_place, "", board)
        changed.append("school")
    if user.function == User.Function.OTHER and details.function:
        user.function = details.function
        changed.append("function")
    if changed:
        user.save(update_fields=changed)


def confirm_pending_registrations(user, now=None):
    """Confirm ``user``'s registrations that waited for their email address to be verified."""
    confirmed = []
    for registration in Registration.objects.filter(
        participant=user, status=Status.AWAITING_CONFIRMATION
    ):
        with transaction.atomic():
            _lock_cohort(registration.cohort)
            registration = Registration.objects.select_for_update().get(pk=registration.pk)
            if registration.status != Status.AWAITING_CONFIRMATION:
                continue
            registration.status = Status.CONFIRMED
            registration.save(update_fields=["status", "updated_at"])
            _log_status(
                registration,
                Status.AWAITING_CONFIRMATION,
                gettext_lazy("email address confirmed"),
                by=user,
                now=now,
            )
            _mail_after_commit(registration, Status.CONFIRMED)
        confirmed.append(registration)
    return confirmed


def offer_free_places(cohort, *, now=None, by=None):
    """Offer each free place of the locked ``cohort`` to the first person waiting.

    Call inside ``transaction.atomic()`` after locking the cohort. Each offer is valid for
    the coordinator's number of days. Returns the registrations offered a place.
    """
    now = now or timezone.now()
    valid_days = RegistrationSettings.load().offer_valid_days
    offered = []
    for registration in Registration.objects.filter(cohort=cohort).waiting_list()[
        : cohort.places_left
    ]:
        registration.status = Status.OFFERED
        registration.offer_expires_at = now + datetime.timedelta(days=valid_days)
        registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
        _log_status(
            registration, Status.WAITING_LIST, gettext_lazy("a place became free"), by=by, now=now
        )
        _mail_after_commit(registration, Status.OFFERED)
        offered.append(registration)
    return offered


def cancel_registration(registration, by, *, reason="", today=None, now=None):
    """Cancel ``registration`` on behalf of ``by`` and offer a freed place to the next person.

    The participant may cancel until the cohort's free-cancellation date; a coordinator
    always. Raises ``ActionRefused`` ("not_allowed", "already_cancelled"). Mails the
    participant, and anyone offered the freed place, after commit.
    """
    coordinator = by.is_authenticated and by.is_coordinator
    if not coordinator:
        if registration.participant_id != by.pk:
            raise ActionRefused(_("You may not cancel this registration."), code="not_allowed")
        if not registration.may_be_cancelled_by_participant(today):
            raise ActionRefused(
                _(
                    "The free cancellation period has ended. Please contact the "
                    "training coordinator."
                ),
                code="not_allowed",
            )
    now = now or timezone.now()
    with transaction.atomic():
        cohort = _lock_cohort(registration.cohort)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Status.CANCELLED:
            raise ActionRefused(
                _("This registration has already been cancelled."), code="already_cancelled"
            )
        old_status = registration.status
        registration.status = Status.CANCELLED
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
        _log_status(
            registration,
            old_status,
            reason
            or (
                gettext_lazy("cancelled by the coordinator")
                if coordinator and registration.participant_id != by.pk
                else gettext_lazy("cancelled by the participant")
            ),
            by=by,
            now=now,
        )
        _mail_after_commit(registration, Status.CANCELLED)
        if old_status in Registration.PLACE_HOLDING_STATUSES:
            offer_free_places(cohort, now=now, by=by)
    return registration


def accept_offer(registration, by, *, now=None):
    """Accept the place offered to ``registration``; the place is then confirmed.

    With a place in another cohort of the same training it awaits the coordinator's
    decision instead. Raises ``ActionRefused`` ("not_allowed", "no_offer",
    "offer_expired").
    """
    if registration.participant_id != by.pk:
        raise ActionRefused(_("You may not change this registration."), code="not_allowed")
    now = now or timezone.now()
    with transaction.atomic():
        _lock_cohort(registration.cohort)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Status.OFFERED:
            raise ActionRefused(_("There is no open offer for a place."), code="no_offer")
        if not registration.offer_is_open(now):
            raise ActionRefused(
                _("This offer has expired; the place has gone to the next person waiting."),
                code="offer_expired",
            )
        other_places = places_in_same_training(registration.participant, registration.cohort)
        if other_places:
            registration.status = Status.NEEDS_DECISION
        elif _email_is_verified(registration.participant):
            registration.status = Status.CONFIRMED
        else:
            registration.status = Status.AWAITING_CONFIRMATION
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "offer_expires_at", "updated_at"])
        _log_status(
            registration,
            Status.OFFERED,
            _needs_decision_reason(other_places)
            if other_places
            else gettext_lazy("offer accepted"),
            by=by,
            now=now,
        )
        _mail_after_commit(registration, registration.status)
    return registration


def expire_offers(now=None):
    """Withdraw offers past their date and offer free places to the next people waiting.

    Safe to run from cron at any interval. Returns the number of offers withdrawn.
    """
    now = now or timezone.now()
    cohort_ids = set(Registration.objects.offers_expired(now).values_list("cohort_id", flat=True))
    # Also cohorts with people waiting, in case places became free another way (the
    # coordinator raised the capacity, say).
    cohort_ids |= set(
        Registration.objects.filter(status=Status.WAITING_LIST).values_list("cohort_id", flat=True)
    )
    cohort_ids |= set(DuoInvitation.objects.expired(now).values_list("cohort_id", flat=True))
    withdrawn = 0
    for cohort_id in sorted(cohort_ids):
        with transaction.atomic():
            cohort = CohortPage.objects.select_for_update().get(pk=cohort_id)
            expired = (
                Registration.objects.select_for_update().offers_expired(now).filter(cohort=cohort)
            )
            for registration in expired:
                registration.status = Status.CANCELLED
                registration.save(update_fields=["status", "updated_at"])
                _log_status(
                    registration,
                    Status.OFFERED,
                    gettext_lazy("the offer expired without an answer"),
                    now=now,
                )
                _mail_after_commit(registration, "offer_expired")
                withdrawn += 1
            # A place held for a colleague who never answered is freed the same way.
            if (
                DuoInvitation.objects.expired(now)
                .filter(cohort=cohort)
                .update(status=DuoInvitation.Status.EXPIRED)
            ):
                # update() sends no signal: the freed places show on the next request.
                page_cache.bump_version()
            offer_free_places(cohort, now=now)
    return withdrawn


# --- LBBO membership verification ----------------------------------------------------


def parse_member_list(uploaded):
    """The membership numbers in an uploaded CSV file (first column; a header is skipped).

    Raises ``ActionRefused`` ("member_list") when the file is not a readable CSV.
    """
    unreadable = ActionRefused(
        _("The member list could not be read. Save it as CSV (UTF-8)."), code="member_list"
    )
    data = uploaded.read(MAX_MEMBER_LIST_BYTES + 1)
    if len(data) > MAX_MEMBER_LIST_BYTES:
        raise ActionRefused(_("The member list is too large (at most 5 MB)."), code="member_list")
    if b"\x00" in data:
        raise unreadable  # a spreadsheet or other binary file, not CSV text
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as error:
            raise unreadable from error
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    numbers = set()
    try:
        for row in csv.reader(io.StringIO(text), dialect):
            if not row:
                continue
            number = normalise_membership_number(row[0])
            if number.isascii() and number.isalnum() and any(c.isdigit() for c in number):
                numbers.add(canonical_membership_number(number))
    except csv.Error as error:
        # For example a cell longer than the csv module's field limit (131,072 characters).
        raise ActionRefused(
            _(
                "The member list could not be read: it is not a valid CSV file. Save it "
                "as CSV (UTF-8) with one membership number per row."
            ),
            code="member_list",
        ) from error
    numbers.discard("")  # all-zero numbers
    if not numbers:
        raise ActionRefused(
            _("The member list contains no membership numbers in its first column."),
            code="member_list",
        )
    return numbers


def replace_member_list(numbers, by=None):
    """Store ``numbers`` as the LBBO member list and check every open verification.

    Registrations whose number is on the list become verified; the others unchecked or
    flagged ones are flagged for the coordinator. Accepted and rejected ones keep their
    decision. Returns ``(verified, flagged)`` counts.
    """
    now = timezone.now()
    with transaction.atomic():
        LbboMember.objects.all().delete()
        LbboMember.objects.bulk_create(
            [LbboMember(number=number, uploaded_at=now) for number in sorted(numbers)]
        )
        pending = Registration.objects.active().filter(
            is_lbbo_member=True,
            membership_status__in=[MembershipStatus.UNCHECKED, MembershipStatus.FLAGGED],
        )
        # A subquery rather than a literal list: member lists run into the thousands.
        on_list = LbboMember.objects.values("number")
        verified = pending.filter(membership_number__in=on_list).update(
            membership_status=MembershipStatus.VERIFIED, updated_at=now
        )
        flagged = pending.exclude(membership_number__in=on_list).update(
            membership_status=MembershipStatus.FLAGGED, updated_at=now
        )
    return verified, flagged


def accept_membership(registration, by):
    """The coordinator accepts a flagged membership: the discount stays."""
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_lbbo_member or registration.membership_status in (
            MembershipStatus.VERIFIED,
            MembershipStatus.REJECTED,
        ):
            raise ActionRefused(_("This membership has already been decided on."), code="decided")
        registration.membership_status = MembershipStatus.VERIFIED
        registration.save(update_fields=["membership_status", "updated_at"])
        RegistrationLog.objects.create(
            registration=registration,
            kind=RegistrationLog.Kind.PRICE,
            changed_by=by,
            old_discount=registration.discount,
            new_discount=registration.discount,
            old_total=registration.total,
            new_total=registration.total,
            reason=gettext_lazy("membership accepted by the coordinator"),
        )
    return registration


def reject_membership(registration, by, reason=""):
    """The coordinator rejects a membership: the discount goes, the price is recalculated.

    Logs old and new amounts and mails the participant after commit.
    """
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_lbbo_member or registration.membership_status in (
            MembershipStatus.REJECTED,
        ):
            raise ActionRefused(_("This membership has already been decided on."), code="decided")
        old = registration.price
        new = calculate_price(registration.course_fee, lbbo_discount=False)
        registration.membership_status = MembershipStatus.REJECTED
        registration.discount = new.discount
        registration.total = new.total
        registration.save(update_fields=["membership_status", "discount", "total", "updated_at"])
        RegistrationLog.objects.create(
            registration=registration,
            kind=RegistrationLog.Kind.PRICE,
            changed_by=by,
            old_discount=old.discount,
            new_discount=new.discount,
            old_total=old.total,
            new_total=new.total,
            reason=reason or gettext_lazy("membership number not on the LBBO member list"),
        )
        _mail_after_commit(registration, "discount_rejected")
    return registration


# --- In-company requests ---------------------------------------------------------------


def submit_incompany_request(**fields):
    """Store an in-company request; after commit tell the coordinator and confirm to the
    requester (in the language active now, the one they filled in the form in).

    The request is what matters: it is in the admin whatever happens to the mails, so a
    failing mail server is logged rather than shown to the visitor as an error.
    """
    language = translation.get_language()
    with transaction.atomic():
        request = InCompanyRequest.objects.create(**fields)
        transaction.on_commit(lambda: notify_coordinator_of_request(request.pk), robust=True)
        transaction.on_commit(
            lambda: confirm_request_to_requester(request.pk, language), robust=True
        )
    return request


def schedule_closed_cohort(incompany_request, by=None, *, today=None):
    """Turn an accepted in-company request into a closed cohort (an unpublished draft).

    The coordinator completes the dates and venue, then publishes it and hands the
    invitation code to the board. Raises ``ActionRefused`` ("not_accepted",
    "no_training_page").
    """
    today = today or timezone.localdate()
    if incompany_request.status != InCompanyRequest.Status.ACCEPTED:
        raise ActionRefused(
            _("Only an accepted request can become a closed cohort."), code="not_accepted"
        )
    training = TrainingPage.objects.first()
    if training is None:
        raise ActionRefused(
            _("Create the training page first; cohorts are placed under it."),
            code="no_training_page",
        )
    with transaction.atomic():
        request = InCompanyRequest.objects.select_for_update().get(pk=incompany_request.pk)
        if request.status != InCompanyRequest.Status.ACCEPTED:
            raise ActionRefused(
                _("Only an accepted request can become a closed cohort."), code="not_accepted"
            )
        cohort = CohortPage(
            title=_("In-company: %(organisation)s") % {"organisation": request.organisation},
            region=request.region[:100],
            place=request.region[:100],
            capacity=request.participant_count,
            price=0,
            registration_opens=today,
            registration_closes=today + datetime.timedelta(days=90),
            is_closed=True,
            invitation_code=secrets.token_hex(5).upper(),
            live=False,
        )
        training.add_child(instance=cohort)
        cohort.save_revision(user=by)
        request.cohort = cohort
        request.status = InCompanyRequest.Status.SCHEDULED
        request.save(update_fields=["cohort", "status"])
    return cohort


# --- Mail ------------------------------------------------------------------------------

MAIL_SUBJECTS = {
    Status.CONFIRMED: gettext_lazy("Your registration is confirmed"),
    Status.AWAITING_CONFIRMATION: gettext_lazy("Please confirm your email address"),
    Status.WAITING_LIST: gettext_lazy("You are on the waiting list"),
    Status.OFFERED: gettext_lazy("A place has become available for you"),
    Status.NEEDS_DECISION: gettext_lazy("Your registration awaits the coordinator's decision"),
    Status.CANCELLED: gettext_lazy("Your registration has been cancelled"),
    "offer_expired": gettext_lazy("Your offer for a place has expired"),
    "discount_rejected": gettext_lazy("Your LBBO discount has been withdrawn"),
}


def send_registration_mail(registration_pk, kind):
    """Mail the participant about ``kind`` (a status or event), in their stored language."""
    registration = (
        Registration.objects.select_related("participant", "cohort")
        .filter(pk=registration_pk)
        .first()
    )
    if registration is None:
        return
    context = {
        "registration": registration,
        "participant": registration.participant,
        "cohort": registration.cohort,
        "kind": kind,
        "detail_url": public_url(reverse("registration:detail", args=[registration.pk])),
    }
    send_templated_mail(
        registration.participant,
        f"course/email/registration_{kind}.txt",
        context,
        MAIL_SUBJECTS[kind],
    )


def notify_coordinator_of_request(request_pk):
    """Mail the site's contact address (in the site language) about a new in-company request."""
    request = InCompanyRequest.objects.filter(pk=request_pk).first()
    config = SiteConfig.objects.first()
    if request is None or config is None or not config.contact_email:
        return
    send_templated_mail(
        config.contact_email,
        "course/email/incompany_request.txt",
        {"request": request},
        lambda: (
            _("New in-company request from %(organisation)s")
            % {"organisation": request.organisation}
        ),
    )


def confirm_request_to_requester(request_pk, language=None):
    """Mail the requester a copy of their in-company request and what happens next."""
    request = InCompanyRequest.objects.filter(pk=request_pk).first()
    if request is None:
        return
    send_templated_mail(
        request.email,
        "course/email/incompany_received.txt",
        {
            "request": request,
            "contact_email": getattr(SiteConfig.objects.first(), "contact_email", ""),
        },
        gettext_lazy("We have received your in-company request"),
        language=language,
    )


__all__ = [
    "PriceBreakdown",
    "RegistrationDetails",
    "accept_duo_invitation",
    "accept_membership",
    "accept_offer",
    "cancel_registration",
    "confirm_pending_registrations",
    "decline_duo_invitation",
    "duo_invitation_from_token",
    "duo_invitation_token",
    "decide_registration",
    "membership_number_used",
    "places_in_same_training",
    "preview_registration",
    "expire_offers",
    "offer_free_places",
    "parse_member_list",
    "price_for",
    "register",
    "register_together",
    "reject_membership",
    "replace_member_list",
    "schedule_closed_cohort",
    "submit_incompany_request",
]
