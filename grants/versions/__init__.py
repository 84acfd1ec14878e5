"""Submitted versions of an application: what each one holds (snapshot), how two differ (diff), and an
in-memory proposal built from one for the printable files (frozen). The write is
grants.services.versions."""
