"""Time website.markdown.render_markdown on crafted slow input (a benchmark, not a test).

Run: DJANGO_DEBUG=1 .venv/bin/python scripts/bench_markdown.py [size] [limit-seconds]
Each crafted input is ``size`` characters long (default: a plan's allowed length,
assignments.forms.plans.PLAN_MAX_LENGTH); the two inputs named in issue 13 come first.
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings")

import django  # noqa: E402

django.setup()

from assignments.forms.plans import PLAN_MAX_LENGTH  # noqa: E402
from website.markdown import render_markdown  # noqa: E402

MAX_LENGTH = int(sys.argv[1]) if len(sys.argv) > 1 else PLAN_MAX_LENGTH

NORMAL = (
    "## Kop\n\nDit is een [link](https://example.nl) en *nadruk* in een alinea.\n\n"
    "- punt\n- punt\n\n| a | b |\n|---|---|\n| [x](https://x.nl) | `c` |\n\n"
)
CASES = {
    "8,000 [": "[" * 8_000,
    "4,000 unterminated links [a](": "[a](" * 4_000,
    "max [": "[" * MAX_LENGTH,
    "max [a](": "[a](" * (MAX_LENGTH // 4),
    "max [x](b ": "[x](b " * (MAX_LENGTH // 6),
    "max ![": "![" * (MAX_LENGTH // 2),
    "max [a][": "[a][" * (MAX_LENGTH // 4),
    "max [a]": "[a]" * (MAX_LENGTH // 3),
    "nested [[[...]]]": "[" * (MAX_LENGTH // 2) + "]" * (MAX_LENGTH // 2),
    "max ](": "](" * (MAX_LENGTH // 2),
    "max (": "[a](" + "(" * (MAX_LENGTH - 4),
    "max `": "`" * MAX_LENGTH,
    "max *a ": "*a " * (MAX_LENGTH // 3),
    "max _a ": "_a " * (MAX_LENGTH // 3),
    "max <": "<" * MAX_LENGTH,
    "max <a ": "<a " * (MAX_LENGTH // 3),
    "max &": "&" * MAX_LENGTH,
    "max \\": "\\" * MAX_LENGTH,
    "max > quotes": "> " * (MAX_LENGTH // 2),
    "max table pipes": "|" * MAX_LENGTH,
    "max lines of [": "[\n" * (MAX_LENGTH // 2),
    "just under the bracket cap": ("[" * 440 + "x" * 560 + "\n\n") * 1,
    "just under the markup cap": ("*a* " * 1_249 + "x" * MAX_LENGTH)[:MAX_LENGTH],
    "just under the tag cap": ("<b " * 299 + "x" * MAX_LENGTH)[:MAX_LENGTH],
    "ordinary plan text": (NORMAL * (MAX_LENGTH // len(NORMAL) + 1))[:MAX_LENGTH],
}


def main():
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else 0.5
    worst = 0.0
    for name, text in CASES.items():
        # CPU time: on a shared machine the wall-clock time also counts waiting for a core.
        start, start_cpu = time.perf_counter(), time.process_time()
        render_markdown(text)
        wall, seconds = time.perf_counter() - start, time.process_time() - start_cpu
        worst = max(worst, seconds)
        flag = "  SLOW" if seconds > limit else ""
        print(f"{name:32s} {len(text):7,d} chars {seconds:7.3f} s cpu ({wall:.3f} s wall){flag}")
    print(f"worst: {worst:.3f} s cpu")


if __name__ == "__main__":
    main()
