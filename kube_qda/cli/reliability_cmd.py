"""``kube-qda agreement`` and ``kube-qda evaluate``."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from kube_qda.cli.common import ProjectOption, handles_errors
from kube_qda.cli.project_cmd import open_project
from kube_qda.cli.tables_cmd import Format, FormatOption, OutputOption, _emit
from kube_qda.errors import KubeQdaError


def _num(value: float | None) -> Any:
    """Tables show an undefined statistic as the word, JSON as null."""
    return "undefined" if value is None else round(value, 4)


@handles_errors
def agreement_command(
    coder: Annotated[list[str], typer.Option("--coder", help="A coder (give two or more).")],
    project: ProjectOption = None,
    code: Annotated[str | None, typer.Option("--code", help="Only this code.")] = None,
    disagreements: Annotated[
        bool, typer.Option("--disagreements", help="List the segments where coders differ.")
    ] = False,
    format: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """Inter-coder agreement per code and overall: percent, kappas, Krippendorff's alpha."""
    from kube_qda.analysis.reliability import agreement_report
    from kube_qda.analysis.reliability import disagreements as differing
    from kube_qda.export.tables import TableData

    coders = list(dict.fromkeys(c.strip() for c in coder))
    if len(coders) < 2:
        raise KubeQdaError("agreement needs two or more --coder")
    with open_project(project) as opened:
        codes = opened.codebook.code_ids()
        if code is not None:
            opened.codebook.code(code)
            codes = [code]
        decisions = opened.coder_decisions(coders)
        texts = {(r.document, r.index): r.text for r in opened.segments()}
    missing = [c for c in coders if not any(c in per for per in decisions.values())]
    if missing:
        raise KubeQdaError(f"no codings by {', '.join(missing)} in this project")
    report = agreement_report(decisions, coders, codes)
    columns = [
        "code",
        "units",
        "percent",
        "Cohen's kappa",
        "Brennan-Prediger",
        "Krippendorff's alpha",
    ]
    keys = ("units", "percent", "cohen_kappa", "brennan_prediger", "krippendorff_alpha")
    rows = [
        [row["code"], *(_num(row[k]) if k != "units" else row[k] for k in keys)]
        for row in report["codes"]
    ]
    rows.append(
        [
            "(pooled)",
            *(_num(report["pooled"][k]) if k != "units" else report["pooled"][k] for k in keys),
        ]
    )
    rows.append(["(mean of codes)", "", *(_num(report["mean"][k]) for k in keys[1:])])
    tables = [
        TableData(
            "agreement",
            f"Agreement: {', '.join(coders)}",
            columns,
            rows,
            {1, 2, 3, 4, 5},
            f"{report['units']} segments reviewed by two or more of them; "
            "per code a present/absent decision per segment",
        )
    ]
    if disagreements:
        diff = differing(decisions, coders)
        report["disagreements"] = [
            {"document": d, "segment": s, "text": texts.get((d, s), ""), "codes": per}
            for (d, s), per in diff
        ]
        tables.append(
            TableData(
                "disagreements",
                "Segments where the coders differ",
                ["segment", "text", *coders],
                [
                    [
                        f"{d}#{s}",
                        texts.get((d, s), ""),
                        *[", ".join(per.get(c, ["(not reviewed)"])) or "(no code)" for c in coders],
                    ]
                    for (d, s), per in diff
                ],
                set(),
            )
        )
    _emit(tables, report, format, output)


@handles_errors
def evaluate_command(
    project: ProjectOption = None,
    coder: Annotated[
        str | None,
        typer.Option("--coder", help="Whose codings are the truth (default: the only coder)."),
    ] = None,
    format: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """The pre-tagger against a coder's codings: per code and per rule, worst misfires first."""
    from kube_qda.analysis.reliability import evaluate
    from kube_qda.export.tables import TableData

    with open_project(project) as opened:
        coders = list(opened.status()["coders"])
        if coder is None:
            if len(coders) != 1:
                raise KubeQdaError(f"say --coder NAME (coders here: {', '.join(coders) or 'none'})")
            coder = coders[0]
        decisions = opened.coder_decisions([coder])
        if not decisions:
            raise KubeQdaError(f"no codings by {coder} in this project")
        confirmed = {unit: per[coder] for unit, per in decisions.items()}
        report = evaluate(opened.suggestion_rules(), confirmed, opened.codebook.code_ids())
    metrics = ("tp", "fp", "fn", "precision", "recall", "f1")
    rows = [
        [row["code"], *(_num(row[k]) if k in metrics[3:] else row[k] for k in metrics)]
        for row in report["codes"]
    ]
    rows.append(
        [
            "(micro)",
            *(
                _num(report["micro"][k]) if k in metrics[3:] else report["micro"][k]
                for k in metrics
            ),
        ]
    )
    rows.append(["(macro)", "", "", "", *(_num(report["macro"][k]) for k in metrics[3:])])
    tables = [
        TableData(
            "codes",
            f"Suggestions against {coder}'s codings",
            ["code", *metrics],
            rows,
            {1, 2, 3, 4, 5, 6},
            f"{report['units']} segments reviewed by {coder}",
        ),
        TableData(
            "rules",
            "Rules, worst misfires first",
            ["code", "rule", "accepted", "rejected"],
            [[r["code"], r["rule"], r["accepted"], r["rejected"]] for r in report["rules"]],
            {2, 3},
        ),
    ]
    _emit(tables, report, format, output)
