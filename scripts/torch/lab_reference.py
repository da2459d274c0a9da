"""The lab's training step in PyTorch: the same network, objective, optimiser and logged metrics
as src/core (method.md), for the benchmarks (bench_step.py, train_cifar.py). Not part of the app.

Network: ConvNet (conv3x3 pad 1, no bias -> BatchNorm2d -> ReLU, 2x2 max-pool between blocks,
global average pool) with kaiming_normal(fan_out, relu) convs; SimCLR projector
Linear-ReLU-Linear; online linear classifier on detached Z1. Each view goes through the networks
on its own (solo-learn), so BatchNorm statistics are per view.
Objective: NT-Xent(Z2) + cross-entropy(classifier) [+ lmbd * I_2(Z1; Z2)].
Optimiser: solo-learn's LARS (exclude bias and norm, clipping) with momentum, two param groups.
Metrics every step (no grad), as the lab logs them: H_2(Z1), H_2(Z2), I_2(Z1; Z2) with the
origin coordinate, -NT-Xent(Z1), classifier accuracy, fraction of all-zero rows of Z2.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class ConvNet(nn.Module):
    def __init__(self, channels):
        super().__init__()
        layers = []
        c_in = 3
        for i, c in enumerate(channels):
            if i > 0:
                layers.append(nn.MaxPool2d(2))
            layers += [nn.Conv2d(c_in, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), nn.ReLU(inplace=True)]
            c_in = c
        self.body = nn.Sequential(*layers)
        self.output_dim = c_in
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def forward(self, x):
        return self.body(x).mean(dim=(2, 3))


class Model(nn.Module):
    def __init__(self, channels, hidden, out, classes):
        super().__init__()
        self.encoder = ConvNet(channels)
        d = self.encoder.output_dim
        self.projector = nn.Sequential(nn.Linear(d, hidden), nn.ReLU(inplace=True), nn.Linear(hidden, out))
        self.classifier = nn.Linear(d, classes)


def nt_xent(za, zb, temperature):
    """solo-learn's simclr_loss_func for two views."""
    z = F.normalize(torch.cat([za, zb]), dim=-1)
    n = z.shape[0]
    logits = z @ z.T / temperature
    logits = logits.masked_fill(torch.eye(n, dtype=torch.bool), -1e30)
    b = n // 2
    pos = torch.cat([torch.arange(b, n), torch.arange(0, b)])
    return (torch.logsumexp(logits, 1) - logits[torch.arange(n), pos]).mean()


def gram_log_traces(z1, z2):
    """[log tr((K1/n)^2), log tr((K2/n)^2), log tr((K1*K2/n)^2)] with the origin coordinate."""

    def gram(z):
        lifted = torch.cat([z, torch.full((z.shape[0], 1), 1e-4)], 1)
        u = F.normalize(lifted, dim=-1)
        return u @ u.T

    k1, k2 = gram(z1), gram(z2)
    n = z1.shape[0]
    return torch.stack([k.pow(2).sum().log() - 2 * math.log(n) for k in (k1, k2, k1 * k2)])


class Lars(torch.optim.Optimizer):
    """solo-learn's solo/utils/lars.py with exclude_bias_n_norm and clip_lars_lr."""

    def __init__(self, groups, momentum, eta, clip, eps=1e-8):
        super().__init__(groups, dict(momentum=momentum, eta=eta, clip=clip, eps=eps, weight_decay=0))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                d = p.grad
                if p.ndim != 1:
                    p_norm, g_norm = torch.norm(p), torch.norm(p.grad)
                    if p_norm != 0 and g_norm != 0:
                        lars_lr = p_norm / (g_norm + p_norm * group["weight_decay"] + group["eps"]) * group["eta"]
                        if group["clip"]:
                            lars_lr = min(lars_lr / group["lr"], 1) if group["lr"] > 0 else 1
                        d = (d + group["weight_decay"] * p) * lars_lr
                state = self.state[p]
                if "momentum" not in state:
                    state["momentum"] = d.clone()
                else:
                    state["momentum"].mul_(group["momentum"]).add_(d)
                p.add_(state["momentum"], alpha=-group["lr"])


def make_optimizer(model, lr, classifier_lr, momentum, weight_decay, eta, clip):
    backbone = [p for n, p in model.named_parameters() if not n.startswith("classifier")]
    groups = [
        dict(params=backbone, lr=lr, weight_decay=weight_decay),
        dict(params=list(model.classifier.parameters()), lr=classifier_lr, weight_decay=0),
    ]
    return Lars(groups, momentum=momentum, eta=eta, clip=clip)


def train_step(model, optimizer, view_a, view_b, labels, temperature, lmbd):
    """One step; returns the logged metric vector (loss, ssl, ce, acc, mi, hZ1, hZ2, iZ1R, zero rows)."""
    za1, zb1 = model.encoder(view_a), model.encoder(view_b)
    za2, zb2 = model.projector(za1), model.projector(zb1)
    ssl = nt_xent(za2, zb2, temperature)
    z1 = torch.cat([za1, zb1])
    z2 = torch.cat([za2, zb2])
    logits = model.classifier(z1.detach())
    labels2 = torch.cat([labels, labels])
    ce = F.cross_entropy(logits, labels2)
    loss = ssl + ce
    traces = None
    if lmbd != 0:
        traces = gram_log_traces(z1, z2)
        loss = loss + lmbd * -(traces[0] + traces[1] - traces[2])
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    with torch.no_grad():
        t = traces.detach() if traces is not None else gram_log_traces(z1.detach(), z2.detach())
        mi = -(t[0] + t[1] - t[2])
        nce1 = nt_xent(za1.detach(), zb1.detach(), temperature)
        acc = (logits.argmax(1) == labels2).float().mean()
        zero = (z2.detach().abs().sum(1) == 0).float().mean()
        return torch.stack([loss.detach(), ssl.detach(), ce.detach(), acc, mi, -t[0], -t[1], -nce1, zero])
