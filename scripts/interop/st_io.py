"""safetensors read/write without the `safetensors` package (not in Debian 12): the format is an
8-byte little-endian header length, a JSON header {name: {dtype, shape, data_offsets}} with an
optional "__metadata__" of strings, then the raw little-endian tensor bytes. Uses
safetensors.torch when it is installed, so a check can run against the reference reader too.
"""
import json
import struct

import torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16, "F64": torch.float64, "I64": torch.int64, "I32": torch.int32, "U8": torch.uint8, "BOOL": torch.bool}
NAMES = {v: k for k, v in DTYPES.items()}


def save(tensors, path, metadata=None):
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    for name in sorted(tensors):
        t = tensors[name].detach().contiguous().cpu()
        data = t.view(-1).view(torch.uint8).numpy().tobytes() if t.numel() else b""
        header[name] = {"dtype": NAMES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the reference writer pads the header to 8 bytes
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(chunks))


def load(path):
    """(tensors, metadata); through safetensors.torch when available."""
    with open(path, "rb") as f:
        raw = f.read()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    metadata = header.pop("__metadata__", {})
    try:
        from safetensors.torch import load as reference_load

        return reference_load(raw), metadata
    except ImportError:
        pass
    body, out = raw[8 + n :], {}
    for name, spec in header.items():
        begin, end = spec["data_offsets"]
        buf = bytearray(body[begin:end])
        out[name] = torch.frombuffer(buf, dtype=DTYPES[spec["dtype"]]).reshape(spec["shape"]) if buf else torch.zeros(spec["shape"], dtype=DTYPES[spec["dtype"]])
    return out, metadata
