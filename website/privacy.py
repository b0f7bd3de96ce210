"""The pupil-privacy guard: finds personal data in a text before it is shared.

Intervision cases (issue 12) and implementation plans (issue 13) call this module; it is
pure (no database) so both can check a text on every save.

    findings = find_personal_data(text, marked_names=["Daan"], dismissed=choices)
    for finding in findings:
        before, match, after = finding.context(text)
        ... show finding.label and finding.suggestion ...
    text = replace(text, findings)              # accept every suggestion
    choice = fingerprint(finding)               # "not personal data": log this, not the text

What is found, and the trade-offs:

- **BSN**: nine digits passing the 11-proef (weights 9..2 and -1), written as 123456782,
  123 456 782, 123.456.782 or 1234.56.782. Nine digits that fail the check are ordinary
  numbers. Digits inside a longer number, or an amount (``€`` before or ``euro`` after),
  are not a BSN.
- **Date of birth**: a full date (12-03-2015, 12/3/2015, 12.03.2015, 2015-03-12,
  12 maart 2015) whose year makes its holder between ``MIN_AGE`` and ``MAX_AGE`` years old
  today, or any date (also without a year: "geboren op 3 mei") right after a birth cue
  (geboren, geb., geboortedatum, verjaardag, jarig). Course dates and school years
  (2026-2027 is not a date at all) lie outside the age window, so they pass; an older
  event written as a full date ("sinds 01-09-2021 in groep 3") is flagged as a possible
  date of birth. That false alarm costs the author one click ("not personal data"); the
  opposite mistake would publish a child's date of birth. A year alone is never flagged.
- **E-mail addresses.**
- **Dutch phone numbers**: 0 or +31/0031 (with an optional "(0)"), then exactly nine
  digits in the usual groupings (06-12345678, 06 1234 5678, 010-1234567, (010) 1234567,
  +31 (0)20 123 4567). A number without the leading 0 or country code (1234567, an order
  number) is not a phone number.
- **Address**: a postcode with a house number, either "Dorpsstraat 12, 1234 AB" or
  "1234 AB 12". A postcode alone (a region) is not flagged.
- **Names** the author marks: whole words, case-insensitive, any whitespace between parts.

Everything is matched with bounded quantifiers and fixed-width look-arounds, so the time
is linear in the length of the text (about 0.1 s for 200,000 characters).
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MIN_AGE = 2  # toddlers in pre-school (VVE) are part of an ib'er's cases
MAX_AGE = 20  # special education runs to 20
CONTEXT_WIDTH = 40
_WHITESPACE = re.compile(r"\s+")


class Kind(models.TextChoices):
    BSN = "bsn", _("citizen service number (BSN)")
    BIRTH_DATE = "birth_date", _("date of birth")
    EMAIL = "email", _("email address")
    PHONE = "phone", _("phone number")
    POSTCODE_ADDRESS = "postcode_address", _("postcode with house number")
    NAME = "name", _("name")


@dataclass(frozen=True)
class Finding:
    """One piece of possible personal data: ``text == source[start:end]``."""

    kind: str
    start: int
    end: int
    text: str
    suggestion: str

    @property
    def label(self):
        return Kind(self.kind).label

    def context(self, source, width=CONTEXT_WIDTH):
        """``(before, match, after)``: up to ``width`` characters around the finding in
        ``source``, on one line, with "…" where the snippet was cut."""
        before = source[max(0, self.start - width) : self.start]
        after = source[self.end : self.end + width]
        if self.start > width:
            before = "…" + before
        if self.end + width < len(source):
            after = after + "…"
        return _one_line(before), _one_line(self.text), _one_line(after)


def _one_line(text):
    return _WHITESPACE.sub(" ", text)


def fingerprint(finding):
    """A stable identifier of what a finding matched, without the text itself.

    Used to remember that the author marked it as not personal data: the choice can be
    stored and logged, and applies to the same value wherever it occurs. It is a keyed
    hash (HMAC with ``SECRET_KEY``): a plain hash of a nine-digit BSN could be reversed
    by trying all numbers.
    """
    value = "%s:%s" % (finding.kind, _normalise(finding.kind, finding.text))
    return "%s:%s" % (
        finding.kind,
        salted_hmac("website.privacy.dismissed", value, algorithm="sha256").hexdigest()[:32],
    )


def _normalise(kind, text):
    if kind in (Kind.BSN, Kind.PHONE):
        digits = re.sub(r"[^0-9]", "", text)
        if kind == Kind.PHONE:
            digits = re.sub(r"^(?:0031|31)0?", "0", digits)
        return digits
    return " ".join(text.casefold().split())


def find_personal_data(
    text: str,
    *,
    marked_names: Iterable[str] = (),
    dismissed: Iterable[str] = (),
    today: date | None = None,
) -> list[Finding]:
    """The possible personal data in ``text``: sorted by position, never overlapping.

    ``marked_names``: names the author marked; every occurrence is found. ``dismissed``:
    fingerprints (see ``fingerprint``) of values the author marked as not personal data;
    those are left out. ``today`` anchors the age window of dates of birth.
    """
    text = text or ""
    today = today or timezone.localdate()
    marked_names = list(marked_names)
    dismissed = set(dismissed)

    def candidates(searched):
        found = [
            *_find_bsns(searched),
            *_find_dates(searched, today),
            *_find_emails(searched),
            *_find_phones(searched),
            *_find_addresses(searched),
            *_find_names(searched, marked_names),
        ]
        return [f for f in found if fingerprint(f) not in dismissed] if dismissed else found

    kept = _without_overlaps(candidates(text))
    # A candidate that lost to an overlapping one may hide another finding in the rest of
    # its text: in "000 000 012 1234 AB 12" the BSN wins over "012 1234 AB", and
    # "1234 AB 12" only shows once the BSN is out of the way, as it is after ``replace``.
    # So look again with the winners blanked out until nothing new turns up.
    for _round in range(3):
        if not kept:
            break
        extra = [
            f
            for f in candidates(_blank_out(text, kept))
            if not any(f.start < k.end and k.start < f.end for k in kept)
        ]
        if not extra:
            break
        kept = sorted([*kept, *_without_overlaps(extra)], key=_position)
    return kept


def _blank_out(text, findings):
    """``text`` with each finding's characters replaced by NULs (no word, no space), so
    the positions stay the same and nothing reads across a finding."""
    parts, position = [], 0
    for finding in findings:
        parts += [text[position : finding.start], "\0" * (finding.end - finding.start)]
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def replace(text: str, findings: Iterable[Finding], overrides: Mapping | None = None) -> str:
    """``text`` with each finding replaced by its suggestion, or by ``overrides[finding]``.

    Raises ValueError when the findings overlap or do not belong to this text (the text
    changed since it was checked): nothing is replaced then.
    """
    overrides = overrides or {}
    parts, position = [], 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < position or text[finding.start : finding.end] != finding.text:
            raise ValueError("Findings do not match this text; check it again.")
        parts.append(text[position : finding.start])
        parts.append(overrides.get(finding, finding.suggestion))
        position = finding.end
    parts.append(text[position:])
    return "".join(parts)


def marked_name_list(text: str) -> list[str]:
    """The names an author asked the guard to look for: one per line, blanks ignored."""
    return [line.strip() for line in text.splitlines() if line.strip()]


@dataclass(frozen=True)
class OpenFinding:
    """One finding as its author sees it before sharing: the match in its context, the
    suggested replacement and the fingerprint the replace/dismiss forms post back.

    Rendered by ``templates/components/privacy_findings.html``; ``field`` names the text
    it was found in when a document has more than one (a case's title and body)."""

    field: str
    kind: str
    label: str
    fingerprint: str
    before: str
    match: str
    after: str
    suggestion: str


def open_findings(
    texts: Mapping[str, str], *, marked_names=(), dismissed=(), today=None
) -> list[OpenFinding]:
    """Every finding in ``texts`` (field name -> text, in display order) that the author
    has not marked as not personal data, ready to show in context."""
    result = []
    for field, text in texts.items():
        for finding in find_personal_data(
            text, marked_names=marked_names, dismissed=dismissed, today=today
        ):
            before, match, after = finding.context(text)
            result.append(
                OpenFinding(
                    field=field,
                    kind=finding.kind,
                    label=finding.label,
                    fingerprint=fingerprint(finding),
                    before=before,
                    match=match,
                    after=after,
                    suggestion=finding.suggestion,
                )
            )
    return result


def _without_overlaps(candidates):
    """Sweep by position; of two overlapping candidates the longer one wins."""
    kept = []
    for finding in sorted(candidates, key=_position):
        if kept and finding.start < kept[-1].end:
            if finding.end - finding.start > kept[-1].end - kept[-1].start:
                kept[-1] = finding
            continue
        kept.append(finding)
    return kept


def _position(finding):
    return finding.start, finding.start - finding.end


def _finding(kind, text, start, end, suggestion):
    return Finding(
        kind=str(kind), start=start, end=end, text=text[start:end], suggestion=suggestion
    )


# --- BSN ---------------------------------------------------------------------------

_BSN = re.compile(
    r"(?<![\w+])(?<![0-9][.,])"
    r"(?:[0-9]{9}|[0-9]{3}([ .])[0-9]{3}\1[0-9]{3}|[0-9]{4}\.[0-9]{2}\.[0-9]{3})"
    r"(?!\w)(?![.,][0-9])"
)
_AMOUNT_BEFORE = re.compile(r"(?:€|\beur|\beuro)\s{0,2}$", re.IGNORECASE)
_AMOUNT_AFTER = re.compile(r"\s{0,2}(?:€|eur\b|euro\b)", re.IGNORECASE)


def passes_eleven_test(digits: str) -> bool:
    """The 11-proef of a BSN: nine digits, weights 9..2 and -1, sum divisible by 11."""
    if len(digits) != 9 or not digits.isascii() or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0


def _find_bsns(text):
    suggestion = gettext("[citizen service number]")
    for match in _BSN.finditer(text):
        start, end = match.span()
        if not passes_eleven_test(re.sub(r"[ .]", "", match.group())):
            continue
        if _AMOUNT_BEFORE.search(text, max(0, start - 8), start) or _AMOUNT_AFTER.match(text, end):
            continue
        yield _finding(Kind.BSN, text, start, end, suggestion)


# --- Dates of birth --------------------------------------------------------------------

_MONTHS = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_YEAR = r"(?:1[89]|20)[0-9]{2}"  # so "3 mei 0000.00.012" is "3 mei" and a number
_DATE = re.compile(
    r"(?<![\w.,/-])(?:"
    r"(?P<d>[0-9]{1,2})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>%(year)s|[0-9]{2})"
    r"|(?P<iy>%(year)s)-(?P<im>[0-9]{1,2})-(?P<id>[0-9]{1,2})"
    r")(?!\w)(?![-/.,][0-9])"
    r"|(?<!\w)(?P<td>[0-9]{1,2})(?:e|ste|de)?[ \u00a0](?P<tm>%(months)s)\b"
    r"(?:\.?[ \u00a0](?P<ty>%(year)s)(?![0-9]))?" % {"year": _YEAR, "months": _MONTH_NAMES},
    re.IGNORECASE,
)
_BIRTH_CUE = re.compile(
    r"\b(?:geboren|geb|geboortedatum|geb\.\s?datum|geboortedag|verjaardag|jarig)"
    r"[\s.:]{0,3}(?:(?:op|is|d\.d\.|per)[\s.:]{1,3})?$",
    re.IGNORECASE,
)


def _find_dates(text, today):
    suggestion = gettext("[date of birth]")
    for match in _DATE.finditer(text):
        start, end = match.span()
        parsed = _parse_date(match, today)
        if parsed is None:
            continue
        cue = _BIRTH_CUE.search(text[max(0, start - 30) : start])
        if cue or (parsed.year is not None and _in_birth_window(parsed, today)):
            yield _finding(Kind.BIRTH_DATE, text, start, end, suggestion)


@dataclass(frozen=True)
class _Date:
    year: int | None
    month: int
    day: int


def _parse_date(match, today):
    """The matched date if it exists; a year-less date only as day and month."""
    groups = match.groupdict()
    if groups["d"]:
        day, month, year = int(groups["d"]), int(groups["m"]), groups["y"]
        if not _exists(2000, month, day) and _exists(2000, day, month):
            day, month = month, day  # 12/31/2015: month first
    elif groups["iy"]:
        day, month, year = int(groups["id"]), int(groups["im"]), groups["iy"]
    else:
        day, month, year = int(groups["td"]), _MONTHS[groups["tm"].lower()], groups["ty"]
    if year is not None:
        year = int(year)
        if len(groups["y"] or groups["iy"] or groups["ty"]) == 2:
            year += 2000 if 2000 + year <= today.year else 1900
        if not _exists(year, month, day):
            return None
    elif not _exists(2000, month, day):  # 2000 is a leap year: 29 February exists
        return None
    return _Date(year, month, day)


def _exists(year, month, day):
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _in_birth_window(parsed, today):
    born = date(parsed.year, parsed.month, parsed.day)
    return _years_before(today, MAX_AGE) < born <= _years_before(today, MIN_AGE)


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# --- E-mail ------------------------------------------------------------------------------

_EMAIL_AT = re.compile(r"(?<=[\w.%+'-])@(?=[\w-])")
_EMAIL_LOCAL = re.compile(r"[\w.%+'-]{1,64}")
_EMAIL_DOMAIN = re.compile(r"[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[^\W\d_]{2,24}(?![\w-])")


def _find_emails(text):
    # Anchored on each "@" rather than one regex over the whole text: a local-part
    # pattern tried at every position of a long word would be quadratic.
    suggestion = gettext("[email address]")
    for sign in _EMAIL_AT.finditer(text):
        at = sign.start()
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        start = _start_before(_EMAIL_LOCAL, text, at, 64) if domain else None
        if start is not None:
            start += len(text[start:at]) - len(text[start:at].lstrip(".'"))
            if start < at:
                yield _finding(Kind.EMAIL, text, start, domain.end(), suggestion)


def _start_before(reversed_pattern, text, end, width):
    """Where a match of ``reversed_pattern`` ending at ``end`` starts, or None.

    Matching text *before* a position with an anchored match on the reversed window
    costs at most ``width`` steps, where a forward search would try every start.
    """
    match = reversed_pattern.match(text[max(0, end - width) : end][::-1])
    return end - match.end() if match else None


# --- Phone numbers -------------------------------------------------------------------

_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)31[ \u00a0]?(?:\(0\)[ \u00a0]?)?(?P<intl>[1-9][0-9]{0,2})"
    r"|\(?0(?P<area>[1-9][0-9]{0,2})\)?)"
    r"(?:[ \u00a0]?-[ \u00a0]?|[ \u00a0])?"
    r"(?P<rest>[0-9]{2,4}(?:[ .\u00a0]?[0-9]{2,4}){0,4})"
    r"(?![0-9])"
)
_DIGIT_GROUP = re.compile(r"[0-9]+")


