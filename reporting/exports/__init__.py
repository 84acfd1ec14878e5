"""Staff exports: the proposals of a person's programs and everything attached to them, as CSV or XLSX.

- scope.py: what one person's export may hold (their analysis programs, narrowed by the page's filters);
- tables.py: the tables and their typed columns;
- writers.py: CSV (UTF-8 with BOM, formulas neutralised) and XLSX (typed cells, one sheet per table);
- forms.py: the export page's choices;
- service.py: asking for an export (streamed, or an ExportJob run by Celery) and running a job.
"""
