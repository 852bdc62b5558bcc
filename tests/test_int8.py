"""nin.int8 (blocks 1-3 in int8, fp32 wherever int8 could change the answer) and its calibration
(nin.lab.int8): the app's and the evaluation's forward on a CPU without native bf16."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from nin import int8
from nin.images import to_garment
from nin.inference import Predictor, find_calibration
from nin.lab.data import load_split
from nin.lab.int8 import calibrate, calibration_images, int8_predictor, save_calibration
from nin.preprocess import to_model_input
from nin.probe import CAM_LAYER, probed_layers


@pytest.fixture(scope="module")
def fp32():
    return Predictor.load("weights", device="cpu", precision="fp32")


@pytest.fixture(scope="module")
def calibration(fp32, data_dir):
    return calibrate(fp32.model, calibration_images(data_dir, 64))


def test_block1_as_a_stride_one_convolution_computes_the_same_sums(fp32):
    conv = fp32.model.block1.conv
    x = torch.randn(3, 1, 224, 224)
    stride_one = int8.as_stride_one(conv)
    assert stride_one.in_channels == 16 and stride_one.stride == (1, 1)
    with torch.no_grad():
        assert torch.allclose(stride_one(F.pixel_unshuffle(x, 4)), conv(x), atol=1e-4)


def test_the_unshuffled_input_is_the_models_input_unshuffled(data_dir):
    """Two matrix products give what upsampling, normalising and unshuffling give, for uint8 and float."""
    images, _ = load_split(data_dir, train=False)
    garments = images[:5]
    expected = F.pixel_unshuffle(to_model_input(garments), 4)
    for given in (garments, garments.float() / 255, (garments.float() / 255)[:, None]):
        got = int8.UnshuffledInput()(given)
        assert got.shape == (5, 16, 56, 56)
        assert torch.allclose(got, expected, atol=1e-5)
    detail = torch.rand(2, 112, 112)  # a phone photo's detail, for the phone-photo weights
    assert torch.allclose(int8.UnshuffledInput(112)(detail), F.pixel_unshuffle(to_model_input(detail[:, None]), 4),
                          atol=1e-5)


def test_int8_reads_a_phone_photos_detail_as_fp32_does(fp32):
    """The phone-photo weights read 112x112 details: an int8 front for that size, calibrated on details."""
    details = torch.rand(16, 112, 112) * (torch.rand(16, 1, 1) > 0.2)
    network = int8.Int8Network(fp32.model, calibrate(fp32.model, details), garment_size=112)
    with torch.no_grad():
        got, want = network.logits(details), fp32.logits(details)
    assert got.shape == (16, 10)
    assert (got.softmax(1) - want.softmax(1)).abs().max() < 0.1


def test_calibration_kept_beside_the_weights_and_found_only_for_them(tmp_path, fp32, calibration, data_dir):
    save_calibration(calibration, tmp_path, fp32.info.sha256, 64)
    kept = int8.load_calibration(tmp_path, fp32.info.sha256)
    assert kept.keys() == calibration.keys() and all(torch.equal(kept[k], calibration[k]) for k in kept)
    assert int8.load_calibration(tmp_path, "0" * 64) is None, "made for other weights: not used"
    assert int8.load_calibration(tmp_path / "elsewhere", fp32.info.sha256) is None
    # The Predictor finds it beside its weights; quantized from it, it answers as from the fresh one.
    moved = Predictor.load("weights", device="cpu", precision="fp32")
    moved.info.path = str(tmp_path / "model.safetensors")  # as if the weights lay in tmp_path
    found = find_calibration(moved.info)
    assert found is not None and torch.equal(found[next(iter(calibration))], calibration[next(iter(calibration))])
    images, _ = load_split(data_dir, train=False)
    fresh = Predictor(fp32.model, fp32.info, device="cpu", precision="int8", calibration=calibration)
    reused = Predictor(fp32.model, moved.info, device="cpu", precision="int8")
    assert torch.equal(fresh.logits(images[:16]), reused.logits(images[:16]))


@pytest.mark.slow
def test_without_a_calibration_int8_runs_in_fp32_and_says_why(fp32, data_dir):
    other = Predictor.load("weights", device="cpu", precision="fp32")
    other.info.sha256 = "f" * 64  # weights no calibration was made for
    predictor = Predictor(other.model, other.info, device="cpu", precision="int8")
    assert predictor.precision == "fp32" and predictor.int8 is None
    assert "calibration" in predictor.precision_note
    # The evaluation then calibrates on training images itself.
    made = int8_predictor(predictor, data_dir)
    assert made.precision == "int8" and made.int8 is not None


@pytest.mark.slow
def test_undecided_answers_run_again_in_fp32(fp32, calibration, data_dir):
    images, _ = load_split(data_dir, train=False)
    images = images[:640]
    reference = fp32.logits(images)
    predictor = Predictor(fp32.model, fp32.info, device="cpu", precision="int8", calibration=calibration)
    with torch.inference_mode():
        alone = torch.cat([predictor.int8.logits(images[i:i + 64]) for i in range(0, 640, 64)])
    assert not torch.equal(alone, reference), "int8 computes differently"
    assert (alone.argmax(1) == reference.argmax(1)).float().mean() >= 0.95

    logits = predictor.logits(images)
    undecided = int8.undecided(alone)
    assert 0 < predictor.rerun_in_fp32 == int(undecided.sum()) < len(images) // 4
    assert torch.equal(logits[~undecided], alone[~undecided])
    # Run again in fp32 in a smaller batch: equal to the reference up to the order of the sums.
    assert torch.allclose(logits[undecided], reference[undecided], atol=1e-4)
    assert (logits.argmax(1) == reference.argmax(1)).float().mean() >= 0.99


def test_the_int8_probe_shows_every_layer_as_fp32_does(fp32, calibration, data_dir):
    predictor = Predictor(fp32.model, fp32.info, device="cpu", precision="int8", calibration=calibration)
    garment = to_garment("examples/0_t-shirt-top.png").pixels
    exact, quantized = fp32.analyze(garment), predictor.analyze(garment)
    keys = {layer.key for layer in probed_layers(fp32.model)}
    assert exact.activations.keys() == quantized.activations.keys() == keys
    assert set(int8.PROBED) < keys and CAM_LAYER == int8.PROBED[-1]
    for key in keys:
        a, b = exact.activations[key], quantized.activations[key]
        assert a.shape == b.shape, key
        assert np.abs(a - b).mean() < 0.1 * np.abs(a).mean() + 1e-6, key  # 8-bit steps, not another network
    assert quantized.index == exact.index
    assert np.corrcoef(exact.cam.ravel(), quantized.cam.ravel())[0, 1] > 0.95

    # A garment int8 leaves undecided gets fp32's whole analysis.
    images, _ = load_split(data_dir, train=False)
    with torch.inference_mode():
        logits = predictor.int8.logits(images[:300])
    close = int(int8.undecided(logits).nonzero()[0])
    before = predictor.rerun_in_fp32
    again, reference = predictor.analyze(images[close].float() / 255), fp32.analyze(images[close].float() / 255)
    assert predictor.rerun_in_fp32 == before + 1
    assert np.allclose(again.logits, reference.logits, atol=1e-5)
    assert np.allclose(again.activations["block1.relu"], reference.activations["block1.relu"], atol=1e-5)
