#!/usr/bin/env python3
"""Generates a site of N synthetic guides in the real guide format.

Deterministic from --seed: varied companies, roles, 2-6 regions, currencies,
levers, slots, competing offers, and totals that satisfy the validator
(total = base + equity / 4 + money bonus). `guidepress check` on the output
reports nothing.

The site's shape: --per-company K spreads the N guides over N/K companies
(at least 10), each drawing its roles from the 20 below, so K = 2 makes many
companies with few roles and K = 8 few companies with many roles. The default,
20, gives every company every role.

usage: bench/generate.py N OUT_DIR [--seed 42] [--per-company 20]
"""
import argparse
import os
import random

ROLES = [
    "ML/AI Engineer", "Research Scientist", "Software Engineer", "Product Manager", "Data Scientist",
    "Research Engineer", "Infrastructure Engineer", "Security Engineer", "Applied Scientist", "Design Engineer",
    "Solutions Architect", "Engineering Manager", "Staff Software Engineer", "Data Engineer", "Site Reliability Engineer",
    "Developer Advocate", "Technical Program Manager", "Hardware Engineer", "Quantitative Researcher", "Frontend Engineer",
]
REGIONS = [
    ("San Francisco", "$", 1.0), ("New York City", "$", 1.0), ("Seattle", "$", 0.97), ("Austin", "$", 0.9),
    ("Remote US", "$", 0.88), ("London", "£", 0.62), ("Dublin", "€", 0.66), ("Paris", "€", 0.6),
    ("Zurich", "CHF ", 0.8), ("Toronto", "C$", 0.95), ("Berlin", "€", 0.58), ("Amsterdam", "€", 0.62),
]
KINDS = ["RSU", "Pre-IPO", "Options", "PPU"]
WORDS = ("compensation equity base band level offer recruiter committee scope impact team launch model "
         "infrastructure inference training evaluation product research platform growth revenue users").split()
PREMIUMS = ["AGENTIC AI PREMIUM", "ML PREMIUM", "INFRA PREMIUM", "RESEARCH PREMIUM", "PLATFORM PREMIUM"]
CALLED = ["Google", "Meta", "Amazon", "OpenAI", "Anthropic", "Apple", "Microsoft"]


def company_names(count, rng):
    first = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Vandelay", "Stark", "Wayne", "Tyrell", "Cyberdyne",
             "Soylent", "Wonka", "Aperture", "Black Mesa", "Massive", "Pied Piper", "Dunder", "Gringotts", "Oscorp", "Nakatomi"]
    second = ["AI", "Labs", "Systems", "Robotics", "Data", "Cloud", "Dynamics", "Networks", "Analytics", "Compute"]
    names = [f"{a} {b}" for a in first for b in second]
    rng.shuffle(names)
    while len(names) < count:
        names.append(f"Company {len(names)}")
    return names[:count]


def sentence(rng, n=14):
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def k(amount):
    return f"{amount}K"


