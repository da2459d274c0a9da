"""Writes the PyTorch fixtures of src/interop's tests with real PyTorch (Debian's python3-torch
1.13 and python3-torchvision): Lightning-style .ckpt files, torch.save .pth files, a safetensors
file, a pickle that must be refused, and the Z1/Z2 PyTorch computes for a few fixed images.

    /usr/bin/python3 scripts/interop/make_fixtures.py   # writes src/test/fixtures/pytorch/

Networks are narrow (ResNet-18 width 1-2) so the files stay small; BatchNorm affine parameters
and running statistics are made non-trivial (random affine, a few training-mode forwards on
shifted data). Lightning is not installed: the .ckpt dicts are written by hand with the keys
Lightning's checkpoint connector writes. Deterministic (fixed seeds): rerunning rewrites the
same values.
"""
import base64
import io
import json
import os
import pickle
import sys
from collections import OrderedDict

import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(__file__))
import lab_models  # noqa: E402
import st_io  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "src", "test", "fixtures", "pytorch")
N_IMAGES = 6


def lab_config(method, encoder, hidden=16, out=8, sae=None, point_num=0):
    kind, arg = encoder
    return {
        "method": method,
        "encoder": {"kind": kind, "width": arg if kind == "resnet18" else 64, "convChannels": arg if kind == "convnet" else [32, 64, 128]},
        "projector": {"hiddenDim": hidden, "outputDim": out, "pointNum": point_num, "sae": sae or {"enabled": False, "latentDim": 1024, "topK": 64}},
    }


def make_model(config, seed, num_classes=10, cls_head=False):
    torch.manual_seed(seed)
    model = lab_models.LabModel(config, num_classes, cls_head=cls_head)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d)):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.3, 0.3)
        if getattr(model, "sparse", False):
            model.pre_bias.normal_(0, 0.5)
        model.train()  # running statistics from a few batches of shifted, scaled noise
        for step in range(3):
            model(torch.randn(16, 3, 32, 32) * (1 + 0.5 * step) + 0.3 * step)
    model.eval()
    return model


def images():
    g = torch.Generator().manual_seed(1234)
    # Smooth colour fields plus noise, so neighbouring pixels correlate as in photographs.
    base = torch.rand(N_IMAGES, 3, 4, 4, generator=g)
    smooth = nn.functional.interpolate(base, size=(32, 32), mode="bilinear", align_corners=False)
    noisy = smooth + 0.15 * torch.randn(N_IMAGES, 3, 32, 32, generator=g)
    return (noisy.clamp(0, 1) * 255).round().to(torch.uint8)


def lightning_checkpoint(model, hparams, global_step=120, epoch=3):
    """The dict Lightning's trainer.save_checkpoint writes (keys of its checkpoint connector)."""
    classifier = [model.classifier.weight, model.classifier.bias]
    return {
        "epoch": epoch,
        "global_step": global_step,
        "pytorch-lightning_version": "2.1.3",
        "state_dict": OrderedDict(model.state_dict()),
        "loops": {"fit_loop": {"state_dict": {}, "epoch_progress": {"total": {"ready": epoch + 1, "completed": epoch}}}},
        "callbacks": {
            "ModelCheckpoint{'monitor': None, 'mode': 'min', 'every_n_train_steps': 0, 'every_n_epochs': 1}": {
                "monitor": None,
                "best_model_score": None,
                "dirpath": "trained_models/" + hparams["method"],
                "best_k_models": {},
                "kth_value": torch.tensor(float("inf")),
                "last_model_path": "",
            }
        },
        # Momentum of the online classifier's group only: the fixture stays small.
        "optimizer_states": [
            {
                "state": {i: {"momentum_buffer": torch.randn_like(p)} for i, p in enumerate(classifier)},
                "param_groups": [{"lr": 0.1, "momentum": 0.9, "weight_decay": 0.0, "nesterov": False, "params": [0, 1]}],
            }
        ],
        "lr_schedulers": [{"base_lrs": [0.4, 0.1], "last_epoch": global_step, "_step_count": global_step + 1, "_last_lr": [0.39, 0.098]}],
        "hparams_name": "kwargs",
        "hyper_parameters": hparams,
    }


