#!/usr/bin/env python3
"""Compare archlint's findings on imported Terraform plans with Checkov's on the same plans.

    scripts/compare-checkov.py CHECKOV [--archlint PATH] [--plan NAME]...

CHECKOV is the path of a `checkov` executable (the comparison in docs/terraform.md was
made with 3.3.30, installed in a virtual environment: `python3 -m venv /tmp/checkov-venv
&& /tmp/checkov-venv/bin/pip install checkov==3.3.30`). Checkov is not a CI dependency, so
CI does not run this script.

For every plan of `../shared/terraform-plans/*.json` (relative to the repository root) it
runs `checkov -f PLAN --framework terraform_plan -o json`, and `archlint import terraform
PLAN --stack S --environment production` followed by `archlint check --format json
--no-config` on the imported spec, in a temporary folder: nothing is written in the
repository. A finding is tied to the Terraform addresses of its resource (`x-terraform`
and `x-terraform-merged`), so that a Checkov result on a group's rule resource, a
balancer's listener or a bucket's split settings counts for the archlint resource they were
folded into.

It prints, per plan: for each archlint rule and the Checkov checks that judge the same
property (CORRESPONDENCE below), the verdicts on each resource, as agreement or
difference; the Checkov failures that no archlint rule judges (with whether the resource
was imported at all); and the archlint findings that no Checkov check judges. Needs PyYAML
(Debian's python3-yaml, or the Checkov venv's python).
"""

import argparse
import collections
import json
import os
import subprocess
import sys
import tempfile

import yaml

# archlint rule -> (Checkov checks that judge the same property, what differs in the
# definitions). Only checks that ran on at least one of the shared plans are listed. A rule
# that several checks cover (SG001: 22 and 3389) is compared with all of them together:
# Checkov fails the resource when any of them fails.
CORRESPONDENCE = {
    "ENC001": (["CKV_AWS_16"], "RDS storage encrypted"),
    "NET005": (["CKV_AWS_17"], "RDS publicly accessible (NET005 also: in a public-tier subnet)"),
    "HA002": (["CKV_AWS_157"], "RDS Multi-AZ"),
    "HA007": (["CKV_AWS_133"], "RDS backups (Checkov: retention > 0; HA007: >= 7 days)"),
    "HA008": (["CKV_AWS_293", "CKV_AWS_150"], "deletion protection of a database, an ALB/NLB"),
    "SG001": (["CKV_AWS_24", "CKV_AWS_25"], "22 and 3389 from 0.0.0.0/0 (SG001: 12 admin and data ports)"),
    "SG003": (["CKV_AWS_277"], "all ports from 0.0.0.0/0 (SG003: from any source but self)"),
    "SG005": (["CKV_AWS_382"], "all traffic out to 0.0.0.0/0"),
    "SG006": (["CKV2_AWS_5"], "group attached to something"),
    "NET007": (["CKV2_AWS_11"], "VPC flow logs"),
    "DATA001": (["CKV_AWS_20", "CKV_AWS_57", "CKV_AWS_70"], "public read/write ACL, policy for any principal"),
    "DATA002": (["CKV2_AWS_6"], "public access block"),
    "DATA003": (["CKV_AWS_21"], "bucket versioning"),
    "ENC002": (["CKV_AWS_19"], "bucket encrypted at rest"),
    "OPS003": (["CKV_AWS_79"], "IMDSv1 disabled"),
    "ENC009": (["CKV_AWS_8"], "instance (launch configuration) volumes encrypted"),
    "NET006": (["CKV_AWS_88"], "instance public IP"),
    "OPS004": (["CKV_AWS_163"], "ECR scan on push"),
    "OPS001": (["CKV_AWS_363"], "deprecated Lambda runtime"),
    "SEC001": (["CKV_AWS_45"], "secret in a Lambda environment"),
    "ENC010": (["CKV_AWS_158"], "log group encrypted with a KMS key (ENC010 also: databases, secrets)"),
    "OPS002": (["CKV_AWS_66"], "log group retention set"),
    "ENC005": (["CKV_AWS_2", "CKV2_AWS_20", "CKV_AWS_376"], "plaintext listener (ALB HTTP, no redirect; classic ELB)"),
    "ENC007": (["CKV_AWS_103", "CKV2_AWS_74"], "listener TLS >= 1.2, strong ciphers"),
    "IAM001": (["CKV_AWS_63", "CKV_AWS_62"], "'*' action, '*:*' (IAM001 also: SERVICE:* on *)"),
    "IAM002": (["CKV_AWS_274", "CKV2_AWS_56"], "AdministratorAccess, IAMFullAccess attached"),
    "IAM003": (["CKV2_AWS_22"], "console access (IAM003: console without MFA)"),
    "SEC004": (["CKV2_AWS_34"], "SSM parameter encrypted (SEC004: only secret-like names)"),
}
RULE_OF = {check: rule for rule, (checks, _) in CORRESPONDENCE.items() for check in checks}


