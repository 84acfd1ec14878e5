"""The program dashboard (reporting, /rapports-et-exportations/tableau-de-bord/): aggregate figures of one
program, chosen with ?programme=<code> (the person's first program by default).

The page is for the program's staff (analyst, board, manager of P; outside_analyst of Q, who sees Q's by
default) and for admins. Anyone else signed in gets 403, as on the analysis queue (a page without an
object): applicants and reviewers are staff of no program. A program that is not the person's, or that
does not exist, is 404. Anonymous visitors are sent to sign in; the page only reads (POST: 405).
"""

from .table import GET, POST, P, same

URL = "/rapports-et-exportations/tableau-de-bord/"
ROUTE = "rapports-et-exportations/tableau-de-bord/"

ROWS = [
    GET(ROUTE, URL, same(P(403, anonymous=302, analyst=200, outside_analyst=200, board=200, manager=200,
                           admin=200)), label="first program"),
    GET(ROUTE, URL + "?programme={program_code}",
        same(P(403, anonymous=302, analyst=200, outside_analyst=404, board=200, manager=200, admin=200)),
        label="program P"),
    GET(ROUTE, URL + "?programme={program_code}&call={call}&year=2025",
        same(P(403, anonymous=302, analyst=200, outside_analyst=404, board=200, manager=200, admin=200)),
        label="program P, call and year"),
    GET(ROUTE, URL + "?programme=programme-inconnu",
        same(P(403, anonymous=302, analyst=404, outside_analyst=404, board=404, manager=404, admin=404)),
        label="unknown program"),
    POST(ROUTE, URL, same(P(405, anonymous=302))),
]
