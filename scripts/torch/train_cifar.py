"""PyTorch reference for time to accuracy (scripts/time-to-accuracy.ts runs it): trains the lab's
network with the lab's objective, optimiser, schedule and augmentation recipe (lab_reference.py,
augment.py) on a Toronto-format cifar-10-binary.tar.gz, one thread, per-image torchvision
augmentation in the training process (no loader workers: one thread each), then evaluates Z1
and Z2 as the lab does: weighted kNN (k, T from the config, cosine) and a linear probe
(standardised features, Adam, cosine lr, from W = 0) on frozen features (eval-mode BatchNorm).

/usr/bin/python3 scripts/torch/train_cifar.py '<json>' with {tarball, channels, batch, hidden,
out, temperature, lmbd, lr, classifierLr, momentum, weightDecay, eta, clip, warmupEpochs,
warmupStartLr, minLr, epochs, views, seed, evalTrain, knnK, knnTemperature, probeEpochs,
probeLr, probeBatch, probeWeightDecay}. Prints one JSON line."""
import json
import math
import sys
import tarfile
import time

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from augment import MEAN, STD, TwoViews, augment_batch  # noqa: E402
from lab_reference import Model, make_optimizer, train_step  # noqa: E402


def read_cifar10(path):
    """(train images [N, 32, 32, 3] uint8, labels), (test ...) from the Toronto binary tarball."""
    parts = {}
    with tarfile.open(path, "r:gz") as tar:
        for m in tar.getmembers():
            name = m.name.rsplit("/", 1)[-1]
            if name.endswith(".bin"):
                raw = np.frombuffer(tar.extractfile(m).read(), dtype=np.uint8).reshape(-1, 3073)
                parts[name] = (raw[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).copy(), raw[:, 0].astype(np.int64))
    train = [parts[f"data_batch_{k}.bin"] for k in range(1, 6)]
    return (np.concatenate([x for x, _ in train]), np.concatenate([y for _, y in train])), parts["test_batch.bin"]


def lr_factor(step, warmup, total, start, minimum):
    """The lab's schedule (src/core/optim/schedule.ts): linear warm-up, then half a cosine."""
    if step < warmup:
        return start + (1 - start) * step / warmup
    if step >= total:
        return minimum
    progress = (step - warmup) / (total - warmup)
    return minimum + 0.5 * (1 - minimum) * (1 + math.cos(math.pi * progress))


@torch.no_grad()
def features(model, images, batch=256):
    model.eval()
    mean = torch.tensor(MEAN).view(1, 3, 1, 1)
    std = torch.tensor(STD).view(1, 3, 1, 1)
    z1s, z2s = [], []
    for i in range(0, len(images), batch):
        x = torch.from_numpy(images[i : i + batch]).permute(0, 3, 1, 2).float() / 255
        z1 = model.encoder((x - mean) / std)
        z1s.append(z1)
        z2s.append(model.projector(z1))
    model.train()
    return torch.cat(z1s), torch.cat(z2s)


def knn_top1(train, train_labels, test, test_labels, k, temperature, classes=10):
    train, test = F.normalize(train, dim=1), F.normalize(test, dim=1)
    hits = 0
    for i in range(0, len(test), 256):
        sim = test[i : i + 256] @ train.T
        values, idx = sim.topk(min(k, len(train)), dim=1)
        weights = (values / temperature).exp()
        votes = torch.zeros(len(values), classes).scatter_add_(1, train_labels[idx], weights)
        hits += (votes.argmax(1) == test_labels[i : i + 256]).sum().item()
    return hits / len(test)


def probe_top1(train, train_labels, test, test_labels, epochs, lr, batch, weight_decay, classes=10, seed=0):
    mean, std = train.mean(0), train.std(0, unbiased=False)
    std = torch.where(std > 0, std, torch.ones_like(std))
    train, test = (train - mean) / std, (test - mean) / std
    layer = torch.nn.Linear(train.shape[1], classes)
    torch.nn.init.zeros_(layer.weight)
    torch.nn.init.zeros_(layer.bias)
    opt = torch.optim.Adam([dict(params=[layer.weight], weight_decay=weight_decay), dict(params=[layer.bias], weight_decay=0)], lr=lr)
    steps = epochs * math.ceil(len(train) / batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.5 * (1 + math.cos(math.pi * min(s, steps) / steps)))
    g = torch.Generator().manual_seed(seed)
    for _ in range(epochs):
        order = torch.randperm(len(train), generator=g)
        for i in range(0, len(train), batch):
            j = order[i : i + batch]
            loss = F.cross_entropy(layer(train[j]), train_labels[j])
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    with torch.no_grad():
        return (layer(test).argmax(1) == test_labels).float().mean().item()


def main():
    cfg = json.loads(sys.argv[1])
    torch.set_num_threads(1)
    torch.manual_seed(cfg["seed"])
    rng = np.random.default_rng(cfg["seed"])
    (train_x, train_y), (test_x, test_y) = read_cifar10(cfg["tarball"])
    b = cfg["batch"]
    model = Model(cfg["channels"], cfg["hidden"], cfg["out"], 10)
    scale = b / 256
    opt = make_optimizer(model, cfg["lr"] * scale, cfg["classifierLr"] * scale, cfg["momentum"], cfg["weightDecay"], cfg["eta"], cfg["clip"])
    peaks = [g["lr"] for g in opt.param_groups]
    two_views = TwoViews(cfg["views"])
    steps_per_epoch = len(train_x) // b
    total = cfg["epochs"] * steps_per_epoch
    warmup = round(cfg["warmupEpochs"] * steps_per_epoch)
    start = time.perf_counter()
    step = 0
    for _ in range(cfg["epochs"]):
        order = rng.permutation(len(train_x))
        for s in range(steps_per_epoch):
            idx = order[s * b : (s + 1) * b]
            factor = lr_factor(step, warmup, total, cfg["warmupStartLr"], cfg["minLr"])
            for group, peak in zip(opt.param_groups, peaks):
                group["lr"] = peak * factor
            view_a, view_b = augment_batch(two_views, train_x[idx])
            train_step(model, opt, view_a, view_b, torch.from_numpy(train_y[idx]), cfg["temperature"], cfg["lmbd"])
            step += 1
    train_seconds = time.perf_counter() - start
    start = time.perf_counter()
    n = min(cfg["evalTrain"] or len(train_x), len(train_x))
    tr1, tr2 = features(model, train_x[:n])
    te1, te2 = features(model, test_x)
    ytr, yte = torch.from_numpy(train_y[:n]), torch.from_numpy(test_y)
    result = dict(trainSeconds=train_seconds, steps=step, threads=torch.get_num_threads(), torchVersion=torch.__version__)
    for name, (tr, te) in dict(z1=(tr1, te1), z2=(tr2, te2)).items():
        result[f"{name}KnnTop1"] = knn_top1(tr, ytr, te, yte, cfg["knnK"], cfg["knnTemperature"])
        result[f"{name}LinearTop1"] = probe_top1(tr, ytr, te, yte, cfg["probeEpochs"], cfg["probeLr"], cfg["probeBatch"], cfg["probeWeightDecay"])
    result["evalSeconds"] = time.perf_counter() - start
    print(json.dumps(result))


if __name__ == "__main__":
    main()
