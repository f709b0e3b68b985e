"""Train the router's intent model (bot/data/intent_model.npz) and measure it honestly.

    .venv/bin/pip install -e '.[train]'        # scikit-learn, for training only
    .venv/bin/python -m benchmarks.train_router  # train on today's corpus, write the model
    .venv/bin/python -m benchmarks.train_router --cross-validate [--calibrate]

The corpus is every labelled question: the knowledge base's example questions and the router
sets in tests/data (see bot/core/router/intent_corpus.py). A test fails when the shipped model
was trained on another corpus, so after changing example questions, a set or the analyser, run
this again and commit the model.

``--cross-validate`` scores each set of member questions (not the ``train_*`` sets, written to
train the model) with a model trained without it (out-of-fold predictions) and prints, per set,
the lexical router alone and with the model, as the bot routes (with the code tools' clinical
signal): the figure to quote for questions the model has not seen. ``--calibrate`` also searches
the arbiter's thresholds on those predictions for the least cost, a wrong confident answer
costing three declines.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from bot.config import Settings
from bot.core.codes.format import codes_in
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.model import KnowledgeBase
from bot.core.router.arbiter import Arbiter, Thresholds
from bot.core.router.evaluation import is_router_set, judge
from bot.core.router.intent_corpus import Example, knowledge_examples, set_examples
from bot.core.router.intent_model import MODEL_PATH, IntentModel, corpus_digest, raw_features, weighted
from bot.core.router.matcher import Matcher
from bot.core.router.routes import Route, RouteFacet
from bot.wiring import build_codes_service

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
C = 10.0  # inverse L2 strength: chosen by cross-validation (1, 3, 10, 30 tried)
MIN_DF = 2  # a character n-gram must occur in two training questions (words and pairs: one)
PRUNE = 0.1  # weights smaller than this are dropped: the file shrinks 13x, accuracy is unchanged
# Sets of questions written to train the model (not members' questions, not blind): always in
# the training folds, never scored.
TRAINING_ONLY = "train_"
WRONG_COST = 3  # a wrong confident answer costs this many declines (as calibrate_router.py)


def router_sets() -> dict[str, list[dict[str, Any]]]:
    out = {}
    for path in sorted(DATA.glob("*.yaml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        if is_router_set(items):
            out[path.stem] = items
    return out


def corpus(kb: KnowledgeBase, matcher: Matcher, sets: dict[str, list[dict[str, Any]]]) -> list[Example]:
    examples = knowledge_examples(kb, matcher)
    for items in sets.values():
        examples += set_examples(items, kb, matcher)
    return examples


def fit(examples: Sequence[Example]) -> IntentModel:
    counts = [raw_features(text) for text, _ in examples]
    df: dict[str, int] = {}
    for c in counts:
        for key in c:
            df[key] = df.get(key, 0) + 1  # document frequency
    features = sorted(k for k, n in df.items() if n >= MIN_DF or not k.startswith("c:"))
    index = {k: i for i, k in enumerate(features)}
    n = len(examples)
    idf = np.array([np.log((1 + n) / (1 + df[k])) + 1 for k in features])
    rows, cols, vals = [], [], []
    for i, c in enumerate(counts):
        for j, v in weighted(c, index, idf).items():
            rows.append(i)
            cols.append(j)
            vals.append(v)
    x = csr_matrix((vals, (rows, cols)), shape=(n, len(features)))
    clf = LogisticRegression(C=C, max_iter=5000).fit(x, [label for _, label in examples])
    weights = clf.coef_.T.astype(np.float32)
    weights[np.abs(weights) < PRUNE] = 0.0
    bias = clf.intercept_.astype(np.float32)
    return IntentModel(
        features, idf, weights, bias, labels=list(clf.classes_), digest=corpus_digest(examples)
    )


def remembering(model: IntentModel) -> IntentModel:
    """The model, remembering its predictions: calibration asks the same questions many times."""
    model.probabilities = functools.cache(model.probabilities)  # type: ignore[method-assign]
    return model


Outcome = tuple[str, dict[str, Any], Route, Callable[[Thresholds], Route]]


def out_of_fold(kb: KnowledgeBase, lexical: Matcher, sets: dict[str, list[dict[str, Any]]]) -> list[Outcome]:
    """Each set's questions: the lexical route, and a function giving the reviewed route under
    given thresholds with a model trained on everything but that set."""
    base = knowledge_examples(kb, lexical)
    per_set = {name: set_examples(items, kb, lexical) for name, items in sets.items()}
    out: list[Outcome] = []
    for name, items in sets.items():
        if name.startswith(TRAINING_ONLY):
            continue
        started = time.perf_counter()
        model = remembering(fit(base + [e for other, ex in per_set.items() if other != name for e in ex]))
        print(f"  fold {name}: trained in {time.perf_counter() - started:.0f} s", file=sys.stderr)
        arbiters: dict[Thresholds, Arbiter | None] = {}
        for item in items:
            analysis = lexical.analyse(item["q"])
            route = lexical.route(item["q"])
            text = lexical.model_text(analysis)
            asked = lexical.asked_text(item["q"])
            focus = lexical.focus(item["q"], analysis)
            coded = bool(codes_in(item["q"]))  # (the model never reviews a message naming a code)

            def reviewed(
                t: Thresholds,
                route: Route = route,
                analysis: Any = analysis,
                text: str = text,
                asked: str | None = asked,
                focus: dict[RouteFacet, str] = focus,
                model: IntentModel = model,
                arbiters: dict[Thresholds, Arbiter | None] = arbiters,
                coded: bool = coded,
            ) -> Route:
                # The fold's model through an arbiter wired as the bot wires its own.
                arbiter = arbiters[t] if t in arbiters else arbiters.setdefault(t, lexical.arbiter(model, t))
                if arbiter is None or coded:
                    return route
                return arbiter.review(route, analysis, text, lambda: asked, focus)

            out.append((name, item, route, reviewed))
    return out


def report(outcomes: list[Outcome], t: Thresholds) -> None:
    """Per set: share right and share wrong confident, lexical router alone and with the model
    (out of fold), and with the model per group (guide, beyond, off-topic)."""
    print(
        f"{'set':16s} {'n':>4s} {'router':>7s} {'+model':>7s} {'wrong':>6s} {'+model':>7s}  groups (+model)"
    )
    for name in dict.fromkeys(o[0] for o in outcomes):
        rows = [(item, route, rev(t)) for set_name, item, route, rev in outcomes if set_name == name]
        n = len(rows)
        before = sum(judge(item, route) for item, route, _ in rows) / n
        after = sum(judge(item, routed) for item, _, routed in rows) / n
        wrong_before = sum(route.matched and not judge(item, route) for item, route, _ in rows) / n
        wrong_after = sum(routed.matched and not judge(item, routed) for item, _, routed in rows) / n
        groups = {}
        for group in ("guide", "beyond", "off-topic"):
            marks = [judge(item, routed) for item, _, routed in rows if item.get("group") == group]
            if marks:
                groups[group] = f"{sum(marks) / len(marks):.1%}"
        print(
            f"{name:16s} {n:4d} {before:7.1%} {after:7.1%} {wrong_before:6.1%} {wrong_after:7.1%}  {groups}"
        )


def cost(outcomes: list[Outcome], t: Thresholds) -> tuple[int, int, int]:
    right = wrong = 0
    for _, item, _, rev in outcomes:
        route = rev(t)
        ok = judge(item, route)
        right += ok
        wrong += route.matched and not ok
    declined = len(outcomes) - right - wrong
    return WRONG_COST * wrong + declined, right, wrong


def calibrate(outcomes: list[Outcome]) -> None:
    grid = itertools.product(
        (0.3, 0.5),
        (0.2, 0.3),
        (0.5, 0.7, 1.01),
        (0.1, 0.2, 0.3, 0.5),
        (86, 90, 94, 101),
    )
    (c, right, wrong) = cost(outcomes, Thresholds(1.01, 1.01, 1.01, 1.0, 0))
    print(f"cost {c:4d}  right {right}  wrong {wrong}  the lexical router alone")
    (c, right, wrong) = cost(outcomes, Thresholds())
    print(f"cost {c:4d}  right {right}  wrong {wrong}  the shipped thresholds {Thresholds()}")
    scored = sorted((cost(outcomes, Thresholds(*g)), g) for g in grid)
    for (c, right, wrong), g in scored[:10]:
        print(f"cost {c:4d}  right {right}  wrong {wrong}  switch/rescue/veto/margin/decided {g}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cross-validate", action="store_true")
    parser.add_argument("--calibrate", action="store_true")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    kb = load_knowledge(ROOT / "knowledge")
    codes = build_codes_service(Settings.from_env())
    codes.load_now()
    lexical = Matcher(kb, codes.clinical_evidence)
    sets = router_sets()
    if args.cross_validate or args.calibrate:
        outcomes = out_of_fold(kb, lexical, sets)
        report(outcomes, Thresholds())
        if args.calibrate:
            calibrate(outcomes)
        return
    examples = corpus(kb, lexical, sets)
    model = fit(examples)
    model.save(args.out)
    nonzero = int(np.count_nonzero(model.weights))
    sizes = f"{len(model.labels)} labels, {len(model.index)} features, {nonzero} weights"
    print(f"{len(examples)} examples, {sizes}")
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB), corpus {model.digest[:12]}")


if __name__ == "__main__":
    main()
