"""The files the browser grader needs: the checker bundle and one JSON file per case.

Why these live outside the HTML: answer keys must never be rendered into a page, where
view-source shows them and the search index picks them up. The page carries only
``data-*`` paths (from :func:`case_root_attrs`); the browser fetches the case JSON and
hands each question, exactly as stored there, to ``exercises.grade`` in a Web Worker.

* ``assets/checker/exercises.<sha256[:12]>.zip`` — every ``*.py`` of the ``exercises``
  package, zipped deterministically (sorted, fixed timestamps and permissions), so the
  same source always gives the same bytes and the same cache-busting name.
* ``assets/cases/<id>.<sha256[:12]>.json`` — id, title, the case's content hash, the
  transcript (the annotation widget shows it), the questions *without* ``samples`` and
  without the raw ``explanation``, and a ``reveal`` map with each explanation rendered
  to safe HTML by :func:`build_tools.cases.markdown.render` and, for free-text questions, the
  model answer.

Nothing here imports MkDocs: the CLI and the tests use it too.

An assessment build (``keyless``) ships each question as :func:`exercises.keyless_question`
makes it, ``mode: "assessment"`` and no ``reveal``: no key, correct flag, credit, feedback,
rubric, explanation, model answer or sample.

>>> # files = client_files(load_cases(Path("cases")))
>>> # sorted(files)[:2] -> ['assets/cases/b1-phone-drops.3f2a….json', …]
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from enum import Enum
from pathlib import Path
from typing import Any, Iterable, Protocol

import exercises

__all__ = [
    "ASSESSMENT",
    "CASE_FORMAT",
    "ModelAnswer",
    "WrongFeedback",
    "PATH_ATTRS",
    "PYODIDE_DIR",
    "bundle_bytes",
    "bundle_path",
    "case_json",
    "case_json_path",
    "case_root_attrs",
    "client_files",
    "exercises_dir",
]

CASE_FORMAT = "service-course-case"
"""The ``format`` field of a case JSON file (with ``version`` 1)."""

PYODIDE_DIR = "assets/pyodide/"
"""Where the site's own copy of the Pyodide core files lives (written by the plugin)."""

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_NOT_SENT_TO_THE_GRADER = ("samples", "explanation")


class CaseLike(Protocol):
    """What this module needs of :class:`build_tools.cases.load.Case`."""

    id: str
    data: dict[str, Any]
    content_hash: str


def client_files(cases: Iterable[CaseLike], exercises_root: Path | None = None) -> dict[str, bytes]:
    """Site-relative path -> bytes of every per-case JSON file and the checker bundle."""
    bundle = bundle_bytes(exercises_root)
    files = {bundle_path(bundle=bundle): bundle}
    for case in cases:
        data = case_json(case)
        files[case_json_path(case, data)] = data
    return files


PATH_ATTRS: frozenset[str] = frozenset({"data-case-data", "data-checker", "data-pyodide", "data-snapshot"})
"""Case-root attributes whose values are site-root-relative paths (each page makes them page-relative)."""


def case_root_attrs(case: CaseLike, *, checker: str | None = None, case_data: str | None = None,
                    snapshot: str | None = None, keyless: bool = False) -> dict[str, str]:
    """The ``data-*`` attributes of a case root; paths relative to the site root.

    A build passes `checker` (:func:`bundle_path`) and `case_data` (:func:`case_json_path`),
    computed once per file; without them they are computed here. `snapshot`: the grader's
    memory snapshot shipped with the site (:mod:`build_tools.site.snapshot`), if there is one.
    `keyless`: an assessment build, marked ``data-mode="assessment"`` for tests and stylesheets.
    """
    extra = {"data-snapshot": snapshot} if snapshot else {}
    if keyless:
        extra["data-mode"] = ASSESSMENT
    return {
        "data-case": case.id,
        "data-grader": "loading",
        "data-case-hash": case.content_hash,
        "data-case-data": case_data or case_json_path(case),
        "data-checker": checker or bundle_path(),
        "data-pyodide": PYODIDE_DIR,
        **extra,
    }


# --------------------------------------------------------------------------- case JSON


class ModelAnswer(str, Enum):
    """When the page shows a text question's model answer (a case's ``model_answer``, else the course's)."""

    AFTER_ATTEMPTS = "after_attempts"      # with the explanation, after ``reveal_after`` graded attempts
    AFTER_FULL_MARKS = "after_full_marks"  # once the student has scored full marks: never a shortcut to them
    NEVER = "never"


class WrongFeedback(str, Enum):
    """How much a wrong attempt is told while the explanation is still locked (a case's ``wrong_feedback``,
    else the course's): the page then asks the grader for hints (:func:`exercises.common.wants_hints`)."""

    HINTS = "hints"  # what is wrong and why, not the right tags or categories
    FULL = "full"


