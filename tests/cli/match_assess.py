#!/usr/bin/env python3
"""Matcher for the hand-worked `skjold incident assess` cases (tests/cases/assess).

Standard library only.  Used by tests/cli/test_assess_cases.sh:

  match_assess.py prepare CASE IN          write the case's input to IN (JSON, or the
                                           "raw" text as-is); print the --now value and
                                           the --regime value (empty line if none)
  match_assess.py check CASE OUT ERR RC    compare one run (stdout, stderr, exit status
                                           files) with the case; exit 0 when it matches,
                                           else print one line per difference and exit 1
  match_assess.py prepare-all DIR WORK      the same for every case in DIR: WORK/NAME.in, and
                                           one line "NAME<TAB>NOW<TAB>REGIME" per case
  match_assess.py check-all DIR WORK       check every case against WORK/NAME.out, .err, .rc;
                                           one "ok   NAME" or "FAIL NAME" line per case (the
                                           differences on stderr), last "COUNT passed failed"
  match_assess.py batch-input DIR JSONL NAMES
                                           the inputs of every non-error case, compact, one
                                           per line, and the case files in the same order
  match_assess.py batch-shape NAMES OUT RC one output line per input line, each a JSON
                                           object with "results"; exit status 0
  match_assess.py batch-agree NAMES OUT    each output line matches its case (everything
                                           but "status", which depends on --now, and the
                                           --regime restriction)
  match_assess.py mixed-input DIR JSONL SPEC
                                           a batch with a line that is not JSON and a line
                                           with an impossible time among valid ones
  match_assess.py mixed-check SPEC OUT RC  those two lines give {"line": N, "error":
                                           {"field", "message"}}, the others are assessed,
                                           exit status 2

Case file (one JSON object):
  source, why          where the expectation comes from, and the hand-working
  now                  --now value (default 2026-11-22T12:00:00+01:00)
  regime               optional --regime value (the output must then hold that regime only)
  input | raw          the incident facts document, or non-JSON text
  expect               {regime: {applies, reportable, verdict, criteria, levels,
                        unknown_could_change_verdict, unknown_includes, reports,
                        absent_reports}}
  expect_error         {"exit": 2, "field": "facts.x"}: stderr has a line
                       "skjold: facts.x: ..."; without "field", any "skjold: " line
"""
import json
import os
import sys

DEFAULT_NOW = "2026-11-22T12:00:00+01:00"
CASE_KEYS = {"source", "why", "now", "regime", "input", "raw", "expect", "expect_error"}
REGIME_KEYS = {"applies", "reportable", "verdict", "criteria", "levels", "unknown_could_change_verdict",
               "unknown_includes", "reports", "absent_reports"}
REPORT_KEYS = {"due", "status", "conditional"}
REGIMES = {"dk-psd2-2018", "eu-dora", "eu-nis2", "eu-gdpr"}


class CaseError(Exception):
    pass


def load_case(path):
    try:
        with open(path, encoding="utf-8") as f:
            c = json.load(f)
    except (OSError, ValueError) as e:
        raise CaseError(f"cannot read case: {e}")
    if not isinstance(c, dict):
        raise CaseError("case is not a JSON object")
    extra = set(c) - CASE_KEYS
    if extra:
        raise CaseError(f"unknown case keys {sorted(extra)}")
    for k in ("source", "why"):
        if not isinstance(c.get(k), str) or not c[k].strip():
            raise CaseError(f"case lacks '{k}'")
    if ("input" in c) == ("raw" in c):
        raise CaseError("case needs exactly one of 'input' and 'raw'")
    if ("expect" in c) == ("expect_error" in c):
        raise CaseError("case needs exactly one of 'expect' and 'expect_error'")
    if "raw" in c and not isinstance(c["raw"], str):
        raise CaseError("'raw' must be a string")
    if "expect" in c:
        if not isinstance(c["expect"], dict) or not c["expect"]:
            raise CaseError("'expect' must be a non-empty object")
        for reg, e in c["expect"].items():
            if reg not in REGIMES:
                raise CaseError(f"expect: unknown regime {reg!r}")
            if not isinstance(e, dict):
                raise CaseError(f"expect.{reg} is not an object")
            bad = set(e) - REGIME_KEYS
            if bad:
                raise CaseError(f"expect.{reg}: unknown keys {sorted(bad)}")
            for name, r in e.get("reports", {}).items():
                if not isinstance(r, dict) or set(r) - REPORT_KEYS:
                    raise CaseError(f"expect.{reg}.reports.{name}: only {sorted(REPORT_KEYS)} may be asserted")
            if c.get("regime") and reg != c["regime"]:
                raise CaseError(f"expect.{reg} but the case limits the output to --regime {c['regime']}")
    else:
        ee = c["expect_error"]
        if not isinstance(ee, dict) or not isinstance(ee.get("exit"), int) or set(ee) - {"exit", "field"}:
            raise CaseError("expect_error must be {\"exit\": N, \"field\": \"...\"}")
    return c


