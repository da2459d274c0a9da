"""PyTorch reference of the lab's training step (`npm run bench:step` calls it; run by hand with
/usr/bin/python3 scripts/torch/bench_step.py '<json>'). One thread (torch.set_num_threads(1)).
Input: JSON {channels, batch, hidden, out, classes, temperature, lmbd, lr, classifierLr,
momentum, weightDecay, eta, clip, views, steps}. Prints one JSON line: median ms of the network
step (forward, backward, LARS, metrics) on pre-augmented views, and of augmentation + step
with torchvision's per-image transforms (PIL, as solo-learn's data loader runs them)."""
import json
import statistics
import sys
import time

import numpy as np
import torch
import torchvision

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from augment import TwoViews, augment_batch  # noqa: E402
from lab_reference import Model, make_optimizer, train_step  # noqa: E402


def main():
    cfg = json.loads(sys.argv[1])
    torch.set_num_threads(1)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    b = cfg["batch"]
    model = Model(cfg["channels"], cfg["hidden"], cfg["out"], cfg["classes"])
    scale = b / 256
    opt = make_optimizer(model, cfg["lr"] * scale, cfg["classifierLr"] * scale, cfg["momentum"], cfg["weightDecay"], cfg["eta"], cfg["clip"])
    two_views = TwoViews(cfg["views"])
    images = rng.integers(0, 256, size=(8, b, 32, 32, 3), dtype=np.uint8)
    labels = torch.from_numpy(rng.integers(0, cfg["classes"], size=b)).long()

    def step(view_a, view_b):
        train_step(model, opt, view_a, view_b, labels, cfg["temperature"], cfg["lmbd"])

    view_a, view_b = augment_batch(two_views, images[0])
    step(view_a, view_b)  # warm-up
    network, full, network_cpu, full_cpu = [], [], [], []
    for i in range(cfg["steps"]):
        start, cpu = time.perf_counter(), time.process_time()
        step(view_a, view_b)
        network.append(time.perf_counter() - start)
        network_cpu.append(time.process_time() - cpu)
        start, cpu = time.perf_counter(), time.process_time()
        step(*augment_batch(two_views, images[i % len(images)]))
        full.append(time.perf_counter() - start)
        full_cpu.append(time.process_time() - cpu)
    print(
        json.dumps(
            dict(
                torchVersion=torch.__version__,
                torchvisionVersion=torchvision.__version__,
                threads=torch.get_num_threads(),
                networkMs=1000 * statistics.median(network),
                withAugmentMs=1000 * statistics.median(full),
                networkCpuMs=1000 * statistics.median(network_cpu),
                withAugmentCpuMs=1000 * statistics.median(full_cpu),
                steps=cfg["steps"],
            )
        )
    )


if __name__ == "__main__":
    main()