def repository_root():
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_checkov(checkov, plan):
    completed = subprocess.run(
        [checkov, "-f", plan, "--framework", "terraform_plan", "-o", "json", "--skip-download"],
        capture_output=True,
        text=True,
    )
    if completed.returncode not in (0, 1):
        sys.exit(f"checkov failed on {plan}:\n{completed.stderr[-2000:]}")
    report = json.loads(completed.stdout)
    if isinstance(report, list):
        report = next(r for r in report if r.get("check_type") == "terraform_plan")
    results = []
    for status, key in (("FAILED", "failed_checks"), ("PASSED", "passed_checks")):
        for check in report["results"][key]:
            results.append((check["check_id"], check["check_name"], check["resource"], status))
    return report["summary"].get("checkov_version", "?"), results


def archlint_resources(spec_path):
    """(start line, end line, [addresses]) of every imported resource of the spec."""
    with open(spec_path) as handle:
        root = yaml.compose(handle)
    spans = []

    def walk(node):
        if isinstance(node, yaml.MappingNode):
            keys = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
            if "x-terraform" in keys:
                addresses = [keys["x-terraform"].value]
                merged = keys.get("x-terraform-merged")
                if isinstance(merged, yaml.SequenceNode):
                    addresses += [item.value for item in merged.value]
                # A block mapping ends where the next item begins: at column 0 of the line after.
                end = node.end_mark.line + (1 if node.end_mark.column > 0 else 0)
                spans.append((node.start_mark.line + 1, end, addresses))
            for _, value in node.value:
                walk(value)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(item)

    walk(root)
    return spans


def run_archlint(archlint, plan, folder):
    spec = os.path.join(folder, "production.yaml")
    imported = subprocess.run(
        [archlint, "import", "terraform", plan, "--stack", "s", "--environment", "production", "-o", spec, "--force"],
        capture_output=True,
        text=True,
    )
    if imported.returncode != 0:
        sys.exit(f"archlint import failed on {plan}:\n{imported.stderr}")
    checked = subprocess.run(
        [archlint, "check", spec, "--format", "json", "--no-config"], capture_output=True, text=True, cwd=folder
    )
    if checked.returncode not in (0, 1):
        sys.exit(f"archlint check failed on {plan}:\n{checked.stderr}")
    spans = archlint_resources(spec)
    findings = []
    for finding in json.loads(checked.stdout)["findings"]:
        # The innermost resource whose lines hold the finding (a subnet inside its network).
        holding = [s for s in spans if s[0] <= finding["line"] <= s[1]]
        holding.sort(key=lambda s: -s[0])
        addresses = holding[0][2] if holding else []
        findings.append((finding["rule"], finding["resource"], addresses))
    return spans, findings


