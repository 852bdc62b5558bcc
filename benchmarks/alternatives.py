"""Which way to run NiN's forward on this machine: fp32, bf16 and int8, side by side in one run.

    python -m benchmarks.alternatives [--images 2000] [--batch 64] [--calibration 512] [--data-dir DIR]
        [--json PATH]

For each alternative, on the first --images test images: images per second in batches of --batch
(what the 10k evaluation needs), one drawing's forward on the torch threads one of the app's requests
gets (nin.device.share_cores: one here, with two requests at once on two cores), top-1 agreement with the
fp32 forward and accuracy. The alternative kept is the fastest in batches that agrees with fp32 on at least
99.5 % of the images and loses at most 0.3 points of accuracy (issue #13's bar); the app's own choice
(nin.device.pick_precision) is printed beside it, with the CPU.

- fp32: the app's forward on a CPU without native bf16 (channels_last, denormals flushed).
- fp32 NCHW: the same without channels_last.
- bf16: the app's forward on a CPU with native bf16 (AMX or AVX-512 BF16). Elsewhere it is emulated,
  several times slower than fp32, and left out.
- int8 oneDNN, int8 x86, every layer: PyTorch's FX post-training quantization of the whole network,
  int8 weights per channel and int8 activations calibrated on --calibration training images. The x86
  backend keeps 7-bit activations on CPUs without VNNI; the oneDNN backend full 8-bit ones.
- int8 blocks 1-3 (nin.int8): the app's int8 network alone: blocks 1-3 in int8 (block 1's stride-4
  convolution on the unshuffled image), the pooling after them, block 4 and the global average in fp32,
  so that the logits are not rounded to a grid of about 0.5.
- int8, fp32 where undecided: that, with the images whose two top logits are closer than
  nin.int8.MARGIN run again in fp32: what the app and the evaluation run on a CPU without native bf16.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import time
from pathlib import Path

import torch

from benchmarks.latency import time_ms
from nin.cpu import cpu_description, cpu_has_fast_bf16
from nin.device import pick_device, pick_precision, requests_at_once, share_cores
from nin.inference import Predictor
from nin.preprocess import to_model_input

GOAL_AGREEMENT = 0.995
GOAL_ACCURACY_LOSS = 0.003


def every_layer_int8(model: torch.nn.Module, calibration: torch.Tensor, backend: str) -> torch.nn.Module:
    """The whole network quantized by FX with ``backend``'s default settings (no layer kept in fp32)."""
    import warnings
    from collections import OrderedDict

    from torch.ao.quantization import get_default_qconfig_mapping
    from torch.ao.quantization.backend_config import get_native_backend_config, get_onednn_backend_config
    from torch.ao.quantization.quantize_fx import convert_fx, prepare_fx

    torch.backends.quantized.engine = backend
    config = get_onednn_backend_config() if backend == "onednn" else get_native_backend_config()
    # A plain Sequential of the same layers: NiN.forward's input-shape check cannot be traced.
    plain = torch.nn.Sequential(OrderedDict(copy.deepcopy(model).cpu().named_children())).eval()
    with warnings.catch_warnings():  # FX quantization warns that it moves to torchao
        warnings.simplefilter("ignore")
        prepared = prepare_fx(plain, get_default_qconfig_mapping(backend), (torch.zeros(1, 1, 224, 224),),
                              backend_config=config)
        with torch.inference_mode():
            for start in range(0, len(calibration), 64):
                prepared(to_model_input(calibration[start:start + 64]))
        return convert_fx(prepared, backend_config=config)


def alternatives(predictor: Predictor, calibration: torch.Tensor) -> dict:
    """name -> a function of garments [N, 28, 28] -> logits [N, 10], for every alternative this CPU
    can run at full speed."""
    from nin.lab.int8 import calibrate

    def plain(network, memory_format, dtype):
        return lambda garments: network(to_model_input(garments).to(dtype, memory_format=memory_format)).float()

    fp32 = predictor.model
    found = {"fp32": plain(fp32, torch.channels_last, torch.float32),
             "fp32 NCHW": plain(copy.deepcopy(fp32).to(memory_format=torch.contiguous_format), torch.contiguous_format,
                                torch.float32)}
    if cpu_has_fast_bf16():
        found["bf16"] = plain(copy.deepcopy(fp32).to(torch.bfloat16), torch.channels_last, torch.bfloat16)
    for backend in ("onednn", "x86"):
        found[f"int8 {backend}, every layer"] = plain(every_layer_int8(fp32, calibration, backend),
                                                      torch.contiguous_format, torch.float32)
    app_int8 = Predictor(fp32, predictor.info, device="cpu", precision="int8", calibration=calibrate(fp32, calibration))
    found["int8 blocks 1-3 (nin.int8)"] = app_int8.int8.logits
    found["int8, fp32 where undecided"] = app_int8.logits
    return found


