"""A learned intent classifier: which kind of answer a question asks for, from its whole wording.

The lexical rankers (topic scorer, BM25, nearest examples) each weigh words one way, and their
rules grew from the questions they were tuned on. This model is learned instead: a multinomial
logistic regression over the question's words, word pairs and character 3-5-grams (binary
IDF weights, each block L2-normalised), trained on every labelled member question the project holds (the
knowledge base's example questions and the question sets in ``tests/data``). Character n-grams
carry typos and word forms ("recert", "recertify"), word pairs carry intent ("how long", "stand
for").

Credential names are masked (the analyser's ``<credential>``), so the model learns intents
that hold for any credential: "how long to study for the <credential>" is study advice, "what
does <credential> stand for" asks its name. Its labels are the topic ids, ``cred:<facet>`` (one
facet of the named credential), ``cred:card`` (the credential as a whole), ``compare`` (two
credentials side by side) and ``none`` (not a question the knowledge base answers).

Training needs scikit-learn and happens offline (``python -m benchmarks.train_router``); the bot
only reads the weights (``bot/data/intent_model.npz``, small weights pruned) and scores a
question with one sparse dot product: a few hundred feature look-ups and a softmax.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.core.text import sentences

log = logging.getLogger(__name__)

MODEL_PATH = Path(__file__).resolve().parent.parent.parent / "data" / "intent_model.npz"
# Bumped whenever the features change: a model trained on other features is not used.
FEATURE_VERSION = 2
CREDENTIAL_TOKEN = "credx"  # the analyser's "<credential>" as one plain word
# Added when a credential is named by a status ("CPC-A"): masked, it would read as the credential.
STATUS_TOKEN = "credstatus"

NONE_LABEL = "none"
COMPARE_LABEL = "compare"
CARD_LABEL = "cred:card"
FACET_PREFIX = "cred:"

CHAR_NGRAMS = (3, 4, 5)
# Feature names start with their block: "w:" word, "b:" word pair, "c:" character n-gram.
# Words and pairs form one block, character n-grams another; each is L2-normalised alone.
_CHAR_BLOCK = "c"


def facet_label(facet: str) -> str:
    return f"{FACET_PREFIX}{facet}"


def model_text(masked: str, *, status: bool = False) -> str:
    """What the model reads of an analysed question: ``Analysis.masked`` (canonical words,
    credential names masked), and whether a credential was named by a status."""
    text = masked.replace("<credential>", CREDENTIAL_TOKEN)
    return f"{text} {STATUS_TOKEN}" if status else text


ASKED_MINIMUM = 3  # words a last sentence needs to be read as the question on its own


_ASKED = re.compile(r"[^.?!\n]*\?")  # a sentence ending in a question mark


def asked_sentence(question: str) -> str | None:
    """The sentence a message of several asks, when it can stand alone: its last ending in "?"
    ("can someone give me an overview of the code sets? my textbook is confusing"), else its
    last (members give background first: "I passed the NCLEX years ago. Is the CPC hard?"). The
    model reads it beside the whole message. None for a message of one sentence, or where that
    sentence is too short to stand alone."""
    said = sentences(question)
    if len(said) < 2:
        return None
    asked = [found.strip(" ?") for found in _ASKED.findall(question) if found.strip(" ?")]
    sentence = asked[-1] if asked else said[-1]
    return sentence if len(sentence.split()) >= ASKED_MINIMUM else None


def raw_features(text: str) -> set[str]:
    """The words, word pairs and character n-grams of a ``model_text``."""
    words = text.split()
    features = {f"b:{first} {second}" for first, second in pairwise(words)}
    for word in words:
        features.add(f"w:{word}")
        padded = f" {word} "
        features.update(f"c:{padded[i : i + n]}" for n in CHAR_NGRAMS for i in range(len(padded) - n + 1))
    return features


def weighted(
    features: Iterable[str], index: Mapping[str, int], idf: npt.NDArray[np.float64]
) -> dict[int, float]:
    """IDF of the known features present (binary: a word repeated 200 times in a long message
    weighs what it weighs once), each block L2-normalised (feature index -> value). Shared by
    training and scoring, so both see the same vectors."""
    blocks: dict[bool, list[tuple[int, float]]] = {True: [], False: []}
    for key in features:
        j = index.get(key)
        if j is not None:
            blocks[key[0] == _CHAR_BLOCK].append((j, float(idf[j])))
    out: dict[int, float] = {}
    for block in blocks.values():
        norm = math.sqrt(sum(v * v for _, v in block)) or 1.0
        for j, v in block:
            out[j] = v / norm
    return out


def corpus_digest(examples: Iterable[tuple[str, str]]) -> str:
    """A fingerprint of a training corpus ((model text, label) pairs) and the features: the
    shipped model records the one it was trained on, and a test recomputes it."""
    h = hashlib.sha256(f"features {FEATURE_VERSION}\n".encode())
    for text, label in sorted(examples):
        h.update(f"{label}\t{text}\n".encode())
    return h.hexdigest()


@dataclass(frozen=True, slots=True)
class Prediction:
    label: str
    probability: float


class IntentModel:
    """Learned weights: feature names and IDF, a (features x labels) weight matrix, biases."""

    def __init__(
        self,
        features: list[str],
        idf: npt.NDArray[np.float64],
        weights: npt.NDArray[np.floating[Any]],
        bias: npt.NDArray[np.float32],
        *,
        labels: list[str],
        digest: str,
    ) -> None:
        if weights.shape != (len(features), len(labels)) or bias.shape != (len(labels),):
            raise ValueError(
                f"intent model: weights {weights.shape} do not fit {len(features)} x {len(labels)}"
            )
        self.index = {name: i for i, name in enumerate(features)}
        self.idf = idf
        self.weights = weights
        self.bias = bias
        self.labels = labels
        self.digest = digest

    def probabilities(self, text: str) -> npt.NDArray[np.float64]:
        """The probability of each of ``labels`` for a ``model_text``."""
        vector = weighted(raw_features(text), self.index, self.idf)
        scores = self.bias.astype(np.float64)
        if vector:
            rows = np.fromiter(vector.keys(), dtype=np.intp, count=len(vector))
            values = np.fromiter(vector.values(), dtype=np.float64, count=len(vector))
            scores = scores + values @ self.weights[rows].astype(np.float64)
        scores = np.exp(scores - scores.max())
        probabilities: npt.NDArray[np.float64] = scores / scores.sum()
        return probabilities

    def predict(self, text: str, top: int = 3) -> list[Prediction]:
        """The ``top`` most likely labels for a ``model_text``, most likely first."""
        probabilities = self.probabilities(text)
        order = np.argsort(-probabilities)[:top]
        return [Prediction(self.labels[i], float(probabilities[i])) for i in order]

    def topic_labels(self) -> set[str]:
        return {
            label
            for label in self.labels
            if label not in (NONE_LABEL, COMPARE_LABEL) and not label.startswith(FACET_PREFIX)
        }

    # ------------------------------------------------------------------ storage

    def save(self, path: Path) -> None:
        rows, cols = np.nonzero(self.weights)
        np.savez_compressed(
            path,
            features=np.array(list(self.index), dtype=str),
            idf=self.idf.astype(np.float32),
            rows=rows.astype(np.int32),
            cols=cols.astype(np.int16),
            values=self.weights[rows, cols].astype(np.float16),
            bias=self.bias.astype(np.float32),
            labels=np.array(self.labels, dtype=str),
            digest=np.array(self.digest),
            version=np.array(FEATURE_VERSION),
        )

    @classmethod
    def load(cls, path: Path) -> IntentModel:
        with np.load(path, allow_pickle=False) as data:
            if int(data["version"]) != FEATURE_VERSION:
                raise ValueError(
                    f"{path.name}: features version {int(data['version'])}, expected {FEATURE_VERSION}"
                )
            features = [str(f) for f in data["features"]]
            labels = [str(label) for label in data["labels"]]
            # Half precision, as stored: half the memory; a question's rows are widened to score.
            weights = np.zeros((len(features), len(labels)), dtype=np.float16)
            weights[data["rows"], data["cols"]] = data["values"]
            return cls(
                features,
                data["idf"].astype(np.float64),
                weights,
                data["bias"].astype(np.float32),
                labels=labels,
                digest=str(data["digest"]),
            )


@lru_cache(maxsize=1)
def shipped_model() -> IntentModel | None:
    """The model in ``bot/data`` (read once), or None when it is missing or unreadable: the
    lexical router then answers alone."""
    try:
        return IntentModel.load(MODEL_PATH)
    except (OSError, ValueError, KeyError) as exc:
        log.warning("intent model not used: %s", exc)
        return None
