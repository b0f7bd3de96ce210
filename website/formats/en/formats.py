"""The site's one date format in English: "Thu 14 Jan. 2027", "Thu 14 Jan. 2027, 09:30".

The same pattern as nl/formats.py (day before month, 24-hour clock).
"""

DATE_FORMAT = "D j N Y"
DATETIME_FORMAT = "D j N Y, H:i"
SHORT_DATE_FORMAT = "d-m-Y"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