def run(logits_of, images: torch.Tensor, batch: int) -> tuple[torch.Tensor, float]:
    """Logits of every image in batches, and the images per second."""
    out = []
    with torch.inference_mode():
        logits_of(images[:batch])  # warm-up
        started = time.perf_counter()
        for start in range(0, len(images), batch):
            out.append(logits_of(images[start:start + batch]))
        seconds = time.perf_counter() - started
    return torch.cat(out), len(images) / seconds


def request_ms(logits_of, image: torch.Tensor, repeats: int = 20) -> float:
    """Median time of one drawing's forward on the torch threads one of the app's requests gets."""
    threads = torch.get_num_threads()
    share_cores(requests_at_once())
    try:
        with torch.inference_mode():
            return time_ms(lambda: logits_of(image[None]), repeats, warmup=3)["p50_ms"]
    finally:
        torch.set_num_threads(threads)


def measure(images: int = 2000, batch: int = 64, calibration: int = 512, data_dir: str | None = None,
            weights: str | None = None) -> dict:
    from nin.lab.data import default_data_dir, load_split
    from nin.lab.int8 import calibration_images as training_sample

    data_dir = data_dir or default_data_dir(prefer_shared=True)
    test_images, test_labels = load_split(data_dir, train=False)
    test_images, test_labels = test_images[:images], test_labels[:images]
    calibration_images = training_sample(data_dir, calibration)  # never the test images scored below
    predictor = Predictor.load(weights, device="cpu", precision="fp32")  # flushes denormals for every row
    rows, reference = {}, None
    for name, logits_of in alternatives(predictor, calibration_images).items():
        logits, per_second = run(logits_of, test_images, batch)
        predictions = logits.argmax(1)
        reference = predictions if reference is None else reference  # "fp32" comes first
        accuracy = float((predictions == test_labels).float().mean())
        rows[name] = {"images_per_second": per_second,
                      "request_ms": request_ms(logits_of, test_images[0]),
                      "agreement": float((predictions == reference).float().mean()),
                      "accuracy": accuracy}
    fp32_accuracy = rows["fp32"]["accuracy"]
    for row in rows.values():
        row["meets"] = row["agreement"] >= GOAL_AGREEMENT and row["accuracy"] >= fp32_accuracy - GOAL_ACCURACY_LOSS
    kept = max((name for name, row in rows.items() if row["meets"]), key=lambda n: rows[n]["images_per_second"])
    return {"cpu": cpu_description(), "images": len(test_images), "batch": batch, "calibration": calibration,
            "threads_per_request": max(1, (os.cpu_count() or 1) // requests_at_once()), "rows": rows, "kept": kept,
            "app_runs": pick_precision(pick_device("cpu"))}


def report(result: dict) -> str:
    lines = [f"Forward alternatives on {result['cpu']}: the first {result['images']} test images in batches of "
             f"{result['batch']}; int8 calibrated on {result['calibration']} training images", "",
             f"| alternative | images/s (batches) | one drawing ({result['threads_per_request']} torch thread(s), as "
             "one of the app's requests) | agreement with fp32 | accuracy | "
             "agreement ≥ 99.5 %, accuracy within 0.3 pt |",
             "|---|---|---|---|---|---|"]
    for name, row in result["rows"].items():
        lines.append(f"| {name} | {row['images_per_second']:.1f} | {row['request_ms']:.1f} ms | "
                     f"{row['agreement']:.2%} | {row['accuracy']:.4f} | {'✅' if row['meets'] else '❌'} |")
    fastest = max(result["rows"], key=lambda n: result["rows"][n]["images_per_second"])
    lines += ["", f"kept: **{result['kept']}**, the fastest in batches that meets the bar"
              + ("" if fastest == result["kept"] else f" ({fastest} is faster but does not)")
              + f"; the app runs {result['app_runs']} on this CPU (nin.device.pick_precision)."]
    if not cpu_has_fast_bf16():
        lines.append("bf16 left out: this CPU has no native bf16 (emulated, it runs several times slower than fp32).")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--images", type=int, default=2000, help="test images scored and timed (default 2000)")
    parser.add_argument("--batch", type=int, default=64, help="batch size of the timed runs (default 64)")
    parser.add_argument("--calibration", type=int, default=512,
                        help="training images that calibrate int8 (default 512)")
    parser.add_argument("--data-dir", default=None, help="folder with FashionMNIST/raw (env NIN_DATA_DIR)")
    parser.add_argument("--weights", default=None, help="weights spec (default: NIN_WEIGHTS, the Hub, or weights/)")
    parser.add_argument("--json", default=None, metavar="PATH", help="also write the result here")
    args = parser.parse_args(argv)
    result = measure(args.images, args.batch, args.calibration, args.data_dir, args.weights)
    print(report(result))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
