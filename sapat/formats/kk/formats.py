"""Number and date formats: a decimal comma and a non-breaking thin space between thousands."""

DATE_FORMAT = "d.m.Y"
SHORT_DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%Y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 1
