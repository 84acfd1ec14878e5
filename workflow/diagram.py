"""The life cycle as a Mermaid state diagram, generated from machine.TRANSITIONS for the README."""

import re

from django.utils import translation

from grants.states import State

from .machine import ROLE_LABELS, TRANSITIONS

START, END = "<!-- workflow-diagram:start -->", "<!-- workflow-diagram:end -->"
BLOCK = re.compile(re.escape(START) + r".*?" + re.escape(END), re.DOTALL)


def mermaid():
    # Always French, whatever the caller's language: the README block must not depend on it.
    with translation.override("fr"):
        lines = ["stateDiagram-v2"]
        lines += [f'    state "{state.label}" as {state.value}' for state in State]
        lines.append(f"    [*] --> {State.DRAFT.value}")
        for spec in TRANSITIONS:
            notes = [str(ROLE_LABELS[spec.role])]
            if spec.comment_required:
                notes.append("commentaire obligatoire")
            guards = f" [{', '.join(spec.preconditions + spec.checks)}]" if spec.preconditions + spec.checks else ""
            for source in spec.sources:
                lines.append(f"    {source} --> {spec.target}: {spec.name} ({', '.join(notes)}){guards}")
        outgoing = {source for spec in TRANSITIONS for source in spec.sources}
        lines += [f"    {state.value} --> [*]" for state in State if state.value not in outgoing]
    return "\n".join(lines) + "\n"


def block():
    return f"{START}\n```mermaid\n{mermaid()}```\n{END}"


def current_block(text):
    found = BLOCK.search(text)
    return found.group(0) if found else None


def with_block(text):
    """The text with its diagram block replaced, or the block appended when the markers are missing."""
    if current_block(text) is None:
        return text.rstrip("\n") + "\n\n## Cycle de vie d'une demande\n\n" + block() + "\n"
    return BLOCK.sub(lambda _match: block(), text, count=1)
