"""Time each stage of the pipeline on the seed deal: python bench/bench_pipeline.py [repeats]

Not part of the test run. Each figure is the median of N runs, printed as a ratio to a baseline
measured in the same run on the same machine: PyYAML's own `yaml.safe_load` of the same file,
the cheapest way to read a deal file at all. Absolute times are shown for orientation only.
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from dealdocs import load, model, rules, validate
from dealdocs.calendar import default_calendar
from dealdocs.facts import derive
from dealdocs.render.html import docx_to_html
from dealdocs.render.package import render_documents
from dealdocs.render.pdf import html_to_pdf

from bench_render import median_seconds  # noqa: E402  (bench/ is the script's directory)

SEED = Path(__file__).resolve().parents[1] / "filings" / "ascent-solar-2019-01-11.yaml"


def main() -> None:
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    raw = SEED.read_bytes()
    calendar = default_calendar()
    document = load.load_bytes(raw, str(SEED))
    deal = validate.deal_from(document)
    facts = derive(deal, calendar)
    findings = rules.evaluate(deal, facts)
    documents = render_documents(deal, facts, findings, ("docx",))
    html_to_pdf(docx_to_html(documents[0].docx, title="warm-up"))  # import WeasyPrint once

    stages = {
        "baseline: yaml.safe_load": lambda: yaml.safe_load(raw),
        "load (strict YAML + source map)": lambda: load.load_bytes(raw, str(SEED)),
        "schema validation": lambda: validate.schema_problems(document),
        "model + structural checks": lambda: validate.structural_problems(model.build(document)),
        "facts": lambda: derive(deal, calendar),
        "rules": lambda: rules.evaluate(deal, facts),
        "render 3 DOCX": lambda: render_documents(deal, facts, findings, ("docx",)),
        "DOCX → HTML (3 documents)": lambda: [docx_to_html(d.docx, title=d.title)
                                              for d in documents],
    }
    pdf_repeats = max(3, repeats // 5)
    results = {name: median_seconds(stage, repeats) for name, stage in stages.items()}
    htmls = [docx_to_html(d.docx, title=d.title) for d in documents]
    results["HTML → PDF (3 documents)"] = median_seconds(
        lambda: [html_to_pdf(html) for html in htmls], pdf_repeats)
    baseline = results["baseline: yaml.safe_load"]
    print(f"seed deal, median of {repeats} runs ({pdf_repeats} for PDF); "
          f"ratio to yaml.safe_load of the same file")
    for name, seconds in results.items():
        print(f"  {name:36} {seconds / baseline:9.1f}x   ({seconds * 1000:8.2f} ms)")


if __name__ == "__main__":
    main()
