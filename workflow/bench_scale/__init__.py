"""bench_scale (issue 17): a dataset at production scale, every list page timed against a bare one-query view,
and a deadline rush on a real server. The command is workflow/management/commands/bench_scale.py."""