def guide(company, role, rng):
    kind = rng.choice(KINDS)
    regions = rng.sample(REGIONS, rng.randint(2, 6))
    premium_lo = rng.choice([10, 15, 20, 25])
    premium = f"+{premium_lo}-{premium_lo + rng.choice([10, 15])}% {rng.choice(PREMIUMS)}"
    rows = []
    base_top = None
    for name, symbol, scale in regions:
        base_lo = int(rng.randint(150, 300) * scale)
        base_hi = base_lo + rng.randint(30, 90)
        eq_lo = rng.randint(10, 80) * 4
        eq_hi = eq_lo + rng.randint(10, 100) * 4
        if rng.random() < 0.3:
            bonus_lo, bonus_hi = rng.randint(10, 30), 0
            bonus_hi = bonus_lo + rng.randint(5, 20)
            bonus = f"{symbol}{k(bonus_lo)}-{symbol}{k(bonus_hi)}"
        else:
            bonus_lo = bonus_hi = 0
            bonus = rng.choice(["—", "10-15%", "15%"])
        total_lo = base_lo + eq_lo // 4 + bonus_lo
        total_hi = base_hi + eq_hi // 4 + bonus_hi
        rows.append(f"| {name} | {symbol}{k(base_lo)}-{symbol}{k(base_hi)} | {symbol}{k(eq_lo)}-{symbol}{k(eq_hi)} | {bonus} | {symbol}{k(total_lo)}-{symbol}{k(total_hi)} |")
        if symbol == regions[0][1]:
            base_top = max(base_top or 0, base_hi)
    symbol = regions[0][1]
    floor = base_top - 20
    ask = base_top
    rival = rng.choice(CALLED)
    levers = []
    for i in range(rng.randint(3, 5)):
        title = rng.choice(["Scope", "Competing Offers", "Level", "Sign-On", "Refresh", "Relocation", "Title"]) + f" {i + 1}"
        prem = f" (+{rng.randint(5, 15)}-{rng.randint(16, 35)}%)" if i == 0 else ""
        slot = " My work on [project / system / launch] proves it." if i == 1 else ""
        offer = f" {rival} offers {symbol}{k(ask - 10)} base / {symbol}{k(rng.randint(100, 600))} equity." if i == 2 else ""
        levers.append(f'{i + 1}. **{title}{prem}:** "{sentence(rng)}{slot}{offer}"')
    level = rng.choice(["L4-L5", "L5-L6", "L6"])
    return f"""### {role} | {company} Global Negotiation Guide

**Negotiation DNA:** {kind} Equity | {rng.choice(WORDS).capitalize()} Focus | **{premium}**

| Region | Base Salary | Equity ({kind}/4yr) | Bonus | Total Comp |
|--------|-------------|---------------------|-------|------------|
{chr(10).join(rows)}

**Negotiation DNA**
{sentence(rng, 30)} {sentence(rng, 25)} {sentence(rng, 20)}

**Level Mapping:** {company} {role} = Google {level} Software Engineer = Meta IC5 = Amazon SDE (II-III) = OpenAI Member of Technical Staff

**Why This Role Pays**
{sentence(rng, 40)} {sentence(rng, 30)}

**Global Levers**
{chr(10).join(levers)}

> **Negotiate Up Strategy:** "I'm holding a {rival} offer at {symbol}{k(ask - 10)} base / {symbol}{k(rng.randint(200, 900))} equity. To make the move, I need {symbol}{k(ask)} base, {symbol}{k(rng.randint(200, 900))} equity/4yr, and a {symbol}{k(rng.randint(20, 80))} signing bonus. My floor is {symbol}{k(floor)} base."

**Evidence & Sources**
- Levels.fyi {company} {role} compensation data
- Blind verified {company} offer threads
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--per-company", type=int, default=len(ROLES), metavar="K",
                        help="guides per company on average (1-20)")
    args = parser.parse_args()
    if not 1 <= args.per_company <= len(ROLES):
        parser.error(f"--per-company must be between 1 and {len(ROLES)}")
    rng = random.Random(args.seed)
    companies = company_names(max(10, args.count // args.per_company), rng)
    os.makedirs(os.path.join(args.out, "content"), exist_ok=True)
    with open(os.path.join(args.out, "site.toml"), "w") as f:
        f.write('title = "Benchmark guides"\nbase_url = "/"\n\n[currency]\ndisplay = "USD"\n'
                'rates = { GBP = 1.27, EUR = 1.08, CHF = 1.13, CAD = 0.73 }\n')
    pairs = [(c, r) for c in companies for r in ROLES]
    rng.shuffle(pairs)
    for company, role in pairs[: args.count]:
        slug = f"{company}-{role}".lower().replace("/", "-").replace(" ", "-")
        with open(os.path.join(args.out, "content", f"{slug}.md"), "w") as f:
            f.write(guide(company, role, rng))


if __name__ == "__main__":
    main()
