"""Reads the log of `cargo test` run under Wine and decides: every test passed, or failed
only because poppler's pdftotext/pdffonts cannot run on Windows (those are listed as
skipped with that reason). Any other failure, or a test binary that did not run, fails."""
import re
import sys

POPPLER = "(poppler-utils) could not run"

log = open(sys.argv[1], encoding="utf-8", errors="replace").read()
sections = re.split(r"\n---- (\S+) stdout ----\n", log)
outputs = {sections[i]: sections[i + 1] for i in range(1, len(sections) - 1, 2)}
failed = re.findall(r"^test (\S+) \.\.\. FAILED$", log, re.M)
passed = re.findall(r"^test (\S+) \.\.\. ok$", log, re.M)
skipped = [t for t in failed if POPPLER in outputs.get(t, "")]
real = [t for t in failed if t not in skipped]
binaries = len(re.findall(r"^\s+Running ", log, re.M))
broken = [l for l in log.splitlines() if l.startswith("error: ") and "test failed" not in l]

print(f"{binaries} test binaries ran under Wine: {len(passed)} passed, "
      f"{len(skipped)} skipped (they read a PDF back with poppler, which Wine lacks):")
for t in skipped:
    print(f"  skipped  {t}")
for t in real:
    print(f"  FAILED   {t}\n{outputs.get(t, '')[:2000]}")
for l in broken:
    print(f"  {l}")
if real or not passed or (broken and not failed):
    print(log[-4000:])
    sys.exit(1)
