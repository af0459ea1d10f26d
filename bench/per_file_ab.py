#!/usr/bin/env python3
"""One process per file, two sanso binaries interleaved, against mat2 per file.

  python3 bench/per_file_ab.py --a OLD_SANSO --b NEW_SANSO --inputs DIR [--sets docx xlsx]
                               [--repeat 5] [--no-mat2]

For each set: mat2 --inplace once per file (bench.py's mat2_per_file), then --repeat passes in
which every file goes through `sanso sanitize --method cdr IN OUT` once with each binary, one
process each, A then B and B then A on alternate files and passes, so that a change of load on
a shared machine hits both alike. CPU = user + system from wait4 (bench.py's measure). Prints
per set and binary the sum over the files of the median and of the minimum CPU time per file,
the median wall time, and the ratio of mat2's CPU time to the median figure; the load average
before and after. Figures only: nothing is asserted.
"""
import argparse
import os
import statistics
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402


def loadavg():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--a", required=True, help="the sanso binary before the change")
    ap.add_argument("--b", required=True, help="the sanso binary after the change")
    ap.add_argument("--inputs", required=True, help="bench inputs (bench/make-inputs.sh)")
    ap.add_argument("--sets", nargs="+", default=["docx", "xlsx"])
    ap.add_argument("--repeat", type=int, default=5, help="passes (each file once per binary)")
    ap.add_argument("--no-mat2", action="store_true", help="skip mat2")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="sanso-ab-")
    binaries = {"A": os.path.abspath(args.a), "B": os.path.abspath(args.b)}
    print(f"load average before: {loadavg()}")
    for s in args.sets:
        b = bench.Bench(argparse.Namespace(sanso=binaries["A"], inputs=args.inputs, work=work, repeat=1))
        files = b.files(s)
        mat2_cpu = None
        if not args.no_mat2:
            m = b.mat2_per_file(s)
            mat2_cpu = m.cpu
            print(f"{s}: mat2 per file: {m.files} files, CPU {m.cpu:.2f} s, wall {m.wall:.2f} s  [load {loadavg()}]")
        runs = {tag: {f: [] for f in files} for tag in binaries}
        for p in range(args.repeat):
            for i, f in enumerate(files):
                for tag in (("A", "B") if (i + p) % 2 == 0 else ("B", "A")):
                    out = os.path.join(work, f"{tag}-" + os.path.basename(f))
                    if os.path.exists(out):
                        os.unlink(out)
                    r = bench.measure([binaries[tag], "sanitize", "--method", "cdr", f, out])
                    if r.rc != 0:
                        bench.tool_error(f"sanso {tag} {f}", r)
                    runs[tag][f].append(r)
        for tag in binaries:
            med = sum(statistics.median(r.cpu for r in runs[tag][f]) for f in files)
            low = sum(min(r.cpu for r in runs[tag][f]) for f in files)
            wall = sum(statistics.median(r.wall for r in runs[tag][f]) for f in files)
            ratio = f", mat2 CPU / median = {mat2_cpu / med:.1f}x" if mat2_cpu else ""
            print(f"{s}: {tag}: {len(files)} files x {args.repeat}: CPU median {med:.2f} s "
                  f"({1000 * med / len(files):.1f} ms a file), minimum {low:.2f} s "
                  f"({1000 * low / len(files):.1f} ms), wall median {wall:.2f} s{ratio}  [load {loadavg()}]",
                  flush=True)
    print(f"load average after: {loadavg()}")
    return 1 if bench.ERRORS else 0


if __name__ == "__main__":
    sys.exit(main())
