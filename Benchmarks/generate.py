#!/usr/bin/env python3
"""Deterministic generator of realistic synthetic archlint spec sets, for benchmarks.

    python3 Benchmarks/generate.py --resources N --files F [--seed S] OUT_DIR

Wipes OUT_DIR and writes F spec files, OUT_DIR/STACK/ENVIRONMENT.yaml, whose resources add
up to exactly N as archlint counts them (networks + subnets + every top-level resource of
every kind; `archlint validate OUT_DIR` prints "F files (N resources)"). The same arguments
give byte-identical output: every random choice comes from random.Random seeded with a
string derived from --seed, and nothing depends on set order, hashing or the clock.

Why: the benchmark (Benchmarks/run.py) should time archlint on input that looks like a real
organisation's specs, not on a toy that exercises one code path. So the sets are built like
the shipped specs in specs/, at scale:

- Files are stack-environments: stacks svc-0000, svc-0001, ..., each with up to four files
  (shared, production, staging, development; a stack cut short by F keeps the first ones,
  and a stack with a single file is a self-contained production). The `shared` file holds
  what the other environments name by plain name and archlint resolves through the
  fallback to the stack's shared environment: ECS execution roles, a container registry,
  a public DNS zone, users, partner integrations, and in some stacks a telemetry secret.
- Each environment file is a per-file base (a network with public/private/database subnets
  in two zones, NAT gateways, endpoints; a cluster; a private DNS zone) plus repeated
  "application units" with unique names: a service with its security group and task role,
  a database or cache with its group and credentials secret, a bucket, a function with its
  role, a log group, a queue with its dead-letter queue, a topic, and now and then an API,
  a user pool, a frontend, an instance (with its group), a user, a registry, a partner
  integration with its secret. Every 8 units share a load balancer whose listeners forward
  and route to their services (one LB security group per network); every 256 units start a
  new network, and about one unit in 80 brings a small hand-made "sandbox" network with a
  canary service. Per-file sizes vary (stack size x environment weight); a file under 12
  resources skips the cluster and load balancer, and every file takes the parts of a unit in
  a shuffled order, so small files still show every kind.
- Every reference resolves (`archlint validate` reports zero errors). Networks get distinct
  /20s carved from 10.0.0.0/8, then 172.16.0.0/12, then 192.168.0.0/16 (reused beyond that),
  in file order; about 15% peer networks of other stacks (STACK/ENVIRONMENT/NETWORK). On
  purpose, every 37th network reuses another file's range (NET004) and every 53rd peers a
  network it overlaps (NET003); in a file with several networks, the others peer the first
  and the third overlaps it (so NET003 fires even in a single-file set).
- Resources are well configured by default (they raise no finding); a minority (about 7-8%
  of resources: one in 12 services, one in 8 databases, one in 5 instances, ..., and every
  sandbox network, stray subnet, orphaned group and orphaned role) carries one
  misconfiguration each, the rule that applies to the kind and environment and has been
  used least so far, so that a set of 10,000 resources makes every rule archlint ships fire
  (at 1 file, all but NET004 and SEC006, which need several stack-environments). About 30% of
  misconfigured resources carry a waiver for their finding (a quarter of those expired,
  2025-01-01, which META001 reports), and a few well-configured ones carry a waiver that
  matches nothing (META002). Credential-shaped values (SEC007) are fake.
- Files that repeat a resource shape use YAML anchors and merge keys (`x-...` defaults,
  `<<: *defaults`), as people write such files, which also keeps a 10,000-resource file
  under archlint's default limit of 100,000 YAML nodes; the generator counts the nodes of
  every file and prints a note for any file over that limit.

Findings depend on the date: check with ARCHLINT_TODAY=2026-11-23 for stable results.
Only the Python 3 standard library is used.
"""
import argparse
import ipaddress
import json
import os
import random
import re
import shutil
import sys

ENV_ORDER = ("shared", "production", "staging", "development")
STACK_ENVS = {1: ("production",), 2: ("shared", "production"), 3: ("shared", "production", "development"),
              4: ENV_ORDER}
ENV_WEIGHT = {"shared": 0.5, "production": 1.3, "staging": 1.0, "development": 0.8}
PROD_LIKE = ("production", "shared")          # shared is judged as production
PROD_STAGING = ("production", "staging", "shared")
KINDS = ("networks", "security_groups", "load_balancers", "clusters", "services", "databases", "caches",
         "buckets", "secrets", "roles", "users", "functions", "apis", "user_pools", "instances", "log_groups",
         "queues", "topics", "registries", "frontends", "dns_zones", "externals")
REGIONS = ("us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1")
TEAMS = ("payments", "platform", "growth", "search", "identity", "logistics", "data", "mobile", "risk", "media")
WORDS = ("orders", "billing", "catalog", "search", "checkout", "accounts", "inventory", "pricing", "shipping",
         "reviews", "media", "notify", "reports", "ledger", "auth", "profile", "cart", "feeds", "geo", "audit",
         "quotes", "claims", "invoices", "loyalty", "tickets", "events", "ingest", "export", "rates", "stock",
         "routing", "fraud", "sessions", "uploads", "mailer", "scoring", "tracking", "booking", "tax", "promo")
TOOLS = ("ci", "artifacts", "backups", "analytics", "support", "docs", "release", "compliance", "billing-export",
         "status", "sso", "observability")
FIRST = ("ana", "ben", "chloe", "dev", "elif", "femi", "gus", "hana", "ivan", "jade", "kofi", "lena", "mario",
         "nina", "omar", "priya", "quinn", "rosa", "sami", "tomas")
LAST = ("silva", "nguyen", "okafor", "muller", "tanaka", "kowalski", "garcia", "haddad", "jensen", "rossi",
        "novak", "park", "dubois", "ivanova", "mensah", "larsen", "costa", "ali", "weber", "moreau")
PARTNERS = ("stripe", "sendgrid", "twilio", "segment", "datadog", "mapbox", "algolia", "pagerduty", "auth0",
            "shippo", "avalara", "zendesk")
REASONS = ("accepted by the security review, remediation planned for the next quarter",
           "legacy consumer still depends on it; migration ticket open",
           "vendor limitation, tracked with the vendor",
           "cost trade-off approved by the platform team for this environment",
           "temporary exception during the data-centre exit",
           "public by design: static assets served to anonymous users")
FUTURE = ("2027-06-30", "2027-03-31", "2027-12-31")
PAST = "2025-01-01"
RUNTIMES = ("nodejs20.x", "nodejs22.x", "python3.12", "python3.13", "java21", "provided.al2023")
DEPRECATED_RUNTIMES = ("nodejs16.x", "nodejs18.x", "python3.8", "go1.x", "java8", "nodejs14.x", "dotnet6")
WEAK_TLS = ("ELBSecurityPolicy-2016-08", "ELBSecurityPolicy-TLS-1-1-2017-01", "ELBSecurityPolicy-TLS-1-0-2015-04")
GOOD_TLS = "ELBSecurityPolicy-TLS13-1-2-2021-06"
ADMIN_POLICIES = ("AdministratorAccess", "PowerUserAccess", "IAMFullAccess")
ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

MIN_BUDGET = 6        # smallest file: a network with two subnets, a service with its group, a cluster
NETWORK_EVERY = 256   # units per network in very large files
LB_EVERY = 8          # units (services) per load balancer
MAX_NODES = 100_000   # archlint's default --max-nodes
MISCONFIG_RATE = 0.08
RARE_KIND_RATE = 0.2
WAIVER_RATE = 0.3
UNUSED_WAIVER_RATE = 0.004
# Rules whose finding names the resource that carries the misconfiguration, so a waiver on it matches.
WAIVABLE = {"NET007", "HA004", "NET006", "HA003", "SEC001", "SG009", "SG005", "ENC001", "HA002", "HA007", "HA008",
            "NET005", "SEC002", "ENC010", "SG004", "ENC003", "ENC004", "HA006", "ENC002", "DATA001", "DATA002",
            "DATA003", "SEC003", "SEC004", "IAM001", "IAM002", "OPS001", "ENC008", "OPS002", "ID004", "ID005",
            "ID001", "ID002", "ID003", "ID006", "ENC011", "ENC009", "OPS003", "SG001", "SG003", "SG008", "IAM003",
            "SEC005", "OPS004", "NET009", "HA005", "ENC005", "ENC006", "ENC007", "SG002", "SG006", "IAM004"}
