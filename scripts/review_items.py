"""Reviews of the question banks by a second reader (issue 10; records in docs/review/).

python scripts/review_items.py blind --out DIR [--parts N]
    Every question keyed to a CPT or HCPCS Level II code (codes no public file here can
    check) without its key or explanation, split into N files for reviewers who re-derive
    the answer without seeing the key.
python scripts/review_items.py score DIR
    Compare the reviewers' answers (DIR/answers-*.yaml: a list of {id, answer, note}) with
    the keys; prints agreements and every disagreement with the key and both reasons.
python scripts/review_items.py sample --seed S --n N --out FILE
    A random sample spread across the banks (every bank at least three, the rest in
    proportion to size), drawn with a seed so anyone can draw it again.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

import yaml

from bot.core.banks.library import Question
from bot.core.banks.loader import load_banks

QUIZZES = Path(__file__).resolve().parents[1] / "quizzes"
CPT = re.compile(r"(?<![\w.])(\d{5}|\d{4}[FT])(?![\w.])")
HCPCS = re.compile(r"(?<![\w.])[A-V]\d{4}(?![\w.])")


def keyed_to_unverifiable_codes(q: Question) -> bool:
    return bool(CPT.search(q.correct_choice) or HCPCS.search(q.correct_choice))


def _blind(q: Question) -> dict[str, object]:
    return {
        "id": q.id,
        "bank": q.bank_id,
        "stem": q.stem,
        "choices": {q.letters[i]: c for i, c in enumerate(q.choices)},
    }


def blind(out: Path, parts: int) -> None:
    items = [q for q in load_banks(QUIZZES).select() if keyed_to_unverifiable_codes(q)]
    out.mkdir(parents=True, exist_ok=True)
    size = -(-len(items) // parts)
    for n in range(parts):
        chunk = items[n * size : (n + 1) * size]
        path = out / f"blind-{n + 1}.yaml"
        path.write_text(yaml.safe_dump([_blind(q) for q in chunk], sort_keys=False, width=100), "utf-8")
        print(f"{path}: {len(chunk)} questions")


def score(directory: Path) -> int:
    library = load_banks(QUIZZES)
    answered: dict[str, dict[str, str]] = {}
    for path in sorted(directory.glob("answers-*.yaml")):
        for row in yaml.safe_load(path.read_text("utf-8")) or []:
            answered[str(row["id"])] = row
    agree, differ = 0, []
    for qid, row in answered.items():
        q = library.get(qid)
        if q is None:
            continue  # dropped since
        if str(row.get("answer", "")).strip().upper() == q.answer_letter:
            agree += 1
        else:
            differ.append((q, row))
    print(f"{len(answered)} re-derived: {agree} agree with the key, {len(differ)} differ")
    for q, row in differ:
        reviewer = f"reviewer {row.get('answer')}: {row.get('note', '')}"
        print(f"\n{q.id} key {q.answer_letter} ({q.correct_choice}); {reviewer}")
    return 1 if differ else 0


def sample(seed: int, n: int, out: Path) -> None:
    rng = random.Random(seed)
    banks = load_banks(QUIZZES).banks
    total = sum(len(b.questions) for b in banks)
    picked: list[Question] = []
    for bank in banks:
        k = max(3, round(n * len(bank.questions) / total))
        picked += rng.sample(list(bank.questions), min(k, len(bank.questions)))
    rows = [
        {**_blind(q), "key": q.answer_letter, "explanation": q.explanation, "source": q.source}
        for q in picked
    ]
    out.write_text(yaml.safe_dump(rows, sort_keys=False, width=100), "utf-8")
    print(f"{out}: {len(rows)} questions from {len(banks)} banks (seed {seed})")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("blind")
    b.add_argument("--out", type=Path, required=True)
    b.add_argument("--parts", type=int, default=1)
    s = sub.add_parser("score")
    s.add_argument("directory", type=Path)
    m = sub.add_parser("sample")
    m.add_argument("--seed", type=int, required=True)
    m.add_argument("--n", type=int, default=60)
    m.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    if args.command == "blind":
        blind(args.out, args.parts)
    elif args.command == "score":
        return score(args.directory)
    else:
        sample(args.seed, args.n, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
