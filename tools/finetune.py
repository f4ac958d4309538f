"""Fine-tune the bundled MiniLM on one catalog's generated queries (CPU), then export it to ONNX.

torch is imported here only, inside functions: serving runs the exported ONNX model without it.
The loss is MultipleNegativesRankingLoss over (query, product, hard negative) triplets, computed here
so that in-batch products which also answer a query (a second oak desk under 300) are masked out
instead of being pushed away as negatives.
"""

from __future__ import annotations

import math
import random
import shutil
import time
import warnings
from collections.abc import Callable, Collection, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
from convrec.tools.embedding import OnnxEmbedder, base_model_dir
from convrec.tools.training_pairs import TrainingPair
from tqdm import tqdm


@dataclass
class TrainConfig:
    minutes: float = (
        4.0  # wall-clock budget of the optimisation loop; the learning rate decays to zero with it
    )
    seed: int = 0
    batch_size: int = 32
    learning_rate: float | None = None  # None: the tower's default (TOWER_DEFAULTS)
    warmup: float = 0.06
    max_length: int = 96  # what OnnxEmbedder truncates to when serving
    epochs: float = 1.0
    max_steps: int | None = None
    scale: float = 20.0  # MultipleNegativesRankingLoss temperature (cosine * scale)
    frozen_layers: int | None = None  # word embeddings and the lowest layers that stay as they are
    tower: Literal["query", "both"] = (
        "query"  # "query": only the query side trains, product vectors stay; "both": re-embeds
    )
    # batches of queries of similar length (sorted within pools of 64 batches, then shuffled): padding
    # to a batch's longest query is otherwise much of a step's work (`python -m convrec.eval.bench_train_step`)
    group_by_length: bool = True

    # resolved when read, so `dataclasses.replace(config, tower="both")` takes the other tower's defaults
    @property
    def rate(self) -> float:
        if self.learning_rate is not None:
            return self.learning_rate
        return float(TOWER_DEFAULTS[self.tower]["learning_rate"])

    @property
    def frozen(self) -> int:
        if self.frozen_layers is not None:
            return self.frozen_layers
        return int(TOWER_DEFAULTS[self.tower]["frozen_layers"])

    def resolved(self) -> dict[str, Any]:
        """Every setting as training used it (for the training card)."""
        return {**asdict(self), "learning_rate": self.rate, "frozen_layers": self.frozen}


# chosen on the generated held-out sets (never on the hand-written ones): a query tower over fixed
# product vectors learns best with every layer free and a gentler rate; two towers forget less frozen
TOWER_DEFAULTS: dict[str, dict[str, float]] = {
    "query": {"learning_rate": 5e-5, "frozen_layers": 0},
    "both": {"learning_rate": 1e-4, "frozen_layers": 2},
}


@dataclass
class TrainLog:
    steps: int = 0
    examples: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # process CPU time: comparable across machines that other work slows down
    stopped_by: str = "epochs"
    losses: list[float] = field(default_factory=list)