def solo_hparams(method, **extra):
    cfg = {
        "name": f"{method}-cifar10",
        "method": method,
        "backbone": {"name": "resnet18"},
        "data": {"dataset": "cifar10"},
        "optimizer": {"name": "lars", "batch_size": 256, "lr": 0.4, "classifier_lr": 0.1, "weight_decay": 1e-5},
        "max_epochs": 200,
    }
    cfg.update(extra)
    return cfg


def save_to_buffer(obj):
    """Lightning saves through a file object: the zip's record prefix is then 'archive/'."""
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    return buffer.getvalue()


class Evil:
    """A pickle that would run a shell command if unpickled by Python: must be refused by name."""

    def __reduce__(self):
        return (os.system, ("echo pwned",))


def pickle_values():
    shared = [7]
    return {
        "ints": [0, 1, -1, 255, 256, 65535, 65536, -(2**31), 2**31, 2**40, -(2**63), 2**64 + 5],
        "floats": [0.5, -1.25e300, 3.0],
        "text": "héllo ∑",
        "bytes": b"\x00\x01\xff",
        "tuple": (1, (2, 3), ()),
        "set": {1, 2},
        "frozen": frozenset({3}),
        "none": None,
        "bools": [True, False],
        "shared": [shared, shared],
        "ordered": OrderedDict([("k", 1), ("j", 2)]),
        "keys": {1: "int key", "s": "str key"},
    }


def tagged(value):
    """JSON with Python's types spelled out, for the reader's test."""
    if isinstance(value, bool) or value is None or isinstance(value, float) or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value if abs(value) <= 2**53 - 1 else {"bigint": str(value)}
    if isinstance(value, bytes):
        return {"bytes": list(value)}
    if isinstance(value, (set, frozenset)):
        return {"set": sorted(tagged(v) for v in value)}
    if isinstance(value, (list, tuple)):
        return [tagged(v) for v in value]
    if isinstance(value, dict):
        return {"dict": [[tagged(k), tagged(v)] for k, v in value.items()]}
    raise TypeError(type(value))


def check_resnet_names():
    """CifarResNet18(64) has exactly solo-learn's state_dict names and shapes."""
    ours = {k: tuple(v.shape) for k, v in lab_models.CifarResNet18(64).state_dict().items()}
    theirs = {k: tuple(v.shape) for k, v in lab_models.solo_learn_resnet18().state_dict().items()}
    assert ours == theirs, "CifarResNet18 differs from solo-learn's backbone"


