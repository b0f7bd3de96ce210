from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`make bench` only: its seed data, target list and floor view.

    Installed (and its URLs served) only when ``DJANGO_BENCH_FLOOR`` is set, so nothing of
    the benchmark is reachable on a production site.
    """

    name = "bench"
    verbose_name = "Benchmark"
