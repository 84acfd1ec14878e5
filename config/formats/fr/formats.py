# fr-CA: "1 déc. 2026", "1 déc. 2026, 14 h 05"; numeric dates in ISO order, as the Office québécois de la
# langue française recommends.
DATE_FORMAT = "j N Y"
DATETIME_FORMAT = "j N Y, G \\h i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "G \\h i"
MONTH_DAY_FORMAT = "j N"
YEAR_MONTH_FORMAT = "F Y"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
