from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workflow import diagram


class Command(BaseCommand):
    help = "Print the proposal life cycle as a Mermaid diagram; check or write the README's block."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--check", metavar="FILE", help="Fail if FILE's diagram block differs.")
        group.add_argument("--write", metavar="FILE", help="Replace (or append) FILE's diagram block.")

    def handle(self, *args, check=None, write=None, **options):
        if check:
            text = Path(check).read_text(encoding="utf-8")
            if diagram.current_block(text) != diagram.block():
                raise CommandError(f"{check}: the life-cycle diagram is out of date; run "
                                   f"`python manage.py workflow_diagram --write {check}`.")
            self.stdout.write(f"{check}: diagram up to date.")
        elif write:
            path = Path(write)
            text = path.read_text(encoding="utf-8") if path.exists() else ""
            path.write_text(diagram.with_block(text), encoding="utf-8")
            self.stdout.write(f"{write}: diagram written.")
        else:
            self.stdout.write(diagram.mermaid(), ending="")
