"""The lab's networks in PyTorch, under the names the lab exports (README "PyTorch interop").

A lab export (`npm run export -- RUN.zip --format safetensors`) loads into `LabModel(config,
num_classes)` with `load_state_dict(strict=True)`; `LabModel.forward` computes the lab's Z1 and
Z2 in eval mode. The ResNet-18 is solo-learn's CIFAR variant (torchvision's resnet18 with a
3x3/stride-1/padding-2 conv1, no max-pool, fc = Identity) at any width; the ConvNet, which
solo-learn lacks, is an nn.Sequential (indices in `convnet`). Used by make_fixtures.py and
check_export.py; needs torch and torchvision only (Debian's python3-torch 1.13 is enough).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.models import resnet


class CifarResNet18(resnet.ResNet):
    """torchvision's ResNet-18 code and names at any width; width 64 is solo-learn's backbone."""

    def __init__(self, width=64):
        nn.Module.__init__(self)  # torchvision's __init__ hard-codes width 64
        self._norm_layer = nn.BatchNorm2d
        self.inplanes, self.dilation, self.groups, self.base_width = width, 1, 1, 64
        self.conv1 = nn.Conv2d(3, width, kernel_size=3, stride=1, padding=2, bias=False)
        self.bn1 = nn.BatchNorm2d(width)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.Identity()
        self.layer1 = self._make_layer(resnet.BasicBlock, width, 2)
        self.layer2 = self._make_layer(resnet.BasicBlock, 2 * width, 2, stride=2)
        self.layer3 = self._make_layer(resnet.BasicBlock, 4 * width, 2, stride=2)
        self.layer4 = self._make_layer(resnet.BasicBlock, 8 * width, 2, stride=2)
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Identity()
        for m in self.modules():  # torchvision's init (solo-learn swaps conv1 in after it)
            if isinstance(m, nn.Conv2d) and m is not self.conv1:
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")


def solo_learn_resnet18():
    """solo-learn's CIFAR backbone exactly as it builds it (for checking CifarResNet18)."""
    net = resnet.resnet18()
    net.conv1 = nn.Conv2d(3, 64, kernel_size=3, stride=1, padding=2, bias=False)
    net.maxpool = nn.Identity()
    net.fc = nn.Identity()
    return net


def convnet(channels):
    """The lab's ConvNet: per entry conv3x3(pad 1, no bias)-BN-ReLU, a 2x2 max-pool between
    blocks, global average pool. Block i's conv is index 4i, its BatchNorm 4i+1."""
    layers, in_c = [], 3
    for i, c in enumerate(channels):
        if i > 0:
            layers.append(nn.MaxPool2d(2))
        layers += [nn.Conv2d(in_c, c, 3, padding=1, bias=False), nn.BatchNorm2d(c), nn.ReLU(inplace=True)]
        in_c = c
    return nn.Sequential(*layers, nn.AdaptiveAvgPool2d(1), nn.Flatten())


def keep_topk(h, k):
    """Zero all but the k largest entries of each row."""
    values, indices = torch.topk(h, k, dim=1)
    return torch.zeros_like(h).scatter(1, indices, values)


def discretize(z, levels):
    """method.md's discrete projector (the official quantize: tan shift, round, / floor(L/2))."""
    half = (levels - 1) * (1 - 1e-3) / 2
    offset = 0.5 if levels % 2 == 0 else 0.0
    shift = math.tan(offset / half)
    return torch.round(torch.tanh(z + shift) * half - offset) / (levels // 2)


class LabModel(nn.Module):
    """backbone, projector (nn.Sequential), the SAE as Projector_Theory names it, classifier."""

    def __init__(self, config, num_classes, cls_head=False):
        super().__init__()
        enc, proj = config["encoder"], config["projector"]
        if enc["kind"] == "resnet18":
            self.backbone, dim = CifarResNet18(enc["width"]), 8 * enc["width"]
        else:
            self.backbone, dim = convnet(enc["convChannels"]), enc["convChannels"][-1]
        hidden, out, sae = proj["hiddenDim"], proj["outputDim"], proj["sae"]
        self.method, self.point_num, self.topk = config["method"], proj["pointNum"], sae["topK"]
        self.sparse = sae["enabled"]
        if config["method"] == "simclr":
            layers = [] if self.sparse else [nn.Linear(dim, hidden), nn.ReLU(), nn.Linear(hidden, out)]
            sae_dim = dim
        else:
            layers = [nn.Linear(dim, hidden), nn.BatchNorm1d(hidden), nn.ReLU()]
            if not self.sparse:
                layers += [nn.Linear(hidden, hidden), nn.BatchNorm1d(hidden), nn.ReLU(), nn.Linear(hidden, out)]
            sae_dim = hidden
        self.projector = nn.Sequential(*layers)
        if self.sparse:
            self.pre_bias = nn.Parameter(torch.zeros(sae_dim))
            self.auto_encoder = nn.Linear(sae_dim, sae["latentDim"])
            self.auto_decoder = nn.Linear(sae["latentDim"], sae_dim)
        self.classifier = nn.Linear(dim, num_classes)
        if cls_head:  # the official code's unused 100-class head
            self.cls = nn.Linear(dim, 100)

    def forward(self, x):
        z1 = self.backbone(x)
        z = self.projector(z1)
        if self.sparse:
            h = F.relu(self.auto_encoder(z - self.pre_bias))
            z = self.auto_decoder(keep_topk(h, self.topk)) + self.pre_bias
        if self.point_num > 0:
            z = discretize(z, self.point_num)
        return z1, z


CIFAR10_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR10_STD = (0.2470, 0.2435, 0.2616)


def normalise(planes_uint8):
    """[N, 3, 32, 32] uint8 -> the network's input (interop.md: /255, CIFAR-10 mean and std)."""
    x = planes_uint8.float() / 255
    mean = torch.tensor(CIFAR10_MEAN).view(1, 3, 1, 1)
    std = torch.tensor(CIFAR10_STD).view(1, 3, 1, 1)
    return (x - mean) / std