def show(v):
    return json.dumps(v, ensure_ascii=False)


def nth_report(reports, key):
    """'intermediate#2' -> the 2nd report named intermediate; 'final' -> the 1st named final."""
    name, _, n = key.partition("#")
    n = int(n) if n else 1
    hits = [r for r in reports if isinstance(r, dict) and r.get("report") == name]
    return hits[n - 1] if len(hits) >= n else None


def compare_regime(reg, exp, got, diffs, with_status=True):
    p = reg
    for k in ("applies", "reportable", "verdict"):
        if k in exp:
            if k not in got:
                diffs.append(f"{p}.{k}: expected {show(exp[k])}, got nothing (key missing)")
            elif got[k] != exp[k] or type(got[k]) is not type(exp[k]):
                diffs.append(f"{p}.{k}: expected {show(exp[k])}, got {show(got[k])}")
    crits = got.get("criteria")
    if ("criteria" in exp or "levels" in exp) and not isinstance(crits, list):
        diffs.append(f"{p}.criteria: expected a list of criteria, got {show(crits)}")
        crits = []
    by_id = {c.get("id"): c for c in (crits or []) if isinstance(c, dict)}
    for cid, met in exp.get("criteria", {}).items():
        c = by_id.get(cid)
        if c is None:
            diffs.append(f"{p}.criteria[{cid}]: expected met={show(met)}, got no such criterion "
                         f"(ids: {', '.join(sorted(map(str, by_id)))})")
        elif "met" not in c:
            diffs.append(f"{p}.criteria[{cid}].met: expected {show(met)}, got nothing (key missing)")
        elif c["met"] != met or type(c["met"]) is not type(met):
            diffs.append(f"{p}.criteria[{cid}].met: expected {show(met)}, got {show(c['met'])}"
                         + (f"  ({c.get('detail')})" if c.get("detail") else ""))
    for cid, level in exp.get("levels", {}).items():
        c = by_id.get(cid)
        if c is None:
            diffs.append(f"{p}.criteria[{cid}].level: expected {show(level)}, got no such criterion")
        elif "level" not in c:
            diffs.append(f"{p}.criteria[{cid}].level: expected {show(level)}, got nothing (key missing)")
        elif c["level"] != level:
            diffs.append(f"{p}.criteria[{cid}].level: expected {show(level)}, got {show(c['level'])}")
    for key, subset in (("unknown_could_change_verdict", False), ("unknown_includes", True)):
        if key not in exp:
            continue
        g = got.get("unknown_could_change_verdict")
        if not isinstance(g, list):
            diffs.append(f"{p}.unknown_could_change_verdict: expected a list, got {show(g)}")
            continue
        want, have = set(exp[key]), set(map(str, g))
        if subset:
            missing = want - have
            if missing:
                diffs.append(f"{p}.unknown_could_change_verdict: expected to include {show(sorted(missing))}, "
                             f"got {show(g)}")
        elif want != have or len(g) != len(have):
            diffs.append(f"{p}.unknown_could_change_verdict: expected {show(sorted(want))} (as a set), got {show(g)}")
    reports = got.get("reports")
    if ("reports" in exp or "absent_reports" in exp) and not isinstance(reports, list):
        diffs.append(f"{p}.reports: expected a list of reports, got {show(reports)}")
        reports = []
    for key, er in exp.get("reports", {}).items():
        r = nth_report(reports, key)
        if r is None:
            names = [x.get("report") for x in reports if isinstance(x, dict)]
            diffs.append(f"{p}.reports[{key}]: expected {show(er)}, got no such report (listed: {show(names)})")
            continue
        for k, v in er.items():
            if k == "status" and not with_status:
                continue
            if k == "conditional":
                g = r.get("conditional", False)
                if g is not v:
                    diffs.append(f"{p}.reports[{key}].conditional: expected {show(v)}, got {show(r.get(k))}")
                continue
            if k not in r:
                diffs.append(f"{p}.reports[{key}].{k}: expected {show(v)}, got nothing (key missing)")
            elif r[k] != v:
                diffs.append(f"{p}.reports[{key}].{k}: expected {show(v)}, got {show(r[k])}"
                             + (f"  (basis: {r.get('basis')})" if r.get("basis") else ""))
    for key in exp.get("absent_reports", []):
        r = nth_report(reports or [], key)
        if r is not None:
            diffs.append(f"{p}.reports[{key}]: expected no such report, got {show(r)}")


