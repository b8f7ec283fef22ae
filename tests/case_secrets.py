"""Text that gives a case's answers away, for tests that check a published file holds none of it.

Shared by the page and search-index check (tests/client/test_client_files.py) and the print
edition's PDF check (tests/site/test_print_pdf.py), so both look for the same things.
"""

from __future__ import annotations


def secrets_of(case) -> set[str]:
    """Every feedback, model answer and explanation (first line) of `case`, 12 characters or longer."""
    found = set()
    for q in case.questions:
        for group in ("options", "items", "key", "common_errors", "constraints"):
            entries = q.get(group)
            if isinstance(entries, list):
                found |= {e["feedback"] for e in entries if isinstance(e, dict) and e.get("feedback")}
        if q["type"] == "text":
            found.add(q["key"])
        if q.get("explanation"):
            found.add(q["explanation"].strip().splitlines()[0])
    return {s.strip() for s in found if len(s.strip()) >= 12}
