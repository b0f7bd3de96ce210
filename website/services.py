from django.db import IntegrityError, transaction

from .models import Board, School, normalise_school_code


def find_or_create_board(name, place=""):
    """Return the board called ``name`` in ``place`` (case-insensitive), creating it if new."""
    name, place = name.strip(), place.strip()
    existing = Board.objects.filter(name__iexact=name, place__iexact=place).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            return Board.objects.create(name=name, place=place)
    except IntegrityError:  # created by a parallel request in the meantime
        return Board.objects.get(name__iexact=name, place__iexact=place)


def find_or_create_school(name, place, code="", board=None):
    """Return the school matching ``code`` or ``name`` and ``place``; create it if missing.

    Colleagues who type the same school get the same record, so that later rules (one
    registration per school, never visiting your own school) can tell them apart from
    strangers. A new school gets ``board``; an existing one keeps the board it has.
    """
    name, place, code = name.strip(), place.strip(), normalise_school_code(code)
    schools = School.objects.select_related("board")
    existing = (code and schools.filter(code=code).first()) or schools.filter(
        name__iexact=name, place__iexact=place
    ).first()
    if existing:
        if code and not existing.code:
            existing.code = code
            existing.save(update_fields=["code"])
        return existing
    try:
        with transaction.atomic():
            return School.objects.create(name=name, place=place, code=code, board=board)
    except IntegrityError:
        return schools.get(name__iexact=name, place__iexact=place)