def _find_phones(text):
    suggestion = gettext("[phone number]")
    position = 0
    while match := _PHONE.search(text, position):
        end = _nine_digits_end(match)
        if end is not None and not (end < len(text) and text[end].isalnum()):
            yield _finding(Kind.PHONE, text, match.start(), end, suggestion)
            position = end
        else:
            position = match.start() + 1  # a number may still start inside this match


def _nine_digits_end(match):
    """Where the national number (nine digits after the 0 or +31) ends, or None.

    The pattern takes digit groups greedily; stopping after the group that completes
    nine digits keeps "15" out of "06 12345678 15 keer" and leaves "06-1 06-12345678"
    for the next search.
    """
    count = len(match.group("intl") or match.group("area"))
    for group in _DIGIT_GROUP.finditer(match.group("rest")):
        count += len(group.group())
        if count >= 9:
            return match.start("rest") + group.end() if count == 9 else None
    return None


# --- Postcode with house number --------------------------------------------------------

_POSTCODE = re.compile(r"(?<![\w-])[1-9][0-9]{3}[ \u00a0]?[A-Z]{2}(?![\w-])")
# "1234 AB 12": the house number after the postcode.
_NUMBER_AFTER = re.compile(
    r"[ \u00a0]{1,2}[0-9]{1,5}(?:-?[a-zA-Z](?!\w))?(?![0-9]|[.,][0-9]|[ \u00a0]?[A-Z]{2}\b)"
)
# "Dorpsstraat 12, 1234 AB", "Laan van Meerdervoort 12a\n1234 AB" or "nr. 12, 1234 AB":
# the house number and the street before it (one word, or a capitalised word joined by
# particles to the last one) are part of the address. Written reversed for _start_before.
_WORD_REVERSED = r"[\w'.-]{0,40}[^\W\d_](?![\w'.-])"
_CAPITALISED_REVERSED = r"[\w'.-]{0,40}[A-ZÀ-ÖØ-Þ](?![\w'.-])"
_PARTICLES_REVERSED = "|".join(
    word[::-1]
    for word in (
        "van",
        "de",
        "der",
        "den",
        "het",
        "'t",
        "ter",
        "ten",
        "aan",
        "op",
        "in",
        "la",
        "le",
    )
)
_NUMBER_BEFORE_REVERSED = re.compile(
    r"\s{0,3},?[ \u00a0]?(?:[a-zA-Z]-?|[0-9]{1,4}-)?[0-9]{1,5}(?![\w,.])"
    r"(?:[ \u00a0]%s(?:(?:[ \u00a0](?:%s)(?![\w'])){1,3}[ \u00a0]%s)?)?"
    % (_WORD_REVERSED, _PARTICLES_REVERSED, _CAPITALISED_REVERSED)
)


