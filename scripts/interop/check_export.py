"""Checks a lab export in real PyTorch: the safetensors file loads into LabModel with
load_state_dict(strict=True), and (optionally) the Z1/Z2 that `npm run features` wrote equal
what PyTorch computes for the same CIFAR images.

    /usr/bin/python3 scripts/interop/check_export.py RUN.safetensors [FEATURES_DIR CIFAR_TAR]

FEATURES_DIR is the --out of `npm run features -- --weights RUN.safetensors --data-file
CIFAR_TAR --split test`; CIFAR_TAR a Toronto binary tarball (cifar-10-binary.tar.gz).
Prints the maximum relative difference per feature set (per image: max |lab - torch| / max |torch|).
"""
import json
import os
import sys
import tarfile

import torch

sys.path.insert(0, os.path.dirname(__file__))
import lab_models  # noqa: E402
import st_io  # noqa: E402


def cifar_test_planes(path, count):
    """The first `count` test images of a CIFAR-10/100 binary tarball, as uint8 [N, 3, 32, 32]."""
    with tarfile.open(path) as tar:
        for member in tar.getmembers():
            name = os.path.basename(member.name)
            if name in ("test_batch.bin", "test.bin"):
                label_bytes = 1 if name == "test_batch.bin" else 2
                raw = tar.extractfile(member).read()
                record = label_bytes + 3072
                rows = [raw[i * record + label_bytes : (i + 1) * record] for i in range(count)]
                return torch.frombuffer(bytearray(b"".join(rows)), dtype=torch.uint8).reshape(count, 3, 32, 32)
    raise SystemExit(f"{path} has no test_batch.bin / test.bin")


def read_tsv(path):
    with open(path) as f:
        return torch.tensor([[float(v) for v in line.split("\t")] for line in f if line.strip()])


def main():
    if len(sys.argv) not in (2, 4):
        raise SystemExit(__doc__)
    tensors, metadata = st_io.load(sys.argv[1])
    config = json.loads(metadata["bottleneck_lab.config"])
    model = lab_models.LabModel(config, int(metadata["bottleneck_lab.num_classes"]))
    model.load_state_dict(tensors, strict=True)
    model.eval()
    print(f"load_state_dict(strict=True): OK, {len(tensors)} tensors, {sum(t.numel() for t in tensors.values())} values")
    if len(sys.argv) == 4:
        lab = {name: read_tsv(os.path.join(sys.argv[2], name, "vectors.tsv")) for name in ("z1", "z2")}
        x = lab_models.normalise(cifar_test_planes(sys.argv[3], lab["z1"].shape[0]))
        with torch.no_grad():
            torch_z = dict(zip(("z1", "z2"), model(x)))
        for name in ("z1", "z2"):
            scale = torch_z[name].abs().amax(dim=1, keepdim=True)
            error = ((lab[name] - torch_z[name]).abs() / scale).max().item()
            print(f"{name}: {lab[name].shape[0]} images x {lab[name].shape[1]}: max relative difference {error:.2e}")


if __name__ == "__main__":
    main()
