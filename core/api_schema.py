"""Schema post-processing (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"]): the answers every operation can
give whatever its view says — refusals, throttling, unknown ids, unreadable parameters, a file storage that
does not answer — documented once, in the one error format."""

ERROR = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "Stable code: forbidden, not_found, throttled, "
                                                  "invalid_input, stale_version, a guard's name…"},
        "message": {"type": "string", "description": "Message en français pour les personnes."},
        "details": {"type": "object", "additionalProperties": {}},
    },
    "required": ["code", "message"],
}
COMMON = {
    "403": "Non connecté, jeton inconnu ou en lecture seule, double authentification requise, ou action "
           "réservée à un autre rôle.",
    "429": "Trop de requêtes pour ce jeton : réessayez après le délai de l'en-tête Retry-After.",
    # core.errors.Unavailable: the file storage (core.storage) behind attachments, signatures, copies.
    "503": "Un service dont l'action a besoin ne répond pas (le dépôt des fichiers) : rien n'a été fait, "
           "réessayez dans quelques minutes.",
}
WITH_PATH_ID = {"404": "Introuvable ou invisible pour vous (ou curseur de page périmé)."}
WITH_INPUT = {"400": "Valeur illisible ou invalide (paramètre, filtre ou corps)."}
METHODS = ("get", "put", "patch", "post", "delete")


def _answer(description):
    return {"description": description, "content": {"application/json": {"schema": ERROR}}}


def document_common_errors(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {}).setdefault("Error", ERROR_SCHEMA)
    for path, item in result.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            expected = dict(COMMON)
            parameters = operation.get("parameters", [])
            if "{" in path or any(p.get("name") == "cursor" for p in parameters):
                expected.update(WITH_PATH_ID)
            if operation.get("requestBody") or any(p.get("in") == "query" for p in parameters):
                expected.update(WITH_INPUT)
            responses = operation.setdefault("responses", {})
            for status, description in expected.items():
                responses.setdefault(status, _answer(description))
    return result
