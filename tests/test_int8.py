"""nin.lab.int8: the evaluation's int8 forward, with fp32 for the images int8 leaves undecided."""

import torch

from nin.inference import Predictor
from nin.lab.data import load_split
from nin.lab.int8 import (CALIBRATION_FILE, Int8Predictor, calibrate, calibration_images, int8_predictor,
                          load_calibration, save_calibration)


def test_calibration_kept_beside_the_weights_and_reused(tmp_path, data_dir):
    fp32 = Predictor.load("weights", device="cpu", precision="fp32")
    calibration = calibrate(fp32.model, calibration_images(data_dir, 32))
    assert calibration and all(isinstance(v, torch.Tensor) for v in calibration.values())
    save_calibration(calibration, tmp_path, fp32.info.sha256, 32)
    kept = load_calibration(tmp_path, fp32.info.sha256)
    assert kept.keys() == calibration.keys() and all(torch.equal(kept[k], calibration[k]) for k in kept)
    assert load_calibration(tmp_path, "0" * 64) is None, "made for other weights: not used"
    assert load_calibration(tmp_path / "elsewhere", fp32.info.sha256) is None
    # Quantized from the kept calibration, the network answers as when quantized from the fresh one.
    images, _ = load_split(data_dir, train=False)
    fresh, reused = Int8Predictor(fp32, calibration, margin=0.0), Int8Predictor(fp32, kept, margin=0.0)
    assert torch.equal(fresh.logits(images[:16]), reused.logits(images[:16]))


def test_undecided_images_run_in_fp32(data_dir):
    fp32 = Predictor.load("weights", device="cpu", precision="fp32")
    calibration = calibrate(fp32.model, calibration_images(data_dir, 64))
    images, labels = load_split(data_dir, train=False)
    images, labels = images[:200], labels[:200]
    reference = fp32.logits(images)

    int8_only = Int8Predictor(fp32, calibration, margin=0.0)
    alone = int8_only.logits(images)
    assert int8_only.rerun == 0
    assert not torch.equal(alone, reference), "int8 computes differently"
    assert (alone.argmax(1) == reference.argmax(1)).float().mean() >= 0.95
    assert ((alone - reference).abs().max(1).values < 0.2 * reference.abs().max(1).values).float().mean() > 0.9

    everything = Int8Predictor(fp32, calibration, margin=float("inf"))
    assert torch.equal(everything.logits(images), reference) and everything.rerun == len(images)

    cascade = Int8Predictor(fp32, calibration)
    logits = cascade.logits(images)
    top2 = alone.topk(2, dim=1).values
    undecided = top2[:, 0] - top2[:, 1] < cascade.margin
    assert 0 < cascade.rerun == int(undecided.sum()) < len(images) // 4
    assert torch.equal(logits[~undecided], alone[~undecided])
    # Run again in fp32 in a smaller batch: equal to the reference up to the order of the sums.
    assert torch.allclose(logits[undecided], reference[undecided], atol=1e-4)
    assert (logits.argmax(1) == reference.argmax(1)).float().mean() >= 0.99


def test_int8_predictor_uses_the_kept_calibration_only_for_its_weights(tmp_path, data_dir):
    fp32 = Predictor.load("weights", device="cpu", precision="fp32")
    calibration = calibrate(fp32.model, calibration_images(data_dir, 16))
    kept = Predictor.load("weights", device="cpu", precision="fp32")
    kept.info.path = str(tmp_path / "model.safetensors")  # as if the weights lay in tmp_path
    save_calibration(calibration, tmp_path, fp32.info.sha256, 16)
    assert (tmp_path / CALIBRATION_FILE).is_file()
    images, _ = load_split(data_dir, train=False)
    assert torch.equal(int8_predictor(kept, data_dir).logits(images[:8]),
                       Int8Predictor(fp32, calibration).logits(images[:8]))
