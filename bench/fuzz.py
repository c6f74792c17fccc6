"""Property-based fuzzing of the whole API with schemathesis: `python -m bench.fuzz`.

Starts `reconcile serve --seed` in its own process (the embedded PostgreSQL under a fresh data
directory, or DATABASE_URL when set; a bearer token, so that writes are checked with and
without it), waits for /health, runs `schemathesis run` over /schema/openapi.json with every
check and every phase (examples, coverage, fuzzing, stateful) under the settings of
bench/fuzz.toml (the refusals no schema can state: a forged cursor, an article's content), then
stops the server with SIGTERM and prints a summary: test cases generated, failures by check
and operation, errors. Exits non-zero when schemathesis found anything, or generated fewer
test cases than asked.

Not part of `make test`: at the default size it takes a few minutes. `--url` fuzzes a server
that is already running instead (pass its token with --token).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import OUT, ROOT, free_port, wait_healthy

CONFIG = Path(__file__).with_name("fuzz.toml")
"""schemathesis settings: the refusals that depend on data a schema cannot state."""


def start_server(data_dir: Path, port: int, token: str, log_path: Path
                 ) -> subprocess.Popen[bytes]:
    env = {**os.environ, "RECONCILE_DATA_DIR": str(data_dir), "RECONCILE_API_TOKEN": token}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "reconcile.cli", "serve", "--port", str(port), "--seed"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def stop_server(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def run_schemathesis(base: str, token: str, args: argparse.Namespace, report_dir: Path
                     ) -> dict[str, object]:
    command = [
        sys.executable, "-c", "from schemathesis.cli import schemathesis; schemathesis()",
        "--config-file", str(CONFIG), "run", f"{base}/schema/openapi.json",
        "--checks", "all",
        "--max-examples", str(args.examples),
        "--seed", str(args.seed),
        "--workers", str(args.workers),
        "--header", f"Authorization: Bearer {token}",
        "--request-timeout", "60",
        "--continue-on-failure",
        "--suppress-health-check", "too_slow,filter_too_much",
        "--report", "json", "--report-dir", str(report_dir),
        "--report-json-path", str(report_dir / "run.json"),
        "--no-color",
    ]
    print("$ schemathesis " + " ".join(command[3:]).replace(token, "[token]"), flush=True)
    # In the report folder: schemathesis keeps its own state (.schemathesis/) where it runs.
    subprocess.run(command, cwd=report_dir, check=False)
    report: dict[str, object] = json.loads((report_dir / "run.json").read_text())
    return report


def summary(report: dict[str, object], wanted: int) -> tuple[str, bool]:
    """The run in a few lines, and whether it is clean (nothing found, enough test cases)."""
    cases = report.get("test_cases") or {}
    assert isinstance(cases, dict)
    generated = int(cases.get("generated", 0))
    failures = report.get("failures") or []
    errors = report.get("errors") or []
    assert isinstance(failures, list) and isinstance(errors, list)
    seconds = float(str(report.get("running_time", 0)))
    lines = [f"schemathesis {report.get('schemathesis_version')}: {generated} test cases "
             f"generated in {seconds:.0f} s (seed {report.get('seed')}), "
             f"{cases.get('with_failures', 0)} with failures, {len(errors)} errors"]
    for failure in failures:
        operations = ", ".join(failure.get("operations", []))
        lines.append(f"  {failure.get('code')} {failure.get('title')} ×{failure.get('count')}: "
                     f"{operations}")
    for error in errors:
        lines.append(f"  error: {json.dumps(error)[:300]}")
    if generated < wanted:
        lines.append(f"  fewer test cases than the {wanted} asked for: raise --examples")
    return "\n".join(lines), not failures and not errors and generated >= wanted


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=150,
                        help="test cases per operation and phase at most (default 150: about "
                             "3,300 test cases over the 19 operations, 1-2 minutes)")
    parser.add_argument("--min-cases", type=int, default=2000,
                        help="fail unless at least this many test cases were generated")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--url", default=None, help="fuzz this running server instead")
    parser.add_argument("--token", default=None, help="its RECONCILE_API_TOKEN, with --url")
    args = parser.parse_args()

    report_dir = OUT / "fuzz"
    report_dir.mkdir(parents=True, exist_ok=True)
    if args.url:
        report = run_schemathesis(args.url.rstrip("/"), args.token or "", args, report_dir)
    else:
        token = secrets.token_urlsafe(16)
        with tempfile.TemporaryDirectory(prefix="reconcile-fuzz-") as data:
            port = free_port()
            process = start_server(Path(data), port, token, OUT / "fuzz-server.log")
            try:
                t0 = time.monotonic()
                base = f"http://127.0.0.1:{port}"
                wait_healthy(base, process, limit_s=300)
                print(f"server healthy after {time.monotonic() - t0:.1f} s", flush=True)
                report = run_schemathesis(base, token, args, report_dir)
            finally:
                code = stop_server(process)
                print(f"server stopped with exit code {code} (log: {OUT / 'fuzz-server.log'})")
    text, clean = summary(report, args.min_cases)
    print("\n" + text)
    return 0 if clean else 1


if __name__ == "__main__":
    raise SystemExit(main())
