"""Meeting packs: any view's panels as PDF, PowerPoint, PNG or XLSX, from the page or the command line.

    python -m techmarket.snapshot --view VIEW|all [--lang zh|en] [--format pdf|pptx|png|xlsx]
        [--from Y --to Y --bloc B --province P --city C --seller S --buyer B --field F --type T --subtype S
         --seller-kind K --buyer-kind K --unit wan|yi --cur CNY|USD] [--db PATH] --out FILE

One module per job, imported where needed (this file imports nothing, so the render workers start fast):
- pack: `build_pack`, the model (the chosen views built for a pack, techmarket.views.build, with the filters
  in words, the as-of date and the sources);
- formats: `render(pack, format)`, which imports the one writer it needs;
- images: charts as PNG/SVG through vl-convert with Noto Sans CJK, and fitting an image into a box;
- pdf, slides (PPTX), workbook (XLSX), and images.png_zip (PNG): one writer per output;
- render_worker: PNG rendering in worker processes;
- cli: the command line (`__main__`).
"""