ASSESSMENT = "assessment"
"""The ``mode`` of an assessment build's case JSON and case roots (the answers file's word for it too)."""


def case_json(case: CaseLike, course_default: ModelAnswer = ModelAnswer.AFTER_FULL_MARKS,
              course_feedback: WrongFeedback = WrongFeedback.HINTS, *, keyless: bool = False) -> bytes:
    """The per-case JSON the browser loads (UTF-8, compact, deterministic); `keyless` for an assessment build."""
    data = case.data
    if keyless:
        return _dumps({**_header(case), "mode": ASSESSMENT,
                       "questions": [exercises.keyless_question(q) for q in data["questions"]]})
    policy = ModelAnswer(data.get("model_answer") or course_default)
    hints = WrongFeedback(data.get("wrong_feedback") or course_feedback) is WrongFeedback.HINTS
    questions = [_for_grader(q) for q in data["questions"]]
    payload = {
        **_header(case),
        "questions": questions,
        "reveal": {q["id"]: {**_reveal(q, policy), "hints": hints} for q in data["questions"]},
    }
    return _dumps(payload)


def _header(case: CaseLike) -> dict[str, Any]:
    """What every case JSON starts with: format, id, title, content hash and the dialogue (the
    annotation widget shows it; the page shows it anyway)."""
    return {
        "format": CASE_FORMAT,
        "version": 1,
        "id": case.id,
        "title": case.data.get("title", ""),
        "hash": case.content_hash,
        "transcript": [
            {"id": line["id"], "speaker": line.get("speaker", ""), "text": line.get("text", "")}
            for line in case.data.get("transcript") or []
        ],
    }


def _dumps(payload: dict[str, Any]) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def case_json_path(case: CaseLike, data: bytes | None = None) -> str:
    """``assets/cases/<id>.<sha256 of the JSON bytes, 12 hex>.json`` (`data`: :func:`case_json`, if already made)."""
    return f"assets/cases/{case.id}.{_short_hash(data if data is not None else case_json(case))}.json"


def _for_grader(question: dict[str, Any]) -> dict[str, Any]:
    """The question as the browser sends it to ``exercises.grade``: no samples, no raw explanation,
    and for free text no ``key`` (its model answer: grading never reads it, and the page gets it only
    through ``reveal``, under the case's :class:`ModelAnswer` policy)."""
    dropped = _NOT_SENT_TO_THE_GRADER + (("key",) if question["type"] == "text" else ())
    return {key: value for key, value in question.items() if key not in dropped}


def _reveal(question: dict[str, Any], policy: ModelAnswer) -> dict[str, Any]:
    """What the page may show: the explanation after `after` graded attempts, the model answer as
    `model_after` says ("attempts": with it; "full_marks": once the student scored full marks)."""
    from ..cases.markdown import render  # the site helper's safe renderer (raw HTML off)

    explanation = question.get("explanation") or ""
    model = question.get("key") if question["type"] == "text" and policy is not ModelAnswer.NEVER else None
    return {
        "after": int(question.get("reveal_after", 1)),
        "explanation_html": render(explanation) if explanation else "",
        "model_answer": model if isinstance(model, str) else None,
        "model_after": "full_marks" if policy is ModelAnswer.AFTER_FULL_MARKS else "attempts",
    }


# --------------------------------------------------------------------------- checker bundle


def exercises_dir() -> Path:
    """The folder of the installed ``exercises`` package (the one CI checks the cases with)."""
    return Path(exercises.__file__).resolve().parent


def bundle_bytes(exercises_root: Path | None = None) -> bytes:
    """A zip of ``exercises/**/*.py`` that unpacks to an importable ``exercises`` package.

    Deterministic: entries sorted by path, 1980-01-01 timestamps, mode 0644, Unix host,
    DEFLATE level 9, so identical sources give identical bytes (and file names).
    """
    root = exercises_root or exercises_dir()
    sources = sorted(
        path for path in root.rglob("*.py") if "__pycache__" not in path.relative_to(root).parts
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sources:
            info = zipfile.ZipInfo(f"exercises/{path.relative_to(root).as_posix()}", date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            info.create_system = 3
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return buffer.getvalue()


def bundle_path(exercises_root: Path | None = None, *, bundle: bytes | None = None) -> str:
    """``assets/checker/exercises.<sha256 of the zip, 12 hex>.zip`` (`bundle`: :func:`bundle_bytes`, if already made)."""
    data = bundle if bundle is not None else bundle_bytes(exercises_root)
    return f"assets/checker/exercises.{_short_hash(data)}.zip"


def _short_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:12]