def compare_results(case, doc, diffs, with_status=True, check_regime_limit=True):
    if not isinstance(doc, dict) or not isinstance(doc.get("results"), list):
        diffs.append(f"output: expected an object with a \"results\" list, got {show(doc)[:300]}")
        return
    results = doc["results"]
    by_reg = {}
    for r in results:
        if isinstance(r, dict) and isinstance(r.get("regime"), str):
            if r["regime"] in by_reg:
                diffs.append(f"results: regime {r['regime']} appears twice")
            by_reg[r["regime"]] = r
    if check_regime_limit and case.get("regime"):
        regs = [r.get("regime") if isinstance(r, dict) else r for r in results]
        if regs != [case["regime"]]:
            diffs.append(f"results: --regime {case['regime']} should limit the output to that regime, got {show(regs)}")
    for reg, exp in case["expect"].items():
        got = by_reg.get(reg)
        if got is None:
            diffs.append(f"{reg}: expected a result for this regime, got none (regimes: {show(sorted(by_reg))})")
            continue
        compare_regime(reg, exp, got, diffs, with_status)


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def report(name, diffs):
    for d in diffs:
        print(f"  {name}: {d}", file=sys.stderr)
    return 1 if diffs else 0


def cmd_prepare(case_path, in_path):
    c = load_case(case_path)
    with open(in_path, "w", encoding="utf-8") as f:
        if "raw" in c:
            f.write(c["raw"])
        else:
            json.dump(c["input"], f, ensure_ascii=False, indent=1)
            f.write("\n")
    print(c.get("now", DEFAULT_NOW))
    print(c.get("regime", ""))
    return 0


def check_one(case_path, out_path, err_path, rc_path):
    """The differences between one run and its case (empty when it matches)."""
    c = load_case(case_path)
    out, err = read(out_path), read(err_path)
    try:
        rc = int(read(rc_path).strip())
    except (OSError, ValueError):
        return ["no exit status recorded"]
    diffs = []
    if rc in (126, 127):
        return [f"the binary did not run (exit {rc}): {err.strip()[:300]}"]
    if "expect_error" in c:
        ee = c["expect_error"]
        if rc != ee["exit"]:
            diffs.append(f"exit status: expected {ee['exit']}, got {rc} (stdout: {out.strip()[:200]!r})")
        lines = err.splitlines()
        if "field" in ee:
            want = f"skjold: {ee['field']}: "
            if not any(l.startswith(want) for l in lines):
                diffs.append(f"stderr: expected a line starting {want!r}, got {err.strip()[:300]!r}")
        elif not any(l.startswith("skjold: ") for l in lines):
            diffs.append(f"stderr: expected a line starting 'skjold: ', got {err.strip()[:300]!r}")
        return diffs
    if rc != 0:
        return [f"exit status: expected 0, got {rc}; stderr: {err.strip()[-400:]!r}"]
    try:
        doc = json.loads(out)
    except ValueError as e:
        return [f"stdout is not one JSON value ({e}): {out.strip()[:300]!r}"]
    compare_results(c, doc, diffs)
    return diffs