def _find_addresses(text):
    suggestion = gettext("[address]")
    for match in _POSTCODE.finditer(text):
        start, end = match.span()
        before = _start_before(_NUMBER_BEFORE_REVERSED, text, start, 160)
        after = _NUMBER_AFTER.match(text, end)
        if before is not None:
            yield _finding(Kind.POSTCODE_ADDRESS, text, before, end, suggestion)
        elif after:
            yield _finding(Kind.POSTCODE_ADDRESS, text, start, after.end(), suggestion)


# --- Marked names ------------------------------------------------------------------------


def _find_names(text, marked_names):
    keys = []
    for name in marked_names:
        key = " ".join((name or "").lower().split())
        if len(key) >= 2 and key not in keys:
            keys.append(key)
    if not keys:
        return
    # One named group per name, longest first so "Anna de Vries" beats "Anna".
    by_length = sorted(range(len(keys)), key=lambda i: -len(keys[i]))
    pattern = re.compile(
        r"(?<!\w)(?:%s)(?!\w)"
        % "|".join(
            "(?P<n%d>%s)" % (i, r"\s+".join(re.escape(part) for part in keys[i].split()))
            for i in by_length
        ),
        re.IGNORECASE,
    )
    for match in pattern.finditer(text):
        letter = _letter(int(match.lastgroup[1:]))
        suggestion = gettext("pupil %(letter)s") % {"letter": letter}
        yield _finding(Kind.NAME, text, match.start(), match.end(), suggestion)


def _letter(index):
    """A, B, …, Z, AA, AB, …"""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