def load_base(max_length: int = 96, frozen_layers: int = 0) -> Any:
    """The bundled sentence-transformers MiniLM, ready to train on CPU."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(base_model_dir()), device="cpu")
    model.max_seq_length = max_length
    if frozen_layers:
        bert: Any = model[0].auto_model
        for module in [bert.embeddings, *bert.encoder.layer[:frozen_layers]]:
            for parameter in module.parameters():
                parameter.requires_grad = False
    return model


Loss = Callable[[Any, Sequence[TrainingPair]], Any]


def train(
    model: Any,
    pairs: Sequence[TrainingPair],
    loss_of: Loss,
    config: TrainConfig,
    show_progress: bool = True,
) -> TrainLog:
    """Contrastive training until the data, max_steps or the time budget runs out."""
    import torch

    torch.manual_seed(config.seed)
    order = list(pairs)
    rounds = max(1, math.ceil(config.epochs))
    stream = [p for r in range(rounds) for p in random.Random(config.seed + r).sample(order, len(order))]
    stream = stream[: int(len(order) * config.epochs)] or order
    batches = batches_of(stream, config)
    total = len(batches)
    if config.max_steps is not None:
        total = min(total, config.max_steps)
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=config.rate)
    budget = config.minutes * 60.0
    log, started, cpu_started = TrainLog(), time.perf_counter(), time.process_time()
    model.train()
    with tqdm(total=total, desc="fine-tuning", unit="step", disable=not show_progress) as bar:
        for step in range(total):
            progress = max(step / total, (time.perf_counter() - started) / budget)
            if progress >= 1.0:
                log.stopped_by = "time budget"
                break
            for group in optimizer.param_groups:
                group["lr"] = config.rate * _schedule(max(progress, (step + 1) / total), config.warmup)
            batch = batches[step]
            loss = loss_of(model, batch)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            optimizer.zero_grad()
            log.losses.append(round(float(loss.detach()), 4))
            log.steps, log.examples = step + 1, log.examples + len(batch)
            bar.update(1)
            bar.set_postfix(loss=f"{log.losses[-1]:.3f}")
    if log.steps == total and config.max_steps == total:
        log.stopped_by = "max steps"
    log.seconds = round(time.perf_counter() - started, 1)
    log.cpu_seconds = round(time.process_time() - cpu_started, 1)
    model.eval()
    return log


def batches_of(stream: list[TrainingPair], config: TrainConfig) -> list[list[TrainingPair]]:
    """The stream cut into batches; with `group_by_length`, of queries of similar length, in a seeded
    random order (each pool of 64 batches is sorted by length first), so little of a batch is padding."""
    size = config.batch_size
    if not config.group_by_length:
        return [stream[i : i + size] for i in range(0, len(stream), size)]
    pool = size * 64
    batches = []
    for start in range(0, len(stream), pool):
        ordered = sorted(stream[start : start + pool], key=lambda p: len(p.model_text))
        batches += [ordered[i : i + size] for i in range(0, len(ordered), size)]
    random.Random(config.seed).shuffle(batches)
    return batches


def _schedule(progress: float, warmup: float) -> float:
    if progress < warmup:
        return progress / warmup
    return max(0.0, (1.0 - progress) / (1.0 - warmup))


def in_batch_loss(
    doc_text: dict[str, str], answers: Callable[[TrainingPair, str], bool], scale: float
) -> Loss:
    """Both towers train: MultipleNegativesRankingLoss with hard negatives, minus in-batch products
    that answer the query."""

    def loss_of(model: Any, batch: Sequence[TrainingPair]) -> Any:
        import torch
        import torch.nn.functional as F

        docs = list(dict.fromkeys([p.positive for p in batch] + [n for p in batch for n in p.negatives]))
        queries = _encode(model, [p.model_text for p in batch])
        products = _encode(model, [doc_text[d] for d in docs])
        scores = scale * queries @ products.T
        labels = torch.tensor([docs.index(p.positive) for p in batch])
        blocked = torch.tensor(
            [[d != p.positive and d not in p.negatives and answers(p, d) for d in docs] for p in batch]
        )
        return F.cross_entropy(scores.masked_fill(blocked, float("-inf")), labels)

    return loss_of


def catalog_loss(
    ids: Sequence[str],
    matrix: np.ndarray,
    pairs: Sequence[TrainingPair],
    answering: Callable[[TrainingPair], Sequence[str]],
    scale: float,
    unseen: Collection[str] = (),
) -> Loss:
    """Only the query tower trains, against the fixed vectors of every product in the catalog.

    Each query's softmax runs over the whole catalog, so every near miss is a negative; the products
    that also answer the query (its constraints allow them) are masked out, so no right answer is
    pushed away. `unseen` products (held out for evaluation) take no part at all. Cheap: only short
    queries go through the network. Masks are computed here, before the training clock starts.
    """
    import torch
    import torch.nn.functional as F

    row = {pid: i for i, pid in enumerate(ids)}
    products = torch.from_numpy(np.ascontiguousarray(matrix, dtype=np.float32))
    hidden = np.array([row[pid] for pid in unseen if pid in row], dtype=np.int64)
    masks = {
        (pair.model_text, pair.positive): np.array(
            [row[pid] for pid in answering(pair) if pid in row], np.int64
        )
        for pair in pairs
    }

    def loss_of(model: Any, batch: Sequence[TrainingPair]) -> Any:
        blocked = np.zeros((len(batch), len(ids)), dtype=bool)
        blocked[:, hidden] = True
        for i, pair in enumerate(batch):
            blocked[i, masks[(pair.model_text, pair.positive)]] = True
            blocked[i, row[pair.positive]] = False
        scores = scale * _encode(model, [p.model_text for p in batch]) @ products.T
        labels = torch.tensor([row[p.positive] for p in batch])
        return F.cross_entropy(scores.masked_fill(torch.from_numpy(blocked), float("-inf")), labels)

    return loss_of


def _encode(model: Any, texts: list[str]) -> Any:
    import torch.nn.functional as F

    features = model.preprocess(texts)
    return F.normalize(model(features)["sentence_embedding"], dim=-1)


def export_onnx(model: Any, folder: Path, model_id: str, tower: str = "both") -> None:
    """Write model.onnx (input ids, mask, token types -> last_hidden_state), tokenizer.json, MODEL_ID and
    TOWER (which side of retrieval the model serves)."""
    import torch

    class Encoder(torch.nn.Module):
        def __init__(self, bert: Any) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return out.last_hidden_state

    folder.mkdir(parents=True, exist_ok=True)
    encoder = Encoder(model[0].auto_model).eval()
    ids = torch.ones((2, 8), dtype=torch.long)
    names = ["input_ids", "attention_mask", "token_type_ids"]
    with torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer notes about shapes; the export is checked numerically after
        torch.onnx.export(
            encoder,
            (ids, torch.ones_like(ids), torch.zeros_like(ids)),
            str(folder / "model.onnx"),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes={n: {0: "batch", 1: "sequence"} for n in [*names, "last_hidden_state"]},
            opset_version=17,
            dynamo=False,
        )
    shutil.copy(base_model_dir() / "tokenizer.json", folder / "tokenizer.json")
    (folder / "MODEL_ID").write_text(model_id + "\n")
    (folder / "TOWER").write_text(tower + "\n")


def onnx_agreement(model: Any, folder: Path, texts: Sequence[str]) -> float:
    """Smallest cosine between the torch model's and the exported ONNX model's vectors."""
    exported = OnnxEmbedder.from_dir(folder).embed(list(texts))
    reference = np.asarray(model.encode(list(texts), normalize_embeddings=True, show_progress_bar=False))
    return float(np.min(np.sum(exported * reference, axis=1)))