def compare(plan, checkov, archlint):
    version, results = run_checkov(checkov, plan)
    with tempfile.TemporaryDirectory() as folder:
        spans, findings = run_archlint(archlint, plan, folder)
    # Address -> the archlint resource (its primary address) it belongs to.
    owner = {}
    for _, _, addresses in spans:
        for address in addresses:
            owner.setdefault(address, addresses[0])
    fired = collections.defaultdict(set)  # primary address -> rules
    resource_name = {}
    for rule, resource, addresses in findings:
        if addresses:
            fired[addresses[0]].add(rule)
            resource_name[addresses[0]] = resource

    # Checkov verdict per (archlint rule, archlint resource): FAILED if any of the rule's
    # checks fails on any address folded into the resource.
    verdicts = {}
    failing_checks = collections.defaultdict(set)
    unpaired = collections.defaultdict(list)  # check -> [(address, imported?)]
    names = {}
    for check, name, address, status in results:
        names[check] = name
        if check not in RULE_OF:
            if status == "FAILED":
                unpaired[check].append((address, address in owner))
            continue
        key = (RULE_OF[check], owner.get(address, address))
        if status == "FAILED":
            failing_checks[key].add(check)
        if verdicts.get(key) != "FAILED":
            verdicts[key] = status

    agreements, differences, left_out = [], [], []
    judged = set()  # (rule, primary address) that a paired Checkov check judged
    primaries = {s[2][0] for s in spans}
    for (rule, primary), status in sorted(verdicts.items()):
        _, note = CORRESPONDENCE[rule]
        said = "FAILED " + ", ".join(sorted(failing_checks[(rule, primary)])) if status == "FAILED" else "PASSED"
        if primary not in primaries:
            # A resource archlint leaves out: a difference when Checkov fails it; when Checkov
            # passes it, there is no finding on either side.
            row = (rule, primary, said, "not imported", note)
            (differences if status == "FAILED" else left_out).append(row)
            continue
        judged.add((rule, primary))
        hit = rule in fired[primary]
        row = (rule, primary, said, "fires" if hit else "silent", note)
        (agreements if (status == "FAILED") == hit else differences).append(row)
    only_archlint = sorted(
        (rule, resource_name[primary], primary)
        for primary, rules in fired.items()
        for rule in rules
        if (rule, primary) not in judged
    )
    unlocated = sorted(f"{rule} {resource}" for rule, resource, addresses in findings if not addresses)
    return version, names, agreements, differences, left_out, unpaired, only_archlint, unlocated


def table(headers, rows):
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for row in rows:
        print("| " + " | ".join(str(cell) for cell in row) + " |")
    print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkov", help="path of the checkov executable")
    parser.add_argument("--archlint", help="archlint executable (default: .build/release, else .build/debug)")
    parser.add_argument("--plan", action="append", help="only this plan (file name), repeatable")
    arguments = parser.parse_args()
    root = repository_root()
    archlint = arguments.archlint
    if archlint is None:
        for configuration in ("release", "debug"):
            candidate = os.path.join(root, ".build", configuration, "archlint")
            if os.access(candidate, os.X_OK):
                archlint = candidate
                break
        else:
            sys.exit("no archlint build found: swift build --product archlint, or pass --archlint")
    plans_folder = os.path.normpath(os.path.join(root, "..", "shared", "terraform-plans"))
    plans = sorted(p for p in os.listdir(plans_folder) if p.endswith(".json"))
    if arguments.plan:
        plans = [p for p in plans if p in arguments.plan]

    print("## Correspondence (archlint rule <- Checkov checks)\n")
    table(["archlint", "Checkov", "property"], [(r, ", ".join(c), n) for r, (c, n) in CORRESPONDENCE.items()])
    totals = []
    for plan in plans:
        path = os.path.join(plans_folder, plan)
        version, names, agreements, differences, left_out, unpaired, only_archlint, unlocated = compare(
            path, arguments.checkov, archlint
        )
        print(f"## {plan} (Checkov {version})\n")
        print(f"{len(agreements)} agreements, {len(differences)} differences on paired checks\n")
        headers = ["archlint", "resource", "Checkov says", "archlint says", "property"]
        if agreements:
            print("Agreements:\n")
            table(headers, agreements)
        if differences:
            print("Differences on paired checks:\n")
            table(headers, differences)
        if left_out:
            print("Checkov passes, archlint does not import (no finding either way):\n")
            table(headers, left_out)
        if unpaired:
            print("Checkov failures no archlint rule judges:\n")
            rows = []
            for check, hits in sorted(unpaired.items()):
                imported = [a for a, i in hits if i]
                skipped = [a for a, i in hits if not i]
                rows.append((check, names[check], ", ".join(imported) or "-", ", ".join(skipped) or "-"))
            table(["Checkov", "check", "on imported resources", "on resources not imported"], rows)
        if only_archlint:
            print("archlint findings no Checkov check judges:\n")
            table(["archlint", "resource", "address"], only_archlint)
        if unlocated:
            print("archlint findings without an address: " + ", ".join(unlocated) + "\n")
        totals.append((plan, len(agreements), len(differences), sum(len(h) for h in unpaired.values()), len(only_archlint)))
    print("## Totals\n")
    table(["plan", "agreements", "differences (paired)", "Checkov-only failures", "archlint-only findings"], totals)


if __name__ == "__main__":
    main()