# A rule that does not fire on a well-configured resource of the kind: the target of an unused waiver.
UNUSED_WAIVER_RULE = {"buckets": "DATA001", "databases": "ENC001", "services": "NET006", "log_groups": "OPS002",
                      "functions": "OPS001", "queues": "ENC008", "topics": "ENC008", "registries": "OPS004"}


class Alias:
    """A YAML alias (*name); also used as the value of a merge key (<<: *name)."""
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name


class Anchored:
    """A mapping written with an anchor (&name)."""
    __slots__ = ("name", "value")

    def __init__(self, name, value):
        self.name = name
        self.value = value


class Quoted(str):
    """A string always written double-quoted (port ranges, for readability)."""


# ---------------------------------------------------------------------------------------------
# YAML emitter (block style, flow style for short leaf collections) with a node counter that
# counts as archlint does: every scalar (keys included), mapping, sequence and alias is a node.

_PLAIN = re.compile(r"[A-Za-z0-9/_.$(][A-Za-z0-9 _./:@+()*=,$~<>!%&-]*")
_NUMBER = re.compile(r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+"
                     r"|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|[0-9]+(:[0-9]+)+")
_RESERVED = {"true", "false", "null", "~", "yes", "no", "on", "off", "y", "n"}
_FLOW_REF = re.compile(r"(sg|secret):[A-Za-z0-9._#/-]+")


def scalar(value, flow=False):
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "~"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    plain = (not isinstance(value, Quoted) and _PLAIN.fullmatch(text) is not None and not text.endswith((" ", ":"))
             and ": " not in text and " #" not in text and text.lower() not in _RESERVED
             and _NUMBER.fullmatch(text) is None)
    if plain and flow:
        plain = not any(c in text for c in ",[]{}") and (":" not in text or _FLOW_REF.fullmatch(text) is not None)
    return text if plain else json.dumps(text)


def count_nodes(value):
    if isinstance(value, Anchored):
        return count_nodes(value.value)
    if isinstance(value, dict):
        return 1 + sum(1 + count_nodes(v) for v in value.values())
    if isinstance(value, list):
        return 1 + sum(count_nodes(v) for v in value)
    return 1


def _is_leaf(value):
    return not isinstance(value, (dict, list, Anchored))


