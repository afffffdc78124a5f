#!/usr/bin/env bash
# Print check: convert a schedule workbook to PDF with LibreOffice headless and report its pages, so a
# reviewer can see how schedule.xlsx prints (A4, repeated headers, page numbers) without Excel.
# Needs Debian's libreoffice-calc-nogui, poppler-utils and a CJK font (fonts-wqy-microhei), e.g.
#   apt-get install -y --no-install-recommends libreoffice-calc-nogui poppler-utils fonts-wqy-microhei
# Usage: scripts/print_check.sh schedule.xlsx [OUT_DIR]   (PNG previews of the first pages go to OUT_DIR)
set -euo pipefail
workbook=${1:?usage: scripts/print_check.sh schedule.xlsx [OUT_DIR]}
out=${2:-print_check}
for tool in soffice pdfinfo pdftoppm; do
  command -v "$tool" >/dev/null || { echo "missing $tool: see the apt-get line at the top of this script" >&2; exit 2; }
done
mkdir -p "$out"
soffice --headless --norestore --convert-to pdf --outdir "$out" "$workbook" >/dev/null 2>&1
pdf="$out/$(basename "${workbook%.*}").pdf"
[ -s "$pdf" ] || { echo "LibreOffice wrote no PDF for $workbook" >&2; exit 1; }
pdfinfo "$pdf" | grep -E '^(Pages|Page size)'
grep -q 'A4' <(pdfinfo "$pdf") || { echo "not A4" >&2; exit 1; }
pdftoppm -png -r 60 -f 1 -l 3 "$pdf" "$out/page"
echo "PDF: $pdf; previews: $out/page-*.png"
