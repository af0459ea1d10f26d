#!/usr/bin/env python3
"""sanso throughput benchmark: sanso per format and method, against mat2 and qpdf on the same inputs.

Called by bench/run.sh (which generates the inputs first):

  python3 bench/bench.py --sanso BIN --inputs DIR --work DIR

Every command is measured on its own with os.wait4(): wall time from a monotonic clock, CPU
time (user + system) and peak RSS (ru_maxrss, which covers the process and the children it
waited for, the same figure GNU time prints as %M). Prints a markdown report on stdout and
writes it, with the raw figures as JSON, into the work directory. Exits 1 when a tool failed
(sanso exit 1/2, qpdf exit 2, a missing tool), never because a target was missed.
"""
import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time

MIB = 1024 * 1024
MB = 1_000_000

# ---------------------------------------------------------------------------------------------
# Measurement


class Run:
    __slots__ = ("wall", "cpu", "rss_kib", "rc", "err")

    def __init__(self, wall, cpu, rss_kib, rc, err):
        self.wall, self.cpu, self.rss_kib, self.rc, self.err = wall, cpu, rss_kib, rc, err


def measure(cmd, stdout_path=None, env=None):
    """Runs cmd to completion; returns its wall time, CPU time, peak RSS and exit status."""
    err_path = "/tmp/sanso-bench-stderr.%d" % os.getpid()
    with open(err_path, "wb") as err, open(stdout_path or os.devnull, "wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                env=None if env is None else {**os.environ, **env})
        _, status, ru = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
    with open(err_path, "rb") as f:
        tail = f.read()[-400:].decode("utf-8", "replace").strip()
    os.unlink(err_path)
    return Run(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss, proc.returncode, tail)


ERRORS = []  # tool failures: make the run exit non-zero


def tool_error(what, run):
    msg = f"{what}: exit {run.rc}: {run.err.splitlines()[-1] if run.err else ''}"
    ERRORS.append(msg)
    print("bench: ERROR " + msg, file=sys.stderr)


def clean_dir(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path, exist_ok=True)


def out_ext(method, path):
    if method == "text":
        return ".txt"
    if method == "image-pdf":
        return ".pdf"
    return os.path.splitext(path)[1]


def pdf_pages(path):
    try:
        return int(subprocess.check_output(["qpdf", "--show-npages", path], text=True).strip())
    except (subprocess.CalledProcessError, ValueError):
        return 0


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Result rows


class Row:
    """One (input set, method, tool/mode) measurement, summed over the files it processed."""

    def __init__(self, set_name, method, tool, files, nbytes, wall, cpu, rss_kib, skipped=0,
                 pages=0, note=""):
        self.set, self.method, self.tool = set_name, method, tool
        self.files, self.bytes, self.wall, self.cpu = files, nbytes, wall, cpu
        self.rss_kib, self.skipped, self.pages, self.note = rss_kib, skipped, pages, note

    def files_s(self):
        return self.files / self.wall if self.wall > 0 else 0.0

    def mb_s(self):
        return self.bytes / MB / self.wall if self.wall > 0 else 0.0

    def md(self):
        pages = f"{self.pages / self.wall:.1f}" if self.pages and self.wall > 0 else ""
        return (f"| {self.set} | {self.method} | {self.tool} | {self.files} | {self.bytes / MB:.1f} | "
                f"{self.wall:.2f} | {self.cpu:.2f} | {self.cpu / self.wall if self.wall > 0 else 0:.2f} | {self.files_s():.1f} | {self.mb_s():.2f} | {pages} | "
                f"{self.rss_kib / 1024:.0f} | {self.skipped or ''} | {self.note} |")

    def as_dict(self):
        d = {k: getattr(self, k) for k in ("set", "method", "tool", "files", "bytes", "wall", "cpu",
                                            "rss_kib", "skipped", "pages", "note")}
        d.update(files_s=self.files_s(), mb_s=self.mb_s())
        return d


TABLE_HEAD = ("| input set | method | tool (mode) | files | MB | wall s | CPU s | cores used | files/s | MB/s | pages/s | "
              "peak RSS MiB | refused/blocked | note |\n"
              "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")


# ---------------------------------------------------------------------------------------------
# Runners


class Bench:
    def __init__(self, args):
        self.sanso = os.path.abspath(args.sanso)
        self.inputs = os.path.abspath(args.inputs)
        self.work = os.path.abspath(args.work)
        self.repeat = args.repeat
        self.nproc = os.cpu_count() or 1
        self.rows = []
        self.per_file = {}  # (set, method) -> {file: median wall} for sanso per-file runs
        self.mat2_ok = {}  # set -> list of files mat2 accepted
        self.pages = {}

    def files(self, set_name):
        d = os.path.join(self.inputs, set_name)
        return sorted(os.path.join(d, f) for f in os.listdir(d) if not f.startswith("."))

    def pages_of(self, path):
        if path not in self.pages:
            self.pages[path] = pdf_pages(path) if path.endswith(".pdf") else 0
        return self.pages[path]

    # sanso, one process per file, one after the other (one core) -------------------------
    def sanso_per_file(self, set_name, method, files=None, repeat=None, label=None, env=None, tool=None):
        files = files or self.files(set_name)
        repeat = repeat or self.repeat
        label = label or set_name
        out_dir = os.path.join(self.work, "out", "sanso", label, method)
        passes = []  # per pass: {file: Run}
        for _ in range(repeat):
            # repeat only the quick sets: a pass over 5 s is long enough to be stable
            if passes and sum(r.wall for r in passes[0].values()) > 5.0:
                break
            clean_dir(out_dir)
            runs = {}
            for f in files:
                out = os.path.join(out_dir, os.path.splitext(os.path.basename(f))[0] + out_ext(method, f))
                r = measure([self.sanso, "sanitize", "--method", method, f, out], env=env)
                if r.rc not in (0, 3):
                    tool_error(f"sanso {method} {f}", r)
                runs[f] = r
            passes.append(runs)
        # the median pass by total wall time
        passes.sort(key=lambda p: sum(r.wall for r in p.values()))
        mid = passes[len(passes) // 2]
        self.per_file[(label, method)] = {
            f: (statistics.median(p[f].wall for p in passes), statistics.median(p[f].cpu for p in passes))
            for f in files}
        ok = [f for f in files if mid[f].rc == 0]
        blocked = [f for f in files if mid[f].rc == 3]
        note = f"median of {len(passes)} passes" if len(passes) > 1 else ""
        if blocked:
            note = (note + "; " if note else "") + "blocked: " + ", ".join(os.path.basename(b) for b in blocked[:3])
            log(f"sanso {method} {label}: blocked {len(blocked)}: {mid[blocked[0]].err}")
        row = Row(label, method, tool or "sanso (per file, 1 core)", len(ok),
                  sum(os.path.getsize(f) for f in ok),
                  sum(mid[f].wall for f in ok), sum(mid[f].cpu for f in ok),
                  max((mid[f].rss_kib for f in files), default=0), skipped=len(blocked),
                  pages=sum(self.pages_of(f) for f in ok) if method == "image-pdf" else 0, note=note)
        self.rows.append(row)
        log(f"sanso per-file {label} {method}: {row.files} files in {row.wall:.2f} s")
        return row, mid

    # image-pdf of the first `pages` pages of `source`, without and with --ocr -------------
    def sanso_ocr_pages(self, source, pages):
        d = os.path.join(self.work, "out", "ocr")
        clean_dir(d)
        doc = os.path.join(d, f"first-{pages}-pages.pdf")
        q = measure(["qpdf", "--empty", "--pages", source, f"1-{pages}", "--", doc])
        if q.rc != 0:
            tool_error(f"qpdf --pages {source}", q)
            return
        label = f"pdf (first {pages} pages of {os.path.basename(source)})"
        for flags, tool in (([], "sanso (per file)"), (["--ocr"], "sanso --ocr (per file)")):
            out = os.path.join(d, "out-ocr.pdf" if flags else "out.pdf")
            r = measure([self.sanso, "sanitize", "--method", "image-pdf", *flags, doc, out])
            if r.rc != 0:
                tool_error(f"sanso image-pdf {' '.join(flags)} {doc}", r)
                continue
            self.rows.append(Row(label, "image-pdf", tool, 1, os.path.getsize(doc), r.wall, r.cpu,
                                 r.rss_kib, pages=pages,
                                 note=f"per page: {r.wall / pages:.2f} s wall, {r.cpu / pages:.2f} s CPU"))
            log(f"sanso image-pdf {' '.join(flags)}: {pages} pages in {r.wall:.2f} s")

    # sanso --batch over the set's directory ----------------------------------------------
    def sanso_batch(self, set_name, method, jobs):
        in_dir = os.path.join(self.inputs, set_name)
        out_dir = os.path.join(self.work, "out", "batch", set_name, method)
        clean_dir(out_dir)
        table = os.path.join(self.work, f"batch-{set_name}-{method}-j{jobs}.txt")
        r = measure([self.sanso, "sanitize", "--batch", "--method", method, "-j", str(jobs), in_dir, out_dir],
                    stdout_path=table)
        if r.rc not in (0, 3):
            tool_error(f"sanso --batch {method} {set_name}", r)
        verdicts = {}
        with open(table, encoding="utf-8", errors="replace") as t:
            for line in list(t)[1:]:
                parts = line.split()
                if len(parts) >= 3:
                    verdicts[parts[0]] = parts[2]
        files = self.files(set_name)
        ok = [f for f in files if verdicts.get(os.path.relpath(f, in_dir)) in ("clean", "sanitized")]
        row = Row(set_name, method, f"sanso --batch -j{jobs}", len(ok), sum(os.path.getsize(f) for f in ok),
                  r.wall, r.cpu, r.rss_kib, skipped=len(files) - len(ok),
                  pages=sum(self.pages_of(f) for f in ok) if method == "image-pdf" else 0,
                  note="all files in one process")
        self.rows.append(row)
        log(f"sanso --batch -j{jobs} {set_name} {method}: {row.files} files in {row.wall:.2f} s")
        return row

    # mat2, one process per file (on a copy, --inplace) -----------------------------------
    def mat2_per_file(self, set_name, files=None, label=None):
        files = files or self.files(set_name)
        label = label or set_name
        scratch = os.path.join(self.work, "mat2", label)
        clean_dir(scratch)
        accepted, refused, runs = [], [], {}
        for f in files:
            copy = os.path.join(scratch, os.path.basename(f))
            shutil.copyfile(f, copy)
            r = measure(["mat2", "--inplace", copy])
            runs[f] = r
            (accepted if r.rc == 0 else refused).append(f)
        self.mat2_ok[label] = accepted
        note = "mat2 refused " + ", ".join(os.path.basename(x) for x in refused[:3]) if refused else ""
        if refused:
            log(f"mat2 {label}: refused {len(refused)}: {runs[refused[0]].err.splitlines()[-1:] }")
        row = Row(label, "mat2", "mat2 (per file, 1 process each)", len(accepted),
                  sum(os.path.getsize(f) for f in accepted), sum(runs[f].wall for f in accepted),
                  sum(runs[f].cpu for f in accepted), max((runs[f].rss_kib for f in files), default=0),
                  skipped=len(refused), pages=sum(self.pages_of(f) for f in accepted), note=note)
        self.rows.append(row)
        log(f"mat2 per-file {label}: {len(accepted)} accepted in {row.wall:.2f} s, {len(refused)} refused")
        return row

    # mat2 with every accepted file in one invocation (it fans out over all cores) ---------
    def mat2_multi(self, label):
        files = self.mat2_ok.get(label, [])
        if not files:
            return None
        scratch = os.path.join(self.work, "mat2-multi", label)
        clean_dir(scratch)
        copies = []
        for f in files:
            copies.append(os.path.join(scratch, os.path.basename(f)))
            shutil.copyfile(f, copies[-1])
        r = measure(["mat2", "--inplace"] + copies)
        note = "one invocation, process pool over all cores"
        if r.rc != 0:
            note += f"; exit {r.rc}"
        row = Row(label, "mat2", "mat2 (all files at once)", len(files), sum(os.path.getsize(f) for f in files),
                  r.wall, r.cpu, r.rss_kib, note=note)
        self.rows.append(row)
        log(f"mat2 multi {label}: {len(files)} files in {row.wall:.2f} s")
        return row

    # qpdf in.pdf out.pdf -----------------------------------------------------------------
    def qpdf_per_file(self, set_name, label=None):
        files = self.files(set_name)
        label = label or set_name
        out_dir = os.path.join(self.work, "out", "qpdf", label)
        passes = []
        for _ in range(self.repeat):
            if passes and sum(r.wall for r in passes[0].values()) > 5.0:
                break
            clean_dir(out_dir)
            runs = {}
            for f in files:
                r = measure(["qpdf", f, os.path.join(out_dir, os.path.basename(f))])
                if r.rc not in (0, 3):  # 3: succeeded with warnings
                    tool_error(f"qpdf {f}", r)
                runs[f] = r
            passes.append(runs)
        passes.sort(key=lambda p: sum(r.wall for r in p.values()))
        mid = passes[len(passes) // 2]
        row = Row(label, "rewrite", "qpdf in.pdf out.pdf (per file)", len(files),
                  sum(os.path.getsize(f) for f in files), sum(r.wall for r in mid.values()),
                  sum(r.cpu for r in mid.values()), max(r.rss_kib for r in mid.values()),
                  note=f"median of {len(passes)} passes" if len(passes) > 1 else "")
        self.rows.append(row)
        log(f"qpdf {label}: {len(files)} files in {row.wall:.2f} s")
        return row

    def sanso_subset(self, label, method, subset):
        """sanso's per-file (wall, CPU) seconds restricted to `subset` (the files a peer accepted)."""
        times = self.per_file[(label, method)]
        return sum(times[f][0] for f in subset), sum(times[f][1] for f in subset)


# ---------------------------------------------------------------------------------------------


def machine_info(sanso):
    cpu = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    def version(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True).stdout.strip().splitlines()[0]
        except (OSError, IndexError):
            return "?"
    osname = "?"
    if os.path.exists("/etc/os-release"):
        for line in open("/etc/os-release"):
            if line.startswith("PRETTY_NAME="):
                osname = line.split("=", 1)[1].strip().strip('"')
    return {
        "nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "os": osname, "kernel": platform.release(),
        "sanso": version([sanso, "--version"]), "mat2": version(["mat2", "--version"]),
        "qpdf": version(["qpdf", "--version"]),
    }


def verdict(ok):
    return "**PASS**" if ok else "**MISS**"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sanso", required=True)
    ap.add_argument("--inputs", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--repeat", type=int, default=3, help="passes for the fast per-file sanso/qpdf runs")
    ap.add_argument("--ocr-pages", type=int, default=4,
                    help="pages of the first PDF report rendered with and without --ocr (0: skip)")
    ap.add_argument("--ocr-files", type=int, default=1,
                    help="images per format for the text method (OCR takes seconds per page)")
    ap.add_argument("--mat2-pdf-files", type=int, default=2,
                    help="mat2 rasterizes PDFs (seconds per page): run it on this many PDF reports only")
    args = ap.parse_args()
    for tool in ("mat2", "qpdf"):
        if shutil.which(tool) is None:
            sys.exit(f"bench: {tool} not found (make deps)")
    b = Bench(args)
    os.makedirs(b.work, exist_ok=True)
    info = machine_info(b.sanso)
    load_start = open("/proc/loadavg").read().split()[:3]
    t_start = time.perf_counter()
    N = b.nproc

    # --- process start-up ------------------------------------------------------------------
    tiny = os.path.join(b.work, "tiny.txt")
    with open(tiny, "w") as f:
        f.write("hello\n")
    startup = {}
    for name, cmd in ((f"sanso --version", [b.sanso, "--version"]),
                      (f"sanso sanitize tiny.txt", [b.sanso, "sanitize", tiny, os.path.join(b.work, "tiny.out.txt")]),
                      ("qpdf --version", ["qpdf", "--version"]),
                      ("mat2 --version", ["mat2", "--version"])):
        runs = [measure(cmd) for _ in range(10)]
        if runs[0].rc != 0:
            tool_error(name, runs[0])
        startup[name] = (statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs),
                         max(r.rss_kib for r in runs))

    # --- Office: cdr against mat2 (the 20x target), text ---------------------------------
    ratios = {}
    for s in ("docx", "xlsx"):
        b.sanso_per_file(s, "cdr")
        b.sanso_batch(s, "cdr", 1)
        b.sanso_batch(s, "cdr", N)
        m = b.mat2_per_file(s)
        mm = b.mat2_multi(s)
        acc = b.mat2_ok[s]
        if acc:
            sanso_t, sanso_cpu = b.sanso_subset(s, "cdr", acc)
            ratios[s] = {
                "files": len(acc), "refused": m.skipped, "sanso_wall": sanso_t, "mat2_wall": m.wall,
                "per_file": m.wall / sanso_t if sanso_t > 0 else 0.0,
                "sanso_cpu": sanso_cpu, "mat2_cpu": m.cpu,
                "per_file_cpu": m.cpu / sanso_cpu if sanso_cpu > 0 else 0.0,
            }
            # all cores: sanso --batch over the accepted files only, against mat2's one invocation
            sub = os.path.join(b.work, "subset", s)
            clean_dir(sub)
            for f in acc:  # copies: --batch skips symlinks
                shutil.copyfile(f, os.path.join(sub, os.path.basename(f)))
            r = measure([b.sanso, "sanitize", "--batch", "--method", "cdr", "-j", str(N), sub,
                         os.path.join(b.work, "out", "subset", s)], stdout_path=os.devnull)
            if r.rc not in (0, 3):
                tool_error(f"sanso --batch cdr subset {s}", r)
            ratios[s]["batch_sanso_wall"] = r.wall
            ratios[s]["batch_mat2_wall"] = mm.wall if mm else 0.0
            ratios[s]["all_cores"] = (mm.wall / r.wall) if mm and r.wall > 0 else 0.0
            ratios[s]["batch_sanso_cpu"] = r.cpu
            ratios[s]["batch_mat2_cpu"] = mm.cpu if mm else 0.0
        b.sanso_per_file(s, "text")

    # --- Text and CSV ---------------------------------------------------------------------
    for s in ("text", "csv"):
        for method in ("cdr", "text"):
            b.sanso_per_file(s, method)
        b.sanso_batch(s, "cdr", 1)
        b.sanso_batch(s, "cdr", N)
    b.mat2_per_file("text")

    # --- Images ---------------------------------------------------------------------------
    for s in ("png", "jpeg"):
        b.sanso_per_file(s, "cdr")
        b.sanso_batch(s, "cdr", 1)
        b.sanso_batch(s, "cdr", N)
        b.sanso_per_file(s, "image-pdf")
        b.mat2_per_file(s)
        # text from images is OCR (Tesseract): seconds per page, so a few files only
        ocr = b.files(s)[:args.ocr_files]
        if ocr:
            b.sanso_per_file(s, "text", files=ocr, repeat=1, label=f"{s} (first {len(ocr)})")
            b.sanso_per_file(s, "text", files=ocr, repeat=1, label=f"{s} (first {len(ocr)})",
                             env={"OMP_THREAD_LIMIT": "1"}, tool="sanso, OMP_THREAD_LIMIT=1")

    # --- PDF: cdr against qpdf, text, image-pdf pages/s ------------------------------------
    pdf_cmp = {}
    for s in ("pdf", "pdf100"):
        q = b.qpdf_per_file(s)
        c, _ = b.sanso_per_file(s, "cdr")
        same = q.wall > 0 and c.files == q.files
        pdf_cmp[s] = {"sanso_wall": c.wall, "qpdf_wall": q.wall, "files": c.files, "blocked": c.skipped,
                      "sanso_cpu": c.cpu, "qpdf_cpu": q.cpu,
                      "ratio": c.wall / q.wall if same else None,
                      "ratio_cpu": c.cpu / q.cpu if same and q.cpu > 0 else None}
        b.sanso_per_file(s, "text")
    b.sanso_batch("pdf", "cdr", 1)
    b.sanso_batch("pdf", "cdr", N)
    ip100, ip100_runs = b.sanso_per_file("pdf100", "image-pdf")
    ip_pdf, _ = b.sanso_per_file("pdf", "image-pdf", repeat=1)
    ip_batch1 = b.sanso_batch("pdf", "image-pdf", 1)
    ip_batch = b.sanso_batch("pdf", "image-pdf", N)
    # the OCR text layer (--ocr) costs seconds per page: one short document
    if args.ocr_pages > 0:
        b.sanso_ocr_pages(b.files("pdf")[0], args.ocr_pages)
    mat2_pdfs = b.files("pdf")[:args.mat2_pdf_files]
    if mat2_pdfs:
        b.mat2_per_file("pdf", files=mat2_pdfs, label=f"pdf (first {len(mat2_pdfs)})")

    # --- ~100 MB inputs: peak RSS ----------------------------------------------------------
    big = {}
    big_files = b.files("big")
    for f in big_files:
        name = os.path.basename(f)
        methods = {"pdf": ("cdr", "text", "image-pdf"), "docx": ("cdr", "text"), "csv": ("cdr", "text")}
        for method in methods[f.rsplit(".", 1)[1]]:
            row, runs = b.sanso_per_file("big", method, files=[f], repeat=1, label=name)
            r = runs[f]
            big[(name, method)] = {"bytes": os.path.getsize(f), "rss_kib": r.rss_kib, "wall": r.wall, "cpu": r.cpu,
                                   "rc": r.rc, "err": r.err.splitlines()[-1] if r.err else ""}
        if name.endswith(".pdf"):
            q = measure(["qpdf", f, os.path.join(b.work, "out", "qpdf-" + name)])
            if q.rc not in (0, 3):
                tool_error(f"qpdf {f}", q)
            b.rows.append(Row(name, "rewrite", "qpdf in.pdf out.pdf", 1, os.path.getsize(f), q.wall, q.cpu,
                              q.rss_kib))
            big[(name, "qpdf")] = {"wall": q.wall, "cpu": q.cpu, "rss_kib": q.rss_kib}
        if name.endswith(".docx"):
            b.mat2_per_file("big", files=[f], label=name)

    elapsed = time.perf_counter() - t_start
    load_end = open("/proc/loadavg").read().split()[:3]

    # --- Report -----------------------------------------------------------------------------
    L = []
    L.append("## Machine\n")
    L.append(f"- CPU: {info['cpu']}, {info['nproc']} cores (nproc)")
    L.append(f"- memory: {info['memory']}; OS: {info['os']}, kernel {info['kernel']}")
    L.append(f"- {info['sanso']}; mat2 {info['mat2'].split()[-1]}; {info['qpdf']}")
    L.append(f"- load average at start {' '.join(load_start)}, at end {' '.join(load_end)}; "
             f"benchmark took {elapsed:.0f} s")
    L.append("")
    L.append("## Measurements\n")
    L.append("Wall and CPU seconds are summed over the files processed (blocked or refused files excluded); "
             "cores used = CPU / wall; peak RSS is the largest single process. Per-file rows run one process "
             "per file, one after the other, so they include process start-up.\n")
    L.append(TABLE_HEAD)
    L.extend(r.md() for r in b.rows)
    L.append("")
    L.append("## Process start-up\n")
    L.append("Median of 10 runs; every per-file row above pays this once per file.\n")
    L.append("| command | wall ms | CPU ms | peak RSS MiB |\n|---|---:|---:|---:|")
    for name, (w, c, rss) in startup.items():
        L.append(f"| `{name}` | {w * 1000:.0f} | {c * 1000:.0f} | {rss / 1024:.0f} |")
    L.append("")
    L.append("## Targets\n")
    # sanso's per-file runs are single-threaded: wall much above CPU means they waited for a CPU
    single = [r for r in b.rows if r.tool == "sanso (per file, 1 core)" and r.method != "text"]
    stretch = sum(r.wall for r in single) / max(1e-9, sum(r.cpu for r in single))
    L.append(f"Single-threaded sanso runs took {stretch:.2f}x their CPU time in wall-clock time "
             "(1.00 = they never waited for a CPU).\n")
    if stretch > 1.10:
        L.append(f"**The machine was busy** (load average {' '.join(load_start)} at start): wall-clock figures "
                 "include time spent waiting for a CPU. The CPU-time column (user + system seconds of the same "
                 "runs) does not depend on other load.\n")
    L.append("| target | inputs | wall clock | CPU time | result (wall) | result (CPU) |\n|---|---|---|---|---|---|")

    def row(target, inputs, wall_text, cpu_text, ok_wall, ok_cpu):
        L.append(f"| {target} | {inputs} | {wall_text} | {cpu_text} | {verdict(ok_wall)} | {verdict(ok_cpu)} |")

    for s in ("docx", "xlsx"):
        if s not in ratios:
            L.append(f"| {s} `cdr` >= 20x mat2 | mat2 accepted no file | | | n/a | n/a |")
            continue
        x = ratios[s]
        inputs = f"{x['files']} {s} mat2 accepts ({x['refused']} refused)"
        row(f"{s} `cdr` >= 20x mat2, one process per file", inputs,
            f"{x['per_file']:.1f}x ({x['sanso_wall']:.2f} s vs {x['mat2_wall']:.2f} s)",
            f"{x['per_file_cpu']:.1f}x ({x['sanso_cpu']:.2f} s vs {x['mat2_cpu']:.2f} s)",
            x["per_file"] >= 20, x["per_file_cpu"] >= 20)
        cpu_ratio = x["batch_mat2_cpu"] / x["batch_sanso_cpu"] if x["batch_sanso_cpu"] > 0 else 0.0
        row(f"{s} `cdr` >= 20x mat2, all cores (`--batch -j{N}` vs one `mat2` call)", inputs,
            f"{x['all_cores']:.1f}x ({x['batch_sanso_wall']:.2f} s vs {x['batch_mat2_wall']:.2f} s)",
            f"{cpu_ratio:.1f}x ({x['batch_sanso_cpu']:.2f} s vs {x['batch_mat2_cpu']:.2f} s)",
            x["all_cores"] >= 20, cpu_ratio >= 20)
    n_reports = len(b.files("pdf"))
    pdf_inputs = {"pdf": f"{n_reports} PDF reports, one process per file", "pdf100": "100-page text PDF"}
    for s in ("pdf", "pdf100"):
        x = pdf_cmp[s]
        if x["ratio"] is None:
            L.append(f"| PDF `cdr` within 2x of `qpdf in out` | {pdf_inputs[s]} | sanso blocked {x['blocked']} file(s) | | n/a | n/a |")
            continue
        row("PDF `cdr` within 2x of `qpdf in.pdf out.pdf`", pdf_inputs[s],
            f"{x['ratio']:.2f}x qpdf's time ({x['sanso_wall']:.2f} s vs {x['qpdf_wall']:.2f} s)",
            f"{x['ratio_cpu']:.2f}x ({x['sanso_cpu']:.2f} s vs {x['qpdf_cpu']:.2f} s)",
            x["ratio"] <= 2, x["ratio_cpu"] <= 2)
    c, q = big.get(("scan-100mb.pdf", "cdr")), big.get(("scan-100mb.pdf", "qpdf"))
    if c and q and c["rc"] == 0:
        row("PDF `cdr` within 2x of `qpdf in.pdf out.pdf`", "100 MB scanned PDF",
            f"{c['wall'] / q['wall']:.2f}x ({c['wall']:.2f} s vs {q['wall']:.2f} s)",
            f"{c['cpu'] / q['cpu']:.2f}x ({c['cpu']:.2f} s vs {q['cpu']:.2f} s)",
            c["wall"] / q["wall"] <= 2, c["cpu"] / q["cpu"] <= 2)
    ip_runs = ip100_runs[b.files("pdf100")[0]]
    if ip_runs.rc == 0:
        per_wall, per_cpu = ip100.pages / ip100.wall, ip100.pages / ip100.cpu
        row("`image-pdf` >= 50 A4 pages/s per core at 150 dpi", "100-page text PDF, one process",
            f"{per_wall:.1f} pages/s ({ip100.wall:.2f} s)", f"{per_cpu:.1f} pages per CPU-s ({ip100.cpu:.2f} s)",
            per_wall >= 50, per_cpu >= 50)
    else:
        L.append(f"| `image-pdf` >= 50 pages/s per core | 100-page text PDF | sanso exit {ip_runs.rc}: {ip_runs.err[-120:]} | | n/a | n/a |")
    for rb, label in ((ip_batch1, f"--batch -j1"), (ip_batch, f"--batch -j{N}")):
        if rb.files:
            jobs = 1 if label.endswith("-j1") else N
            per_core, per_cpu = rb.pages / rb.wall / jobs, rb.pages / rb.cpu
            row("`image-pdf` >= 50 A4 pages/s per core at 150 dpi", f"{rb.files} PDF reports ({rb.pages} pages), `{label}`",
                f"{rb.pages / rb.wall:.1f} pages/s = {per_core:.1f} per core", f"{per_cpu:.1f} pages per CPU-s",
                per_core >= 50, per_cpu >= 50)
    for (name, method), x in sorted(big.items()):
        if method == "qpdf":
            continue
        inputs = f"{name} ({x['bytes'] / MIB:.0f} MiB), `{method}`"
        if x["rc"] != 0:
            L.append(f"| peak RSS < 256 MiB | {inputs} | not measured: exit {x['rc']} {x['err'][-100:]} | | n/a | n/a |")
            continue
        ok = x["rss_kib"] < 256 * 1024
        L.append(f"| peak RSS < 256 MiB | {inputs} | {x['rss_kib'] / 1024:.1f} MiB ({x['wall']:.1f} s) | | "
                 f"{verdict(ok)} | {verdict(ok)} |")
    if ERRORS:
        L.append("\n## Tool errors\n")
        L.extend(f"- {e}" for e in ERRORS)
    report = "\n".join(L) + "\n"
    print(report)
    with open(os.path.join(b.work, "results.md"), "w") as f:
        f.write(report)
    with open(os.path.join(b.work, "results.json"), "w") as f:
        json.dump({"machine": info, "load_start": load_start, "load_end": load_end, "elapsed_s": elapsed,
                   "rows": [r.as_dict() for r in b.rows], "office_vs_mat2": ratios, "pdf_vs_qpdf": pdf_cmp,
                   "big": {f"{k[0]}:{k[1]}": v for k, v in big.items()}, "startup": startup,
                   "errors": ERRORS}, f, indent=1)
    log(f"results in {b.work}/results.md and results.json ({elapsed:.0f} s)")
    return 1 if ERRORS else 0


if __name__ == "__main__":
    sys.exit(main())