def flow(value):
    """The flow form of a short collection of scalars (or a list of such mappings), else None."""
    if isinstance(value, dict):
        if not all(_is_leaf(v) for v in value.values()):
            return None
        return "{" + ", ".join(f"{scalar(k, True)}: {_flow_leaf(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        parts = []
        for item in value:
            if _is_leaf(item):
                parts.append(_flow_leaf(item))
            else:
                return None
        return "[" + ", ".join(parts) + "]"
    return None


def _flow_leaf(value):
    return f"*{value.name}" if isinstance(value, Alias) else scalar(value, True)


def _leaf(value):
    return f"*{value.name}" if isinstance(value, Alias) else scalar(value)


def emit_mapping(mapping, indent, out, width=110):
    pad = " " * indent
    for key, value in mapping.items():
        key_text = "<<" if key == "<<" else scalar(key)
        if isinstance(value, Anchored):
            out.append(f"{pad}{key_text}: &{value.name}")
            emit_mapping(value.value, indent + 2, out)
        elif _is_leaf(value):
            out.append(f"{pad}{key_text}: {_leaf(value)}")
        elif not value:
            out.append(f"{pad}{key_text}: {'{}' if isinstance(value, dict) else '[]'}")
        else:
            short = flow(value)
            if short is not None and indent + len(key_text) + 2 + len(short) <= width:
                out.append(f"{pad}{key_text}: {short}")
            elif isinstance(value, dict):
                out.append(f"{pad}{key_text}:")
                emit_mapping(value, indent + 2, out)
            else:
                out.append(f"{pad}{key_text}:")
                emit_sequence(value, indent + 2, out)


def emit_sequence(sequence, indent, out, width=110, block_items=False):
    pad = " " * indent
    for item in sequence:
        if _is_leaf(item):
            out.append(f"{pad}- {_leaf(item)}")
            continue
        short = None if block_items else flow(item)
        if short is not None and indent + 2 + len(short) <= width:
            out.append(f"{pad}- {short}")
        elif isinstance(item, dict):
            lines = []
            emit_mapping(item, indent + 2, lines)
            lines[0] = f"{pad}- " + lines[0][indent + 2:]
            out.extend(lines)
        else:
            out.append(f"{pad}-")
            emit_sequence(item, indent + 2, out)


def canonical(value):
    if isinstance(value, Alias):
        return "*" + value.name
    return json.dumps(value, sort_keys=True)


def templated(kind_lists):
    """Factor repeated settings of each resource profile into `x-PROFILE: &PROFILE` defaults.

    Resources carry a `_tpl` profile. For a profile with 3 or more resources, the defaults
    are the settings that at least 60% of them share; each resource then merges them
    (`<<: *PROFILE`) and writes only its name and what differs. A resource that leaves out
    a default setting is written out in full (merging would put the setting back)."""
    groups = {}
    for kind in KINDS:
        for resource in kind_lists.get(kind, ()):
            profile = resource.get("_tpl")
            if profile:
                groups.setdefault(profile, []).append(resource)
    defaults = {}
    for profile, members in groups.items():
        if len(members) < 3:
            continue
        keys = []
        for member in members:
            for key in member:
                if key not in ("name", "description", "waivers") and not key.startswith("_") and key not in keys:
                    keys.append(key)
        template = {}
        for key in keys:
            tally = {}
            first = {}
            for member in members:
                if key in member:
                    text = canonical(member[key])
                    tally[text] = tally.get(text, 0) + 1
                    first.setdefault(text, member[key])
            best = None
            for text, count in tally.items():     # the most common value, the first seen on a tie
                if best is None or count > tally[best]:
                    best = text
            if tally[best] >= 0.6 * len(members):
                template[key] = first[best]
        if len(template) >= 2:
            defaults[profile] = template
    result = {}
    for kind in KINDS:
        items = []
        for resource in kind_lists.get(kind, ()):
            profile = resource.get("_tpl")
            template = defaults.get(profile)
            clean = {k: v for k, v in resource.items() if not k.startswith("_")}
            if template is None or any(k not in clean for k in template):
                items.append(clean)
                continue
            merged = {"<<": Alias(profile), "name": clean["name"]}
            for key, value in clean.items():
                if key != "name" and (key not in template or canonical(value) != canonical(template[key])):
                    merged[key] = value
            items.append(merged)
        if items:
            result[kind] = items
    return {f"x-{p}": Anchored(p, t) for p, t in defaults.items()}, result


# ---------------------------------------------------------------------------------------------
# Layout: stacks, files, budgets.

class Stack:
    def __init__(self, index, rng, n_files):
        self.index = index
        self.name = f"svc-{index:04d}"
        self.envs = STACK_ENVS[n_files]
        self.region = rng.choice(REGIONS)
        self.account = str(rng.randrange(10**11, 10**12))
        self.team = rng.choice(TEAMS)
        self.factor = rng.uniform(0.5, 1.5)
        self.has_shared = "shared" in self.envs
        nonprod = any(e in ("staging", "development") for e in self.envs)
        # SEC006 on purpose: one execution role for every environment, or one telemetry secret.
        self.single_exec_role = index % 13 == 3 and nonprod
        self.cross_env_secret = index % 9 == 2 and nonprod and self.has_shared
        self.shared_roles = set()     # execution roles the shared file really holds
        self.shared_secret = None

    def exec_role_name(self, env):
        return "ecs-task-execution" if self.single_exec_role else f"{env}-ecs-task-execution"


class FileSpec:
    def __init__(self, index, stack, env, budget):
        self.index = index
        self.stack = stack
        self.env = env
        self.budget = budget
        self.parts = []
        self.networks = []     # NetPlan, in file order

    @property
    def path(self):
        return os.path.join(self.stack.name, f"{self.env}.yaml")


class Part:
    __slots__ = ("kind", "cost", "unit", "net", "extra")

    def __init__(self, kind, cost, unit, net, extra):
        self.kind, self.cost, self.unit, self.net, self.extra = kind, cost, unit, net, extra


class NetPlan:
    def __init__(self, spec, k, cost, sandbox=False):
        self.spec = spec
        self.k = k
        self.cost = cost
        self.sandbox = sandbox
        self.name = "vpc" if k == 0 else f"sandbox-{k + 1}" if sandbox else f"vpc-{k + 1}"
        self.cidr = None
        self.peers = []
        self.purpose = None     # "reuse" (NET004) or "overlap" (NET003) when on purpose

    @property
    def ref(self):
        return f"{self.spec.stack.name}/{self.spec.env}/{self.name}"


def layout(resources, files, rng):
    stacks, specs = [], []
    for s in range((files + 3) // 4):
        stacks.append(Stack(s, rng, min(4, files - 4 * s)))
    for stack in stacks:
        for env in stack.envs:
            specs.append(FileSpec(len(specs), stack, env, 0))
    floor = min(MIN_BUDGET, resources // files)
    extra = resources - floor * files
    weights = [spec.stack.factor * ENV_WEIGHT[spec.env] for spec in specs]
    total = sum(weights)
    raw = [extra * w / total for w in weights]
    budgets = [int(r) for r in raw]
    for i in sorted(range(files), key=lambda i: (budgets[i] - raw[i], i))[:extra - sum(budgets)]:
        budgets[i] += 1
    for spec, budget in zip(specs, budgets):
        spec.budget = floor + budget
    return stacks, specs


# ---------------------------------------------------------------------------------------------
# Planning: which parts (groups of resources with a cost in resources) each file holds.

class Planner:
    def __init__(self, spec):
        self.spec = spec
        self.left = spec.budget

    def take(self, kind, costs, unit=None, net=None, **extra):
        for cost in costs:
            if cost <= self.left:
                self.spec.parts.append(Part(kind, cost, unit, net, extra))
                self.left -= cost
                return cost
        return 0


def plan_shared(spec, rng):
    stack, p = spec.stack, Planner(spec)
    roles = ["ecs-task-execution"] if stack.single_exec_role else \
        [stack.exec_role_name(e) for e in stack.envs if e != "shared"]
    for role in roles:
        if p.take("exec_role", [1], role=role):
            stack.shared_roles.add(role)
    p.take("registry_base", [1])
    p.take("public_zone", [1])
    if stack.cross_env_secret and p.take("cross_secret", [1]):
        stack.shared_secret = f"{stack.name}-telemetry-key"
    u = 0
    while p.left > 0:
        parts = [("registry", [1]), ("user", [1]), ("external", [2, 1]), ("bucket", [1]), ("log_group", [1]),
                 ("topic", [1])]
        if rng.random() < 0.08:
            parts.append(("orphan_role", [1]))
        rng.shuffle(parts)
        for kind, costs in parts:
            p.take(kind, costs, unit=u)
        u += 1


def plan_env(spec, rng):
    stack, p = spec.stack, Planner(spec)
    b = spec.budget
    tier = 7 if b >= 40 else 5 if b >= 12 else 3
    net_cost = p.take("network", [c for c in (7, 5, 3) if c <= tier], net=0)
    if net_cost:
        spec.networks.append(NetPlan(spec, 0, net_cost))
    if not net_cost:
        # Too small for a network: a file of stand-alone resources.
        while p.left > 0:
            p.take(rng.choice(("bucket", "log_group", "topic", "registry")), [1], unit=p.left)
        return
    small = b < 12    # a small file spends its budget on unit parts rather than a cluster and a load balancer
    p.take("service", [2] if small else [3, 2], unit=0, net=0)
    if stack.exec_role_name(spec.env) not in stack.shared_roles:
        p.take("exec_role", [1], role="ecs-task-execution")
    if not small:
        p.take("cluster", [1])
    if not stack.has_shared:
        p.take("registry_base", [1])
        p.take("public_zone", [1])
    if b >= 20:
        p.take("private_zone", [1])
    u, net, lb_groups = 0, 0, set()
    while p.left > 0:
        if u > 0 and u % NETWORK_EVERY == 0:
            cost = p.take("network", [7], net=len(spec.networks))
            if cost:
                spec.networks.append(NetPlan(spec, len(spec.networks), cost))
                net = len(spec.networks) - 1
        if u % LB_EVERY == 0 and not small:
            # The first load balancer of a network brings the network's LB security group.
            if p.take("edge", [1] if net in lb_groups else [2], unit=u, net=net):
                lb_groups.add(net)
        if u > 0 and rng.random() < 1 / 80 and p.left >= 5:
            spec.networks.append(NetPlan(spec, len(spec.networks), 3, sandbox=True))
            p.take("sandbox", [5], unit=u, net=len(spec.networks) - 1)
        if u > 0:
            p.take("service", [3, 2], unit=u, net=net)
        parts = [("datastore", [3, 2]), ("bucket", [1]), ("function", [2, 1]), ("log_group", [1]), ("queue", [2, 1]),
                 ("topic", [1])]
        for kind, costs, chance in (("api", [1], 1 / 3), ("user_pool", [1], 1 / 5), ("frontend", [1], 1 / 5),
                                    ("instance", [2], 1 / 4), ("user", [1], 1 / 8), ("external", [2, 1], 1 / 8),
                                    ("registry", [1], 1 / 10),
                                    ("orphan_sg", [1], 1 / 40), ("orphan_role", [1], 1 / 40),
                                    ("stray_subnet", [1], 1 / 40)):
            if rng.random() < chance:
                parts.append((kind, costs))
        rng.shuffle(parts)
        for kind, costs in parts:
            p.take(kind, costs, unit=u, net=net)
        u += 1


# ---------------------------------------------------------------------------------------------
# Address plan: a /20 per network, peers, and the deliberate overlaps.

def address_plan(specs, rng):
    nets = [n for spec in specs for n in spec.networks]
    pools = [(ipaddress.ip_network("10.0.0.0/8"), 4096), (ipaddress.ip_network("172.16.0.0/12"), 256),
             (ipaddress.ip_network("192.168.0.0/16"), 16)]
    capacity = sum(size for _, size in pools)
    wrapped = False
    for g, net in enumerate(nets):
        slot = g % capacity
        wrapped = wrapped or g >= capacity
        for pool, size in pools:
            if slot < size:
                net.cidr = ipaddress.ip_network((int(pool.network_address) + slot * 4096, 20))
                break
            slot -= size
        others = [m for m in nets[:g] if m.spec is not net.spec]
        if net.k >= 1:
            first = net.spec.networks[0]
            net.peers = [first.ref]
            if net.k == 2:
                net.cidr, net.purpose = first.cidr, "overlap"
            continue
        if g % 37 == 11 and others:
            target = rng.choice(others)
            net.cidr, net.purpose = target.cidr, "reuse"
        elif g % 53 == 29 and others:
            target = rng.choice(others)
            net.cidr, net.purpose = target.cidr, "overlap"
            net.peers = [target.ref]
        elif rng.random() < 0.15:
            candidates = [m for m in others if m.spec.stack is not net.spec.stack]
            for _ in range(rng.choice((1, 1, 1, 2))):
                if not candidates:
                    break
                target = rng.choice(candidates)
                if not target.cidr.overlaps(net.cidr) and target.ref not in net.peers:
                    net.peers.append(target.ref)
    return wrapped


# ---------------------------------------------------------------------------------------------
# Building: the resources of one file.

def unit_name(u):
    word = WORDS[u % len(WORDS)]
    return word if u < len(WORDS) else f"{word}-{u // len(WORDS) + 1}"


def person_name(i):
    name = f"{FIRST[i % len(FIRST)]}.{LAST[(i // len(FIRST)) % len(LAST)]}"
    return name if i < len(FIRST) * len(LAST) else f"{name}{i // (len(FIRST) * len(LAST)) + 1}"


def token(rng, alphabet, length):
    return "".join(rng.choice(alphabet) for _ in range(length))


class Misconfig:
    """Chooses, for a minority of resources, one misconfiguration among those that apply,
    always the least used so far, so that every rule gets its turn."""

    def __init__(self, rng):
        self.rng = rng
        self.used = {}
        self.credit = {}
        self.applied = {}
        self.waivers = {"matching": 0, "expired": 0, "unused": 0}

    def pick(self, kind, options, rate=MISCONFIG_RATE):
        """Every 1/rate-th resource of a kind (evenly spread, from a seeded start) is misconfigured."""
        options = [o for o in options if o]
        if not options:
            return None
        if kind not in self.credit:
            self.credit[kind] = self.rng.random()
        self.credit[kind] += rate
        if self.credit[kind] < 1:
            return None
        self.credit[kind] -= 1
        best = min(options, key=lambda o: (self.used.get((kind, o), 0), options.index(o)))
        self.used[(kind, best)] = self.used.get((kind, best), 0) + 1
        return best

    def note(self, rule, resource=None):
        self.applied[rule] = self.applied.get(rule, 0) + 1
        if resource is not None:
            resource["_misconfigured"] = True
        if resource is not None and rule in WAIVABLE and self.rng.random() < WAIVER_RATE:
            expired = self.rng.random() < 0.25
            self.waivers["expired" if expired else "matching"] += 1
            resource.setdefault("waivers", []).append({
                "rule": rule, "reason": self.rng.choice(REASONS),
                "expires": PAST if expired else self.rng.choice(FUTURE)})

    def unused_waiver(self, kind, resource):
        rule = UNUSED_WAIVER_RULE.get(kind)
        if rule and "_misconfigured" not in resource and self.rng.random() < UNUSED_WAIVER_RATE:
            self.waivers["unused"] += 1
            resource["waivers"] = [{"rule": rule, "reason": "kept from the last audit, check before removing",
                                    "expires": self.rng.choice(FUTURE)}]


class Builder:
    def __init__(self, spec, mis, rng):
        self.spec, self.mis, self.rng = spec, mis, rng
        self.stack = spec.stack
        self.env = spec.env
        self.region = self.stack.region
        self.zones = [self.region + z for z in "abc"]
        self.kms = f"alias/{self.stack.name}-{self.env}"
        self.domain = f"{self.stack.name}.example.com"
        self.res = {k: [] for k in KINDS}
        self.net_dicts = {}
        self.net_subnets = {}
        self.lbs = {}              # group -> (lb dict, alb sg dict, [service names])
        self.alb_sgs = {}          # network -> its load balancers' security group
        self.strays = {}           # network -> stray subnets so far
        self.unit_parts = {}
        for part in spec.parts:
            if part.unit is not None:
                self.unit_parts.setdefault(part.unit, {})[part.kind] = part.cost
        kinds = [part.kind for part in spec.parts]
        self.has_cluster = "cluster" in kinds
        self.local_exec = next((part.extra["role"] for part in spec.parts if part.kind == "exec_role"), None)
        self.first_service = True
        self.users = 0

    def add(self, kind, resource):
        self.res[kind].append(resource)
        return resource

    def unit_has(self, u, kind, cost=None):
        got = self.unit_parts.get(u, {}).get(kind)
        return got is not None and (cost is None or got >= cost)

    def build(self):
        # Networks first, then load balancers (services and data stores look them up), then the rest.
        for rank in (("network", "sandbox"), ("edge",), None):
            for part in self.spec.parts:
                if (part.kind in rank) if rank else part.kind not in ("network", "sandbox", "edge"):
                    getattr(self, "part_" + part.kind)(part)
        self.finish_load_balancers()
        self.finish_private_zone()
        for kind in KINDS:
            for resource in self.res[kind]:
                self.mis.unused_waiver(kind, resource)
        return self.res

    # -- network --------------------------------------------------------------------------

    def part_sandbox(self, part):
        """A small network someone set up by hand, with one canary service, always misconfigured."""
        self.part_network(part, cost=3)
        w = unit_name(part.unit)
        vpc, vpc_cidr = self.vpc(part)
        sg = {"name": f"{w}-canary", "network": vpc,
              "ingress": [{"ports": 8080, "from": vpc_cidr}], "egress": [{"ports": 443, "to": "0.0.0.0/0"}]}
        svc = {"name": f"{w}-canary", "description": "canary of the next platform release",
               "subnets": list(self.net_subnets[part.net]["private"]), "security_groups": [sg["name"]],
               "port": 8080, "desired_count": 2,
               "image": f"{self.stack.account}.dkr.ecr.{self.region}.amazonaws.com/{self.stack.name}-images:canary"}
        if self.has_cluster:
            svc["cluster"] = "main"
        if self.exec_role():
            svc["execution_role"] = self.exec_role()
        self.add("security_groups", sg)
        self.add("services", svc)

    def profile(self, name, part):
        """Template profiles are per network: resources of one network share their placement."""
        return name if part.net in (0, None) else f"{name}-{self.net_dicts[part.net]['name']}"

    def part_network(self, part, cost=None):
        cost = cost or part.cost
        plan = self.spec.networks[part.net]
        cidr = plan.cidr
        pre = "" if plan.k == 0 else f"{plan.name}-"
        tiers = {3: ("private",), 5: ("public", "private"), 7: ("public", "private", "database")}[cost]
        subnets, names = [], {"public": [], "private": [], "database": []}
        for tier, offsets in (("public", (0, 1)), ("private", (4, 5)), ("database", (8, 9))):
            if tier in tiers:
                for zone, offset in zip("ab", offsets):
                    name = f"{pre}{tier}-{zone}"
                    sub = ipaddress.ip_network((int(cidr.network_address) + offset * 256, 24))
                    subnets.append({"name": name, "cidr": str(sub), "zone": self.region + zone, "tier": tier})
                    names[tier].append(name)
        net = {"name": plan.name, "cidr": str(cidr), "flow_logs": True}
        if self.env == "development" and self.rng.random() < 0.5:
            del net["flow_logs"]          # not evaluated in development
        if names["public"]:
            net["internet_gateway"] = True
        net["endpoints"] = ["s3", "ecr.api", "ecr.dkr", "logs", "secretsmanager"]
        net["subnets"] = subnets
        if names["public"]:
            net["nat_gateways"] = [{"name": f"nat-{z}", "subnet": n} for z, n in zip("ab", names["public"])]
        if plan.peers:
            net["peers"] = list(plan.peers)
        if plan.purpose:
            self.mis.note({"reuse": "NET004", "overlap": "NET003"}[plan.purpose])
        choice = self.mis.pick("network", [
            "NET007" if self.env in PROD_STAGING and "flow_logs" in net else None,
            "HA001" if self.env in PROD_STAGING else None,
            "HA004" if self.env in PROD_LIKE and names["public"] else None,
            "NET008"], rate=1.0 if plan.k > 0 else 0.1)
        if choice == "NET007":
            del net["flow_logs"]
        elif choice == "HA001":
            tier = "database" if names["database"] else "private"
            for subnet in subnets:
                if subnet["tier"] == tier:
                    subnet["zone"] = self.region + "a"
        elif choice == "HA004":
            net["nat_gateways"] = net["nat_gateways"][:1]
        elif choice == "NET008":
            net["endpoints"] = ["s3", "logs"]
            net.pop("nat_gateways", None)
        if choice:
            self.mis.note(choice, net)
        self.add("networks", net)
        self.net_dicts[part.net] = net
        self.net_subnets[part.net] = names

    def part_stray_subnet(self, part):
        net, names = self.net_dicts[part.net], self.net_subnets[part.net]
        cidr = ipaddress.ip_network(net["cidr"])
        choice = self.mis.pick("stray_subnet", ["NET001", "NET002"], rate=1.0)
        i = self.strays[(part.net, choice)] = self.strays.get((part.net, choice), -1) + 1
        if choice == "NET001":    # a /26 inside one of the network's subnets
            inside = ipaddress.ip_network(net["subnets"][i % len(names["private"] + names["public"])]["cidr"])
            sub = ipaddress.ip_network((int(inside.network_address) + (i // 4 % 4) * 64, 26))
        else:                     # a /24 past the network's range
            sub = ipaddress.ip_network((int(cidr.network_address) + cidr.num_addresses + (i % 16) * 256, 24))
        pre = "" if part.net == 0 else f"{net['name']}-"
        subnet = {"name": f"{pre}scratch-{part.unit}", "cidr": str(sub), "zone": self.region + "c", "tier": "private",
                  "description": "added by hand for a load test"}
        net["subnets"].append(subnet)
        self.mis.note(choice)

    def vpc(self, part):
        return self.net_dicts[part.net]["name"], self.net_dicts[part.net]["cidr"]

    # -- shared things --------------------------------------------------------------------

    def part_exec_role(self, part):
        role = {"_tpl": "exec-role", "name": part.extra["role"], "assumed_by": ["ecs-tasks.amazonaws.com"],
                "managed_policies": ["AmazonECSTaskExecutionRolePolicy"],
                "statements": [{"effect": "Allow", "actions": ["secretsmanager:GetSecretValue", "kms:Decrypt"],
                                "resources": [f"arn:aws:secretsmanager:{self.region}:{self.stack.account}:secret:"
                                              f"{self.stack.name}-*"]}]}
        self.role_misconfig(role)
        self.add("roles", role)

    def part_registry_base(self, part):
        self.registry({"name": f"{self.stack.name}-images"})

    def part_registry(self, part):
        self.registry({"name": f"{self.stack.name}-{TOOLS[part.unit % len(TOOLS)]}-{part.unit}"})

    def registry(self, reg):
        reg.update({"_tpl": "registry", "scan_on_push": True, "immutable_tags": True, "keep_images": 50})
        if self.mis.pick("registry", ["OPS004"], RARE_KIND_RATE):
            reg["scan_on_push"] = False
            self.mis.note("OPS004", reg)
        self.add("registries", reg)

    def part_public_zone(self, part):
        records = [{"name": self.domain, "type": "A", "target": "production frontend (CloudFront)"},
                   {"name": f"www.{self.domain}", "type": "CNAME", "target": self.domain},
                   {"name": f"api.{self.domain}", "type": "A", "target": "production load balancer web"}]
        for env in self.stack.envs:
            if env not in PROD_LIKE:
                records.append({"name": f"api.{env}.{self.domain}", "type": "A", "target": f"{env} load balancer web"})
        self.add("dns_zones", {"name": self.domain, "description": f"Public zone of {self.stack.name}",
                               "records": records})

    def part_private_zone(self, part):
        self.add("dns_zones", {"name": f"{self.env}.{self.stack.name}.internal", "private": True, "records": []})

    def finish_private_zone(self):
        for zone in self.res["dns_zones"]:
            if zone.get("private"):
                for db in self.res["databases"][:12]:
                    zone["records"].append({"name": f"{db['name']}.{zone['name']}", "type": "CNAME",
                                            "target": db["name"]})
                if not zone["records"]:
                    del zone["records"]

    def part_cross_secret(self, part):
        secret = {"name": self.stack.shared_secret, "store": "secrets-manager", "kms_key": self.kms,
                  "rotation_days": 30, "description": "API key of the telemetry vendor, used by every environment"}
        self.add("secrets", secret)

    def part_cluster(self, part):
        if self.rng.random() < 0.25:
            cluster = {"name": "main", "platform": "ec2", "container_insights": True,
                       "capacity": {"instance_type": "m7g.large", "min": 2, "max": 12, "spot": self.env != "production"}}
        else:
            cluster = {"name": "main", "platform": "fargate", "container_insights": True}
        self.add("clusters", cluster)

    # -- load balancers -------------------------------------------------------------------

    def part_edge(self, part):
        group = part.unit // LB_EVERY
        vpc, vpc_cidr = self.vpc(part)
        names = self.net_subnets[part.net]
        public = bool(names["public"])
        lb_name = "web" if group == 0 else f"web-{group + 1}"
        world = "0.0.0.0/0" if public else vpc_cidr
        sg = self.alb_sgs.get(part.net)
        new_sg = sg is None
        if new_sg:
            sg = {"name": "web-lb" if part.net == 0 else f"{vpc}-web-lb", "network": vpc,
                  "ingress": [{"ports": 443, "from": world}, {"ports": 80, "from": world}],
                  "egress": [{"ports": 8080, "to": vpc_cidr}]}
            self.alb_sgs[part.net] = sg
        lb = {"_tpl": self.profile("lb", part), "name": lb_name, "type": "application",
              "scheme": "internet-facing" if public else "internal",
              "subnets": list(names["public"] or names["private"]), "security_groups": [sg["name"]],
              "waf": public, "access_logs": True}
        if self.env in PROD_LIKE:
            lb["deletion_protection"] = True
        services = [unit_name(u) for u in range(part.unit, part.unit + LB_EVERY) if self.unit_has(u, "service")]
        if new_sg:
            choice = self.mis.pick("security_group", ["SG002", "SG005"], 0.1)
            if choice == "SG002":
                sg["ingress"].append({"ports": 8443, "from": "0.0.0.0/0", "description": "admin console"})
            elif choice == "SG005":
                sg["egress"] = [{"ports": "all", "protocol": "all", "to": "0.0.0.0/0"}]
            if choice:
                self.mis.note(choice, sg)
            self.add("security_groups", sg)
        self.add("load_balancers", lb)
        self.lbs[group] = (lb, sg, services)

    def finish_load_balancers(self):
        for group, (lb, sg, services) in sorted(self.lbs.items()):
            public = lb["scheme"] == "internet-facing"
            host = f"{lb['name']}.{self.env}.{self.domain}"
            https = {"port": 443, "protocol": "HTTPS", "certificate": host, "tls_policy": GOOD_TLS}
            if services:
                https["forward"] = services[0]
                if len(services) > 1:
                    https["routes"] = [{"path": f"/{s}/*", "service": s} for s in services[1:]]
            listeners = [{"port": 80, "protocol": "HTTP", "redirect_to_https": True}, https] if public else [https]
            lb["listeners"] = listeners
            choice = self.mis.pick("load_balancer", [
                "NET009" if public else None, "HA005", "ENC005" if public else None, "ENC006", "ENC007",
                "HA008" if self.env in PROD_LIKE else None])
            if choice == "NET009":
                lb["subnets"] = [n for n in self.net_subnets_of(lb)["private"]]
            elif choice == "HA005":
                lb["subnets"] = lb["subnets"][:1]
            elif choice == "ENC005":
                listeners[0] = {"port": 80, "protocol": "HTTP", "forward": services[0]} if services else \
                    {"port": 80, "protocol": "HTTP"}
            elif choice == "ENC006":
                https["certificate"] = ""
            elif choice == "ENC007":
                https["tls_policy"] = self.rng.choice(WEAK_TLS)
            elif choice == "HA008":
                del lb["deletion_protection"]
            if choice:
                self.mis.note(choice, lb)

    def net_subnets_of(self, lb):
        for k, names in self.net_subnets.items():
            if lb["subnets"][0] in names["public"] + names["private"]:
                return names
        return {"private": lb["subnets"]}

    # -- application unit -----------------------------------------------------------------

    def exec_role(self):
        if self.local_exec:
            return self.local_exec
        name = self.stack.exec_role_name(self.env)
        return name if name in self.stack.shared_roles else None

    def part_service(self, part):
        u, w = part.unit, unit_name(part.unit)
        vpc, vpc_cidr = self.vpc(part)
        names = self.net_subnets[part.net]
        lb = self.lbs.get(u // LB_EVERY)
        sg = {"_tpl": self.profile("service-sg", part), "name": f"{w}-svc", "network": vpc,
              "ingress": [{"ports": 8080, "from": f"sg:{lb[1]['name']}"}] if lb else
              [{"ports": 8080, "from": vpc_cidr, "description": "internal callers"}],
              "egress": [{"ports": 443, "to": "0.0.0.0/0"}, {"ports": 5432, "to": vpc_cidr},
                         {"ports": 6379, "to": vpc_cidr}]}
        svc = {"_tpl": self.profile("service", part), "name": w}
        if self.has_cluster:
            svc["cluster"] = "main"
        svc.update({"subnets": list(names["private"]), "security_groups": [sg["name"]], "port": 8080, "cpu": 512,
                    "memory": 1024})
        if self.env == "production":
            svc.update({"desired_count": 2, "autoscaling": {"min": 2, "max": 8, "cpu_target": 60}})
        else:
            svc["desired_count"] = 2 if self.env == "staging" else 1
        svc["image"] = (f"{self.stack.account}.dkr.ecr.{self.region}.amazonaws.com/{self.stack.name}-images:"
                        f"{w}-{self.env}")
        if part.cost >= 3:
            svc["task_role"] = f"{w}-task"
        if self.exec_role():
            svc["execution_role"] = self.exec_role()
        svc["environment"] = {"LOG_LEVEL": "info", "APP_ENV": self.env, "OTEL_SERVICE_NAME": self.stack.name}
        secrets = {}
        if self.unit_has(u, "datastore", 3):
            is_db = (u + self.spec.index) % 2 == 0
            secrets["DB_PASSWORD" if is_db else "CACHE_AUTH_TOKEN"] = f"{w}-db-master" if is_db else f"{w}-cache-auth"
        if self.first_service and self.stack.shared_secret:
            secrets["TELEMETRY_API_KEY"] = self.stack.shared_secret
        if secrets:
            svc["secrets"] = secrets
        svc["health_check"] = "/healthz"
        svc["tags"] = {"team": self.stack.team, "cost-center": f"cc-{self.stack.index:04d}"}
        self.first_service = False
        choice = self.mis.pick("service", [
            "NET006", "HA003" if self.env in PROD_STAGING else None, "SEC001", "SG009" if lb else None, "SG005"])
        if choice == "NET006":
            svc["public_ip"] = True
        elif choice == "HA003":
            svc["desired_count"] = 1
            svc.pop("autoscaling", None)
        elif choice == "SEC001":
            svc["environment"] = dict(svc["environment"], DB_PASSWORD=f"{self.rng.choice(WORDS).title()}-"
                                                                      f"{self.rng.randrange(1000, 9999)}")
        elif choice == "SG009":
            sg["ingress"].append({"ports": 8080, "from": vpc_cidr, "description": "direct access for debugging"})
        elif choice == "SG005":
            sg["egress"] = [{"ports": "all", "protocol": "all", "to": "0.0.0.0/0"}]
        if choice:
            self.mis.note(choice, sg if choice == "SG005" else svc)
        self.add("security_groups", sg)
        self.add("services", svc)
        if part.cost >= 3:
            role = {"_tpl": "task-role", "name": f"{w}-task", "assumed_by": ["ecs-tasks.amazonaws.com"],
                    "statements": [{"effect": "Allow",
                                    "actions": ["s3:GetObject", "s3:PutObject", "sqs:SendMessage", "sns:Publish"],
                                    "resources": [f"arn:aws:s3:::{self.stack.name}-{self.env}-*",
                                                  f"arn:aws:sqs:{self.region}:{self.stack.account}:*",
                                                  f"arn:aws:sns:{self.region}:{self.stack.account}:*"]}]}
            self.role_misconfig(role)
            self.add("roles", role)

    def role_misconfig(self, role):
        choice = self.mis.pick("role", ["IAM001", "IAM002"], 0.03)
        if choice == "IAM001":
            role["statements"] = role.get("statements", []) + [
                {"effect": "Allow", "actions": [self.rng.choice(("*", "s3:*", "dynamodb:*"))], "resources": ["*"]}]
        elif choice == "IAM002":
            role["managed_policies"] = role.get("managed_policies", []) + [self.rng.choice(ADMIN_POLICIES)]
        if choice:
            self.mis.note(choice, role)

    def part_datastore(self, part):
        u, w = part.unit, unit_name(part.unit)
        vpc, vpc_cidr = self.vpc(part)
        names = self.net_subnets[part.net]
        placement = list(names["database"] or names["private"])
        is_db = (u + self.spec.index) % 2 == 0
        if is_db:
            engine = self.rng.choice(("postgres", "postgres", "postgres", "aurora-postgresql", "aurora-postgresql",
                                      "mysql"))
            port = 3306 if engine == "mysql" else 5432
        else:
            engine = self.rng.choice(("redis", "redis", "redis", "valkey", "valkey", "memcached"))
            port = 11211 if engine == "memcached" else 6379
        sg_name = f"{w}-db" if is_db else f"{w}-cache"
        source = f"sg:{w}-svc" if self.unit_has(u, "service") else "self"
        sg = {"_tpl": self.profile("store-sg", part), "name": sg_name, "network": vpc,
              "ingress": [{"ports": port, "from": source}]}
        prod = self.env in PROD_LIKE
        if is_db:
            store = {"_tpl": self.profile(engine, part), "name": f"{w}-db", "engine": engine,
                     "version": {"postgres": "16.4", "aurora-postgresql": "16.2", "mysql": "8.0.39"}[engine],
                     "instance_class": "db.r7g.large" if prod else "db.t4g.medium"}
            if not engine.startswith("aurora"):
                store.update({"storage_gb": 100, "max_storage_gb": 500})
            store.update({"subnets": placement, "security_groups": [sg_name], "encrypted": True, "kms_key": self.kms})
            if engine.startswith("aurora"):
                store["instances"] = 2 if self.env in PROD_STAGING else 1
            elif self.env in PROD_STAGING:
                store["multi_az"] = True
            store["backup_retention_days"] = 14 if self.env in PROD_STAGING else 3
            if prod:
                store["deletion_protection"] = True
            store["iam_auth"] = True
            if part.cost >= 3:
                store["master_password"] = f"secret:{w}-db-master"
            store["tags"] = {"team": self.stack.team, "data-class": "confidential"}
            alb = next((g[1]["name"] for g in self.lbs.values() if g[0]["scheme"] == "internet-facing"), None)
            # Options that apply only somewhere come first: they win ties for least used.
            choice = self.mis.pick("database", [
                "SG007" if alb else None, "HA002" if self.env in PROD_STAGING else None,
                "HA007" if self.env in PROD_STAGING else None, "HA008" if prod else None,
                "ENC010" if prod else None, "ENC001", "NET005", "SEC002", "SG004"], 0.12)
            if choice == "ENC001":
                store["encrypted"] = False
            elif choice == "HA002":
                if "instances" in store:
                    store["instances"] = 1
                else:
                    store["multi_az"] = False
            elif choice == "HA007":
                store["backup_retention_days"] = 1
            elif choice == "HA008":
                del store["deletion_protection"]
            elif choice == "NET005":
                store["publicly_accessible"] = True
            elif choice == "SEC002":
                store["master_password"] = token(self.rng, ALNUM, 14) + "!"
            elif choice == "ENC010":
                del store["kms_key"]
            kind = "databases"
        else:
            store = {"_tpl": self.profile(engine, part), "name": f"{w}-cache", "engine": engine,
                     "version": {"redis": "7.1", "valkey": "8.0", "memcached": "1.6.22"}[engine],
                     "node_type": "cache.r7g.large" if prod else "cache.t4g.small", "subnets": placement,
                     "security_groups": [sg_name]}
            if engine != "memcached":
                store["at_rest_encryption"] = True
            store["transit_encryption"] = True
            if engine != "memcached":
                if part.cost >= 3:
                    store["auth_token"] = f"secret:{w}-cache-auth"
                store.update({"replicas": 1, "automatic_failover": True, "multi_az": True,
                              "snapshot_retention_days": 7})
            store["tags"] = {"team": self.stack.team, "data-class": "internal"}
            redis = engine != "memcached"
            alb = next((g[1]["name"] for g in self.lbs.values() if g[0]["scheme"] == "internet-facing"), None)
            choice = self.mis.pick("cache", [
                "SG007" if alb else None, "HA006" if redis and prod else None,
                "NET005" if names["public"] else None, "ENC003" if redis else None, "SEC002" if redis else None,
                "ENC004", "SG004"], 0.12)
            if choice == "ENC003":
                store["at_rest_encryption"] = False
            elif choice == "ENC004":
                store["transit_encryption"] = False
            elif choice == "HA006":
                store["automatic_failover"] = False
            elif choice == "SEC002":
                store["auth_token"] = token(self.rng, ALNUM, 24)
            elif choice == "NET005":
                store["subnets"] = list(names["public"])
            kind = "caches"
        if choice == "SG004":
            sg["ingress"].append({"ports": port, "from": "10.250.0.0/16", "description": "analysts over the VPN"})
        elif choice == "SG007":
            sg["ingress"].append({"ports": port, "from": f"sg:{alb}", "description": "health checks"})
        if choice:
            self.mis.note(choice, sg if choice == "SG004" else None if choice == "SG007" else store)
        self.add("security_groups", sg)
        self.add(kind, store)
        if part.cost >= 3:
            if is_db:
                self.secret(f"{w}-db-master", f"master password of {w}-db")
            else:
                self.secret(f"{w}-cache-auth", f"AUTH token of {w}-cache")

    def secret(self, name, description=None, store="secrets-manager"):
        secret = {"_tpl": "secret", "name": name, "store": store, "kms_key": self.kms}
        if store == "secrets-manager":
            secret["rotation_days"] = 30
        prod = self.env in PROD_LIKE
        choice = self.mis.pick("secret", [
            "SEC003" if prod and store == "secrets-manager" else None, "SEC004", "ENC010" if prod else None])
        if choice == "SEC003":
            if self.rng.random() < 0.5:
                del secret["rotation_days"]
            else:
                secret["rotation_days"] = 365
        elif choice == "SEC004":
            secret["store"] = "ssm-string"
            secret.pop("rotation_days", None)
        elif choice == "ENC010":
            del secret["kms_key"]
        if choice:
            self.mis.note(choice, secret)
        self.add("secrets", secret)

    def part_bucket(self, part):
        w = unit_name(part.unit) if self.env != "shared" else f"{TOOLS[part.unit % len(TOOLS)]}-{part.unit}"
        bucket = {"_tpl": "bucket", "name": f"{self.stack.name}-{self.env}-{w}", "encryption": "aws:kms",
                  "kms_key": self.kms, "versioning": True, "public_access_block": True, "access_logs": True,
                  "lifecycle": [{"rule": "expire-noncurrent", "expire_days": 90}],
                  "tags": {"team": self.stack.team}}
        choice = self.mis.pick("bucket", ["ENC002", "DATA001", "DATA002",
                                          "DATA003" if self.env in PROD_LIKE else None])
        if choice == "ENC002":
            bucket["encryption"] = "none"
            del bucket["kms_key"]
        elif choice == "DATA001":
            bucket.update({"public": True, "website": True, "public_access_block": False,
                           "cors_origins": [f"https://{self.domain}"]})
        elif choice == "DATA002":
            bucket["public_access_block"] = False
        elif choice == "DATA003":
            bucket["versioning"] = False
        if choice:
            self.mis.note(choice, bucket)
        self.add("buckets", bucket)

    def part_function(self, part):
        u, w = part.unit, unit_name(part.unit)
        fn = {"_tpl": "function", "name": f"{w}-worker", "runtime": RUNTIMES[self.stack.index % len(RUNTIMES)],
              "memory": 512, "timeout": 30}
        if part.cost >= 2:
            fn["role"] = f"{w}-worker"
        fn["environment"] = {"LOG_LEVEL": "info", "APP_ENV": self.env}
        fn["triggers"] = [f"sqs:{w}-jobs"] if self.unit_has(u, "queue") else ["schedule:rate(15 minutes)"]
        fn["tags"] = {"team": self.stack.team}
        choice = self.mis.pick("function", ["OPS001", "SEC001", "SEC007"])
        if choice == "OPS001":
            fn["runtime"] = self.rng.choice(DEPRECATED_RUNTIMES)
        elif choice == "SEC001":
            fn["environment"] = dict(fn["environment"], PARTNER_API_KEY=token(self.rng, ALNUM, 20))
        elif choice == "SEC007":
            fn["description"] = (f"exports to the legacy warehouse at postgres://{w}:"
                                 f"{token(self.rng, ALNUM, 10)}@warehouse.internal:5432/{w}")
        if choice:
            self.mis.note(choice, None if choice == "SEC007" else fn)
        self.add("functions", fn)
        if part.cost >= 2:
            role = {"_tpl": "function-role", "name": f"{w}-worker", "assumed_by": ["lambda.amazonaws.com"],
                    "managed_policies": ["AWSLambdaBasicExecutionRole"],
                    "statements": [{"effect": "Allow",
                                    "actions": ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes",
                                                "s3:GetObject"],
                                    "resources": [f"arn:aws:sqs:{self.region}:{self.stack.account}:*",
                                                  f"arn:aws:s3:::{self.stack.name}-{self.env}-*/*"]}]}
            self.role_misconfig(role)
            self.add("roles", role)

    def part_log_group(self, part):
        w = unit_name(part.unit) if self.env != "shared" else f"{TOOLS[part.unit % len(TOOLS)]}-{part.unit}"
        group = {"_tpl": "log-group", "name": f"/ecs/{self.stack.name}/{self.env}/{w}",
                 "retention_days": 90 if self.env in PROD_LIKE else 14, "kms_key": self.kms}
        choice = self.mis.pick("log_group", ["OPS002", "ENC010" if self.env in PROD_LIKE else None])
        if choice == "OPS002":
            del group["retention_days"]
        elif choice == "ENC010":
            del group["kms_key"]
        if choice:
            self.mis.note(choice, group)
        self.add("log_groups", group)

    def part_queue(self, part):
        w = unit_name(part.unit)
        queue = {"_tpl": "queue", "name": f"{w}-jobs", "encryption": "kms"}
        if part.cost >= 2:
            queue["dead_letter_queue"] = f"{w}-jobs-dlq"
        self.encrypted_messaging("queue", queue)
        self.add("queues", queue)
        if part.cost >= 2:
            self.add("queues", {"_tpl": "dlq", "name": f"{w}-jobs-dlq", "encryption": "kms"})

    def part_topic(self, part):
        w = unit_name(part.unit) if self.env != "shared" else f"{TOOLS[part.unit % len(TOOLS)]}-{part.unit}"
        topic = {"_tpl": "topic", "name": f"{w}-events", "encryption": "kms"}
        self.encrypted_messaging("topic", topic)
        self.add("topics", topic)

    def encrypted_messaging(self, kind, resource):
        if self.mis.pick(kind, ["ENC008"]):
            if self.rng.random() < 0.5:
                resource["encryption"] = "none"
            else:
                del resource["encryption"]
            self.mis.note("ENC008", resource)

    def part_api(self, part):
        u, w = part.unit, unit_name(part.unit)
        api = {"_tpl": "api", "name": f"{w}-api", "type": "http", "auth": "cognito" if u % 3 else "iam",
               "throttle": {"rate": 100, "burst": 200}, "logging": True, "waf": True}
        if self.unit_has(u, "function"):
            api["routes"] = [{"path": f"/v1/{w}", "method": "ANY", "function": f"{w}-worker"}]
        choice = self.mis.pick("api", ["ID004", "ID005"], RARE_KIND_RATE)
        if choice == "ID004":
            api["auth"] = "none"
        elif choice == "ID005":
            del api["throttle"]
        if choice:
            self.mis.note(choice, api)
        self.add("apis", api)

    def part_user_pool(self, part):
        w = unit_name(part.unit)
        host = f"{w}.{self.env}.{self.domain}"
        pool = {"_tpl": "user-pool", "name": f"{w}-users", "mfa": "required" if self.env in PROD_LIKE else "optional",
                "password_policy": {"min_length": 14, "require_lowercase": True, "require_uppercase": True,
                                    "require_numbers": True, "require_symbols": True},
                "oauth_flows": ["code"], "callback_urls": [f"https://{host}/auth/callback"],
                "advanced_security": "enforced"}
        choice = self.mis.pick("user_pool", ["ID001", "ID002", "ID003", "ID006"], RARE_KIND_RATE)
        if choice == "ID001":
            pool["mfa"] = "off"
        elif choice == "ID002":
            pool["oauth_flows"] = ["code", "implicit"]
        elif choice == "ID003":
            pool["password_policy"] = dict(pool["password_policy"], min_length=8, require_symbols=False)
        elif choice == "ID006":
            pool["callback_urls"] = pool["callback_urls"] + [
                "http://localhost:3000/auth/callback" if self.env in PROD_LIKE else f"http://{host}/auth/callback"]
        if choice:
            self.mis.note(choice, pool)
        self.add("user_pools", pool)

    def part_frontend(self, part):
        w = unit_name(part.unit)
        host = f"{w}.{self.env}.{self.domain}"
        front = {"_tpl": "frontend", "name": f"{w}-web", "provider": "cloudfront", "domain": host, "https_only": True,
                 "certificate": host}
        if self.mis.pick("frontend", ["ENC011"], RARE_KIND_RATE):
            front["https_only"] = False
            self.mis.note("ENC011", front)
        self.add("frontends", front)

    def part_instance(self, part):
        u, w = part.unit, unit_name(part.unit)
        vpc, vpc_cidr = self.vpc(part)
        names = self.net_subnets[part.net]
        bastion = (u + self.spec.index) % 3 == 0
        purpose = "bastion" if bastion else self.rng.choice(("worker", "batch", "build-agent"))
        sg = {"_tpl": self.profile("host-sg", part), "name": f"{w}-host", "network": vpc,
              "ingress": [{"ports": 22, "from": "10.250.0.0/16", "description": "operators over the VPN"}],
              "egress": [{"ports": 443, "to": "0.0.0.0/0"}]}
        inst = {"_tpl": self.profile("instance", part), "name": f"{w}-{purpose}", "purpose": purpose, "instance_type": "t3.small"}
        if bastion and names["public"]:
            inst.update({"subnet": names["public"][0], "public_ip": True})
        else:
            inst["subnet"] = names["private"][0]
        inst.update({"security_groups": [sg["name"]], "imdsv2": True, "encrypted_volumes": True})
        choice = self.mis.pick("instance", ["NET006" if not bastion else None, "SG008", "SG001", "SG003", "ENC009",
                                            "OPS003"], RARE_KIND_RATE)
        if choice == "NET006":
            inst["public_ip"] = True
        elif choice == "ENC009":
            inst["encrypted_volumes"] = False
        elif choice == "OPS003":
            inst["imdsv2"] = False
        elif choice == "SG001":
            sg["ingress"] = [{"ports": 22, "from": "0.0.0.0/0", "description": "SSH from anywhere"}]
        elif choice == "SG003":
            sg["ingress"].append({"ports": "all", "protocol": "all", "from": "10.250.0.0/16"})
        elif choice == "SG008":
            sg["ingress"].append({"ports": Quoted("30000-32767"), "from": vpc_cidr, "description": "node ports"})
        if choice:
            self.mis.note(choice, sg if choice.startswith("SG") else inst)
        self.add("security_groups", sg)
        self.add("instances", inst)

    def part_user(self, part):
        i = self.users
        self.users += 1
        user = {"_tpl": "user", "name": person_name(i), "console_access": True, "mfa": True, "groups": ["developers"]}
        choice = self.mis.pick("user", ["IAM003", "SEC005", "IAM002", "SEC007"], RARE_KIND_RATE)
        if choice == "IAM003":
            user["mfa"] = False
        elif choice == "SEC005":
            user.update({"name": f"ci-{part.unit}-{i}", "console_access": False, "access_keys": 1,
                         "groups": ["deployers"]})
            del user["mfa"]
        elif choice == "IAM002":
            user["managed_policies"] = [self.rng.choice(ADMIN_POLICIES)]
        elif choice == "SEC007":
            user["description"] = f"old deploy key AKIA{token(self.rng, UPPER_DIGITS, 16)}, deactivated"
        if choice:
            self.mis.note(choice, None if choice == "SEC007" else user)
        self.add("users", user)

    def part_external(self, part):
        partner = PARTNERS[part.unit % len(PARTNERS)]
        name = f"{partner}-{part.unit}"
        ext = {"_tpl": "external", "name": name, "url": f"https://api.{partner}.com"}
        if part.cost >= 2:
            ext["credentials"] = f"secret:{name}-key"
        choice = self.mis.pick("external", ["SEC002", "SEC007"], RARE_KIND_RATE)
        if choice == "SEC002":
            ext["credentials"] = "key-" + token(self.rng, ALNUM, 24)
        elif choice == "SEC007":
            ext["url"] = f"https://integration:{token(self.rng, ALNUM, 12)}@api.{partner}.com/v2"
        if choice:
            self.mis.note(choice, ext if choice == "SEC002" else None)
        self.add("externals", ext)
        if part.cost >= 2:
            self.secret(f"{name}-key", store="secrets-manager" if part.unit % 4 else "ssm-secure-string")

    def part_orphan_sg(self, part):
        w = unit_name(part.unit)
        vpc, vpc_cidr = self.vpc(part)
        sg = {"name": f"{w}-legacy", "network": vpc, "description": "left over from the ECS migration",
              "ingress": [{"ports": 443, "from": vpc_cidr}]}
        self.mis.note("SG006", sg)
        self.add("security_groups", sg)

    def part_orphan_role(self, part):
        name = f"{unit_name(part.unit)}-legacy-deployer" if self.env != "shared" else f"deployer-{part.unit}"
        role = {"name": name, "description": "used by the old Jenkins deploy job", "assumed_by": ["ec2.amazonaws.com"],
                "managed_policies": ["ReadOnlyAccess"]}
        self.mis.note("IAM004", role)
        self.add("roles", role)


# ---------------------------------------------------------------------------------------------

def render(spec, resources, seed, n_resources, n_files):
    counted = sum(len(resources[k]) for k in KINDS) + sum(len(n.get("subnets", [])) for n in resources["networks"])
    assert counted == spec.budget, (spec.path, counted, spec.budget)
    defaults, kinds = templated(resources)
    doc = {"archlint": 1, "stack": spec.stack.name, "environment": spec.env, "region": spec.stack.region,
           "account": Quoted(spec.stack.account),
           "description": f"Synthetic {spec.env} environment of {spec.stack.name} ({counted} resources)",
           "owner": f"team-{spec.stack.team}"}
    doc.update(defaults)
    doc.update(kinds)
    lines = [f"# Generated by Benchmarks/generate.py --resources {n_resources} --files {n_files} --seed {seed}:",
             "# synthetic benchmark input, not a real stack. Do not edit; regenerate instead."]
    body = {k: v for k, v in doc.items() if k not in kinds and not k.startswith("x-")}
    emit_mapping(body, 0, lines)
    for key in defaults:
        lines.append("")
        emit_mapping({key: doc[key]}, 0, lines)
    for kind, items in kinds.items():
        lines.append("")
        lines.append(f"{kind}:")
        emit_sequence(items, 2, lines, block_items=True)
    return "\n".join(lines) + "\n", count_nodes(doc), counted


def wipe(out):
    real = os.path.realpath(out)
    if real in ("/", os.path.realpath(os.path.expanduser("~"))) or os.path.exists(os.path.join(real, ".git")):
        sys.exit(f"generate.py: refusing to wipe {out}")
    if os.path.isdir(real):
        for entry in sorted(os.listdir(real)):
            path = os.path.join(real, entry)
            if os.path.isdir(path) and not os.path.islink(path):
                shutil.rmtree(path)
            else:
                os.remove(path)
    else:
        os.makedirs(real)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--resources", type=int, required=True, help="total resources, as archlint counts them")
    parser.add_argument("--files", type=int, required=True, help="number of spec files (stack-environments)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("out", metavar="OUT_DIR", help="folder to wipe and fill")
    args = parser.parse_args()
    if args.files < 1 or args.resources < 0:
        parser.error("--files must be at least 1 and --resources at least 0")
    notes = []
    if args.resources < args.files * MIN_BUDGET:
        notes.append(f"fewer than {MIN_BUDGET} resources per file: some files hold no service or network")

    rng = random.Random(f"archlint-bench/{args.seed}/layout")
    stacks, specs = layout(args.resources, args.files, rng)
    plan_rng = random.Random(f"archlint-bench/{args.seed}/plan")
    for spec in specs:
        if spec.env == "shared":
            plan_shared(spec, plan_rng)
    for spec in specs:
        if spec.env != "shared":
            plan_env(spec, plan_rng)
    if address_plan(specs, random.Random(f"archlint-bench/{args.seed}/addresses")):
        notes.append("more networks than distinct /20s in 10/8, 172.16/12 and 192.168/16: ranges are reused")

    mis = Misconfig(random.Random(f"archlint-bench/{args.seed}/misconfig"))
    build_rng = random.Random(f"archlint-bench/{args.seed}/build")
    wipe(args.out)
    total_bytes, total_resources, max_nodes, max_nodes_file = 0, 0, 0, None
    for spec in specs:
        resources = Builder(spec, mis, build_rng).build()
        text, nodes, counted = render(spec, resources, args.seed, args.resources, args.files)
        path = os.path.join(args.out, spec.path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = text.encode()
        with open(path, "wb") as handle:
            handle.write(data)
        total_bytes += len(data)
        total_resources += counted
        if nodes > max_nodes:
            max_nodes, max_nodes_file = nodes, spec.path
        if nodes > MAX_NODES:
            notes.append(f"{spec.path} has {nodes:,} YAML nodes, over archlint's default limit of {MAX_NODES:,} "
                         f"(run archlint with --max-nodes {nodes} or use more files)")

    print(f"{len(specs)} files, {len(stacks)} stacks, {total_resources} resources, {total_bytes:,} bytes, "
          f"largest file {max_nodes:,} YAML nodes ({max_nodes_file}) in {args.out}")
    print("misconfigured on purpose: " + ", ".join(f"{r} {n}" for r, n in sorted(mis.applied.items())))
    print(f"waivers: {mis.waivers['matching']} in force, {mis.waivers['expired']} expired, "
          f"{mis.waivers['unused']} matching nothing")
    for note in notes:
        print(f"note: {note}")


if __name__ == "__main__":
    main()