def cmd_check(case_path, out_path, err_path, rc_path):
    name = os.path.basename(case_path)
    try:
        diffs = check_one(case_path, out_path, err_path, rc_path)
    except OSError as e:
        diffs = [str(e)]
    return report(name, diffs)


def cmd_prepare_all(d, work):
    """WORK/NAME.in for every case; prints NAME<TAB>NOW<TAB>REGIME per case."""
    os.makedirs(work, exist_ok=True)
    for p in case_files(d):
        name = os.path.basename(p)[:-5]
        try:
            c = load_case(p)
        except CaseError:
            print(f"{name}\t{DEFAULT_NOW}\t")  # check-all reports the case error
            continue
        with open(os.path.join(work, name + ".in"), "w", encoding="utf-8") as f:
            if "raw" in c:
                f.write(c["raw"])
            else:
                json.dump(c["input"], f, ensure_ascii=False, indent=1)
                f.write("\n")
        print(f"{name}\t{c.get('now', DEFAULT_NOW)}\t{c.get('regime', '')}")
    return 0


def cmd_check_all(d, work):
    """One check per case, printed like lib.sh's check; last line "COUNT passed failed"."""
    passed = failed = 0
    for p in case_files(d):
        name = os.path.basename(p)[:-5]
        w = os.path.join(work, name)
        try:
            diffs = check_one(p, w + ".out", w + ".err", w + ".rc")
        except CaseError as e:
            diffs = [f"case file error: {e}"]
        except OSError as e:
            diffs = [f"no run recorded ({e})"]
        sys.stdout.flush()
        if diffs:
            report(name + ".json", diffs)
            sys.stderr.flush()
            print(f"FAIL {name}")
            failed += 1
        else:
            print(f"ok   {name}")
            passed += 1
        sys.stdout.flush()
    print(f"COUNT {passed} {failed}")
    return 0


def case_files(d):
    return sorted(os.path.join(d, f) for f in os.listdir(d) if f.endswith(".json"))


def valid_cases(d):
    out = []
    for p in case_files(d):
        c = load_case(p)
        if "expect" in c:
            out.append((p, c))
    return out


def compact(doc):
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def cmd_batch_input(d, jsonl, names):
    cs = valid_cases(d)
    with open(jsonl, "w", encoding="utf-8") as f, open(names, "w", encoding="utf-8") as n:
        for p, c in cs:
            f.write(compact(c["input"]) + "\n")
            n.write(p + "\n")
    return 0


def out_lines(path):
    text = read(path)
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def cmd_batch_shape(names, out, rc_path):
    ns = read(names).split()
    lines = out_lines(out)
    diffs = []
    rc = read(rc_path).strip()
    if rc != "0":
        diffs.append(f"exit status: expected 0, got {rc}")
    if len(lines) != len(ns):
        diffs.append(f"expected {len(ns)} output lines (one per input line), got {len(lines)}")
    for i, l in enumerate(lines, 1):
        try:
            doc = json.loads(l)
        except ValueError:
            diffs.append(f"line {i}: not JSON: {l[:200]!r}")
            continue
        if not isinstance(doc, dict) or not isinstance(doc.get("results"), list):
            diffs.append(f"line {i}: expected an object with \"results\", got {l[:200]!r}")
    return report("batch", diffs[:40])


