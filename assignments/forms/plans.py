"""Forms of the plan editor: writing, the attachment, extensions and the self-assessment."""

#: A plan's Markdown text, in characters (about 4,500 words; details go in the attachment).
#: At this length any text renders within half a second (scripts/bench_markdown.py).
PLAN_MAX_LENGTH = 30_000
