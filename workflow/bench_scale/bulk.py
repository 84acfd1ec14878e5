"""Bulk inserts with PostgreSQL's COPY (psycopg 3): rows streamed from generators, ids given by the bench so
that children can point at their parents without reading anything back."""

from django.db import connection, models
from django.utils import timezone


class Table:
    """COPY into a model's table. Each row gives `fields` in order; every other concrete column gets its
    default (auto_now columns: now), so a column added later with a default needs no change here."""

    def __init__(self, model, fields, *, with_id=True):
        self.model, self.table = model, model._meta.db_table
        given = ["id", *fields] if with_id else list(fields)
        by_name = {field.name: field for field in model._meta.concrete_fields}
        by_name.update({field.attname: field for field in model._meta.concrete_fields})
        self.columns = [by_name[name].column for name in given]
        now = timezone.now()
        others = [field for field in model._meta.concrete_fields
                  if not field.primary_key and field.name not in given and field.attname not in given]
        self.constants = tuple(_default(field, now) for field in others)
        self.columns += [field.column for field in others]

    def next_id(self):
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{self.table}"')
            return cursor.fetchone()[0]

    def copy(self, rows):
        """Stream `rows` (tuples of the given fields) into the table; returns how many were written."""
        columns = ", ".join(f'"{column}"' for column in self.columns)
        count, constants = 0, self.constants
        with connection.connection.cursor() as cursor:
            with cursor.copy(f'COPY "{self.table}" ({columns}) FROM STDIN') as copy:
                write = copy.write_row
                for row in rows:
                    write(row + constants)
                    count += 1
        if "id" in self.columns:
            reset_sequence(self.table)
        return count


def reset_sequence(table):
    """The identity continues after the ids the bench chose: later inserts by the ORM do not collide."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                       f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))')


def _default(field, now):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    value = field.get_default()
    if isinstance(field, models.JSONField):
        return field.get_db_prep_save(value, connection)
    return value


# Long French texts for the wide columns of proposals, reviews and reports: real applications are pages,
# and a list that reads every column pays for them.
PARAGRAPH = (
    "Le projet vise à réduire l'isolement des personnes aînées à faible revenu et des familles "
    "monoparentales du territoire en consolidant un réseau de bénévoles, une halte-garderie communautaire "
    "et un service de transport collectif adapté. Les organismes partenaires mettent en commun leurs "
    "ressources pour rejoindre les personnes qui ne fréquentent aucun service, en misant sur l'accueil, "
    "l'accompagnement vers les droits sociaux et la participation citoyenne. Les constats issus de la "
    "démarche de concertation locale montrent une hausse de l'insécurité alimentaire et du coût du logement, "
    "particulièrement dans les municipalités rurales éloignées des services. "
)


def text(seed, length):
    """A paragraph of about `length` characters starting at a place that depends on `seed`."""
    start = seed % len(PARAGRAPH)
    body = (PARAGRAPH * (length // len(PARAGRAPH) + 2))[start:start + length]
    return body.strip()