def main():
    check_resnet_names()
    os.makedirs(OUT, exist_ok=True)
    planes = images()
    x = lab_models.normalise(planes)
    features = {}

    def record(name, model, config, z2=True, note=""):
        with torch.no_grad():
            z1, z = model(x)
        features[name] = {"config": config, "note": note, "z1": z1.tolist(), "z2": z.tolist() if z2 else None}

    # 1. SimCLR, Lightning .ckpt, with the official unused `cls` head.
    c = lab_config("simclr", ("resnet18", 2), hidden=32, out=8)
    m = make_model(c, seed=1, cls_head=True)
    hp = solo_hparams("simclr", method_kwargs={"proj_hidden_dim": 32, "proj_output_dim": 8, "temperature": 0.2}, lmbd=0.1, alpha=2, point_num=0, sparse_autoencoder=False)
    open(os.path.join(OUT, "simclr.ckpt"), "wb").write(save_to_buffer(lightning_checkpoint(m, hp)))
    record("simclr.ckpt", m, c)

    # 2. Barlow Twins, Lightning .ckpt (BatchNorm1d in the projector); also as safetensors.
    c = lab_config("barlow", ("resnet18", 2), hidden=24, out=12)
    m = make_model(c, seed=2, cls_head=True)
    hp = solo_hparams("barlow_twins", method_kwargs={"proj_hidden_dim": 24, "proj_output_dim": 12, "scale_loss": 0.1, "lamb": 0.0051}, sparse_autoencoder=False)
    open(os.path.join(OUT, "barlow.ckpt"), "wb").write(save_to_buffer(lightning_checkpoint(m, hp)))
    record("barlow.ckpt", m, c)
    st_io.save(m.state_dict(), os.path.join(OUT, "barlow.safetensors"), {"format": "pt"})
    record("barlow.safetensors", m, c)

    # 3. SimCLR + SAE (Projector_Theory's auto_encoder / auto_decoder / pre_bias), Lightning .ckpt.
    sae = {"enabled": True, "latentDim": 32, "topK": 6}
    c = lab_config("simclr", ("resnet18", 2), sae=sae)
    m = make_model(c, seed=3, cls_head=True)
    hp = solo_hparams("simclr", method_kwargs={"proj_hidden_dim": 2048, "proj_output_dim": 256, "temperature": 0.2}, sparse_autoencoder=True, topk=6, latents_dim=32)
    open(os.path.join(OUT, "simclr-sae.ckpt"), "wb").write(save_to_buffer(lightning_checkpoint(m, hp)))
    record("simclr-sae.ckpt", m, c)

    # 4. Barlow + SAE, a bare state_dict saved by path (record prefix = file stem) from a DDP
    #    wrapper ("module."), with a non-contiguous tensor and two tensors sharing one storage.
    sae = {"enabled": True, "latentDim": 48, "topK": 10}
    c = lab_config("barlow", ("resnet18", 1), hidden=24, sae=sae)
    m = make_model(c, seed=4)
    sd = OrderedDict(("module." + k, v) for k, v in m.state_dict().items())
    sd["module.classifier.weight"] = m.classifier.weight.detach().t().contiguous().t()  # stride (1, 10)
    both = torch.cat([m.auto_encoder.bias.detach(), m.auto_decoder.bias.detach()])  # one storage
    sd["module.auto_encoder.bias"], sd["module.auto_decoder.bias"] = both[:48], both[48:]
    assert not sd["module.classifier.weight"].is_contiguous()
    torch.save(sd, os.path.join(OUT, "barlow-sae.pth"))
    record("barlow-sae.pth", m, c, note="top-k 10 is not in the file")

    # 5. A bare backbone (torchvision names without "backbone."), width 1, in {"state_dict": ...}.
    c = lab_config("simclr", ("resnet18", 1))
    m = make_model(c, seed=5)
    torch.save({"state_dict": m.backbone.state_dict()}, os.path.join(OUT, "backbone.pth"))
    record("backbone.pth", m, c, z2=False, note="no projector in the file")

    # 6. The lab's ConvNet as nn.Sequential, SimCLR projector.
    c = lab_config("simclr", ("convnet", [4, 8, 8]), hidden=16, out=4)
    m = make_model(c, seed=6)
    torch.save(m.state_dict(), os.path.join(OUT, "convnet.pth"))
    record("convnet.pth", m, c)

    # 7. Refused: a pickle global that is not a state_dict's (os.system is posix.system).
    torch.save({"state_dict": OrderedDict(w=torch.ones(2)), "payload": Evil()}, os.path.join(OUT, "evil.pth"))

    # 8. The pickle reader against Python's own pickler, protocols 2 and 4, with the values tagged
    #    by type in JSON; and the legacy (pre-1.6) torch.save format, which must be refused.
    values = pickle_values()
    for protocol in (2, 4):
        with open(os.path.join(OUT, f"values-p{protocol}.pkl"), "wb") as f:
            pickle.dump(values, f, protocol=protocol)
    with open(os.path.join(OUT, "values.json"), "w") as f:
        json.dump(tagged(values), f, indent=1)
        f.write("\n")
    torch.save(OrderedDict(w=torch.ones(2)), os.path.join(OUT, "legacy.pth"), _use_new_zipfile_serialization=False)

    doc = {
        "generator": "scripts/interop/make_fixtures.py",
        "torch": torch.__version__,
        "normalisation": {"mean": lab_models.CIFAR10_MEAN, "std": lab_models.CIFAR10_STD},
        "images": {"count": N_IMAGES, "layout": "uint8 [N, 3, 32, 32] planes, base64", "data": base64.b64encode(planes.numpy().tobytes()).decode()},
        "features": features,
    }
    with open(os.path.join(OUT, "features.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    for name in sorted(os.listdir(OUT)):
        print(f"{os.path.getsize(os.path.join(OUT, name)):>8}  {name}")


if __name__ == "__main__":
    main()