def cmd_batch_agree(names, out):
    ns = read(names).split()
    lines = out_lines(out)
    diffs = []
    if len(lines) != len(ns):
        diffs.append(f"expected {len(ns)} output lines, got {len(lines)}")
    for i, (p, l) in enumerate(zip(ns, lines), 1):
        c = load_case(p)
        try:
            doc = json.loads(l)
        except ValueError:
            diffs.append(f"line {i} ({os.path.basename(p)}): not JSON")
            continue
        d = []
        compare_results(c, doc, d, with_status=False, check_regime_limit=False)
        diffs.extend(f"line {i} ({os.path.basename(p)}): {x}" for x in d)
    return report("batch", diffs[:60])


def cmd_mixed_input(d, jsonl, spec):
    cs = valid_cases(d)[:4]
    if len(cs) < 4:
        print("  mixed: fewer than 4 valid cases", file=sys.stderr)
        return 1
    impossible = json.loads(json.dumps(cs[0][1]["input"]))
    impossible["occurred_at"] = "2024-10-08T09:40:00+02:00"
    impossible["detected_at"] = "2024-10-08T10:00:00+02:00"
    impossible["resolved_at"] = "2024-10-08T09:00:00+02:00"
    rows = [("case", cs[0][0]), ("case", cs[1][0]), ("bad", None), ("case", cs[2][0]),
            ("impossible", "resolved_at"), ("case", cs[3][0])]
    with open(jsonl, "w", encoding="utf-8") as f:
        for kind, ref in rows:
            if kind == "case":
                f.write(compact(load_case(ref)["input"]) + "\n")
            elif kind == "bad":
                f.write('{"title": "Kortbetalinger nede", "occurred_at": \n')
            else:
                f.write(compact(impossible) + "\n")
    with open(spec, "w", encoding="utf-8") as f:
        json.dump(rows, f)
    return 0


def cmd_mixed_check(spec, out, rc_path):
    rows = json.loads(read(spec))
    lines = out_lines(out)
    diffs = []
    rc = read(rc_path).strip()
    if rc != "2":
        diffs.append(f"exit status: expected 2 (a bad line), got {rc}")
    if len(lines) != len(rows):
        diffs.append(f"expected {len(rows)} output lines, one per input line, got {len(lines)}")
    for i, ((kind, ref), l) in enumerate(zip(rows, lines), 1):
        try:
            doc = json.loads(l)
        except ValueError:
            diffs.append(f"line {i}: not JSON: {l[:200]!r}")
            continue
        if kind == "case":
            d = []
            compare_results(load_case(ref), doc, d, with_status=False, check_regime_limit=False)
            diffs.extend(f"line {i} ({os.path.basename(ref)}): {x}" for x in d)
            continue
        if not isinstance(doc, dict) or doc.get("line") != i or not isinstance(doc.get("error"), dict):
            diffs.append(f"line {i}: expected {{\"line\": {i}, \"error\": {{...}}}}, got {l[:200]!r}")
            continue
        e = doc["error"]
        if not isinstance(e.get("field"), str) or not isinstance(e.get("message"), str) or not e["message"]:
            diffs.append(f"line {i}: error needs a \"field\" string and a \"message\", got {show(e)}")
        elif kind == "impossible" and e["field"] != ref:
            diffs.append(f"line {i}: error.field expected {show(ref)}, got {show(e['field'])}")
    return report("batch with bad lines", diffs[:40])


def main(argv):
    cmds = {"prepare": (cmd_prepare, 2), "check": (cmd_check, 4),
            "prepare-all": (cmd_prepare_all, 2), "check-all": (cmd_check_all, 2),
            "batch-input": (cmd_batch_input, 3),
            "batch-shape": (cmd_batch_shape, 3), "batch-agree": (cmd_batch_agree, 2),
            "mixed-input": (cmd_mixed_input, 3), "mixed-check": (cmd_mixed_check, 3)}
    if len(argv) < 2 or argv[1] not in cmds or len(argv) - 2 != cmds[argv[1]][1]:
        print(__doc__, file=sys.stderr)
        return 2
    fn, _ = cmds[argv[1]]
    try:
        return fn(*argv[2:])
    except CaseError as e:
        print(f"  {os.path.basename(argv[2])}: case file error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"  {argv[1]}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
