"""The site's one date format in Dutch: "do 14 jan. 2027", "do 14 jan. 2027, 09:30".

Templates use ``{{ value|date }}`` and ``{{ value|date:"DATETIME_FORMAT" }}``; Python code
uses ``django.utils.formats.date_format``. The month abbreviations with their full stop
("jan.", "mei") come from the catalogue (``website/translation_overrides.py``).
If this changes, also update en/formats.py.
"""

DATE_FORMAT = "D j N Y"
DATETIME_FORMAT = "D j N Y, H:i"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
